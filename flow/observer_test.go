package flow

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/reugn/go-streams"
)

type rootKey struct{}

// recorder is an Observer that counts what it sees and, like a tracer,
// attaches a root value to each item at the source.
type recorder struct {
	mu         sync.Mutex
	stages     map[string]int // StageStart minus StageEnd
	ended      map[string]Metrics
	itemStarts map[string]int
	itemEnds   map[string]int
	itemErrs   map[string]int
}

func newRecorder() *recorder {
	return &recorder{stages: map[string]int{}, ended: map[string]Metrics{},
		itemStarts: map[string]int{}, itemEnds: map[string]int{}, itemErrs: map[string]int{}}
}

func (r *recorder) StageStart(stage string) {
	r.mu.Lock()
	r.stages[stage]++
	r.mu.Unlock()
}

func (r *recorder) StageEnd(stage string, m Metrics) {
	r.mu.Lock()
	r.stages[stage]--
	r.ended[stage] = m
	r.mu.Unlock()
}

func (r *recorder) ItemStart(ctx context.Context, stage, id string) context.Context {
	r.mu.Lock()
	r.itemStarts[stage]++
	r.mu.Unlock()
	if stage == "src" {
		return context.WithValue(ctx, rootKey{}, id)
	}
	return ctx
}

func (r *recorder) ItemEnd(_ context.Context, stage, _ string, d time.Duration, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.itemEnds[stage]++
	if err != nil {
		r.itemErrs[stage]++
	}
}

// TestObserver checks the events of a run and that the context an
// Observer gives an item at the source reaches every later stage.
func TestObserver(t *testing.T) {
	rec := newRecorder()
	var mu sync.Mutex
	rooted := 0
	check := NewStage("check", func(ctx context.Context, v int) ([]int, error) {
		if id, _ := ctx.Value(rootKey{}).(string); id != "" {
			mu.Lock()
			rooted++
			mu.Unlock()
		}
		if v%4 == 0 {
			return nil, errors.New("multiple of four")
		}
		return []int{v}, nil
	}, Workers(2))
	sink, _ := collector[int]("sink")
	rep, err := Run(context.Background(), FromSeq("src", count(100)), []streams.Flow{check}, sink,
		Observe(rec), Observe(itemContexts(func(ctx context.Context, _, _ string) context.Context { return ctx })), quiet)
	if err != nil {
		t.Fatal(err)
	}
	if rooted != 100 {
		t.Errorf("%d items carried the source's context into check, want 100", rooted)
	}
	for _, tc := range []struct {
		stage      string
		items, err int
	}{{"src", 100, 0}, {"check", 100, 25}, {"sink", 75, 0}} {
		if rec.stages[tc.stage] != 0 || rec.itemStarts[tc.stage] != tc.items || rec.itemEnds[tc.stage] != tc.items || rec.itemErrs[tc.stage] != tc.err {
			t.Errorf("%s: stage balance %d, item starts %d ends %d errors %d; want 0, %d, %d, %d", tc.stage,
				rec.stages[tc.stage], rec.itemStarts[tc.stage], rec.itemEnds[tc.stage], rec.itemErrs[tc.stage], tc.items, tc.items, tc.err)
		}
		m, _ := rep.Stage(tc.stage)
		if e, ok := rec.ended[tc.stage]; !ok || e.In != m.In || e.Out != m.Out || e.Errors != m.Errors {
			t.Errorf("%s: StageEnd metrics %+v, report %+v", tc.stage, e, m)
		}
	}
}
