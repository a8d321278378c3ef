package flow

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"testing"
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
	logger, failed := failures(nil)
	sink, got := collector[int]("sink")
	rep, err := Run(context.Background(), FromSeq2("read", seq), nil, sink, logger)
	if err != nil {
		t.Fatal(err)
	}
	if g := got(); !slices.Equal(g, []int{0, 1, 3, 4, 5, 6, 8, 9}) {
		t.Errorf("got %v", g)
	}
	if errs := failed(); len(errs) != 2 || errs[0].Stage != "read" || errs[0].ItemID != "2" || errs[1].ItemID != "7" {
		t.Errorf("errors %v, want read items 2 and 7", errs)
	}
	if m, _ := rep.Stage("read"); m.Out != 8 || m.Errors != 2 {
		t.Errorf("read out %d errors %d, want 8 and 2", m.Out, m.Errors)
	}
}
