package main

import (
	"context"
	"path/filepath"
	"time"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/arc/search"
	"github.com/arcflow/arcflow/arc/search/enum"
	"github.com/arcflow/arcflow/arc/search/workload"
	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/internal/cputime"
)

// realSizeTasks returns the small and the real-size tasks (package
// workload), these read from dir when it holds them, else the embedded
// stand-ins, and the name of where they came from.
func realSizeTasks(dir string) (small, large []*task.Task, from string) {
	small, _ = workload.Small()
	if dir != "" {
		if large, from, err := workload.RealSize(dir); err == nil {
			return small, large, from
		}
	}
	large, from, _ = workload.RealSize("")
	return small, large, from
}

// benchSeeds returns 64 of the solver file's programs (workload.Seeds),
// or the built-in seeds without one.
func benchSeeds(solvers string) ([]*program.Program, string, error) {
	if solvers == "" {
		return search.DefaultSeeds().Programs, "built-in seeds", nil
	}
	f, err := program.ParseFile(solvers)
	if err != nil {
		return nil, "", err
	}
	return workload.Seeds(f.Programs, 64), "64 of " + filepath.Base(solvers), nil
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
			pops[k] = append(pops[k], workload.Population(ctx, seeds, workload.TrainInputs(tk)))
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
				_, st := enum.Run(ctx, workload.TrainInputs(tk), opt)
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
