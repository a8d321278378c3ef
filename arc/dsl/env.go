package dsl

import (
	"context"
	"fmt"
)

// Env is the run-time state of one program run: its work budget and its
// context. An Env is used by one goroutine at a time.
//
// Work is counted in units of roughly one allocated cell or one visited
// element, so a budget bounds both time and memory: a program that doubles
// a grid forever runs out of budget long before it runs out of memory.
type Env struct {
	ctx   context.Context
	left  int64 // work units still allowed
	tick  int   // charges since the context was last polled
	limit int64

	// The most common colour of the grid last asked for (see
	// gridMostcolorOf); holding the grid keeps its address from being
	// reused for another while it is remembered.
	mostGrid   Grid
	mostColour int

	// The rows, as values, of the grids iterated lately (see gridRowsOf).
	rows map[Grid][]Value
}

// DefaultBudget is the work budget of a run when none is given: about a
// hundred million cells, a few hundred milliseconds of work.
const DefaultBudget = 100_000_000

// pollEvery is how many charges pass between polls of the context, which
// costs an atomic load and, for deadlines, a clock read.
const pollEvery = 1 << 10

// NewEnv returns an Env for one run under ctx with the given budget
// (DefaultBudget if budget ≤ 0).
func NewEnv(ctx context.Context, budget int64) *Env {
	if budget <= 0 {
		budget = DefaultBudget
	}
	if ctx == nil {
		ctx = context.Background()
	}
	return &Env{ctx: ctx, left: budget, limit: budget}
}

// Reset refills the budget for a new run under ctx, keeping the limit.
func (e *Env) Reset(ctx context.Context) {
	if ctx == nil {
		ctx = context.Background()
	}
	e.ctx, e.left, e.tick = ctx, e.limit, 0
}

// Used returns the work units spent since the Env was made or reset.
func (e *Env) Used() int64 { return e.limit - e.left }

// Charge spends n units of work. It panics with a budget error when the
// budget is gone or the context is done; Recover turns that into an error.
func (e *Env) Charge(n int) {
	e.left -= int64(n) + 1
	if e.left < 0 {
		panic(&budgetError{limit: e.limit})
	}
	e.tick++
	if e.tick >= pollEvery {
		e.tick = 0
		if err := e.ctx.Err(); err != nil {
			panic(&budgetError{limit: e.limit, cause: err})
		}
	}
}

// Err reports whether the run's context is done.
func (e *Env) Err() error { return e.ctx.Err() }

type budgetError struct {
	limit int64
	cause error // the context's error, when the deadline ended the run
}

func (b *budgetError) Error() string {
	if b.cause != nil {
		return fmt.Sprintf("run stopped: %v", b.cause)
	}
	return fmt.Sprintf("%v (%d units)", ErrBudget, b.limit)
}

func (b *budgetError) Unwrap() error {
	if b.cause != nil {
		return b.cause
	}
	return ErrBudget
}
