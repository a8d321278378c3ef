package observability

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/arcflow/arcflow/flow"
	"github.com/arcflow/arcflow/observability/annotate"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// Span names: the root span of a task, and per stage the stage span
// (named after the stage) and the item spans (the stage's name + ".item").
const (
	SpanTask   = "task"
	ItemSuffix = ".item"
)

// Observer turns the events of a flow run into one trace per task: a root
// span "task", a span per stage under it, and a span per item under the
// stage span. It is a flow.Observer; the task's end comes from TaskDone.
// With tracing off it records no span, and with metrics off no metric.
type Observer struct {
	tracer  trace.Tracer
	tracing bool
	source  string // the source whose items are tasks
	runID   string
	limit   int // most spans per trace; 0 for no limit
	metrics *meters

	nStages atomic.Int32 // stages seen by StageStart, the source not counted

	mu   sync.Mutex
	seen map[string]bool
	open map[*taskTrace]struct{}

	traces     atomic.Int64 // task traces recorded
	untraced   atomic.Int64 // tasks the task ratio left out
	capped     atomic.Int64 // item spans not recorded because of the cap
	sampledOut atomic.Int64 // item spans the item ratio left out
}

var _ flow.Observer = (*Observer)(nil)

type taskKey struct{}

// taskTrace is the trace of one task in flight. Its context is the one
// the source item carries, so every stage finds it.
type taskTrace struct {
	o    *Observer
	root trace.Span
	ctx  context.Context // holds root

	mu       sync.Mutex
	stages   []*stageSpan
	spans    int // spans recorded, root included
	capped   int
	inflight int // items begun and not yet ended
	errs     int
	done     bool // TaskDone was called
	finished bool // the spans are ended
	doneAt   time.Time
	solved   bool
	fans     map[fanKey]*itemRec
	held     []*itemRec // kept fan-in items, ended with the task
	joins    map[fanKey]*joinSet
}

// joinSet is the items held so far for a Join.
type joinSet struct {
	n     int
	spans []trace.SpanContext // at most MaxLinks
}

type stageSpan struct {
	name     string
	span     trace.Span
	ctx      context.Context
	used     int // item spans recorded
	capped   int
	items    int
	errs     int
	busy     time.Duration
	last     time.Time // the latest end of an item
	inflight int
}

type fanKey struct{ stage, key string }

// itemRec is one item at one stage: what ItemEnd and the annotate calls need.
type itemRec struct {
	t     *taskTrace
	ss    *stageSpan
	id    string
	span  trace.Span // nil when not recorded
	start time.Time
	end   time.Time

	// fan-in, guarded by t.mu
	hold    bool
	dups    int
	linked  int
	dropped int
}

// StageStart counts the stages, to share the span cap among them.
func (o *Observer) StageStart(stage string) {
	if stage == o.source {
		return
	}
	o.mu.Lock()
	if !o.seen[stage] {
		o.seen[stage] = true
		o.nStages.Add(1)
	}
	o.mu.Unlock()
}

// StageEnd exports the stage's final metrics.
func (o *Observer) StageEnd(stage string, m flow.Metrics) {
	if o.metrics != nil {
		o.metrics.set(m)
	}
}

// ItemStart opens a task's root span at the source, and an item span under
// the stage's span at a stage.
func (o *Observer) ItemStart(ctx context.Context, stage, id string) context.Context {
	if !o.tracing {
		return ctx
	}
	if stage == o.source {
		return o.startTask(ctx, id)
	}
	t, _ := ctx.Value(taskKey{}).(*taskTrace)
	if t == nil {
		return ctx
	}
	t.mu.Lock()
	if t.finished {
		t.mu.Unlock()
		return ctx
	}
	// The clock is read under the lock: read before it, a worker that
	// waited for the lock could start its item before the stage span that
	// another worker, later on the clock but first to lock, opened
	// (TestSpanModel saw it once in a few runs of the whole suite).
	now := time.Now()
	ss := t.stage(stage, now)
	ss.inflight++
	t.inflight++
	ok := t.admit(ss)
	if ok {
		ss.used++
		t.spans++
	} else {
		ss.capped++
		t.capped++
	}
	t.mu.Unlock()

	r := &itemRec{t: t, ss: ss, id: id, start: now}
	if ok {
		_, sp := o.tracer.Start(ss.ctx, stage+ItemSuffix, trace.WithTimestamp(now),
			trace.WithAttributes(annotate.KeySpan.String("item"), annotate.KeyStage.String(stage), annotate.KeyItemID.String(id)))
		if sp.IsRecording() {
			r.span = sp
		} else {
			o.sampledOut.Add(1)
			t.mu.Lock()
			ss.used--
			t.spans--
			t.mu.Unlock()
		}
	} else {
		o.capped.Add(1)
	}
	ctx = annotate.WithRecorder(ctx, r)
	if r.span != nil {
		return trace.ContextWithSpan(ctx, r.span)
	}
	// Nothing recorded: leave no recording span in ctx for the stage
	// function to write to by mistake.
	return trace.ContextWithSpanContext(ctx, ss.span.SpanContext())
}

func (o *Observer) startTask(ctx context.Context, id string) context.Context {
	ctx, root := o.tracer.Start(ctx, SpanTask, trace.WithNewRoot(),
		trace.WithAttributes(annotate.KeySpan.String("task"), annotate.KeyRunID.String(o.runID), annotate.KeyItemID.String(id)))
	if !root.IsRecording() {
		o.untraced.Add(1)
		return ctx
	}
	o.traces.Add(1)
	t := &taskTrace{o: o, root: root, ctx: ctx, spans: 1}
	o.mu.Lock()
	o.open[t] = struct{}{}
	o.mu.Unlock()
	return context.WithValue(ctx, taskKey{}, t)
}

// stage returns the task's span for a stage, opening it at now if need be.
func (t *taskTrace) stage(name string, now time.Time) *stageSpan {
	for _, s := range t.stages {
		if s.name == name {
			return s
		}
	}
	ctx, sp := t.o.tracer.Start(t.ctx, name, trace.WithTimestamp(now),
		trace.WithAttributes(annotate.KeySpan.String("stage"), annotate.KeyStage.String(name)))
	s := &stageSpan{name: name, span: sp, ctx: ctx}
	t.stages = append(t.stages, s)
	t.spans++
	return s
}

// stageReserve is the most item spans of each stage that the cap keeps
// room for: late stages (validate, save) keep some spans even when early
// ones (differs, with a task's every candidate) would fill the trace.
const stageReserve = 16

// admit reports whether one more item span of stage s fits under the cap.
// The items' part of the cap (the cap less the root and stage spans) is
// first come, first served, except for a reserve per stage of
// min(stageReserve, part/stages) spans that only that stage may use.
// The sum over stages of max(used, reserve) never passes the items' part,
// so neither does the trace.
func (t *taskTrace) admit(s *stageSpan) bool {
	limit := t.o.limit
	if limit <= 0 {
		return true
	}
	n := max(int(t.o.nStages.Load()), len(t.stages), 1)
	budget := limit - 1 - n
	if budget <= 0 {
		return false
	}
	reserve := min(budget/n, stageReserve)
	if s.used < reserve {
		return true
	}
	claimed := (n - len(t.stages)) * reserve
	for _, x := range t.stages {
		claimed += max(x.used, reserve)
	}
	return claimed < budget
}

// ItemEnd ends the item's span, and the task's trace if the task is done
// and this was its last item in flight.
func (o *Observer) ItemEnd(ctx context.Context, stage, id string, elapsed time.Duration, err error) {
	if o.metrics != nil && id != "" { // "" is a stage's OnClose call, no item
		o.metrics.item(ctx, stage, elapsed, err)
	}
	if !o.tracing {
		return
	}
	if stage == o.source {
		if t, _ := ctx.Value(taskKey{}).(*taskTrace); t != nil {
			t.root.SetAttributes(annotate.KeyTaskReadMS.Float64(float64(elapsed) / 1e6))
		}
		return
	}
	r, _ := annotate.RecorderFrom(ctx).(*itemRec)
	if r == nil {
		return
	}
	t := r.t
	r.end = r.start.Add(elapsed)
	if r.span != nil && err != nil {
		r.span.RecordError(err)
		r.span.SetStatus(codes.Error, err.Error())
		r.span.SetAttributes(annotate.KeyOutcome.String(annotate.OutcomeError), annotate.KeyErrorMessage.String(err.Error()))
	}
	t.mu.Lock()
	hold := r.hold && !t.finished
	ss := r.ss
	ss.inflight--
	t.inflight--
	ss.items++
	ss.busy += elapsed
	if err != nil {
		ss.errs++
		t.errs++
	}
	if r.end.After(ss.last) {
		ss.last = r.end
	}
	fin := t.done && t.inflight == 0 && !t.finished
	if fin {
		t.finished = true
	}
	t.mu.Unlock()
	if r.span != nil && !hold {
		r.span.End(trace.WithTimestamp(r.end))
	}
	if fin {
		t.finish()
	}
}

// TaskDone ends the task's trace: at once if none of its items is in
// flight, else when the last one ends. ctx is any context of the task's
// items (stages.Job's Ctx); samples is the task's sample count, solved
// whether a program exact on all of them was stored.
func (o *Observer) TaskDone(ctx context.Context, id string, samples int, solved bool) {
	t, _ := ctx.Value(taskKey{}).(*taskTrace)
	if t == nil {
		return
	}
	t.root.SetAttributes(annotate.KeyTaskID.String(id), annotate.KeyTaskSamples.Int(samples))
	t.mu.Lock()
	if t.done || t.finished {
		t.mu.Unlock()
		return
	}
	t.done = true
	t.doneAt = time.Now()
	t.solved = solved
	fin := t.inflight == 0
	if fin {
		t.finished = true
	}
	t.mu.Unlock()
	if fin {
		t.finish()
	}
}

// fanin records a fan-in decision of item r (see Fanin).
func (t *taskTrace) fanin(r *itemRec, key string, kept bool) {
	k := fanKey{r.ss.name, key}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.fans == nil {
		t.fans = map[fanKey]*itemRec{}
	}
	if kept {
		if _, dup := t.fans[k]; !dup {
			t.fans[k] = r
			if r.span != nil {
				r.hold = true
				t.held = append(t.held, r)
			}
		}
		return
	}
	first := t.fans[k]
	if first == nil {
		// A repeat of nothing in this run: of a program an earlier run
		// stored, which inline drops too. No span to link to.
		if r.span != nil {
			r.span.SetAttributes(annotate.KeyDuplicateOf.String(annotate.DuplicateOfStore))
		}
		return
	}
	first.dups++
	if r.span != nil {
		r.span.SetAttributes(annotate.KeyDuplicateOf.String(first.id))
	}
	if first.span == nil || r.span == nil || first.linked >= MaxLinks {
		first.dropped++
		return
	}
	first.linked++
	first.span.AddLink(trace.Link{SpanContext: r.span.SpanContext()})
}

// join records an item of a Join (see Join).
func (t *taskTrace) join(r *itemRec, key string, last bool) {
	k := fanKey{r.ss.name, key}
	t.mu.Lock()
	if t.joins == nil {
		t.joins = map[fanKey]*joinSet{}
	}
	js := t.joins[k]
	if js == nil {
		js = &joinSet{}
		t.joins[k] = js
	}
	if !last {
		js.n++
		if r.span != nil && len(js.spans) < MaxLinks {
			js.spans = append(js.spans, r.span.SpanContext())
		}
		t.mu.Unlock()
		return
	}
	delete(t.joins, k)
	t.mu.Unlock()
	if r.span == nil {
		return
	}
	for _, sc := range js.spans {
		r.span.AddLink(trace.Link{SpanContext: sc})
	}
	r.span.SetAttributes(annotate.KeyJoined.Int(js.n), annotate.KeyLinksDropped.Int(js.n-len(js.spans)))
}

// finish ends what is still open of the trace: the held fan-in items, the
// stage spans at the end of their last item, and the root.
func (t *taskTrace) finish() {
	o := t.o
	t.mu.Lock()
	now := time.Now()
	var outcome string
	switch {
	case !t.done:
		outcome = "unfinished"
	case t.solved:
		outcome = "solved"
	case t.errs > 0:
		outcome = "error"
	default:
		outcome = "unsolved"
	}
	last := t.doneAt
	for _, r := range t.held {
		r.span.SetAttributes(annotate.KeyDuplicates.Int(r.dups), annotate.KeyLinksDropped.Int(r.dropped))
		end := r.end
		if end.IsZero() {
			end = now
		}
		r.span.End(trace.WithTimestamp(end))
	}
	for _, s := range t.stages {
		s.span.SetAttributes(annotate.KeyStageItems.Int(s.items), annotate.KeyStageErrors.Int(s.errs),
			annotate.KeyStageBusyMS.Float64(float64(s.busy)/1e6), annotate.KeyStageCapped.Int(s.capped))
		if s.errs > 0 {
			s.span.SetStatus(codes.Error, plural(s.errs, "item")+" failed")
		}
		end := s.last
		if end.IsZero() || s.inflight > 0 {
			end = now
		}
		if end.After(last) {
			last = end
		}
		s.span.End(trace.WithTimestamp(end))
	}
	if last.IsZero() {
		last = now
	}
	attrs := []attribute.KeyValue{annotate.KeyTaskOutcome.String(outcome), annotate.KeyTaskSpans.Int(t.spans), annotate.KeyTaskCapped.Int(t.capped)}
	errs := t.errs
	t.held, t.fans, t.joins = nil, nil, nil
	t.mu.Unlock()

	t.root.SetAttributes(attrs...)
	if errs > 0 {
		t.root.SetStatus(codes.Error, plural(errs, "item")+" failed")
	}
	t.root.End(trace.WithTimestamp(last))
	o.mu.Lock()
	delete(o.open, t)
	o.mu.Unlock()
}

// closeAll ends the traces of tasks that never reached TaskDone, as
// "unfinished": those of a run cut short.
func (o *Observer) closeAll() {
	o.mu.Lock()
	var ts []*taskTrace
	for t := range o.open {
		ts = append(ts, t)
	}
	o.mu.Unlock()
	for _, t := range ts {
		t.mu.Lock()
		fin := !t.finished
		t.finished = true
		t.mu.Unlock()
		if fin {
			t.finish()
		}
	}
}

func plural(n int, what string) string {
	s := strconv.Itoa(n) + " " + what
	if n != 1 {
		s += "s"
	}
	return s
}
