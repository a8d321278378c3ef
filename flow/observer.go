package flow

import (
	"context"
	"time"
)

// Observer receives the events of a run, to attach tracing or metrics
// (OpenTelemetry spans, say) without flow depending on them. Methods are
// called from many goroutines at once and run on the workers' time, so
// they should be quick.
type Observer interface {
	// StageStart is called when a node starts its workers.
	StageStart(stage string)
	// StageEnd is called when a node has finished, with its final metrics.
	StageEnd(stage string, m Metrics)
	// ItemStart is called before a node works on an item. The context it
	// returns is the one the node's function gets, so a span started here
	// becomes the parent of whatever the function traces. At a source it
	// is called once an item is produced, and the context returned stays
	// with the item through every later stage.
	ItemStart(ctx context.Context, stage, itemID string) context.Context
	// ItemEnd is called when the work on an item is over, with the context
	// from ItemStart, the time taken (for a source, the time the item took
	// to produce) and the error, if any. A StageError for the item follows
	// unless the run is being cancelled.
	ItemEnd(ctx context.Context, stage, itemID string, elapsed time.Duration, err error)
}

// observers calls several Observers in turn.
type observers []Observer

func (os observers) StageStart(stage string) {
	for _, o := range os {
		o.StageStart(stage)
	}
}

func (os observers) StageEnd(stage string, m Metrics) {
	for _, o := range os {
		o.StageEnd(stage, m)
	}
}

func (os observers) ItemStart(ctx context.Context, stage, id string) context.Context {
	for _, o := range os {
		ctx = o.ItemStart(ctx, stage, id)
	}
	return ctx
}

func (os observers) ItemEnd(ctx context.Context, stage, id string, d time.Duration, err error) {
	for _, o := range os {
		o.ItemEnd(ctx, stage, id, d, err)
	}
}
