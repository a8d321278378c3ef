package main

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"time"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/arc/sample"
	"github.com/arcflow/arcflow/arc/search"
	"github.com/arcflow/arcflow/arc/search/enum"
	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/internal/cputime"
)

// The real-size workload (issue 13), as in the RealSize benchmarks of
// arc/search and arc/search/enum: benchSmallIDs are the population line's
// small tasks; benchRealSizeIDs eight ARC training tasks spread over the
// top quarter of the 400 by the cells of their demonstrations (1,088 to
// 3,174 cells; the mean is 791), read from --tasks when it holds them;
// benchRealSizeSampleIDs the embedded sample tasks with the largest grids
// (30×30 to 16×16), used otherwise.
var (
	benchSmallIDs          = []string{"007bbfb7", "05f2a901", "1e32b0e9", "28e73c20"}
	benchRealSizeIDs       = []string{"4290ef0e", "4093f84a", "c1d99e64", "8efcae92", "c3f564a4", "6ecd11f4", "6d58a25d", "5c2c9af4"}
	benchRealSizeSampleIDs = []string{"1f85a75f", "0b148d64", "23b5c85d", "32597951", "9ecd008a"}
)

// realSizeTasks returns the small and the real-size tasks, and the name of
// where the real-size ones came from.
func realSizeTasks(dir string) (small, large []*task.Task, from string) {
	for _, id := range benchSmallIDs {
		if tk, err := sample.Task(id); err == nil {
			small = append(small, tk)
		}
	}
	if dir != "" {
		for _, id := range benchRealSizeIDs {
			tk, err := task.ReadFile(filepath.Join(dir, id+".json"))
			if err != nil {
				large = nil
				break
			}
			large = append(large, tk)
		}
		if large != nil {
			return small, large, "training"
		}
	}
	for _, id := range benchRealSizeSampleIDs {
		if tk, err := sample.Task(id); err == nil {
			large = append(large, tk)
		}
	}
	return small, large, "sample"
}

// benchSeeds returns 64 of the solver file's programs, drawn as the
// Population benchmark draws them, or the built-in seeds without one.
func benchSeeds(solvers string) ([]*program.Program, string, error) {
	if solvers == "" {
		return search.DefaultSeeds().Programs, "built-in seeds", nil
	}
	f, err := program.ParseFile(solvers)
	if err != nil {
		return nil, "", err
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var seeds []*program.Program
	for _, k := range rng.Perm(len(f.Programs))[:min(64, len(f.Programs))] {
		seeds = append(seeds, f.Programs[k])
	}
	return seeds, "64 of " + filepath.Base(solvers), nil
}

// benchTaskPopulation builds a task's population as BenchmarkPopulation
// does: the seeds, their mutants (and the mutants' own) to 1,000
// candidates, and 500 enumerated states of its train inputs.
func benchTaskPopulation(ctx context.Context, seeds []*program.Program, tk *task.Task) *search.Population {
	pop := search.NewPopulation()
	var parents []int
	for _, s := range seeds {
		if id, added, err := pop.Add(s, "seed", -1); err == nil && added {
			parents = append(parents, id)
		}
	}
	search.NewMutator(1, search.DefaultRates()).Grow(pop, parents, 1000-len(pop.Candidates), "mutant")
	for round := uint64(2); len(pop.Candidates) < 1000 && round < 10; round++ {
		all := make([]int, len(pop.Candidates))
		for i := range all {
			all[i] = i
		}
		search.NewMutator(round, search.Rates{Swap: 0.2, Rewire: 0.2, Constant: 0.2}).Grow(pop, all, 1000-len(pop.Candidates), "mutant")
	}
	var train []dsl.Value
	for _, p := range tk.Train {
		train = append(train, p.Input)
	}
	opt := enum.DefaultOptions()
	opt.MaxStates = 500
	progs, _ := enum.Run(ctx, train, opt)
	for _, p := range progs {
		pop.Add(p, "enum", -1)
	}
	return pop
}

// realSizeRates is one workload's measures: node evaluations and
// enumerated states per CPU-second, and the populations' sharing ratio.
type realSizeRates struct {
	evals, states, sharing float64
}

// benchRealSize scores each set's populations on all their examples and
// enumerates (default options, no time bound) from their train inputs,
// alternating the two sets rounds times so that a burst of load on the
// machine falls on both, and returns the rates of each set per CPU-second
// of the process.
func benchRealSize(ctx context.Context, seeds []*program.Program, sets [2][]*task.Task, rounds int) [2]realSizeRates {
	var pops [2][]*search.Population
	for k, set := range sets {
		for _, tk := range set {
			pops[k] = append(pops[k], benchTaskPopulation(ctx, seeds, tk))
		}
	}
	opt := enum.DefaultOptions()
	opt.MaxTime = time.Hour
	var evals, states [2]int
	var evalCPU, enumCPU [2]time.Duration
	for range rounds {
		for k, set := range sets {
			start := benchCPU()
			for i, tk := range set {
				for _, ex := range tk.Examples() {
					evals[k] += pops[k][i].EvaluateEach(ctx, ex.Input, nil, 0, func(int, dsl.Value, error) {})
				}
			}
			evalCPU[k] += benchCPU() - start
			start = benchCPU()
			for _, tk := range set {
				var train []dsl.Value
				for _, p := range tk.Train {
					train = append(train, p.Input)
				}
				_, st := enum.Run(ctx, train, opt)
				states[k] += st.States
			}
			enumCPU[k] += benchCPU() - start
		}
	}
	var out [2]realSizeRates
	for k := range out {
		var unshared, calls int
		for _, p := range pops[k] {
			unshared += p.Unshared()
			calls += p.Calls()
		}
		out[k] = realSizeRates{
			evals:   float64(evals[k]) / evalCPU[k].Seconds(),
			states:  float64(states[k]) / enumCPU[k].Seconds(),
			sharing: float64(unshared) / float64(max(calls, 1)),
		}
	}
	return out
}

// benchCPU is the process's CPU time so far, or its wall-clock time where
// the system cannot tell (the rates are then per wall-second).
func benchCPU() time.Duration {
	if d := cputime.Process(); d > 0 {
		return d
	}
	return time.Duration(time.Now().UnixNano())
}
