package flow

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reugn/go-streams"
	"github.com/reugn/go-streams/extension"
	gsflow "github.com/reugn/go-streams/flow"
	"go.uber.org/goleak"
)

// quiet keeps expected failures out of the test log.
var quiet = Logger(slog.New(slog.DiscardHandler))

// failures returns a Logger option that keeps the StageErrors Run logs, and
// passes its records on to next if next is not nil, and a function that
// returns them.
func failures(next slog.Handler) (Option, func() []*StageError) {
	h := &failureLog{next: next}
	return Logger(slog.New(h)), func() []*StageError {
		h.mu.Lock()
		defer h.mu.Unlock()
		return slices.Clone(h.errs)
	}
}

// failureLog turns the log records of failed items back into StageErrors.
type failureLog struct {
	next slog.Handler
	mu   sync.Mutex
	errs []*StageError
}

func (h *failureLog) Enabled(context.Context, slog.Level) bool { return true }

func (h *failureLog) Handle(ctx context.Context, r slog.Record) error {
	if r.Message == "flow: item failed" || r.Message == "flow: stage panicked" {
		e := &StageError{Panic: r.Level == slog.LevelError}
		r.Attrs(func(a slog.Attr) bool {
			switch a.Key {
			case "stage":
				e.Stage = a.Value.String()
			case "item":
				e.ItemID = a.Value.String()
			case "err":
				e.Err, _ = a.Value.Any().(error)
			}
			return true
		})
		h.mu.Lock()
		h.errs = append(h.errs, e)
		h.mu.Unlock()
	}
	if h.next != nil && h.next.Enabled(ctx, r.Level) {
		return h.next.Handle(ctx, r)
	}
	return nil
}

func (h *failureLog) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *failureLog) WithGroup(string) slog.Handler      { return h }

// collector returns a sink that keeps what it gets, and a function that
// returns it.
func collector[T any](name string, opts ...StageOption) (*Sink[T], func() []T) {
	var mu sync.Mutex
	var got []T
	s := NewSink(name, func(_ context.Context, v T) error {
		mu.Lock()
		got = append(got, v)
		mu.Unlock()
		return nil
	}, opts...)
	return s, func() []T {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(got)
	}
}

func add(k int) Func[int, int] {
	return func(_ context.Context, v int) ([]int, error) { return []int{v + k}, nil }
}

// jitter sleeps for up to d, at random, to shuffle the workers' finishing
// order.
func jitter(d time.Duration) {
	if n := rand.Int64N(int64(d)); n > int64(d)/2 {
		time.Sleep(time.Duration(n))
	}
}

// TestRunSynthetic runs pipelines of 3 to 6 stages with random delays and
// worker counts and checks that every item arrives once.
func TestRunSynthetic(t *testing.T) {
	for _, stages := range []int{3, 4, 5, 6} {
		t.Run(fmt.Sprintf("stages=%d", stages), func(t *testing.T) {
			const items = 2000
			var flows []streams.Flow
			for i := range stages {
				opts := []StageOption{Workers(1 + rand.IntN(4))}
				delayed := i%2 == 1
				flows = append(flows, NewStage(fmt.Sprint("s", i), func(_ context.Context, v int) ([]int, error) {
					if delayed {
						jitter(40 * time.Microsecond)
					}
					return []int{v + 1}, nil
				}, opts...))
			}
			sink, got := collector[int]("sink")
			rep, err := Run(context.Background(), FromSeq("src", count(items)), flows, sink, quiet)
			if err != nil {
				t.Fatal(err)
			}
			out := got()
			slices.Sort(out)
			for i, v := range out {
				if v != i+stages {
					t.Fatalf("item %d is %d, want %d", i, v, i+stages)
				}
			}
			if len(out) != items {
				t.Fatalf("got %d items, want %d", len(out), items)
			}
			for _, m := range rep.Stages {
				if m.Errors != 0 || (m.Kind != "source" && m.In != items) {
					t.Errorf("%s: in %d errors %d, want %d and 0", m.Stage, m.In, m.Errors, items)
				}
			}
		})
	}
}

// TestRunMillion pushes a million items through five stages.
func TestRunMillion(t *testing.T) {
	if testing.Short() {
		t.Skip("a million items")
	}
	const items = 1_000_000
	double := func(_ context.Context, v int) ([]int, error) { return []int{2 * v}, nil }
	var sum atomic.Int64
	sink := NewSink("sum", func(_ context.Context, v int) error { sum.Add(int64(v)); return nil }, Workers(2))
	rep, err := Run(context.Background(), FromSeq("ints", count(items)), []streams.Flow{
		NewStage("a", add(1), Workers(2)),
		NewStage("b", double, Workers(3)),
		NewStage("c", add(-2)),
		NewStage("d", add(1), Workers(2)),
	}, sink, quiet)
	if err != nil {
		t.Fatal(err)
	}
	// Each item becomes 2(v+1)-2+1 = 2v+1; the sum is items².
	if want := int64(items) * items; sum.Load() != want {
		t.Fatalf("sum %d, want %d", sum.Load(), want)
	}
	for _, m := range rep.Stages {
		if m.Kind != "source" && (m.In != items || m.Out != items) {
			t.Errorf("%s: in %d out %d, want %d", m.Stage, m.In, m.Out, items)
		}
	}
}

// endless yields 0, 1, 2, ... until its consumer stops.
func endless(yield func(int) bool) {
	for i := 0; yield(i); i++ {
	}
}

// TestRunCancel cancels runs midstream: Run must return the context's
// error promptly and leave no goroutine behind, whether stages are busy,
// blocked on a full downstream, waiting on their context, or separated by
// a go-streams operator.
func TestRunCancel(t *testing.T) {
	slowSink := func() streams.Sink {
		return NewSink("sink", func(ctx context.Context, v int) error {
			time.Sleep(100 * time.Microsecond)
			return nil
		})
	}
	for _, tc := range []struct {
		name  string
		flows func() []streams.Flow
		sink  func() streams.Sink
		opts  []Option
	}{
		{"busy", func() []streams.Flow {
			return []streams.Flow{NewStage("a", add(1), Workers(3)), NewStage("b", add(1))}
		}, slowSink, nil},
		{"jittery", func() []streams.Flow {
			return []streams.Flow{NewStage("a", func(_ context.Context, v int) ([]int, error) {
				jitter(50 * time.Microsecond)
				return []int{v}, nil
			}, Workers(4))}
		}, slowSink, nil},
		{"waiting on ctx", func() []streams.Flow {
			return []streams.Flow{NewStage("a", func(ctx context.Context, v int) ([]int, error) {
				if v == 100 {
					<-ctx.Done()
					return nil, ctx.Err()
				}
				return []int{v}, nil
			}, Workers(2))}
		}, slowSink, nil},
		{"go-streams between", func() []streams.Flow {
			return []streams.Flow{
				NewStage("a", add(1), Workers(2)),
				gsflow.NewMap(func(v int) int { return v }, 1),
				NewStage("b", add(1)),
			}
		}, slowSink, nil},
		{"go-streams sink", func() []streams.Flow {
			return []streams.Flow{NewStage("a", add(1))}
		}, func() streams.Sink { return extension.NewIgnoreSink() }, nil},
		{"adaptive", func() []streams.Flow {
			return []streams.Flow{NewStage("a", add(1)), NewStage("b", add(1))}
		}, slowSink, []Option{Adaptive(16)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(30*time.Millisecond, cancel)
			start := time.Now()
			rep, err := Run(ctx, FromSeq("endless", endless), tc.flows(), tc.sink(), append(tc.opts, quiet)...)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled", err)
			}
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("Run took %v after cancel", d)
			}
			if rep == nil || len(rep.Stages) == 0 {
				t.Fatal("no report from a cancelled run")
			}
			if m := rep.Stages[0]; m.Out == 0 {
				t.Errorf("source sent nothing before the cancel: %+v", m)
			}
		})
	}
}

// TestRunCancelledBeforeStart gives Run a context that is already done.
func TestRunCancelledBeforeStart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Run(ctx, FromSeq("endless", endless), []streams.Flow{NewStage("a", add(1))}, NewSink("sink", func(context.Context, int) error { return nil }), quiet)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

// TestRunErrors checks that failures and panics become StageErrors naming
// the stage and the item, are counted and logged, and that the stream goes
// on.
func TestRunErrors(t *testing.T) {
	var logs strings.Builder
	var logMu sync.Mutex
	logger, failed := failures(slog.NewTextHandler(writerFunc(func(p []byte) (int, error) {
		logMu.Lock()
		defer logMu.Unlock()
		return logs.Write(p)
	}), nil))
	boom := errors.New("boom")
	check := NewStage("check", func(_ context.Context, v int) ([]int, error) {
		switch v {
		case 3:
			return nil, boom
		case 7:
			panic("seven")
		case 9:
			var m map[string]int
			m["x"] = 1 // a runtime error
		}
		return []int{v}, nil
	}, Workers(3))
	sink, got := collector[int]("sink")
	rep, err := Run(context.Background(), FromSeq("src", count(20)), []streams.Flow{check}, sink,
		logger)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(got()); n != 17 {
		t.Errorf("sink got %d items, want 17", n)
	}
	errs := failed()
	slices.SortFunc(errs, func(a, b *StageError) int { return strings.Compare(a.ItemID, b.ItemID) })
	if len(errs) != 3 {
		t.Fatalf("logged %d errors, want 3: %v", len(errs), errs)
	}
	for i, want := range []struct {
		id    string
		panic bool
		text  string
	}{{"3", false, "boom"}, {"7", true, "panic: seven"}, {"9", true, "assignment to entry in nil map"}} {
		e := errs[i]
		if e.Stage != "check" || e.ItemID != want.id || e.Panic != want.panic || !strings.Contains(e.Error(), want.text) {
			t.Errorf("error %d = %+v (%v), want stage check item %s panic %v %q", i, e, e, want.id, want.panic, want.text)
		}
	}
	if !errors.Is(errs[0], boom) {
		t.Error("StageError does not unwrap to the stage's error")
	}
	if m, _ := rep.Stage("check"); m.In != 20 || m.Out != 17 || m.Errors != 3 {
		t.Errorf("check metrics in %d out %d errors %d, want 20 17 3", m.In, m.Out, m.Errors)
	}
	logMu.Lock()
	defer logMu.Unlock()
	for _, want := range []string{"item=3", "item=7", "stage=check", "stack=", "level=ERROR", "level=WARN"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// TestRunFailFast checks that under FailFast the first error ends the run
// and is what Run returns.
func TestRunFailFast(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	var sunk atomic.Int64
	failing := NewStage("failing", func(_ context.Context, v int) ([]int, error) {
		if v == 500 {
			return nil, fmt.Errorf("bad item")
		}
		return []int{v}, nil
	}, Workers(2))
	sink := NewSink("sink", func(context.Context, int) error { sunk.Add(1); return nil })
	rep, err := Run(context.Background(), FromSeq("endless", endless), []streams.Flow{failing}, sink, FailFast(), quiet)
	var se *StageError
	if !errors.As(err, &se) || se.Stage != "failing" || se.ItemID != "500" {
		t.Fatalf("err = %v, want the StageError of failing item 500", err)
	}
	if m, _ := rep.Stage("failing"); m.Errors != 1 {
		t.Errorf("failing counted %d errors, want 1", m.Errors)
	}
	if sunk.Load() >= 1_000_000 {
		t.Errorf("sink consumed %d items after the error", sunk.Load())
	}
}

// TestRunNoFlows joins a source straight to a sink, for flow and
// go-streams sources.
func TestRunNoFlows(t *testing.T) {
	sink, got := collector[int]("sink")
	if _, err := Run(context.Background(), FromSeq("src", count(100)), nil, sink, quiet); err != nil {
		t.Fatal(err)
	}
	if n := len(got()); n != 100 {
		t.Errorf("got %d items, want 100", n)
	}

	ch := make(chan any, 3)
	ch <- 1
	ch <- 2
	ch <- 3
	close(ch)
	sink2, got2 := collector[int]("sink")
	if _, err := Run(context.Background(), extension.NewChanSource(ch), nil, sink2, quiet); err != nil {
		t.Fatal(err)
	}
	if g := got2(); !slices.Equal(g, []int{1, 2, 3}) {
		t.Errorf("got %v, want [1 2 3]", g)
	}
}

// TestRunGoStreams mixes go-streams operators and connectors with flow
// nodes.
func TestRunGoStreams(t *testing.T) {
	in := make(chan any)
	go func() {
		for i := range 1000 {
			in <- i
		}
		close(in)
	}()
	out := make(chan any, 1000)
	rep, err := Run(context.Background(), extension.NewChanSource(in), []streams.Flow{
		NewStage("inc", add(1), Workers(2)),
		gsflow.NewFilter(func(v int) bool { return v%2 == 0 }, 1),
		NewStage("neg", func(_ context.Context, v int) ([]int, error) { return []int{-v}, nil }, Workers(2)),
	}, extension.NewChanSink(out), quiet)
	if err != nil {
		t.Fatal(err)
	}
	// The last flow node closed out, the ChanSink's inlet.
	var got []int
	for v := range out {
		got = append(got, v.(int))
	}
	if len(got) != 500 {
		t.Fatalf("got %d values, want 500", len(got))
	}
	for _, v := range got {
		if v >= 0 || v%2 != 0 {
			t.Fatalf("got %d, want negative even numbers", v)
		}
	}
	if len(rep.Stages) != 2 || rep.Stages[0].Stage != "inc" || rep.Stages[1].In != 500 {
		t.Errorf("report %+v, want inc and neg with 500 in", rep.Stages)
	}
}

// TestRunWrongElement feeds a stage values of the wrong type through a
// go-streams operator, which Run cannot check beforehand.
func TestRunWrongElement(t *testing.T) {
	logger, failed := failures(nil)
	sink, got := collector[int]("sink")
	_, err := Run(context.Background(), FromSeq("src", count(10)), []streams.Flow{
		gsflow.NewMap(func(v int) any {
			if v == 4 {
				return "four"
			}
			return v
		}, 1),
		NewStage("a", add(0)),
	}, sink, logger)
	if err != nil {
		t.Fatal(err)
	}
	if errs := failed(); len(got()) != 9 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "type string") {
		t.Errorf("got %d items and errors %v, want 9 and one type error", len(got()), errs)
	}
}

// TestRunInvalid checks the pipelines Run refuses before starting.
func TestRunInvalid(t *testing.T) {
	sink := func() streams.Sink { return NewSink("sink", func(context.Context, int) error { return nil }) }
	used := NewStage("used", add(1))
	if _, err := Run(context.Background(), FromSeq("src", count(1)), []streams.Flow{used}, sink(), quiet); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		flows []streams.Flow
		want  string
	}{
		{"type mismatch", []streams.Flow{NewStage("str", func(_ context.Context, s string) ([]int, error) { return nil, nil })},
			`source "src" sends int but stage "str" takes string`},
		{"duplicate name", []streams.Flow{NewStage("a", add(1)), NewStage("a", add(1))}, `two nodes named "a"`},
		{"reused", []streams.Flow{used}, `stage "used" has already run`},
		{"nil flow", []streams.Flow{nil}, "node 1 of the pipeline is nil"},
		{"go-streams released", []streams.Flow{gsflow.NewMap(func(v int) int { return v }, 1), NewStage("a", add(1)), NewStage("a", add(1))},
			`two nodes named "a"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Run(context.Background(), FromSeq("src", count(1)), tc.flows, sink(), quiet)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

// TestRunProgress checks that Progress sees the run as it goes.
func TestRunProgress(t *testing.T) {
	var snaps atomic.Int64
	slow := NewStage("slow", func(_ context.Context, v int) ([]int, error) {
		time.Sleep(time.Millisecond)
		return []int{v}, nil
	})
	sink, _ := collector[int]("sink")
	_, err := Run(context.Background(), FromSeq("src", count(60)), []streams.Flow{slow}, sink, quiet,
		Progress(5*time.Millisecond, func(r *Report) {
			if len(r.Stages) == 3 {
				snaps.Add(1)
			}
		}))
	if err != nil {
		t.Fatal(err)
	}
	if snaps.Load() == 0 {
		t.Error("Progress was never called")
	}
}

// TestStandalone uses flow nodes as plain go-streams operators, without
// Run.
func TestStandalone(t *testing.T) {
	in := make(chan any)
	go func() {
		for i := range 100 {
			in <- i
		}
		close(in)
	}()
	sink, got := collector[int]("sink")
	extension.NewChanSource(in).Via(NewStage("inc", add(1), Workers(2))).To(sink)
	if n := len(got()); n != 100 {
		t.Errorf("got %d items, want 100", n)
	}

	dbl := NewStage("dbl", func(_ context.Context, v int) ([]int, error) { return []int{2 * v}, nil })
	go func() {
		for i := range 3 {
			dbl.In() <- i
		}
		close(dbl.In())
	}()
	var doubled []any
	for v := range dbl.Out() {
		doubled = append(doubled, v)
	}
	if !slices.Equal(doubled, []any{0, 2, 4}) {
		t.Errorf("stage Out gave %v, want [0 2 4]", doubled)
	}

	src := FromSeq("src", count(5))
	var vals []any
	for v := range src.Out() {
		vals = append(vals, v)
	}
	if len(vals) != 5 {
		t.Errorf("source Out gave %v, want 5 values", vals)
	}
}
