package flow

import (
	"context"
	"fmt"
)

// item is one element of a stream: a value together with the identity and
// context that outlive any one stage.
type item[T any] struct {
	// ID names the item in errors, logs and Observer calls. Sources number
	// their items "0", "1", .... A stage's output keeps the ID of its
	// input; when one input yields several outputs they get ID+"/0",
	// ID+"/1", ....
	ID string
	// Ctx carries what belongs to this item alone, the context an Observer
	// gave it at the source (a trace span, say), and is handed to every
	// stage function that works on it. Nil means the context of the run.
	Ctx context.Context
	// Value is the payload.
	Value T
}

// Func is the work of a stage: it turns one input into zero or more
// outputs. ctx is the item's context (see Observer.ItemStart). A non-nil
// error, or a panic, drops the item and is reported as a *StageError; the
// outputs returned with an error are ignored.
type Func[In, Out any] func(ctx context.Context, in In) ([]Out, error)

// StageError reports that a node failed on one item. Run logs it, counts it
// in the node's Metrics and, under FailFast, returns the first one.
type StageError struct {
	Stage  string // name of the source, stage or sink
	ItemID string // ID of the failed item; empty for an OnClose call
	Err    error  // the error returned, or the value recovered from a panic
	Panic  bool   // whether Err comes from a recovered panic
}

// Error names the stage and the item, and says what went wrong.
func (e *StageError) Error() string {
	what := "failed"
	if e.Panic {
		what = "panicked"
	}
	return fmt.Sprintf("flow: stage %q item %q %s: %v", e.Stage, e.ItemID, what, e.Err)
}

// Unwrap returns Err, for errors.Is and errors.As.
func (e *StageError) Unwrap() error { return e.Err }

// recovered turns a value from recover into an error that keeps the
// original error, if there was one, for errors.Is and errors.As.
func recovered(p any) error {
	if err, ok := p.(error); ok {
		return fmt.Errorf("panic: %w", err)
	}
	return fmt.Errorf("panic: %v", p)
}
