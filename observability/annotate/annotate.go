// Package annotate is what a stage function needs to describe its items in
// arcflow's traces: the attribute keys of the span model and Item, Fanin,
// Join and Tracing, which reach the item's span through the context. It
// depends on the OpenTelemetry API only; package observability, which
// holds the SDK and the exporters, puts a Recorder in each item's context
// when tracing is on. Without one every call is a context look-up.
package annotate

import (
	"context"
	"slices"

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
	KeySynthStates  = attribute.Key("arcflow.synth.states")  // distinct states the synth search reached
	KeySynthFound   = attribute.Key("arcflow.synth.found")   // programs it found exact on every train pair
	KeySynthHow     = attribute.Key("arcflow.synth.how")     // how each was found: transform, recolour, by property, overlay, stack
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

// Outcomes of a fan-in decision.
const (
	OutcomeKept      = "kept"
	OutcomeDuplicate = "duplicate"
	OutcomeError     = "error"
	OutcomeHeld      = "held"     // merged into a later item (Join)
	OutcomeComplete  = "complete" // the item the others were merged into
)

// Recorder is the item span that an Observer keeps for an item in flight.
// Its methods are called with slices they may keep.
type Recorder interface {
	// Recording reports whether the item has a span being recorded: it may
	// have none (sampled out, or over the trace's span cap) and still take
	// part in fan-in, whose links go to the items that have one.
	Recording() bool
	// Annotate sets the outcome and kv on the item's span.
	Annotate(outcome string, kv []attribute.KeyValue)
	// Fanin records a fan-in decision for key (see Fanin).
	Fanin(key string, kept bool)
	// Join records that the item joins the others of key (see Join).
	Join(key string, last bool)
}

type recorderKey struct{}

// WithRecorder returns ctx carrying r, for the stage function of the item.
func WithRecorder(ctx context.Context, r Recorder) context.Context {
	return context.WithValue(ctx, recorderKey{}, r)
}

// RecorderFrom returns the Recorder ctx carries, or nil.
func RecorderFrom(ctx context.Context) Recorder {
	r, _ := ctx.Value(recorderKey{}).(Recorder)
	return r
}

// Item sets the outcome and the given attributes on the item span that
// the Observer opened for ctx. Stage functions call it once per item with
// what only they know: the sample index, candidate key, score. Attributes
// whose key starts with "task." also go on the task's root span. Without
// an item span (tracing off, the item sampled out or over the cap) it does
// nothing and costs a context look-up.
func Item(ctx context.Context, outcome string, kv ...attribute.KeyValue) {
	r := RecorderFrom(ctx)
	if r == nil || !r.Recording() {
		return
	}
	// A copy goes to the interface, so that kv itself does not escape:
	// untraced, Item allocates nothing.
	r.Annotate(outcome, slices.Clone(kv))
}

// Fanin is Item for a stage that keeps one of several items with the same
// key and drops the others, as dedup and inline do: kept is the stage's
// decision for this item. The kept item's span gets a link to each repeat
// dropped in its favour later in the same task (at most the Observer's
// MaxLinks) and the count of all of them; each repeat records the item it
// repeats. The kept span is held open until its task ends so that links
// can still be added, and then ended with the time its work really ended.
func Fanin(ctx context.Context, key string, kept bool, kv ...attribute.KeyValue) {
	r := RecorderFrom(ctx)
	if r == nil {
		return
	}
	r.Fanin(key, kept)
	if !r.Recording() {
		return
	}
	outcome := OutcomeDuplicate
	if kept {
		outcome = OutcomeKept
	}
	r.Annotate(outcome, slices.Clone(kv))
}

// Join is Item for a stage that merges several items into one, as gather
// merges a task's scored samples: the items with the same key are held
// ("held") until the last ("complete"), whose span gets a link to each of
// the others (at most the Observer's MaxLinks) and their count.
func Join(ctx context.Context, key string, last bool, kv ...attribute.KeyValue) {
	r := RecorderFrom(ctx)
	if r == nil {
		return
	}
	r.Join(key, last)
	if !r.Recording() {
		return
	}
	outcome := OutcomeHeld
	if last {
		outcome = OutcomeComplete
	}
	r.Annotate(outcome, slices.Clone(kv))
}

// Tracing reports whether ctx has an item span being recorded, for a stage
// that would otherwise compute attributes for nothing.
func Tracing(ctx context.Context) bool {
	r := RecorderFrom(ctx)
	return r != nil && r.Recording()
}
