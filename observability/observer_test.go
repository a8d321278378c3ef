package observability_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/arcflow/arcflow/arc/sample"
	"github.com/arcflow/arcflow/flow"
	"github.com/arcflow/arcflow/observability"
	"github.com/arcflow/arcflow/observability/annotate"
	"github.com/arcflow/arcflow/stages"
	"github.com/reugn/go-streams"
)

// newProvider returns a Provider that exports to a recorder.
func newProvider(t testing.TB, o observability.Options) (*observability.Provider, *recorder) {
	t.Helper()
	rec := &recorder{}
	o.SpanExporter = rec
	p, err := observability.New(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Shutdown(context.Background()) })
	return p, rec
}

func runStages(t *testing.T, p *observability.Provider, ids ...string) *stages.Result {
	t.Helper()
	res, err := stages.Run(context.Background(), sample.Tasks(ids...), traced(smallConfig(t), p))
	if err != nil {
		t.Fatal(err)
	}
	p.Record(res.Report)
	if err := p.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	return res
}

// TestSpanModel runs the pipeline on tasks it solves and checks the
// traces: their shape, attributes and counts against the run report.
func TestSpanModel(t *testing.T) {
	p, rec := newProvider(t, observability.DefaultOptions())
	res := runStages(t, p, solvable...)
	spans := rec.got()
	sh := checkTraces(t, spans, solvable, observability.DefaultMaxSpansPerTrace, stageNames)

	for _, id := range solvable {
		if sh.outcome[id] != "solved" {
			t.Errorf("task %s: outcome %q, want solved", id, sh.outcome[id])
		}
	}
	// Uncapped and unsampled, every item of every stage has its span.
	for _, st := range stageNames {
		m, _ := res.Report.Stage(st)
		if got := count(spans, st+observability.ItemSuffix); int64(got) != m.In {
			t.Errorf("%d %s item spans, the report says %d items in", got, st, m.In)
		}
	}
	s := p.Stats()
	if s.Exported != int64(len(spans)) || s.Spans != s.Exported || s.Dropped != 0 || s.Capped != 0 || s.Failed != 0 {
		t.Errorf("stats %+v for %d spans received", s, len(spans))
	}
	if s.Traces != int64(len(solvable)) {
		t.Errorf("%d traces counted", s.Traces)
	}

	// Fan-in: each repeat dropped by dedup or inline names the item kept,
	// and the kept one links to it and counts it. The sample tasks make
	// none (the population drops repeats before them); TestFanin makes
	// them on purpose.
	dropped := (mustStage(t, res, "dedup").In - res.Stats.AfterDedup.Load()) +
		(mustStage(t, res, "inline").In - res.Stats.AfterInline.Load())
	if dups, links, named := fanin(spans); dups != dropped || named != dropped || links != dropped {
		t.Errorf("%d repeats dropped; %d counted on kept spans, %d linked, %d name the kept item", dropped, dups, links, named)
	}

	// Gather merges a task's samples into the last: its span links to the
	// others.
	for id, ss := range sh.byTask {
		complete := 0
		for _, sp := range ss {
			if sp.Name != "gather.item" || sp.str("arcflow.outcome") != annotate.OutcomeComplete {
				continue
			}
			complete++
			samples := count(ss, "gather.item")
			if n, _ := sp.Attrs["arcflow.fanin.joined"].(int64); n != int64(samples-1) || len(sp.Links) != samples-1 {
				t.Errorf("task %s: complete gather span joins %d samples with %d links, of %d", id, n, len(sp.Links), samples)
			}
		}
		if complete != 1 {
			t.Errorf("task %s: %d complete gather spans", id, complete)
		}
	}

	// Times nest: items within their stage span, stages within the task.
	byID := map[string]span{}
	for _, sp := range spans {
		byID[sp.ID] = sp
	}
	for _, sp := range spans {
		if par, ok := byID[sp.Parent]; ok && (sp.Start.Before(par.Start) || sp.End.After(par.End)) {
			t.Errorf("%s span [%v, %v] is not within its parent %s [%v, %v]", sp.Name,
				sp.Start.Format(time.StampMicro), sp.End.Format(time.StampMicro), par.Name,
				par.Start.Format(time.StampMicro), par.End.Format(time.StampMicro))
			break
		}
	}
}

func mustStage(t *testing.T, res *stages.Result, name string) flow.Metrics {
	m, ok := res.Report.Stage(name)
	if !ok {
		t.Fatalf("no stage %s in the report", name)
	}
	return m
}

// TestSpanCap: under a small cap every trace stays within it, the spans
// left out are counted, and every stage keeps some item spans.
func TestSpanCap(t *testing.T) {
	o := observability.DefaultOptions()
	o.MaxSpansPerTrace = 40
	p, rec := newProvider(t, o)
	runStages(t, p, solvable...)
	spans := rec.got()
	sh := checkTraces(t, spans, solvable, o.MaxSpansPerTrace, stageNames)
	s := p.Stats()
	if s.Capped == 0 {
		t.Fatal("nothing capped: the tasks make fewer spans than the cap")
	}
	var onRoots int64
	for id, ss := range sh.byTask {
		for _, sp := range ss {
			if sp.Parent == "" {
				onRoots += sp.Attrs["task.spans_over_cap"].(int64)
				if n := sp.Attrs["task.spans"].(int64); n != int64(len(ss)) {
					t.Errorf("task %s: task.spans %d, %d spans received", id, n, len(ss))
				}
			}
		}
		for _, st := range stageNames {
			if count(ss, st+observability.ItemSuffix) == 0 {
				t.Errorf("task %s: no %s item span under the cap", id, st)
			}
		}
	}
	if onRoots != s.Capped {
		t.Errorf("the task spans count %d spans over the cap, the stats %d", onRoots, s.Capped)
	}
}

// TestSampling: the task ratio leaves whole tasks out; the item ratio
// leaves item spans out, the same items at every stage.
func TestSampling(t *testing.T) {
	t.Run("no tasks", func(t *testing.T) {
		o := observability.DefaultOptions()
		o.TaskRatio = 0
		p, rec := newProvider(t, o)
		runStages(t, p, solvable[:2]...)
		if n := len(rec.got()); n != 0 {
			t.Errorf("%d spans with a task ratio of 0", n)
		}
		if s := p.Stats(); s.Untraced != 2 || s.Traces != 0 {
			t.Errorf("stats %+v", s)
		}
	})
	t.Run("no items", func(t *testing.T) {
		o := observability.DefaultOptions()
		o.ItemRatio = 0
		p, rec := newProvider(t, o)
		runStages(t, p, solvable[:2]...)
		spans := rec.got()
		checkTraces(t, spans, solvable[:2], 0, stageNames)
		for _, sp := range spans {
			if sp.str("arcflow.span") == "item" {
				t.Fatalf("item span %s with an item ratio of 0", sp.Name)
			}
		}
		if p.Stats().SampledOut == 0 {
			t.Error("no item span counted as sampled out")
		}
	})
	t.Run("half the items", func(t *testing.T) {
		o := observability.DefaultOptions()
		o.ItemRatio = 0.5
		o.MaxSpansPerTrace = 0
		p, rec := newProvider(t, o)
		runStages(t, p, solvable...)
		spans := rec.got()
		sh := checkTraces(t, spans, solvable, 0, nil)
		s := p.Stats()
		kept := int64(0)
		for _, sp := range spans {
			if sp.str("arcflow.span") == "item" {
				kept++
			}
		}
		if share := float64(kept) / float64(kept+s.SampledOut); share < 0.3 || share > 0.7 {
			t.Errorf("%.2f of the item spans kept with an item ratio of 0.5", share)
		}
		// A candidate keeps its item ID from differs to save: kept at one
		// stage, it is kept at all.
		for id, ss := range sh.byTask {
			at := map[string]map[string]bool{}
			for _, sp := range ss {
				if at[sp.Name] == nil {
					at[sp.Name] = map[string]bool{}
				}
				at[sp.Name][sp.str("arcflow.item.id")] = true
			}
			for item := range at["dedup.item"] {
				if !at["differs.item"][item] {
					t.Errorf("task %s: item %s kept at dedup but not at differs", id, item)
				}
			}
		}
	})
}

// failing is a pipeline of one stage that fails on odd items, and whose
// sink ends each task the way stages.Config.TaskDone does.
func runFailing(t *testing.T, p *observability.Provider, n int) {
	t.Helper()
	obs := p.Observer()
	type job struct {
		id  int
		ctx context.Context
	}
	plan := flow.NewStage("plan", func(ctx context.Context, i int) ([]job, error) {
		annotate.Item(ctx, "planned", annotate.KeyTaskID.String(string(rune('a'+i))),
			annotate.KeyTaskSamples.Int(1), annotate.KeyPopulation.Int(1))
		return []job{{i, ctx}}, nil
	})
	work := flow.NewStage("work", func(ctx context.Context, j job) ([]job, error) {
		if j.id%2 == 1 {
			obs.TaskDone(j.ctx, string(rune('a'+j.id)), 1, false)
			return nil, errors.New("odd input")
		}
		annotate.Item(ctx, "worked")
		return []job{j}, nil
	})
	sink := flow.NewSink("sink", func(ctx context.Context, j job) error {
		defer obs.TaskDone(j.ctx, string(rune('a'+j.id)), 1, true)
		annotate.Item(ctx, "saved")
		return nil
	})
	var ids []int
	for i := range n {
		ids = append(ids, i)
	}
	_, err := flow.Run(context.Background(), flow.FromSeq("tasks", slices.Values(ids)),
		[]streams.Flow{plan, work}, sink, flow.Observe(obs), flow.Logger(quietLog))
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestErrors: a failed item sets the error status on its span, its stage
// span and its task span.
func TestErrors(t *testing.T) {
	p, rec := newProvider(t, observability.DefaultOptions())
	runFailing(t, p, 4)
	spans := rec.got()
	sh := checkTraces(t, spans, []string{"a", "b", "c", "d"}, 0, []string{"plan", "work"})
	for id, ss := range sh.byTask {
		failed := id == "b" || id == "d"
		for _, sp := range ss {
			if sp.Name == "plan" || sp.Name == "plan.item" {
				if sp.Error {
					t.Errorf("task %s: %s failed", id, sp.Name)
				}
				continue
			}
			if sp.Name == "sink" || sp.Name == "sink.item" {
				continue
			}
			if sp.Error != failed {
				t.Errorf("task %s: %s error status %v, want %v", id, sp.Name, sp.Error, failed)
			}
			if failed && sp.Name == "work.item" && (sp.str("arcflow.outcome") != "error" || sp.str("error.message") != "odd input") {
				t.Errorf("task %s: failed item has %v", id, sp.Attrs)
			}
		}
		want := map[bool]string{true: "error", false: "solved"}[failed]
		if sh.outcome[id] != want {
			t.Errorf("task %s: outcome %q, want %q", id, sh.outcome[id], want)
		}
	}
}

// TestUnfinished: a task that never reaches its end is closed, as
// unfinished, when the provider shuts down.
func TestUnfinished(t *testing.T) {
	p, rec := newProvider(t, observability.DefaultOptions())
	obs := p.Observer()
	obs.StageStart("plan")
	ctx := obs.ItemStart(context.Background(), "tasks", "0")
	ictx := obs.ItemStart(ctx, "plan", "0")
	annotate.Item(ictx, "planned", annotate.KeyTaskID.String("t0"),
		annotate.KeyTaskSamples.Int(3), annotate.KeyPopulation.Int(1))
	obs.ItemEnd(ictx, "plan", "0", time.Millisecond, nil)
	if err := p.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	sh := checkTraces(t, rec.got(), []string{"t0"}, 0, []string{"plan"})
	if sh.outcome["t0"] != "unfinished" {
		t.Errorf("outcome %q", sh.outcome["t0"])
	}
}

// TestDisabled: with no endpoint, nothing is recorded or reported.
func TestDisabled(t *testing.T) {
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "")
	t.Setenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "")
	p, err := observability.New(context.Background(), observability.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if p.Enabled() || p.MeterProvider() != nil {
		t.Fatal("enabled without an endpoint")
	}
	runStages(t, p, solvable[0])
	var b strings.Builder
	p.Stats().WriteReport(&b)
	if b.Len() != 0 || p.Stats().Traces != 0 {
		t.Errorf("report %q, stats %+v", b.String(), p.Stats())
	}
}

// TestOptions: bad ratios and caps are refused.
func TestOptions(t *testing.T) {
	for _, o := range []observability.Options{
		{TaskRatio: 1.5, ItemRatio: 1}, {TaskRatio: 1, ItemRatio: -0.1}, {TaskRatio: 1, ItemRatio: 1, MaxSpansPerTrace: -1},
	} {
		if _, err := observability.New(context.Background(), o); err == nil {
			t.Errorf("%+v accepted", o)
		}
	}
}

// fanin adds up the fan-in attributes: repeats counted on kept spans,
// links from them, and repeats that name the item kept.
func fanin(spans []span) (dups, links, named int64) {
	for _, sp := range spans {
		if n, ok := sp.Attrs["arcflow.fanin.duplicates"].(int64); ok {
			dups += n
			links += int64(len(sp.Links))
		}
		if of := sp.str("arcflow.fanin.duplicate_of"); of != "" && of != annotate.DuplicateOfStore {
			named++
		}
	}
	return dups, links, named
}

// TestFanin: a stage keeps the first of each key and drops the repeats.
// The kept span links to at most MaxLinks repeats and counts them all.
func TestFanin(t *testing.T) {
	p, rec := newProvider(t, observability.Options{TaskRatio: 1, ItemRatio: 1, MaxSpansPerTrace: 0})
	obs := p.Observer()
	const n = 400 // key 1 for i%4 == 3 (99 items), key 2 for the last, key 0 for the other 300
	split := flow.NewStage("plan", func(ctx context.Context, task int) ([]int, error) {
		annotate.Item(ctx, "planned", annotate.KeyTaskID.String("t"),
			annotate.KeyTaskSamples.Int(1), annotate.KeyPopulation.Int(n))
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out, nil
	})
	var mu sync.Mutex
	seen := map[int]bool{}
	var left atomic.Int64
	left.Store(n)
	var taskCtx context.Context
	dedup := flow.NewStage("dedup", func(ctx context.Context, i int) ([]int, error) {
		key := 0
		switch {
		case i == n-1:
			key = 2
		case i%4 == 3:
			key = 1
		}
		mu.Lock()
		kept := !seen[key]
		seen[key] = true
		mu.Unlock()
		annotate.Fanin(ctx, strconv.Itoa(key), kept, annotate.KeyCandidateID.Int(i), annotate.KeyScore.Int(1))
		if left.Add(-1) == 0 {
			obs.TaskDone(taskCtx, "t", 1, false)
		}
		if !kept {
			return nil, nil
		}
		return []int{i}, nil
	})
	sink := flow.NewSink("sink", func(ctx context.Context, _ int) error {
		annotate.Item(ctx, "saved")
		return nil
	})
	tasks := flow.FromSeq("tasks", slices.Values([]int{0}))
	_, err := flow.Run(context.Background(), tasks, []streams.Flow{split, captureCtx(&taskCtx), dedup}, sink,
		flow.Observe(obs), flow.Logger(quietLog))
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	spans := rec.got()
	checkTraces(t, spans, []string{"t"}, 0, []string{"plan", "dedup"})
	dups, links, named := fanin(spans)
	if dups != n-3 || named != n-3 || links != observability.MaxLinks+98 {
		t.Errorf("%d repeats counted, %d linked, %d named; want %d, %d, %d", dups, links, named, n-3, observability.MaxLinks+98, n-3)
	}
	for _, sp := range spans {
		if d, ok := sp.Attrs["arcflow.fanin.duplicates"].(int64); ok && d == 300-1 {
			if l := sp.Attrs["arcflow.fanin.links_dropped"].(int64); l != 299-observability.MaxLinks || len(sp.Links) != observability.MaxLinks {
				t.Errorf("kept span of key 0: %d links, %d not linked", len(sp.Links), l)
			}
		}
	}
}

// captureCtx is a pass-through stage that keeps the context of the items
// it sees (the task's, at a stage after the source), for TaskDone.
func captureCtx(dst *context.Context) *flow.Stage[int, int] {
	var once sync.Once
	return flow.NewStage("capture", func(ctx context.Context, i int) ([]int, error) {
		once.Do(func() { *dst = ctx })
		annotate.Item(ctx, "passed")
		return []int{i}, nil
	})
}

// TestStoreRepeats: a second run over the same store finds every program
// stored already; inline drops them as repeats of the store.
func TestStoreRepeats(t *testing.T) {
	cfg := smallConfig(t)
	ids := solvable[:2]
	if _, err := stages.Run(context.Background(), sample.Tasks(ids...), cfg); err != nil {
		t.Fatal(err)
	}
	p, rec := newProvider(t, observability.DefaultOptions())
	res, err := stages.Run(context.Background(), sample.Tasks(ids...), traced(cfg, p))
	if err != nil {
		t.Fatal(err)
	}
	p.Shutdown(context.Background())
	spans := rec.got()
	checkTraces(t, spans, ids, observability.DefaultMaxSpansPerTrace, []string{"plan", "score", "gather", "differs", "dedup", "inline"})
	repeats := 0
	for _, sp := range spans {
		if sp.Name == "inline.item" && sp.str("arcflow.outcome") == annotate.OutcomeDuplicate {
			repeats++
			if sp.str("arcflow.fanin.duplicate_of") != annotate.DuplicateOfStore {
				t.Errorf("inline repeat with duplicate_of %q", sp.str("arcflow.fanin.duplicate_of"))
			}
		}
	}
	if m := mustStage(t, res, "inline"); repeats == 0 || int64(repeats) != m.In-res.Stats.AfterInline.Load() {
		t.Errorf("%d inline spans say repeat; inline dropped %d", repeats, m.In-res.Stats.AfterInline.Load())
	}
}
