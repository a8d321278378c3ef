package flow

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/reugn/go-streams"
)

// TestFromSeq2 checks that errors from the sequence become StageErrors of
// the source and that the values after them still flow.
func TestFromSeq2(t *testing.T) {
	seq := func(yield func(int, error) bool) {
		for i := range 10 {
			var err error
			if i%5 == 2 {
				err = errors.New("unreadable " + strconv.Itoa(i))
			}
			if !yield(i, err) {
				return
			}
		}
	}
	var errs []*StageError
	sink, got := collector[int]("sink")
	rep, err := Run(context.Background(), FromSeq2("read", seq), nil, sink, quiet,
		ErrorSink(func(e *StageError) { errs = append(errs, e) }))
	if err != nil {
		t.Fatal(err)
	}
	if g := got(); !slices.Equal(g, []int{0, 1, 3, 4, 5, 6, 8, 9}) {
		t.Errorf("got %v", g)
	}
	if len(errs) != 2 || errs[0].Stage != "read" || errs[0].ItemID != "2" || errs[1].ItemID != "7" {
		t.Errorf("errors %v, want read items 2 and 7", errs)
	}
	if m, _ := rep.Stage("read"); m.Out != 8 || m.Errors != 2 {
		t.Errorf("read out %d errors %d, want 8 and 2", m.Out, m.Errors)
	}
}

// TestFromChan checks a channel source fed in bursts, and that it keeps
// order.
func TestFromChan(t *testing.T) {
	ch := make(chan int)
	go func() {
		for i := range 300 {
			if i%50 == 0 {
				time.Sleep(time.Millisecond)
			}
			ch <- i
		}
		close(ch)
	}()
	sink, got := collector[int]("sink")
	rep, err := Run(context.Background(), FromChan("chan", ch), []streams.Flow{NewStage("a", add(0))}, sink, quiet)
	if err != nil {
		t.Fatal(err)
	}
	if g := got(); !slices.Equal(g, slices.Collect(count(300))) {
		t.Errorf("got %d values, want 0..299 in order", len(g))
	}
	if m, _ := rep.Stage("chan"); m.Out != 300 || m.Starved == 0 {
		t.Errorf("chan out %d starved %v, want 300 and some wait", m.Out, m.Starved)
	}
}

// TestFromChanCancel cancels a run whose channel source has nothing to
// send: the source must stop waiting.
func TestFromChanCancel(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	ch := make(chan int)
	sink, _ := collector[int]("sink")
	_, err := Run(ctx, FromChan("chan", ch), nil, sink, quiet)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
}
