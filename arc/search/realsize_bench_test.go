package search_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/search"
	"github.com/arcflow/arcflow/arc/search/workload"
	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/internal/cputime"
)

// realSizeTasks returns the real-size tasks (workload.RealSize): the
// training tasks when ARCFLOW_TASKS names their directory, else the
// embedded stand-ins.
func realSizeTasks(b *testing.B) []*task.Task {
	b.Helper()
	tasks, _, err := workload.RealSize(os.Getenv("ARCFLOW_TASKS"))
	if err != nil {
		b.Fatal(err)
	}
	return tasks
}

// scoringWork is one task's population and the inputs it is scored on.
type scoringWork struct {
	pop    *search.Population
	inputs []dsl.Value
}

func scoringWorkOf(b *testing.B, tasks []*task.Task) []scoringWork {
	var work []scoringWork
	for _, tk := range tasks {
		w := scoringWork{pop: benchPopulation(b, workload.TrainInputs(tk))}
		for _, ex := range tk.Examples() {
			w.inputs = append(w.inputs, ex.Input)
		}
		work = append(work, w)
	}
	return work
}

// BenchmarkRealSizeScoring scores populations as the score stage does
// (EvaluateEach) on real-size tasks and, in the same loop, on the small
// benchmark's tasks, and reports node evaluations per CPU-second of each,
// their ratio, and each one's sharing ratio (calls the candidates would
// make alone per call made). The populations are BenchmarkPopulation's:
// 64 seeds (arc-dsl's solvers when ARCFLOW_SOLVERS names its solvers.py,
// else the built-in seeds), mutants to 1,000 candidates, 500 enumerated.
//
//	ARCFLOW_TASKS=/path/to/ARC/training ARCFLOW_SOLVERS=solvers.py GOMAXPROCS=1 go test -run '^$' -bench RealSize ./arc/search/
func BenchmarkRealSizeScoring(b *testing.B) {
	small, err := workload.Small()
	if err != nil {
		b.Fatal(err)
	}
	large := realSizeTasks(b)
	sets := [2][]scoringWork{scoringWorkOf(b, small), scoringWorkOf(b, large)}
	var evals [2]int
	var cpu [2]time.Duration
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		for k, set := range sets {
			start := cputime.Process()
			for _, w := range set {
				for _, in := range w.inputs {
					evals[k] += w.pop.EvaluateEach(ctx, in, nil, 0, func(int, dsl.Value, error) {})
				}
			}
			cpu[k] += cputime.Process() - start
		}
	}
	rate := func(k int) float64 { return float64(evals[k]) / cpu[k].Seconds() }
	sharing := func(k int) float64 {
		var unshared, calls int
		for _, w := range sets[k] {
			unshared += w.pop.Unshared()
			calls += w.pop.Calls()
		}
		return float64(unshared) / float64(calls)
	}
	b.ReportMetric(rate(0), "small-evals/cpu-s")
	b.ReportMetric(rate(1), "large-evals/cpu-s")
	b.ReportMetric(rate(1)/rate(0), "large/small")
	b.ReportMetric(sharing(0), "small-sharing")
	b.ReportMetric(sharing(1), "large-sharing")
}
