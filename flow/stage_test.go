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

// TestStageOrdered checks that an Ordered stage keeps input order with many
// workers, random delays and items that produce zero, one or two outputs.
func TestStageOrdered(t *testing.T) {
	for _, workers := range []int{1, 2, 4, 8} {
		t.Run(strconv.Itoa(workers), func(t *testing.T) {
			const items = 3000
			st := NewStage("shuffle", func(_ context.Context, v int) ([]int, error) {
				jitter(60 * time.Microsecond)
				switch v % 3 {
				case 0:
					return nil, nil
				case 1:
					return []int{v}, nil
				}
				return []int{v, v}, nil
			}, Workers(workers), Ordered())
			sink, got := collector[int]("sink")
			if _, err := Run(context.Background(), FromSeq("src", count(items)), []streams.Flow{st}, sink, quiet); err != nil {
				t.Fatal(err)
			}
			var want []int
			for v := range items {
				switch v % 3 {
				case 1:
					want = append(want, v)
				case 2:
					want = append(want, v, v)
				}
			}
			if g := got(); !slices.Equal(g, want) {
				t.Fatalf("got %d items out of order or lost, want %d in order", len(g), len(want))
			}
		})
	}
}

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

// TestStageTimeout checks that Timeout bounds each call, not the stage.
func TestStageTimeout(t *testing.T) {
	var errs []*StageError
	st := NewStage("wait", func(ctx context.Context, v int) ([]int, error) {
		if v == 2 {
			<-ctx.Done()
			return nil, ctx.Err()
		}
		time.Sleep(2 * time.Millisecond)
		return []int{v}, nil
	}, Timeout(20*time.Millisecond))
	sink, got := collector[int]("sink")
	_, err := Run(context.Background(), FromSeq("src", count(20)), []streams.Flow{st}, sink, quiet,
		ErrorSink(func(e *StageError) { errs = append(errs, e) }))
	if err != nil {
		t.Fatal(err)
	}
	if len(got()) != 19 || len(errs) != 1 || errs[0].ItemID != "2" || !errors.Is(errs[0], context.DeadlineExceeded) {
		t.Errorf("got %d items and errors %v, want 19 and item 2 past its deadline", len(got()), errs)
	}
}

// TestStageItemContext checks that items carry their own contexts and
// that an item whose context is done fails without a call.
func TestStageItemContext(t *testing.T) {
	type key struct{}
	done, cancel := context.WithCancel(context.Background())
	cancel()
	items := func(yield func(Item[string]) bool) {
		_ = yield(Item[string]{ID: "a", Ctx: context.WithValue(context.Background(), key{}, "A"), Value: "a"}) &&
			yield(Item[string]{ID: "b", Ctx: done, Value: "b"}) &&
			yield(Item[string]{Value: "c"})
	}
	st := NewStage("read", func(ctx context.Context, v string) ([]string, error) {
		if s, ok := ctx.Value(key{}).(string); ok {
			return []string{v + "=" + s}, nil
		}
		return []string{v}, nil
	})
	var errs []*StageError
	sink, got := collector[string]("sink")
	_, err := Run(context.Background(), FromItems("src", items), []streams.Flow{st}, sink, quiet,
		ErrorSink(func(e *StageError) { errs = append(errs, e) }))
	if err != nil {
		t.Fatal(err)
	}
	if g := got(); !slices.Equal(g, []string{"a=A", "c"}) {
		t.Errorf("got %v, want [a=A c]", g)
	}
	if len(errs) != 1 || errs[0].ItemID != "b" || !errors.Is(errs[0], context.Canceled) {
		t.Errorf("errors %v, want item b canceled", errs)
	}
}

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
