package flow

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/reugn/go-streams"
)

// TestMetricsCounts checks exact item counts through stages that drop,
// split and fail items, and that worker time adds up.
func TestMetricsCounts(t *testing.T) {
	evens := NewStage("evens", func(_ context.Context, v int) ([]int, error) {
		if v%2 == 1 {
			return nil, nil
		}
		return []int{v}, nil
	}, Workers(2))
	split := NewStage("split", func(_ context.Context, v int) ([]int, error) { return []int{v, v}, nil }, Workers(3))
	tens := NewStage("tens", func(_ context.Context, v int) ([]int, error) {
		if v%10 == 0 {
			return nil, errors.New("a multiple of ten")
		}
		return []int{v}, nil
	}, Workers(2))
	sink := NewSink("sink", func(_ context.Context, v int) error {
		if v == 2 {
			panic("two")
		}
		return nil
	}, Workers(2))
	rep, err := Run(context.Background(), FromSeq("src", count(1000)), []streams.Flow{evens, split, tens}, sink, quiet)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []Metrics{
		{Stage: "src", Kind: "source", Workers: 1, In: 0, Out: 1000},
		{Stage: "evens", Kind: "stage", Workers: 2, In: 1000, Out: 500},
		{Stage: "split", Kind: "stage", Workers: 3, In: 500, Out: 1000},
		{Stage: "tens", Kind: "stage", Workers: 2, In: 1000, Out: 800, Errors: 200},
		{Stage: "sink", Kind: "sink", Workers: 2, In: 800, Out: 798, Errors: 2},
	} {
		m, ok := rep.Stage(want.Stage)
		if !ok || m.Kind != want.Kind || m.Workers != want.Workers || m.In != want.In || m.Out != want.Out || m.Errors != want.Errors {
			t.Errorf("%s: got %s %d workers in %d out %d errors %d, want %s %d workers in %d out %d errors %d",
				want.Stage, m.Kind, m.Workers, m.In, m.Out, m.Errors, want.Kind, want.Workers, want.In, want.Out, want.Errors)
		}
		checkTime(t, m, rep.Wall)
	}
}

// checkTime checks that a node's worker time fits in what it was granted.
func checkTime(t *testing.T, m Metrics, wall time.Duration) {
	t.Helper()
	const slack = time.Millisecond
	if m.Wall <= 0 || m.Wall > wall {
		t.Errorf("%s: wall %v outside (0, %v]", m.Stage, m.Wall, wall)
	}
	if m.Capacity != m.Wall*time.Duration(m.Workers) {
		t.Errorf("%s: capacity %v, want wall × workers = %v", m.Stage, m.Capacity, m.Wall*time.Duration(m.Workers))
	}
	if used := m.Busy + m.Starved + m.Blocked; used > m.Capacity+slack {
		t.Errorf("%s: busy %v + starved %v + blocked %v exceed capacity %v", m.Stage, m.Busy, m.Starved, m.Blocked, m.Capacity)
	}
	if m.Utilization < 0 || m.Utilization > 1.01 {
		t.Errorf("%s: utilization %v outside [0, 1]", m.Stage, m.Utilization)
	}
	if m.Queue != 0 {
		t.Errorf("%s: %d items still queued after the run", m.Stage, m.Queue)
	}
}

// TestMetricsPressure checks that a slow node shows as busy, the nodes
// before it as blocked and the nodes after it as starved.
func TestMetricsPressure(t *testing.T) {
	nap := func(_ context.Context, v int) ([]int, error) {
		time.Sleep(300 * time.Microsecond)
		return []int{v}, nil
	}
	sink, _ := collector[int]("sink")
	rep, err := Run(context.Background(), FromSeq("src", count(200)), []streams.Flow{
		NewStage("before", add(1)),
		NewStage("slow", nap),
		NewStage("after", add(1)),
	}, sink, quiet)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := rep.Stage("before")
	slow, _ := rep.Stage("slow")
	after, _ := rep.Stage("after")
	if before.Blocked < before.Busy || before.Blocked < slow.Busy/2 {
		t.Errorf("before: blocked %v, busy %v; want mostly blocked behind slow (busy %v)", before.Blocked, before.Busy, slow.Busy)
	}
	if after.Starved < after.Busy || after.Starved < slow.Busy/2 {
		t.Errorf("after: starved %v, busy %v; want mostly starved behind slow (busy %v)", after.Starved, after.Busy, slow.Busy)
	}
	if slow.Utilization < 0.5 {
		t.Errorf("slow: utilization %.2f, want above 0.5", slow.Utilization)
	}
	if slow.MaxQueue < 2 {
		t.Errorf("slow: max queue %d, want a queue to build before it", slow.MaxQueue)
	}
	for _, m := range rep.Stages {
		checkTime(t, m, rep.Wall)
	}
}
