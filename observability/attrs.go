package observability

import (
	"strings"

	"go.opentelemetry.io/otel/attribute"

	"github.com/arcflow/arcflow/observability/annotate"
)

// MaxLinks is the most span links a kept item gets, one per repeat dropped
// in its favour; the rest are counted in arcflow.fanin.links_dropped.
const MaxLinks = 128

// itemRec is the annotate.Recorder of an item in flight.
var _ annotate.Recorder = (*itemRec)(nil)

// Recording reports whether the item has a span.
func (r *itemRec) Recording() bool { return r.span != nil }

// Fanin records a fan-in decision of dedup or inline.
func (r *itemRec) Fanin(key string, kept bool) { r.t.fanin(r, key, kept) }

// Join records that the item joins the others of key in gather.
func (r *itemRec) Join(key string, last bool) { r.t.join(r, key, last) }

// Annotate sets the outcome and kv on the item's span, and the task.*
// attributes among kv on the task's root span too.
func (r *itemRec) Annotate(outcome string, kv []attribute.KeyValue) {
	all := make([]attribute.KeyValue, 0, len(kv)+1)
	r.span.SetAttributes(append(append(all, annotate.KeyOutcome.String(outcome)), kv...)...)
	var task []attribute.KeyValue
	for _, a := range kv {
		if strings.HasPrefix(string(a.Key), "task.") {
			task = append(task, a)
		}
	}
	if len(task) > 0 {
		r.t.root.SetAttributes(task...)
	}
}
