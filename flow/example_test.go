package flow_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/arcflow/arcflow/flow"
	"github.com/reugn/go-streams"
	gsflow "github.com/reugn/go-streams/flow"
)

// quiet keeps the examples' expected failures out of their output.
var quiet = flow.Logger(slog.New(slog.DiscardHandler))

// A pipeline is a source, stages and a sink, each with a name, a function
// and options, joined by Run. Workers(4) runs four calls of square at once,
// so its outputs come in any order.
func Example() {
	square := flow.NewStage("square", func(_ context.Context, n int) ([]int, error) {
		return []int{n * n}, nil
	}, flow.Workers(4))
	label := flow.NewStage("label", func(_ context.Context, n int) ([]string, error) {
		return []string{fmt.Sprintf("<%d>", n)}, nil
	})
	var got []string
	collect := flow.NewSink("collect", func(_ context.Context, s string) error {
		got = append(got, s) // one worker: no lock needed
		return nil
	})

	report, err := flow.Run(context.Background(),
		flow.FromSeq("numbers", slices.Values([]int{1, 2, 3, 4, 5})),
		[]streams.Flow{square, label},
		collect)
	if err != nil {
		fmt.Println(err)
		return
	}
	slices.Sort(got)
	fmt.Println(got)
	m, _ := report.Stage("square")
	fmt.Printf("square: %d in, %d out, %d workers\n", m.In, m.Out, m.Workers)
	// Output:
	// [<16> <1> <25> <4> <9>]
	// square: 5 in, 5 out, 4 workers
}

// A stage may drop an item, by returning no outputs, or split it. The
// parts of item "2" get the IDs "2/0" and "2/1".
func ExampleNewStage() {
	words := flow.NewStage("words", func(_ context.Context, line string) ([]string, error) {
		return strings.Fields(line), nil
	})
	var got []string
	collect := flow.NewSink("collect", func(_ context.Context, w string) error {
		got = append(got, w) // one worker: no lock needed
		return nil
	})
	lines := []string{"to be", "", "or not"}
	report, _ := flow.Run(context.Background(), flow.FromSeq("lines", slices.Values(lines)),
		[]streams.Flow{words}, collect)
	m, _ := report.Stage("words")
	fmt.Println(got, m.In, m.Out)
	// Output: [to be or not] 3 4
}

// A sink ends the pipeline; with several workers its function runs
// concurrently, so what it shares needs a lock. A sink's Out counts the
// items it consumed without error.
func ExampleNewSink() {
	var mu sync.Mutex
	saved := map[string]int{}
	save := flow.NewSink("save", func(_ context.Context, word string) error {
		mu.Lock()
		defer mu.Unlock()
		saved[word]++
		return nil
	}, flow.Workers(3))
	words := strings.Fields("a rose is a rose is a rose")
	report, _ := flow.Run(context.Background(), flow.FromSeq("words", slices.Values(words)), nil, save)
	m, _ := report.Stage("save")
	fmt.Println(saved, m.Out)
	// Output: map[a:3 is:2 rose:3] 8
}

// Progress calls its function with a snapshot of the report while the run
// goes on, here every 10ms of a run that takes about 50ms.
func ExampleProgress() {
	slow := flow.NewStage("slow", func(_ context.Context, n int) ([]int, error) {
		time.Sleep(time.Millisecond)
		return []int{n}, nil
	})
	drop := flow.NewSink("drop", func(context.Context, int) error { return nil })
	var mu sync.Mutex
	var seen []int64 // slow's In at each snapshot
	flow.Run(context.Background(), flow.FromSeq("numbers", slices.Values(make([]int, 50))),
		[]streams.Flow{slow}, drop,
		flow.Progress(10*time.Millisecond, func(r *flow.Report) {
			m, _ := r.Stage("slow")
			mu.Lock()
			seen = append(seen, m.In)
			mu.Unlock()
		}))
	mu.Lock()
	defer mu.Unlock()
	fmt.Println("snapshots:", len(seen) > 0, "in order:", slices.IsSorted(seen))
	// Output: snapshots: true in order: true
}

// An error or a panic in a stage becomes a *StageError naming the stage and
// the item. It is counted and logged, and the stream goes on.
func ExampleStageError() {
	parse := flow.NewStage("parse", func(_ context.Context, s string) ([]int, error) {
		if s == "" {
			panic("empty input")
		}
		var n int
		if _, err := fmt.Sscan(s, &n); err != nil {
			return nil, fmt.Errorf("not a number: %q", s)
		}
		return []int{n}, nil
	})
	sum := 0
	add := flow.NewSink("sum", func(_ context.Context, n int) error { sum += n; return nil })
	// A log without times and stacks, for the example's output.
	log := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == "stack" {
				return slog.Attr{}
			}
			return a
		},
	}))
	report, err := flow.Run(context.Background(),
		flow.FromSeq("input", slices.Values([]string{"1", "x", "2", "", "3"})),
		[]streams.Flow{parse}, add, flow.Logger(log))
	fmt.Println("err:", err)
	fmt.Println("sum:", sum)
	m, _ := report.Stage("parse")
	fmt.Println("parse errors:", m.Errors)
	// Output:
	// level=WARN msg="flow: item failed" stage=parse item=1 err="not a number: \"x\""
	// level=ERROR msg="flow: stage panicked" stage=parse item=3 err="panic: empty input"
	// err: <nil>
	// sum: 6
	// parse errors: 2
}

// FromSeq2 reads a sequence that can fail: a pair with an error is a
// failed item of the source, which takes a number and sends nothing on.
func ExampleFromSeq2() {
	lines := func(yield func(string, error) bool) {
		_ = yield("first", nil) && yield("", errors.New("unreadable")) && yield("third", nil)
	}
	print := flow.NewSink("print", func(_ context.Context, s string) error { fmt.Println(s); return nil })
	report, _ := flow.Run(context.Background(), flow.FromSeq2("lines", lines), nil, print, quiet)
	m, _ := report.Stage("lines")
	fmt.Printf("lines: %d out, %d failed\n", m.Out, m.Errors)
	// Output:
	// first
	// third
	// lines: 2 out, 1 failed
}

// With FailFast the first error cancels the run, and Run returns it.
func ExampleFailFast() {
	check := flow.NewStage("check", func(_ context.Context, n int) ([]int, error) {
		if n < 0 {
			return nil, errors.New("negative")
		}
		return []int{n}, nil
	})
	drop := flow.NewSink("drop", func(context.Context, int) error { return nil })
	_, err := flow.Run(context.Background(),
		flow.FromSeq("numbers", slices.Values([]int{3, 1, -4, 1, 5})),
		[]streams.Flow{check}, drop, flow.FailFast(), quiet)
	var se *flow.StageError
	if errors.As(err, &se) {
		fmt.Printf("stage %s stopped the run at item %s: %v\n", se.Stage, se.ItemID, se.Err)
	}
	// Output: stage check stopped the run at item 2: negative
}

// Workers sets how many calls of a stage's or a sink's function run at
// once; the report shows the count each node ran with.
func ExampleWorkers() {
	score := flow.NewStage("score", func(_ context.Context, n int) ([]int, error) { return []int{n}, nil },
		flow.Workers(2))
	save := flow.NewSink("save", func(context.Context, int) error { return nil }, flow.Workers(4))
	report, _ := flow.Run(context.Background(), flow.FromSeq("tasks", slices.Values([]int{1, 2, 3})),
		[]streams.Flow{score}, save)
	for _, m := range report.Stages {
		fmt.Println(m.Stage, m.Kind, m.Workers)
	}
	// Output:
	// tasks source 1
	// score stage 2
	// save sink 4
}

// The report sets wall-clock time against busy time summed over workers
// and names the stage that holds the run back.
func ExampleReport_Bottleneck() {
	slow := flow.NewStage("slow", func(_ context.Context, n int) ([]int, error) {
		time.Sleep(time.Millisecond)
		return []int{n}, nil
	})
	fast := flow.NewStage("fast", func(_ context.Context, n int) ([]int, error) { return []int{n}, nil })
	drop := flow.NewSink("drop", func(context.Context, int) error { return nil })
	report, _ := flow.Run(context.Background(), flow.FromSeq("numbers", slices.Values(make([]int, 50))),
		[]streams.Flow{fast, slow}, drop)

	// report.WriteTable(os.Stdout) would print the whole account.
	b, _ := report.Bottleneck()
	s, _ := report.Suggest()
	fmt.Println("bottleneck:", b.Stage)
	fmt.Println("suggest more workers for", s.Stage+":", s.Suggested > s.Workers)
	// Output:
	// bottleneck: slow
	// suggest more workers for slow: true
}

// WriteTable prints a report; here a made-up one.
func ExampleReport_WriteTable() {
	r := &flow.Report{Wall: 10 * time.Second, Stages: []flow.Metrics{
		{Stage: "tasks", Kind: "source", Workers: 1, Out: 400, Wall: 10 * time.Second,
			Busy: 50 * time.Millisecond, Blocked: 9900 * time.Millisecond, Capacity: 10 * time.Second, Utilization: 0.005},
		{Stage: "score", Kind: "stage", Workers: 2, In: 400, Out: 400, Wall: 10 * time.Second,
			Busy: 19800 * time.Millisecond, Starved: 100 * time.Millisecond, Capacity: 20 * time.Second, Utilization: 0.99, MaxQueue: 8},
		{Stage: "save", Kind: "sink", Workers: 1, In: 400, Out: 399, Errors: 1, Wall: 10 * time.Second,
			Busy: 3 * time.Second, Starved: 7 * time.Second, Capacity: 10 * time.Second, Utilization: 0.3, MaxQueue: 2},
	}}
	r.WriteTable(os.Stdout)
	// Output:
	// STAGE  KIND    WORKERS  IN   OUT  ERRORS  WALL    BUSY    UTIL  STARVED  BLOCKED  QUEUE  MAXQUEUE
	// tasks  source  1        0    400  0       10.00s  50.0ms  0%    0        9.90s    0      0
	// score  stage   2        400  400  0       10.00s  19.80s  99%   100.0ms  0        0      8
	// save   sink    1        400  399  1       10.00s  3.00s   30%   7.00s    0        0      2
	//
	// wall 10.00s; busy summed over all workers 22.85s (2.3× wall)
	// bottleneck: stage score, busy 99% of 2 workers' time
	// suggestion: --workers score=7 (score kept 2 workers busy 99% of the time; next busiest is save at 30%)
}

// Adaptive moves workers toward the busiest stage while the run goes on,
// within a budget.
func ExampleAdaptive() {
	nap := flow.NewStage("nap", func(_ context.Context, n int) ([]int, error) {
		time.Sleep(time.Millisecond) // I/O-like: more workers help, even past the CPU count
		return []int{n}, nil
	})
	count := flow.NewStage("count", func(_ context.Context, n int) ([]int, error) { return []int{n}, nil })
	drop := flow.NewSink("drop", func(context.Context, int) error { return nil })
	report, _ := flow.Run(context.Background(), flow.FromSeq("numbers", slices.Values(make([]int, 300))),
		[]streams.Flow{count, nap}, drop, flow.Adaptive(6))
	m, _ := report.Stage("nap")
	fmt.Println("nap gained workers:", m.Workers > 1)
	// Output: nap gained workers: true
}

// An Observer sees each node and item start and end, for tracing. The
// context it returns at the source travels with the item.
func ExampleObserver() {
	type traceKey struct{}
	var mu sync.Mutex
	items := map[string]int{}
	obs := observer{
		start: func(ctx context.Context, stage, id string) context.Context {
			if stage == "numbers" {
				return context.WithValue(ctx, traceKey{}, "trace-"+id)
			}
			return ctx
		},
		end: func(ctx context.Context, stage, id string) {
			mu.Lock()
			items[stage]++
			mu.Unlock()
		},
	}
	show := flow.NewSink("show", func(ctx context.Context, n int) error {
		fmt.Println(n, ctx.Value(traceKey{}))
		return nil
	})
	flow.Run(context.Background(), flow.FromSeq("numbers", slices.Values([]int{10, 20})), nil, show, flow.Observe(obs))
	fmt.Println(items)
	// Output:
	// 10 trace-0
	// 20 trace-1
	// map[numbers:2 show:2]
}

// observer adapts two functions to flow.Observer.
type observer struct {
	start func(ctx context.Context, stage, id string) context.Context
	end   func(ctx context.Context, stage, id string)
}

func (o observer) StageStart(string)             {}
func (o observer) StageEnd(string, flow.Metrics) {}

func (o observer) ItemStart(ctx context.Context, stage, id string) context.Context {
	return o.start(ctx, stage, id)
}

func (o observer) ItemEnd(ctx context.Context, stage, id string, _ time.Duration, _ error) {
	o.end(ctx, stage, id)
}

// OnClose lets a stage that gathers items send what it holds when its
// input ends.
func ExampleStage_OnClose() {
	total := 0
	sum := flow.NewStage("sum", func(_ context.Context, n int) ([]int, error) {
		total += n // one worker: no lock needed
		return nil, nil
	}).OnClose(func(context.Context) ([]int, error) {
		return []int{total}, nil
	})
	print := flow.NewSink("print", func(_ context.Context, n int) error { fmt.Println(n); return nil })
	flow.Run(context.Background(), flow.FromSeq("numbers", slices.Values([]int{1, 2, 3})), []streams.Flow{sum}, print)
	// Output: 6
}

// go-streams operators and connectors fit anywhere in the chain; they
// exchange plain values with flow nodes.
func ExampleRun_goStreams() {
	double := flow.NewStage("double", func(_ context.Context, n int) ([]int, error) { return []int{2 * n}, nil })
	print := flow.NewSink("print", func(_ context.Context, n int) error { fmt.Println(n); return nil })
	flow.Run(context.Background(), flow.FromSeq("numbers", slices.Values([]int{1, 2, 3, 4, 5, 6})), []streams.Flow{
		gsflow.NewFilter(func(n int) bool { return n%3 == 0 }, 1),
		double,
	}, print)
	// Output:
	// 6
	// 12
}
