package task

import (
	"errors"
	"fmt"
)

// DefaultMaxPairs is the default bound on a task's train and test pairs
// together: ARC-AGI-1's training tasks have at most 12, and the store
// bounds a score by 64 samples (store.MaxSamples).
const DefaultMaxPairs = 64

// DefaultMaxCells is the default bound on the cells of all a task's grids,
// inputs and outputs together: 64 grids of 30×30, where the largest of
// ARC-AGI-1's training tasks has 9,000.
const DefaultMaxCells = 64 * 900

// Limits bound the size of a task, so that the memory and time a task
// costs the search are bounded whatever the input: a task over a limit is
// a bad task, refused with a *LimitError. A bound of 0 or less is no
// bound.
type Limits struct {
	MaxPairs int // train and test pairs together
	MaxCells int // cells of all the task's grids, inputs and outputs
}

// DefaultLimits returns the limits the readers apply unless told
// otherwise (WithLimits).
func DefaultLimits() Limits {
	return Limits{MaxPairs: DefaultMaxPairs, MaxCells: DefaultMaxCells}
}

// ErrTooLarge is wrapped by every *LimitError.
var ErrTooLarge = errors.New("task too large")

// LimitError is a task over one of its Limits.
type LimitError struct {
	What string // "pairs" or "cells"
	Got  int    // what the task has
	Max  int    // the limit
}

func (e *LimitError) Error() string {
	what := "train and test pairs"
	if e.What == "cells" {
		what = "cells in its grids"
	}
	return fmt.Sprintf("%v: %d %s, over the limit of %d", ErrTooLarge, e.Got, what, e.Max)
}

func (e *LimitError) Unwrap() error { return ErrTooLarge }

// WithLimits makes a reader refuse tasks over l instead of the default
// limits (DefaultLimits).
func WithLimits(l Limits) Option {
	return func(r *Reader) { r.limits = &l }
}

// Check returns a *LimitError if t is over a limit.
func (l Limits) Check(t *Task) error {
	if err := l.checkPairs(len(t.Train) + len(t.Test)); err != nil {
		return err
	}
	cells := 0
	for _, p := range t.Examples() {
		cells += p.Input.H * p.Input.W
		if p.Output != nil {
			cells += p.Output.H * p.Output.W
		}
	}
	return l.checkCells(cells)
}

func (l Limits) checkPairs(n int) error {
	if l.MaxPairs > 0 && n > l.MaxPairs {
		return &LimitError{What: "pairs", Got: n, Max: l.MaxPairs}
	}
	return nil
}

func (l Limits) checkCells(n int) error {
	if l.MaxCells > 0 && n > l.MaxCells {
		return &LimitError{What: "cells", Got: n, Max: l.MaxCells}
	}
	return nil
}

// checkJSON checks a decoded task before its grids are built: the pairs,
// then the cells its rows hold.
func (l Limits) checkJSON(j *jsonTask) error {
	if err := l.checkPairs(len(j.Train) + len(j.Test)); err != nil {
		return err
	}
	if l.MaxCells <= 0 {
		return nil
	}
	cells := 0
	for _, ps := range [][]jsonPair{j.Train, j.Test} {
		for k := range ps {
			cells += ps[k].cells()
		}
	}
	return l.checkCells(cells)
}

// limitsOf returns the limits the options give, the default ones if none.
func limitsOf(opts []Option) Limits {
	var r Reader
	for _, o := range opts {
		o(&r)
	}
	return r.taskLimits()
}

// taskLimits returns the reader's limits.
func (r *Reader) taskLimits() Limits {
	if r.limits == nil {
		return DefaultLimits()
	}
	return *r.limits
}
