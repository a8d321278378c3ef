package flow

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

// TestSinkWorkers checks that a sink's workers run its function at once
// and that its failures are counted.
func TestSinkWorkers(t *testing.T) {
	var running, most atomic.Int64
	sink := NewSink("save", func(_ context.Context, v int) error {
		n := running.Add(1)
		defer running.Add(-1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		time.Sleep(2 * time.Millisecond)
		switch v {
		case 3:
			return errors.New("disk full")
		case 5:
			panic("five")
		}
		return nil
	}, Workers(3))
	rep, err := Run(context.Background(), FromSeq("src", count(30)), nil, sink, quiet)
	if err != nil {
		t.Fatal(err)
	}
	if most.Load() < 2 {
		t.Errorf("at most %d calls at once, want several", most.Load())
	}
	if m, _ := rep.Stage("save"); m.In != 30 || m.Out != 28 || m.Errors != 2 {
		t.Errorf("save in %d out %d errors %d, want 30 28 2", m.In, m.Out, m.Errors)
	}
}
