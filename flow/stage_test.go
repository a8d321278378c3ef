package flow

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/reugn/go-streams"
)

// TestStageIDs checks the IDs of items that split into several.
func TestStageIDs(t *testing.T) {
	var mu sync.Mutex
	var ids []string
	obs := itemWatcher(func(stage, id string) {
		if stage == "sink" {
			mu.Lock()
			ids = append(ids, id)
			mu.Unlock()
		}
	})
	split := NewStage("split", func(_ context.Context, v int) ([]int, error) {
		return slices.Repeat([]int{v}, v), nil
	})
	sink, _ := collector[int]("sink")
	if _, err := Run(context.Background(), FromSeq("src", count(3)), []streams.Flow{split}, sink, Observe(obs), quiet); err != nil {
		t.Fatal(err)
	}
	slices.Sort(ids)
	if want := []string{"1", "2/0", "2/1"}; !slices.Equal(ids, want) {
		t.Errorf("ids %v, want %v", ids, want)
	}
}

// itemWatcher is an Observer that reports each item start.
type itemWatcher func(stage, id string)

func (w itemWatcher) StageStart(string)        {}
func (w itemWatcher) StageEnd(string, Metrics) {}
func (w itemWatcher) ItemStart(ctx context.Context, stage, id string) context.Context {
	w(stage, id)
	return ctx
}
func (w itemWatcher) ItemEnd(context.Context, string, string, time.Duration, error) {}

// TestStageItemContext checks that items carry the context the Observer
// gave them at the source and that an item whose context is done fails
// without a call.
func TestStageItemContext(t *testing.T) {
	type key struct{}
	done, cancel := context.WithCancel(context.Background())
	cancel()
	obs := itemContexts(func(ctx context.Context, stage, id string) context.Context {
		switch {
		case stage != "src":
		case id == "0":
			return context.WithValue(ctx, key{}, "A")
		case id == "1":
			return done
		}
		return ctx
	})
	st := NewStage("read", func(ctx context.Context, v int) ([]string, error) {
		if s, ok := ctx.Value(key{}).(string); ok {
			return []string{strconv.Itoa(v) + "=" + s}, nil
		}
		return []string{strconv.Itoa(v)}, nil
	})
	logger, failed := failures(nil)
	sink, got := collector[string]("sink")
	_, err := Run(context.Background(), FromSeq("src", count(3)), []streams.Flow{st}, sink, logger, Observe(obs))
	if err != nil {
		t.Fatal(err)
	}
	if g := got(); !slices.Equal(g, []string{"0=A", "2"}) {
		t.Errorf("got %v, want [0=A 2]", g)
	}
	if errs := failed(); len(errs) != 1 || errs[0].ItemID != "1" || !errors.Is(errs[0], context.Canceled) {
		t.Errorf("errors %v, want item 1 canceled", errs)
	}
}

// itemContexts is an Observer that gives items the context its function
// returns.
type itemContexts func(ctx context.Context, stage, id string) context.Context

func (f itemContexts) StageStart(string)        {}
func (f itemContexts) StageEnd(string, Metrics) {}
func (f itemContexts) ItemStart(ctx context.Context, stage, id string) context.Context {
	return f(ctx, stage, id)
}
func (f itemContexts) ItemEnd(context.Context, string, string, time.Duration, error) {}

// TestStageOnClose checks that a gathering stage can send what it holds
// when its input ends.
func TestStageOnClose(t *testing.T) {
	var sum int
	gather := NewStage("gather", func(_ context.Context, v int) ([]int, error) {
		sum += v
		return nil, nil
	})
	gather.OnClose(func(context.Context) ([]int, error) { return []int{sum}, nil })
	sink, got := collector[int]("sink")
	rep, err := Run(context.Background(), FromSeq("src", count(101)), []streams.Flow{gather}, sink, quiet)
	if err != nil {
		t.Fatal(err)
	}
	if g := got(); !slices.Equal(g, []int{5050}) {
		t.Errorf("got %v, want [5050]", g)
	}
	if m, _ := rep.Stage("gather"); m.In != 101 || m.Out != 1 {
		t.Errorf("gather in %d out %d, want 101 and 1", m.In, m.Out)
	}
}
