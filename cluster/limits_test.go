package cluster

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/arcflow/arcflow/arc/sample"
	"github.com/arcflow/arcflow/arc/task"
)

// TestTaskOverLimits: a worker dead-letters a task over its limits
// (Worker.Limits, the default ones if nil) on its first delivery, with
// the reason, and runs the others (issue 14, item 7).
func TestTaskOverLimits(t *testing.T) {
	good, err := sample.Task("67a3c6ac") // 4 pairs
	if err != nil {
		t.Fatal(err)
	}
	grow := func(id string, pairs int) *task.Task {
		tk := &task.Task{ID: id, Test: good.Test}
		for len(tk.Train)+len(tk.Test) < pairs {
			tk.Train = append(tk.Train, good.Train[len(tk.Train)%len(good.Train)])
		}
		return tk
	}
	cases := []struct {
		name   string
		limits *task.Limits
		big    *task.Task
	}{
		{"default limits", nil, grow("big", task.DefaultMaxPairs+1)},
		{"lower limits", &task.Limits{MaxPairs: 5}, grow("big", 6)},
		{"a cell limit", &task.Limits{MaxCells: 100}, grow("big", 4)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			url := startServer(t)
			cfg := DefaultConfig()
			cfg.AckWait = 3 * time.Second
			_, q := connect(t, url, cfg)
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			small := *good
			if c.limits != nil && c.limits.MaxCells > 0 {
				small = *grow("67a3c6ac", 2) // within 100 cells
			}
			if res, err := q.Enqueue(ctx, seqOf([]*task.Task{c.big, &small})); err != nil || res.Enqueued != 2 {
				t.Fatalf("enqueue: %+v %v", res, err)
			}
			events := runSettled(ctx, t, &Worker{Queue: q, Pipeline: cheapPipeline(), InFlight: 2, RetryDelay: 100 * time.Millisecond, Wait: time.Second, Drain: true,
				Limits: c.limits})
			var acked, dead int
			for _, e := range events {
				switch {
				case e.Outcome == Acked && e.Task == small.ID:
					acked++
				case e.Outcome == DeadLettered && e.Delivered == 1 && errors.Is(e.Err, task.ErrTooLarge):
					dead++
				default:
					t.Errorf("unexpected %+v", e)
				}
			}
			if acked != 1 || dead != 1 {
				t.Errorf("%d acked and %d dead-lettered on their first delivery, want 1 and 1", acked, dead)
			}
			msgs := readStream(t, q.JS, cfg.Dead)
			if len(msgs) != 1 || !strings.Contains(msgs[0].Header.Get(HeaderError), "task too large") {
				t.Errorf("dead letters: %d, the first without the reason", len(msgs))
			}
		})
	}
}
