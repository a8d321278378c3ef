package search_test

import (
	"context"
	"os"
	"testing"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/arc/sample"
	"github.com/arcflow/arcflow/arc/search"
	"github.com/arcflow/arcflow/arc/search/workload"
)

// benchPopulation builds the population of the speed goal
// (workload.Population): 64 seed programs (arc-dsl's solvers when
// ARCFLOW_SOLVERS names its solvers.py, else the built-in seeds) with
// their mutants, at least 1,000 candidates, plus the task's enumeration.
func benchPopulation(b *testing.B, inputs []dsl.Value) *search.Population {
	b.Helper()
	seeds := search.DefaultSeeds().Programs
	if path := os.Getenv("ARCFLOW_SOLVERS"); path != "" {
		f, err := program.ParseFile(path)
		if err != nil {
			b.Fatal(err)
		}
		seeds = workload.Seeds(f.Programs, 64)
	}
	return workload.Population(context.Background(), seeds, inputs)
}

// BenchmarkPopulation evaluates a task's population on each of its
// inputs as the score stage does (EvaluateEach), and reports node evaluations per
// second (run with GOMAXPROCS=1 for the per-core figure) and the sharing
// ratio: calls the candidates would make alone per call made.
func BenchmarkPopulation(b *testing.B) {
	for _, id := range workload.SmallIDs {
		b.Run(id, func(b *testing.B) {
			tk, err := sample.Task(id)
			if err != nil {
				b.Fatal(err)
			}
			pop := benchPopulation(b, workload.TrainInputs(tk))
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
