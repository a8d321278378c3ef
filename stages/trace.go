package stages

import (
	"context"

	"github.com/arcflow/arcflow/observability"
	"github.com/arcflow/arcflow/store"
	"go.opentelemetry.io/otel/attribute"
)

// The stage functions put what only they know on their item's span
// (observability.Annotate): one call each, which costs a context look-up
// when the item is not traced.

// kindName names a candidate's path for traces.
func kindName(k store.Kind) string {
	if k == store.Differs {
		return "differ"
	}
	return "solver"
}

// savedName names what the store did with a program, for traces.
func savedName(s store.Saved) string {
	switch s {
	case store.Stored:
		return "stored"
	case store.Present:
		return "present"
	}
	return "rejected"
}

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
		observability.KeyCandidateID.Int(c.ID),
		observability.KeyScore.Int(c.Score),
		observability.KeyExact.Int(c.Exact),
		observability.KeyKind.String(kindName(c.Kind)))
	if key != "" {
		kv = append(kv, observability.KeyCandidateKey.String(key))
	}
	return append(kv, more...)
}

// traceCandidate annotates a candidate's item span.
func traceCandidate(ctx context.Context, outcome string, c *Candidate, key string, more ...attribute.KeyValue) {
	if observability.Tracing(ctx) {
		observability.Annotate(ctx, outcome, candidateAttrs(c, key, more...)...)
	}
}

// traceFanin reports a dedup decision: kept, or dropped as a repeat of the
// candidate with the same fan-in key.
func traceFanin(ctx context.Context, fanKey string, kept bool, c *Candidate, key string) {
	if observability.Tracing(ctx) {
		observability.Fanin(ctx, fanKey, kept, candidateAttrs(c, key)...)
	} else {
		observability.Fanin(ctx, fanKey, kept)
	}
}

// traceValidated annotates a validation: kept if the program scores alone,
// with the score it earned, its bucket and whether it solves the task.
func traceValidated(ctx context.Context, c *Canonical, out []Validated) {
	if !observability.Tracing(ctx) {
		return
	}
	if len(out) == 0 {
		observability.Annotate(ctx, "dropped", candidateAttrs(&c.Candidate, c.Key)...)
		return
	}
	v := &out[0]
	observability.Annotate(ctx, "validated", candidateAttrs(&c.Candidate, c.Key,
		observability.KeyScore.Int(v.Actual), observability.KeyBucket.Int(v.Bucket),
		observability.KeyMismatch.Bool(v.Mismatch), observability.KeySolves.Bool(v.Solves))...)
}
