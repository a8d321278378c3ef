package synth

import (
	"context"
	"testing"
	"time"

	"github.com/arcflow/arcflow/arc/sample"
	"github.com/arcflow/arcflow/arc/task"
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
