package observability_test

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/arcflow/arcflow/arc/search"
	"github.com/arcflow/arcflow/arc/search/enum"
	"github.com/arcflow/arcflow/arc/synth"
	"github.com/arcflow/arcflow/observability"
	"github.com/arcflow/arcflow/stages"
	"github.com/arcflow/arcflow/store"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

var quietLog = slog.New(slog.DiscardHandler)

// Tasks of the embedded sample that enumeration solves: every stage sees
// items, dedup and inline drop repeats.
var solvable = []string{"67a3c6ac", "68b16354", "74dd1130"}

// The stages in pipeline order.
var stageNames = []string{"synth", "plan", "score", "gather", "differs", "dedup", "inline", "validate", "save"}

// smallConfig is a pipeline configuration that runs a few sample tasks in
// about a second.
func smallConfig(t testing.TB) stages.Config {
	st, err := store.Open(t.TempDir(), store.DefaultLimit)
	if err != nil {
		t.Fatal(err)
	}
	enumOpt := enum.DefaultOptions()
	enumOpt.MaxStates = 300
	return stages.Config{
		Seeds: search.DefaultSeeds().Programs, Mutants: 40, Seed: 1, Rates: search.DefaultRates(),
		Enum: enumOpt, Store: st, Catalog: st, Top: 256, Timeout: 2 * time.Second,
		Synth: synth.Options{MaxTime: 100 * time.Millisecond, MaxCost: 2},
	}
}

// traced wires p into cfg as arcflow run does.
func traced(cfg stages.Config, p *observability.Provider) stages.Config {
	obs := p.Observer()
	cfg.Observer = obs
	cfg.TaskDone = func(j *stages.Job) { obs.TaskDone(j.Ctx, j.Task.ID, len(j.Samples), j.Solved()) }
	return cfg
}

// recorder is a span exporter that keeps what it is given, even after
// Shutdown (tracetest's InMemoryExporter forgets it then).
type recorder struct {
	mu    sync.Mutex
	spans tracetest.SpanStubs
	delay time.Duration // per export, to play a slow endpoint
}

func (r *recorder) ExportSpans(_ context.Context, spans []sdktrace.ReadOnlySpan) error {
	if r.delay > 0 {
		time.Sleep(r.delay)
	}
	r.mu.Lock()
	r.spans = append(r.spans, tracetest.SpanStubsFromReadOnlySpans(spans)...)
	r.mu.Unlock()
	return nil
}

func (*recorder) Shutdown(context.Context) error { return nil }

func (r *recorder) got() []span {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]span, len(r.spans))
	for i, s := range r.spans {
		out[i] = fromStub(s)
	}
	return out
}

// span is the part of a span the checks look at, from the SDK or from
// Jaeger's API alike.
type span struct {
	Trace, ID, Parent string
	Name              string
	Attrs             map[string]any
	Links             []string // IDs of linked spans
	Error             bool
	Start, End        time.Time
}

func (s span) str(key string) string {
	v, _ := s.Attrs[key]
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

func fromStub(s tracetest.SpanStub) span {
	out := span{
		Trace: s.SpanContext.TraceID().String(), ID: s.SpanContext.SpanID().String(),
		Name: s.Name, Attrs: map[string]any{}, Error: s.Status.Code == codes.Error,
		Start: s.StartTime, End: s.EndTime,
	}
	if s.Parent.IsValid() {
		out.Parent = s.Parent.SpanID().String()
	}
	for _, a := range s.Attributes {
		out.Attrs[string(a.Key)] = a.Value.AsInterface()
	}
	for _, l := range s.Links {
		out.Links = append(out.Links, l.SpanContext.SpanID().String())
	}
	return out
}

// What each stage's item spans must carry besides the item ID and outcome.
var itemAttrs = map[string][]string{
	"synth":    {"task.id", "arcflow.synth.states", "arcflow.synth.found"},
	"plan":     {"task.id", "task.samples", "arcflow.population"},
	"score":    {"arcflow.sample", "arcflow.candidates", "arcflow.node_evals"},
	"gather":   {"arcflow.sample"},
	"differs":  {"arcflow.candidate.id", "arcflow.score", "arcflow.kind"},
	"dedup":    {"arcflow.candidate.id", "arcflow.score"},
	"inline":   {"arcflow.candidate.id", "arcflow.candidate.key", "arcflow.score"},
	"validate": {"arcflow.candidate.key", "arcflow.score"},
	"save":     {"arcflow.candidate.key", "arcflow.score"},
}

// shape is what checkTraces found, for further checks.
type shape struct {
	byTask  map[string][]span // task ID → its trace's spans
	links   int
	outcome map[string]string // task ID → task.outcome
}

// checkTraces checks the span model on the spans of one run: one trace
// per task with one root "task" span; stage spans under the root, one per
// stage; item spans under the span of their stage; the attributes
// present; no span without its parent in the trace; links to spans of the
// trace; at most limit spans per trace (0: no limit). wantStages are
// stages every trace must have.
func checkTraces(t *testing.T, spans []span, tasks []string, limit int, wantStages []string) shape {
	t.Helper()
	traces := map[string][]span{}
	for _, s := range spans {
		traces[s.Trace] = append(traces[s.Trace], s)
	}
	sh := shape{byTask: map[string][]span{}, outcome: map[string]string{}}
	var errs []string
	fail := func(format string, args ...any) {
		if len(errs) < 20 {
			errs = append(errs, fmt.Sprintf(format, args...))
		}
	}
	for tid, ss := range traces {
		byID := map[string]span{}
		for _, s := range ss {
			byID[s.ID] = s
		}
		var roots []span
		stageSpan := map[string]span{}
		for _, s := range ss {
			if s.Parent == "" {
				roots = append(roots, s)
				continue
			}
			p, ok := byID[s.Parent]
			if !ok {
				fail("trace %s: span %s %q is orphaned: parent %s is not in the trace", tid, s.ID, s.Name, s.Parent)
				continue
			}
			switch s.str("arcflow.span") {
			case "stage":
				if p.Parent != "" || p.Name != observability.SpanTask {
					fail("trace %s: stage span %q is under %q, not the task span", tid, s.Name, p.Name)
				}
				if s.str("arcflow.stage") != s.Name {
					fail("trace %s: stage span %q has arcflow.stage=%q", tid, s.Name, s.str("arcflow.stage"))
				}
				if _, dup := stageSpan[s.Name]; dup {
					fail("trace %s: two stage spans %q", tid, s.Name)
				}
				stageSpan[s.Name] = s
			case "item":
				if p.str("arcflow.span") != "stage" || s.Name != p.Name+observability.ItemSuffix {
					fail("trace %s: item span %q is under %q (kind %q)", tid, s.Name, p.Name, p.str("arcflow.span"))
				}
				for _, k := range append([]string{"arcflow.item.id", "arcflow.outcome"}, itemAttrs[p.Name]...) {
					if _, ok := s.Attrs[k]; !ok && s.str("arcflow.outcome") != "error" {
						fail("trace %s: %s span %s lacks %s (has %v)", tid, s.Name, s.ID, k, s.Attrs)
					}
				}
				if s.Error && s.str("arcflow.outcome") != "error" {
					fail("trace %s: failed %s span %s has outcome %q", tid, s.Name, s.ID, s.str("arcflow.outcome"))
				}
			default:
				fail("trace %s: span %q has arcflow.span=%q", tid, s.Name, s.str("arcflow.span"))
			}
			for _, l := range s.Links {
				sh.links++
				if _, ok := byID[l]; !ok {
					fail("trace %s: span %q links to %s, not in the trace", tid, s.Name, l)
				}
			}
		}
		if len(roots) != 1 {
			fail("trace %s: %d root spans", tid, len(roots))
			continue
		}
		root := roots[0]
		if root.Name != observability.SpanTask || root.str("arcflow.span") != "task" {
			fail("trace %s: root span %q (kind %q)", tid, root.Name, root.str("arcflow.span"))
		}
		for _, k := range []string{"task.id", "task.samples", "task.outcome", "arcflow.run.id"} {
			if _, ok := root.Attrs[k]; !ok {
				fail("trace %s: task span lacks %s", tid, k)
			}
		}
		id := root.str("task.id")
		if _, dup := sh.byTask[id]; dup {
			fail("task %s has two traces", id)
		}
		sh.byTask[id] = ss
		sh.outcome[id] = root.str("task.outcome")
		if limit > 0 && len(ss) > limit {
			fail("task %s: %d spans, more than the cap of %d", id, len(ss), limit)
		}
		for _, st := range wantStages {
			if _, ok := stageSpan[st]; !ok {
				fail("task %s: no %s stage span", id, st)
			}
		}
	}
	got := slices.Sorted(func(yield func(string) bool) {
		for id := range sh.byTask {
			if !yield(id) {
				return
			}
		}
	})
	want := slices.Clone(tasks)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		fail("traces of tasks %v, want one for each of %v", got, want)
	}
	if len(errs) > 0 {
		t.Errorf("%d problems with the traces:\n%s", len(errs), strings.Join(errs, "\n"))
	}
	return sh
}

// count returns the spans of ss with the given name.
func count(ss []span, name string) int {
	n := 0
	for _, s := range ss {
		if s.Name == name {
			n++
		}
	}
	return n
}
