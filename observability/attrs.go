package observability

import (
	"context"
	"strings"

	"go.opentelemetry.io/otel/attribute"
)

// Attribute keys of arcflow's spans. The README's "Tracing with Jaeger"
// section lists which span carries which.
const (
	// KeySpan tells the three kinds of span apart: "task", "stage" or
	// "item". The item-ratio sampler reads it.
	KeySpan = attribute.Key("arcflow.span")
	// KeyRunID names the run; the resource carries it too.
	KeyRunID = attribute.Key("arcflow.run.id")

	KeyTaskID      = attribute.Key("task.id")
	KeyTaskSamples = attribute.Key("task.samples") // samples with a known output: train, then test
	KeyTaskOutcome = attribute.Key("task.outcome") // solved, unsolved, error or unfinished
	KeyTaskReadMS  = attribute.Key("task.read_ms") // time the source took to read the task
	KeyTaskSpans   = attribute.Key("task.spans")   // spans recorded in the trace, this one included
	KeyTaskCapped  = attribute.Key("task.spans_over_cap")

	KeyStage       = attribute.Key("arcflow.stage")
	KeyStageItems  = attribute.Key("arcflow.stage.items")   // items of the task the stage worked on
	KeyStageErrors = attribute.Key("arcflow.stage.errors")  // … of which failed
	KeyStageBusyMS = attribute.Key("arcflow.stage.busy_ms") // worker time they took, summed
	KeyStageCapped = attribute.Key("arcflow.stage.items_over_cap")

	KeyItemID       = attribute.Key("arcflow.item.id")
	KeyOutcome      = attribute.Key("arcflow.outcome")
	KeySample       = attribute.Key("arcflow.sample")        // index into the task's samples
	KeyCandidateID  = attribute.Key("arcflow.candidate.id")  // the program's id in the task's population
	KeyCandidateKey = attribute.Key("arcflow.candidate.key") // md5 of the canonical expression, from inline on
	KeyScore        = attribute.Key("arcflow.score")         // the candidate's score so far (total over samples)
	KeyExact        = attribute.Key("arcflow.exact")         // samples the candidate matched exactly
	KeyKind         = attribute.Key("arcflow.kind")          // solver or differ path
	KeyPopulation   = attribute.Key("arcflow.population")    // candidates in the task's population
	KeyCandidates   = attribute.Key("arcflow.candidates")    // candidates scored or emitted
	KeyNodeEvals    = attribute.Key("arcflow.node_evals")    // DAG nodes evaluated
	KeyBucket       = attribute.Key("arcflow.bucket")        // speed bucket the store records
	KeyMismatch     = attribute.Key("arcflow.mismatch")      // scored differently alone than in the DAG
	KeySolves       = attribute.Key("arcflow.solves")        // exact on every sample, test included
	KeyErrorMessage = attribute.Key("error.message")

	// Fan-in: on the item a stage kept, how many repeats it dropped in its
	// favour and how many of those are not linked (beyond MaxLinks, or not
	// sampled); on a dropped repeat, the item ID of the one kept.
	KeyDuplicates   = attribute.Key("arcflow.fanin.duplicates")
	KeyLinksDropped = attribute.Key("arcflow.fanin.links_dropped")
	KeyDuplicateOf  = attribute.Key("arcflow.fanin.duplicate_of")
	// Join: on the item the others were merged into, how many they were.
	KeyJoined = attribute.Key("arcflow.fanin.joined")
)

// DuplicateOfStore is arcflow.fanin.duplicate_of on a repeat of no item of
// the run: of a program stored by an earlier run.
const DuplicateOfStore = "(store)"

// MaxLinks is the most span links a kept item gets, one per repeat dropped
// in its favour; the rest are counted in arcflow.fanin.links_dropped.
const MaxLinks = 128

// Outcomes of a fan-in decision.
const (
	OutcomeKept      = "kept"
	OutcomeDuplicate = "duplicate"
	OutcomeError     = "error"
	OutcomeHeld      = "held"     // merged into a later item (Join)
	OutcomeComplete  = "complete" // the item the others were merged into
)

// Annotate sets the outcome and the given attributes on the item span that
// the Observer opened for ctx. Stage functions call it once per item with
// what only they know: the sample index, candidate key, score. Attributes
// whose key starts with "task." also go on the task's root span. Without
// an item span (tracing off, the item sampled out or over the cap) it does
// nothing and costs a context look-up.
func Annotate(ctx context.Context, outcome string, kv ...attribute.KeyValue) {
	r, _ := ctx.Value(itemKey{}).(*itemRec)
	if r == nil || r.span == nil {
		return
	}
	r.annotate(outcome, kv)
}

// Fanin is Annotate for a stage that keeps one of several items with the
// same key and drops the others, as dedup and inline do: kept is the
// stage's decision for this item. The kept item's span gets a link to each
// repeat dropped in its favour later in the same task, at most MaxLinks,
// and the count of all of them; each repeat records the item it repeats.
// The kept span is held open until its task ends so that links can still
// be added, and then ended with the time its work really ended.
func Fanin(ctx context.Context, key string, kept bool, kv ...attribute.KeyValue) {
	r, _ := ctx.Value(itemKey{}).(*itemRec)
	if r == nil {
		return
	}
	r.t.fanin(r, key, kept)
	if r.span == nil {
		return
	}
	outcome := OutcomeDuplicate
	if kept {
		outcome = OutcomeKept
	}
	r.annotate(outcome, kv)
}

// Join is Annotate for a stage that merges several items into one, as
// gather merges a task's scored samples: the items with the same key are
// held ("held") until the last ("complete"), whose span gets a link to
// each of the others, at most MaxLinks, and their count.
func Join(ctx context.Context, key string, last bool, kv ...attribute.KeyValue) {
	r, _ := ctx.Value(itemKey{}).(*itemRec)
	if r == nil {
		return
	}
	r.t.join(r, key, last)
	if r.span == nil {
		return
	}
	outcome := OutcomeHeld
	if last {
		outcome = OutcomeComplete
	}
	r.annotate(outcome, kv)
}

// Tracing reports whether ctx has an item span being recorded, for a stage
// that would otherwise compute attributes for nothing.
func Tracing(ctx context.Context) bool {
	r, _ := ctx.Value(itemKey{}).(*itemRec)
	return r != nil && r.span != nil
}

// annotate copies kv rather than handing it on, so that the callers'
// argument slices do not escape: untraced, Annotate allocates nothing.
func (r *itemRec) annotate(outcome string, kv []attribute.KeyValue) {
	all := make([]attribute.KeyValue, 0, len(kv)+1)
	all = append(append(all, KeyOutcome.String(outcome)), kv...)
	r.span.SetAttributes(all...)
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
