package synth

import (
	"context"
	"testing"
	"time"

	"github.com/arcflow/arcflow/arc/grid"
	"github.com/arcflow/arcflow/arc/sample"
)

// BenchmarkSearch runs the search to cost 2 (no time bound) on each of
// eight embedded sample tasks and reports distinct states and template
// calls per second: the search's speed, which sets how deep it reaches in
// its time per task.
//
//	go test -run '^$' -bench Search -benchtime 3x ./arc/synth/
func BenchmarkSearch(b *testing.B) {
	ids := sample.IDs()[:8]
	type job struct{ in, out, test []*grid.Grid }
	var jobs []job
	for _, id := range ids {
		tk, err := sample.Task(id)
		if err != nil {
			b.Fatal(err)
		}
		var j job
		for _, p := range tk.Train {
			j.in, j.out = append(j.in, p.Input), append(j.out, p.Output)
		}
		for _, p := range tk.Test {
			j.test = append(j.test, p.Input)
		}
		jobs = append(jobs, j)
	}
	opts := Options{MaxCost: 2, MaxStates: 1 << 30, MaxTime: time.Hour, NoCompose: true}
	states, calls := 0, 0
	b.ResetTimer()
	for range b.N {
		for _, j := range jobs {
			_, st := Search(context.Background(), j.in, j.out, j.test, opts)
			states += st.States
			calls += st.Calls
		}
	}
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(states)/sec, "states/s")
	b.ReportMetric(float64(calls)/sec, "calls/s")
}
