package flow

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/reugn/go-streams"
)

// TestAdaptiveThroughput runs a pipeline whose middle stage sleeps, with
// fixed workers (two per stage, one for the sink), then again with
// Adaptive and the same total of seven: moving workers to the sleeping
// stage must raise throughput. Sleeping needs no CPU, so the gain shows on
// a loaded machine too.
func TestAdaptiveThroughput(t *testing.T) {
	if testing.Short() {
		t.Skip("timing")
	}
	const items, budget = 600, 7
	run := func(opts ...Option) (*Report, []int) {
		t.Helper()
		slow := NewStage("slow", func(_ context.Context, v int) ([]int, error) {
			time.Sleep(2 * time.Millisecond)
			return []int{v}, nil
		}, Workers(2))
		sink, got := collector[int]("sink")
		rep, err := Run(context.Background(), FromSeq("src", count(items)), []streams.Flow{
			NewStage("parse", add(1), Workers(2)),
			slow,
			NewStage("format", add(-1), Workers(2)),
		}, sink, append(opts, quiet)...)
		if err != nil {
			t.Fatal(err)
		}
		return rep, got()
	}
	fixed, _ := run()
	adaptive, got := run(Adaptive(budget))
	speedup := float64(fixed.Wall) / float64(adaptive.Wall)
	slow, _ := adaptive.Stage("slow")
	t.Logf("fixed %v, adaptive %v: %.2f× throughput; slow stage ended with %d workers",
		fixed.Wall, adaptive.Wall, speedup, slow.Workers)
	if speedup < 1.3 {
		t.Errorf("adaptive throughput only %.2f× that of fixed workers", speedup)
	}
	if slow.Workers <= 2 {
		t.Errorf("slow stage ended with %d workers, want more than 2", slow.Workers)
	}
	total := 0
	for _, m := range adaptive.Stages {
		if m.Kind != "source" {
			total += m.Workers
		}
		if m.Busy > m.Capacity+time.Millisecond || m.Utilization > 1.01 {
			t.Errorf("%s: busy %v over capacity %v", m.Stage, m.Busy, m.Capacity)
		}
	}
	if total > budget {
		t.Errorf("%d workers in all, over the budget of %d", total, budget)
	}
	slices.Sort(got)
	if !slices.Equal(got, slices.Collect(count(items))) {
		t.Errorf("got %d items, want 0..%d", len(got), items-1)
	}
}

// TestAdaptiveBudget checks how Adaptive sizes nodes.
func TestAdaptiveBudget(t *testing.T) {
	for _, tc := range []struct {
		budget  int
		workers []int
		want    [][2]int // start and most per node
	}{
		{8, []int{2, 2, 2}, [][2]int{{2, 6}, {2, 6}, {2, 6}}},
		{4, []int{1, 1}, [][2]int{{1, 3}, {1, 3}}},
		{2, []int{1, 3}, [][2]int{{1, 3}, {3, 3}}}, // raised to the configured total
	} {
		r := &run{}
		for i, w := range tc.workers {
			s := NewStage(string(rune('a'+i)), add(1), Workers(w))
			r.members = append(r.members, s)
		}
		nodes, _ := r.sizeAll(&config{adaptive: true, budget: tc.budget})
		for i, n := range nodes {
			if got := r.sizes[n]; got != tc.want[i] {
				t.Errorf("budget %d, workers %v: node %d sized %v, want %v", tc.budget, tc.workers, i, got, tc.want[i])
			}
		}
	}
}
