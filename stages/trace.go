package stages

import (
	"context"

	"go.opentelemetry.io/otel/attribute"

	"github.com/arcflow/arcflow/observability/annotate"
)

// The stage functions put what only they know on their item's span
// (annotate.Item): one call each, which costs a context look-up
// when the item is not traced.

// pick is outcome if cond, else other.
func pick(cond bool, outcome, other string) string {
	if cond {
		return outcome
	}
	return other
}

// candidateAttrs are a candidate's attributes: its population ID, score,
// exact samples and path, and its canonical key once it has one.
func candidateAttrs(c *Candidate, key string, more ...attribute.KeyValue) []attribute.KeyValue {
	kv := append(make([]attribute.KeyValue, 0, 5+len(more)),
		annotate.KeyCandidateID.Int(c.ID),
		annotate.KeyScore.Int(c.Score),
		annotate.KeyExact.Int(c.Exact),
		annotate.KeyKind.String(c.Kind.String()))
	if key != "" {
		kv = append(kv, annotate.KeyCandidateKey.String(key))
	}
	return append(kv, more...)
}

// traceCandidate annotates a candidate's item span.
func traceCandidate(ctx context.Context, outcome string, c *Candidate, key string, more ...attribute.KeyValue) {
	if annotate.Tracing(ctx) {
		annotate.Item(ctx, outcome, candidateAttrs(c, key, more...)...)
	}
}

// traceFanin reports a dedup decision: kept, or dropped as a repeat of the
// candidate with the same fan-in key.
func traceFanin(ctx context.Context, fanKey string, kept bool, c *Candidate, key string) {
	if annotate.Tracing(ctx) {
		annotate.Fanin(ctx, fanKey, kept, candidateAttrs(c, key)...)
	} else {
		annotate.Fanin(ctx, fanKey, kept)
	}
}

// traceValidated annotates a validation: kept if the program scores alone,
// with the score it earned, its bucket and whether it solves the task.
func traceValidated(ctx context.Context, c *Canonical, out []Validated) {
	if !annotate.Tracing(ctx) {
		return
	}
	if len(out) == 0 {
		annotate.Item(ctx, "dropped", candidateAttrs(&c.Candidate, c.Key)...)
		return
	}
	v := &out[0]
	annotate.Item(ctx, "validated", candidateAttrs(&c.Candidate, c.Key,
		annotate.KeyScore.Int(v.Actual), annotate.KeyBucket.Int(v.Bucket),
		annotate.KeyMismatch.Bool(v.Mismatch), annotate.KeySolves.Bool(v.Solves))...)
}
