package dsl

import (
	"errors"
	"fmt"
	"runtime"
)

// Error is a DSL runtime error: what Python would raise inside a primitive
// (TypeError, IndexError, StopIteration, ValueError, …).
type Error struct {
	Op  string // the primitive or operation that failed
	Msg string
}

func (e *Error) Error() string { return e.Op + ": " + e.Msg }

// ErrBudget is wrapped by the error of a run that used up its work budget.
var ErrBudget = errors.New("work budget exhausted")

func typeError(op string, vs ...Value) *Error {
	msg := "unsupported operand"
	for i, v := range vs {
		if i == 0 {
			msg += " " + Kind(v)
		} else {
			msg += ", " + Kind(v)
		}
	}
	return &Error{Op: op, Msg: msg}
}

func fail(op, format string, args ...any) *Error {
	return &Error{Op: op, Msg: fmt.Sprintf(format, args...)}
}

// Recover turns a panic raised while running DSL code into an error: DSL
// errors and budget errors as they are, Go runtime errors (an index out of
// range, a nil map) as the Python exception they stand for. It must be
// called directly by a deferred function:
//
//	defer func() { err = dsl.Recover(recover()) }()
//
// A nil argument gives nil.
func Recover(r any) error {
	switch x := r.(type) {
	case nil:
		return nil
	case *Error:
		return x
	case *budgetError:
		return x
	case runtime.Error:
		return &Error{Op: "runtime", Msg: x.Error()}
	case error:
		return &Error{Op: "panic", Msg: x.Error()}
	}
	return &Error{Op: "panic", Msg: fmt.Sprint(r)}
}
