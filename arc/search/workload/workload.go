// Package workload is the work the speed benchmarks measure, written once
// for `go test -bench` (BenchmarkPopulation, BenchmarkRealSizeScoring,
// BenchmarkRealSizeEnum) and for `arcflow bench`, so that the two report
// figures of the same work: the small and the real-size tasks, the seeds,
// and a task's population.
package workload

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/arc/sample"
	"github.com/arcflow/arcflow/arc/search"
	"github.com/arcflow/arcflow/arc/search/enum"
	"github.com/arcflow/arcflow/arc/task"
)

// SmallIDs are the embedded tasks of the small benchmark, the one the
// real-size figures are given as a ratio to.
var SmallIDs = []string{"007bbfb7", "05f2a901", "1e32b0e9", "28e73c20"}

// RealSizeIDs are eight ARC training tasks spread over the top quarter of
// the 400 by the cells of their demonstrations (1,088 to 3,174 cells,
// grids of up to 27×25; the training set's mean is 791). RealSizeSampleIDs
// stand in when the training tasks are not at hand: the embedded sample
// tasks with the largest grids (30×30, 21×21, 20×20, 17×17, 16×16)
// outside SmallIDs.
var (
	RealSizeIDs       = []string{"4290ef0e", "4093f84a", "c1d99e64", "8efcae92", "c3f564a4", "6ecd11f4", "6d58a25d", "5c2c9af4"}
	RealSizeSampleIDs = []string{"1f85a75f", "0b148d64", "23b5c85d", "32597951", "9ecd008a"}
)

// Small returns the small benchmark's tasks.
func Small() ([]*task.Task, error) { return sampleTasks(SmallIDs) }

// RealSize returns the real-size tasks, read from dir (ARC's training
// directory) when dir is not empty, else the embedded stand-ins, and the
// name of where they came from.
func RealSize(dir string) ([]*task.Task, string, error) {
	if dir == "" {
		ts, err := sampleTasks(RealSizeSampleIDs)
		return ts, "sample", err
	}
	var ts []*task.Task
	for _, id := range RealSizeIDs {
		tk, err := task.ReadFile(filepath.Join(dir, id+".json"))
		if err != nil {
			return nil, "", err
		}
		ts = append(ts, tk)
	}
	return ts, "training", nil
}

func sampleTasks(ids []string) ([]*task.Task, error) {
	var ts []*task.Task
	for _, id := range ids {
		tk, err := sample.Task(id)
		if err != nil {
			return nil, fmt.Errorf("workload: %w", err)
		}
		ts = append(ts, tk)
	}
	return ts, nil
}

// Seeds returns n of the programs (all of them if fewer), always the same
// n: a fixed permutation picks them.
func Seeds(progs []*program.Program, n int) []*program.Program {
	rng := rand.New(rand.NewPCG(1, 2))
	var seeds []*program.Program
	for _, k := range rng.Perm(len(progs))[:min(n, len(progs))] {
		seeds = append(seeds, progs[k])
	}
	return seeds
}

// TrainInputs returns a task's train inputs, what a population is
// enumerated from.
func TrainInputs(tk *task.Task) []dsl.Value {
	var in []dsl.Value
	for _, p := range tk.Train {
		in = append(in, p.Input)
	}
	return in
}

// Population builds a task's population as the benchmarks score it: the
// seeds, their mutants (and, since short seeds have few one-step mutants,
// the mutants' own) to at least 1,000 candidates, and 500 states
// enumerated from the inputs.
func Population(ctx context.Context, seeds []*program.Program, inputs []dsl.Value) *search.Population {
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
	opt := enum.DefaultOptions()
	opt.MaxStates = 500
	progs, _ := enum.Run(ctx, inputs, opt)
	for _, p := range progs {
		pop.Add(p, "enum", -1)
	}
	return pop
}
