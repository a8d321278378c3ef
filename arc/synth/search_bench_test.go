package synth

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/arcflow/arcflow/arc/sample"
	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/internal/cputime"
)

// BenchmarkSearch runs the search to cost 2 (no time bound) on each of
// eight embedded sample tasks and reports distinct states and template
// calls per second: the search's speed, which sets how deep it reaches in
// its time per task. "shared" is the search as it runs; "unshared" clears
// the memo of calls before every template, so the ratio of the two is
// what sharing the templates' common calls on a state's grids gives.
//
//	go test -run '^$' -bench Search -benchtime 3x ./arc/synth/
func BenchmarkSearch(b *testing.B) {
	b.Run("shared", func(b *testing.B) { benchSearch(b, false) })
	b.Run("unshared", func(b *testing.B) { benchSearch(b, true) })
}

func benchSearch(b *testing.B, unshared bool) {
	ids := sample.IDs()[:8]
	var tasks []*task.Task
	for _, id := range ids {
		tk, err := sample.Task(id)
		if err != nil {
			b.Fatal(err)
		}
		tasks = append(tasks, tk)
	}
	opts := Options{MaxCost: 2, MaxStates: 1 << 30, MaxTime: time.Hour, NoCompose: true, unshared: unshared}
	states, calls := 0, 0
	b.ResetTimer()
	for range b.N {
		for _, tk := range tasks {
			_, st := SearchTask(context.Background(), tk, opts)
			states += st.States
			calls += st.Calls
		}
	}
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(states)/sec, "states/s")
	b.ReportMetric(float64(calls)/sec, "calls/s")
}

// BenchmarkSearchTraining runs the search as arcflow run does (cost 3,
// composition on) on every seventh task of an ARC training directory (57
// of the 400), bounded by 4,000 states a task instead of time so that
// every round does the same work, and reports distinct states per
// CPU-second of the process: the primitives' speed where the synth stage
// spends it.
//
//	ARCFLOW_TASKS=/path/to/ARC/training GOMAXPROCS=1 go test -run '^$' -bench SearchTraining -benchtime 2x ./arc/synth/
func BenchmarkSearchTraining(b *testing.B) {
	dir := os.Getenv("ARCFLOW_TASKS")
	if dir == "" {
		b.Skip("set ARCFLOW_TASKS to an ARC training directory")
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no tasks in %s (%v)", dir, err)
	}
	var tasks []*task.Task
	for k := 0; k < len(files); k += 7 {
		tk, err := task.ReadFile(files[k])
		if err != nil {
			b.Fatal(err)
		}
		tasks = append(tasks, tk)
	}
	opts := DefaultOptions()
	opts.MaxStates, opts.MaxTime = 4000, time.Hour
	states := 0
	var cpu time.Duration
	for b.Loop() {
		start := cputime.Process()
		for _, tk := range tasks {
			_, st := SearchTask(context.Background(), tk, opts)
			states += st.States
		}
		cpu += cputime.Process() - start
	}
	b.ReportMetric(float64(states)/cpu.Seconds(), "states/cpu-s")
}
