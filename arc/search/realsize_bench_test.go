package search_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/sample"
	"github.com/arcflow/arcflow/arc/search"
	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/internal/cputime"
)

// smallIDs are the tasks of BenchmarkPopulation and of `arcflow bench`'s
// population line: the small benchmark the real-size one is compared to.
var smallIDs = []string{"007bbfb7", "05f2a901", "1e32b0e9", "28e73c20"}

// realSizeIDs are eight ARC training tasks spread over the top quarter of
// the 400 by the cells of their demonstrations (1,088 to 3,174 cells,
// grids of up to 27×25; the training set's mean is 791), read from the
// directory ARCFLOW_TASKS names. realSizeSampleIDs stand in when it is
// unset: the embedded sample tasks with the largest grids (30×30, 21×21,
// 20×20, 17×17, 16×16) outside smallIDs.
var (
	realSizeIDs       = []string{"4290ef0e", "4093f84a", "c1d99e64", "8efcae92", "c3f564a4", "6ecd11f4", "6d58a25d", "5c2c9af4"}
	realSizeSampleIDs = []string{"1f85a75f", "0b148d64", "23b5c85d", "32597951", "9ecd008a"}
)

// realSizeTasks returns the real-size tasks and where they came from.
func realSizeTasks(b *testing.B) ([]*task.Task, string) {
	b.Helper()
	var tasks []*task.Task
	if dir := os.Getenv("ARCFLOW_TASKS"); dir != "" {
		for _, id := range realSizeIDs {
			tk, err := task.ReadFile(filepath.Join(dir, id+".json"))
			if err != nil {
				b.Fatal(err)
			}
			tasks = append(tasks, tk)
		}
		return tasks, dir
	}
	for _, id := range realSizeSampleIDs {
		tk, err := sample.Task(id)
		if err != nil {
			b.Fatal(err)
		}
		tasks = append(tasks, tk)
	}
	return tasks, "sample"
}

// scoringWork is one task's population and the inputs it is scored on.
type scoringWork struct {
	pop    *search.Population
	inputs []dsl.Value
}

func scoringWorkOf(b *testing.B, tasks []*task.Task) []scoringWork {
	var work []scoringWork
	for _, tk := range tasks {
		var train []dsl.Value
		for _, p := range tk.Train {
			train = append(train, p.Input)
		}
		w := scoringWork{pop: benchPopulation(b, train)}
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
	var small []*task.Task
	for _, id := range smallIDs {
		tk, err := sample.Task(id)
		if err != nil {
			b.Fatal(err)
		}
		small = append(small, tk)
	}
	large, _ := realSizeTasks(b)
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
