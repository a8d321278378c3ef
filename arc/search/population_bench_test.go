package search_test

import (
	"context"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/arc/sample"
	"github.com/arcflow/arcflow/arc/search"
	"github.com/arcflow/arcflow/arc/search/enum"
)

// benchPopulation builds the population of the speed goal: 64 seed
// programs (arc-dsl's solvers when ARCFLOW_SOLVERS names its solvers.py,
// else the built-in seeds) with their mutants, at least 1,000 candidates,
// plus the task's enumeration.
func benchPopulation(b *testing.B, inputs []dsl.Value) *search.Population {
	b.Helper()
	seeds := search.DefaultSeeds().Programs
	if path := os.Getenv("ARCFLOW_SOLVERS"); path != "" {
		f, err := program.ParseFile(path)
		if err != nil {
			b.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(1, 2))
		seeds = nil
		for _, k := range rng.Perm(len(f.Programs))[:64] {
			seeds = append(seeds, f.Programs[k])
		}
	}
	pop := search.NewPopulation()
	var parents []int
	for _, s := range seeds {
		if id, added, err := pop.Add(s, "seed", -1); err == nil && added {
			parents = append(parents, id)
		}
	}
	search.NewMutator(1, search.DefaultRates()).Grow(pop, parents, 1000-len(pop.Candidates), "mutant")
	// Short seeds have few one-step mutants: mutate the mutants too.
	for round := uint64(2); len(pop.Candidates) < 1000 && round < 10; round++ {
		all := make([]int, len(pop.Candidates))
		for i := range all {
			all[i] = i
		}
		search.NewMutator(round, search.Rates{Swap: 0.2, Rewire: 0.2, Constant: 0.2}).Grow(pop, all, 1000-len(pop.Candidates), "mutant")
	}
	opt := enum.DefaultOptions()
	opt.MaxStates = 500
	progs, _ := enum.Run(context.Background(), inputs, opt)
	for _, p := range progs {
		pop.Add(p, "enum", -1)
	}
	return pop
}

// BenchmarkPopulation evaluates a task's population on each of its
// inputs as the score stage does (EvaluateEach), and reports node evaluations per
// second (run with GOMAXPROCS=1 for the per-core figure) and the sharing
// ratio: calls the candidates would make alone per call made.
func BenchmarkPopulation(b *testing.B) {
	for _, id := range []string{"007bbfb7", "05f2a901", "1e32b0e9", "28e73c20"} {
		b.Run(id, func(b *testing.B) {
			tk, err := sample.Task(id)
			if err != nil {
				b.Fatal(err)
			}
			var inputs []dsl.Value
			for _, p := range tk.Train {
				inputs = append(inputs, p.Input)
			}
			pop := benchPopulation(b, inputs)
			if len(pop.Candidates) < 1000 {
				b.Fatalf("%d candidates", len(pop.Candidates))
			}
			evals := 0
			b.ResetTimer()
			for b.Loop() {
				for _, ex := range tk.Examples() {
					evals += pop.EvaluateEach(context.Background(), ex.Input, nil, 0, func(int, dsl.Value, error) {})
				}
			}
			b.ReportMetric(float64(evals)/b.Elapsed().Seconds(), "evals/s")
			b.ReportMetric(pop.SharingRatio(), "sharing")
			b.ReportMetric(float64(len(pop.Candidates)), "candidates")
		})
	}
}
