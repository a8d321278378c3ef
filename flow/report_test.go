package flow

import (
	"context"
	"encoding/json"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/arcflow/arcflow/internal/cputime"
	"github.com/reugn/go-streams"
)

// TestReportBottleneck runs a pipeline with one obviously slow stage and
// checks that the report names it and suggests more workers for it.
func TestReportBottleneck(t *testing.T) {
	slow := NewStage("slow", func(_ context.Context, v int) ([]int, error) {
		time.Sleep(time.Millisecond)
		return []int{v}, nil
	}, Workers(2))
	sink, _ := collector[int]("sink")
	rep, err := Run(context.Background(), FromSeq("src", count(100)), []streams.Flow{
		NewStage("parse", add(1)),
		slow,
		NewStage("format", add(1)),
	}, sink, quiet)
	if err != nil {
		t.Fatal(err)
	}
	b, ok := rep.Bottleneck()
	if !ok || b.Stage != "slow" {
		t.Fatalf("bottleneck %q, want slow", b.Stage)
	}
	s, ok := rep.Suggest()
	if !ok || s.Stage != "slow" || s.Workers != 2 || s.Suggested <= 2 {
		t.Errorf("suggestion %+v, want more than 2 workers for slow", s)
	}
	var out strings.Builder
	if err := rep.WriteTable(&out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"bottleneck: stage slow", "suggestion: --workers slow="} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, out.String())
		}
	}
}

// TestReportSuggest checks suggestions on made-up reports.
func TestReportSuggest(t *testing.T) {
	m := func(name, kind string, workers int, util float64) Metrics {
		return Metrics{Stage: name, Kind: kind, Workers: workers, Utilization: util, Busy: time.Duration(util * 1e9)}
	}
	for _, tc := range []struct {
		name   string
		stages []Metrics
		want   string // "" for no suggestion
	}{
		{"balance with next", []Metrics{m("src", "source", 1, 0.01), m("score", "stage", 2, 0.99), m("save", "sink", 1, 0.5)}, "score=4"},
		{"at least one more", []Metrics{m("src", "source", 1, 0.01), m("score", "stage", 2, 0.95), m("save", "sink", 1, 0.9)}, "score=3"},
		{"at most four times", []Metrics{m("src", "source", 1, 0.01), m("score", "stage", 1, 1)}, "score=4"},
		{"sink", []Metrics{m("src", "source", 1, 0.1), m("a", "stage", 1, 0.2), m("save", "sink", 3, 0.9)}, "save=12"},
		{"source bound", []Metrics{m("src", "source", 1, 0.9), m("a", "stage", 2, 0.4)}, ""},
		{"nothing busy", []Metrics{m("src", "source", 1, 0.1), m("a", "stage", 2, 0.3)}, ""},
		{"empty", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &Report{Wall: time.Second, Stages: tc.stages}
			s, ok := r.Suggest()
			if got := s.String(); ok != (tc.want != "") || ok && got != tc.want {
				t.Errorf("Suggest = %q, %v; want %q", got, ok, tc.want)
			}
		})
	}
}

// TestReportSuggestCPUs: for a CPU-bound bottleneck, Suggest weighs the
// run's CPUs. When the CPU-bound stages, or the process's CPU time, kept
// every CPU busy it proposes nothing, since more workers would share the
// same CPUs; while CPUs are idle it proposes at most one more worker per
// idle CPU. A bottleneck that is not CPU-bound, or a report that does not
// know its CPUs, gets the suggestion of old.
func TestReportSuggestCPUs(t *testing.T) {
	const wall = 10 * time.Second
	m := func(name string, workers int, util float64, cpuBound bool) Metrics {
		return Metrics{Stage: name, Kind: "stage", Workers: workers, Utilization: util, CPUBound: cpuBound,
			Busy: time.Duration(util * float64(workers) * float64(wall))}
	}
	src := Metrics{Stage: "tasks", Kind: "source", Workers: 1, Utilization: 0.001}
	save := Metrics{Stage: "save", Kind: "sink", Workers: 4, Utilization: 0.01, Busy: 400 * time.Millisecond}
	for _, tc := range []struct {
		name      string
		cpus      int
		cpu       time.Duration // process CPU time
		stages    []Metrics
		want      string // "" for no suggestion
		saturated bool
	}{
		// The default run on 2 CPUs: synth's 2 workers busy all along.
		{"synth saturates 2 CPUs", 2, 18 * time.Second,
			[]Metrics{src, m("synth", 2, 1, true), m("plan", 2, 0.02, true), save}, "", true},
		// Workers busy, but other processes had part of the CPUs: more
		// workers would only take CPUs from them.
		{"saturated, process got less", 2, 8 * time.Second,
			[]Metrics{src, m("synth", 2, 1, true), save}, "", true},
		// The process's CPU time counts what the stages do not (GC).
		{"process CPU saturates", 2, 19 * time.Second,
			[]Metrics{src, m("plan", 1, 0.95, true), m("score", 2, 0.3, true), save}, "", true},
		// --enum 20000 with one plan worker: one CPU idle, one more worker.
		{"one CPU idle", 2, 11 * time.Second,
			[]Metrics{src, m("plan", 1, 1, true), m("score", 2, 0.04, true), save}, "plan=2", false},
		{"seven CPUs idle", 8, 11 * time.Second,
			[]Metrics{src, m("plan", 1, 1, true), m("score", 2, 0.04, true), save}, "plan=4", false},
		{"three CPUs idle, balance first", 8, 50 * time.Second,
			[]Metrics{src, m("plan", 2, 1, true), m("score", 4, 0.5, true), save}, "plan=4", false},
		{"five CPUs idle", 8, 30 * time.Second,
			[]Metrics{src, m("plan", 2, 1, true), m("score", 2, 0.2, true), save}, "plan=7", false},
		// Sleeping or disk-bound workers use no CPU: the CPUs do not bound
		// them, saturated or not.
		{"not CPU-bound, CPUs saturated", 2, 20 * time.Second,
			[]Metrics{src, m("synth", 2, 0.2, true), m("fetch", 2, 1, false)}, "fetch=8", true},
		{"not CPU-bound, CPUs idle", 2, time.Second,
			[]Metrics{src, m("fetch", 2, 1, false)}, "fetch=8", false},
		{"CPUs unknown", 0, 0,
			[]Metrics{src, m("synth", 2, 1, true), save}, "synth=8", false},
		{"process CPU unknown, stages saturate", 2, 0,
			[]Metrics{src, m("synth", 2, 0.95, true), save}, "", true},
		{"process CPU unknown, CPU idle", 2, 0,
			[]Metrics{src, m("plan", 1, 1, true), save}, "plan=2", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &Report{Wall: wall, CPUs: tc.cpus, CPU: tc.cpu, Stages: tc.stages}
			if got := r.Saturated(); got != tc.saturated {
				t.Errorf("Saturated = %v, want %v (CPU demand %.2f)", got, tc.saturated, r.CPUDemand())
			}
			s, ok := r.Suggest()
			if got := s.String(); ok != (tc.want != "") || ok && got != tc.want {
				t.Errorf("Suggest = %q, %v; want %q", got, ok, tc.want)
			}
			var out strings.Builder
			if err := r.WriteTable(&out); err != nil {
				t.Fatal(err)
			}
			line := out.String()[strings.Index(out.String(), "suggestion:"):]
			if tc.want != "" && !strings.HasPrefix(line, "suggestion: --workers "+tc.want+" (") {
				t.Errorf("suggestion line %q, want --workers %s", line, tc.want)
			}
			if tc.want == "" && !strings.Contains(line, "CPUs busy") {
				t.Errorf("suggestion line %q, want it to say the CPUs were busy", line)
			}
		})
	}
}

// TestReportWriteTableCPUs checks the lines that weigh the CPUs: the wall
// line names them and the process's CPU time, and a saturated run's
// suggestion line says why it proposes nothing, and how much of the CPUs
// the process got when other processes had some.
func TestReportWriteTableCPUs(t *testing.T) {
	stages := []Metrics{
		{Stage: "synth", Kind: "stage", Workers: 2, Busy: 20 * time.Second, Utilization: 1, CPUBound: true},
		{Stage: "save", Kind: "sink", Workers: 4, Busy: time.Second, Utilization: 0.025},
	}
	for _, tc := range []struct {
		cpu  time.Duration
		want string
	}{
		{18 * time.Second, `wall 10.00s; busy summed over all workers 21.00s (2.1× wall); 2 CPUs, process CPU time 18.00s (1.8× wall)
bottleneck: stage synth, busy 100% of 2 workers' time
suggestion: none; the run kept all 2 CPUs busy (2.0 on average), so more synth workers would only share them: less work per item or more CPUs would help
`},
		{12 * time.Second, `wall 10.00s; busy summed over all workers 21.00s (2.1× wall); 2 CPUs, process CPU time 12.00s (1.2× wall)
bottleneck: stage synth, busy 100% of 2 workers' time
suggestion: none; the run kept all 2 CPUs busy (2.0 on average, of which the process got 1.2), so more synth workers would only share them: less work per item or more CPUs would help
`},
		{0, `wall 10.00s; busy summed over all workers 21.00s (2.1× wall); 2 CPUs
bottleneck: stage synth, busy 100% of 2 workers' time
suggestion: none; the run kept all 2 CPUs busy (2.0 on average), so more synth workers would only share them: less work per item or more CPUs would help
`},
	} {
		r := &Report{Wall: 10 * time.Second, CPUs: 2, CPU: tc.cpu, Stages: stages}
		var out strings.Builder
		if err := r.WriteTable(&out); err != nil {
			t.Fatal(err)
		}
		if got := out.String()[strings.Index(out.String(), "\nwall")+1:]; got != tc.want {
			t.Errorf("CPU time %v, lines:\n%s\nwant:\n%s", tc.cpu, got, tc.want)
		}
	}
}

// TestRunRecordsCPUs: a run's report knows GOMAXPROCS, the process's CPU
// time where the system tells it, and which nodes are CPUBound.
func TestRunRecordsCPUs(t *testing.T) {
	spin := NewStage("spin", func(_ context.Context, v int) ([]int, error) {
		for end := time.Now().Add(time.Millisecond); time.Now().Before(end); {
		}
		return []int{v}, nil
	}, CPUBound())
	sink, _ := collector[int]("sink")
	rep, err := Run(context.Background(), FromSeq("src", count(20)), []streams.Flow{spin}, sink, quiet)
	if err != nil {
		t.Fatal(err)
	}
	if rep.CPUs != runtime.GOMAXPROCS(0) {
		t.Errorf("CPUs %d, want GOMAXPROCS %d", rep.CPUs, runtime.GOMAXPROCS(0))
	}
	if cputime.Process() > 0 && rep.CPU < 10*time.Millisecond {
		t.Errorf("process CPU time %v over 20 ms of spinning", rep.CPU)
	}
	for name, want := range map[string]bool{"src": false, "spin": true, "sink": false} {
		if m, _ := rep.Stage(name); m.CPUBound != want {
			t.Errorf("%s: CPUBound %v, want %v", name, m.CPUBound, want)
		}
	}
	if d := rep.CPUDemand(); d <= 0 {
		t.Errorf("CPU demand %v with a CPU-bound stage busy", d)
	}
}

// TestReportWriteTable checks the table layout on a made-up report.
func TestReportWriteTable(t *testing.T) {
	r := &Report{Wall: 2 * time.Second, Stages: []Metrics{
		{Stage: "tasks", Kind: "source", Workers: 1, Out: 400, Wall: 2 * time.Second, Busy: 20 * time.Millisecond,
			Blocked: 1900 * time.Millisecond, Capacity: 2 * time.Second, Utilization: 0.01},
		{Stage: "score", Kind: "stage", Workers: 2, In: 400, Out: 398, Errors: 2, Wall: 2 * time.Second,
			Busy: 3900 * time.Millisecond, Starved: 50 * time.Millisecond, Blocked: 30 * time.Millisecond,
			Capacity: 4 * time.Second, Utilization: 0.975, MaxQueue: 16},
		{Stage: "save", Kind: "sink", Workers: 1, In: 398, Out: 398, Wall: 2 * time.Second, Busy: 800 * time.Microsecond,
			Starved: 1990 * time.Millisecond, Capacity: 2 * time.Second, Utilization: 0.0004, MaxQueue: 1},
	}}
	var out strings.Builder
	if err := r.WriteTable(&out); err != nil {
		t.Fatal(err)
	}
	want := `STAGE  KIND    WORKERS  IN   OUT  ERRORS  WALL   BUSY     UTIL  STARVED  BLOCKED  QUEUE  MAXQUEUE
tasks  source  1        0    400  0       2.00s  20.0ms   1%    0        1.90s    0      0
score  stage   2        400  398  2       2.00s  3.90s    98%   50.0ms   30.0ms   0      16
save   sink    1        398  398  0       2.00s  800.0µs  0%    1.99s    0        0      1

wall 2.00s; busy summed over all workers 3.92s (2.0× wall)
bottleneck: stage score, busy 98% of 2 workers' time
suggestion: --workers score=8 (score kept 2 workers busy 98% of the time; next busiest is tasks at 1%)
`
	if out.String() != want {
		t.Errorf("table:\n%s\nwant:\n%s", out.String(), want)
	}
}

// TestReportWriteTableError checks that a failed write is reported.
func TestReportWriteTableError(t *testing.T) {
	r := &Report{Wall: time.Second, Stages: []Metrics{{Stage: "a", Kind: "stage", Workers: 1, Utilization: 0.9}}}
	broken := errors.New("disk full")
	if err := r.WriteTable(writerFunc(func([]byte) (int, error) { return 0, broken })); err != broken {
		t.Errorf("WriteTable error %v, want %v", err, broken)
	}
}

// TestReportJSON checks the field names a JSON export sees.
func TestReportJSON(t *testing.T) {
	r := &Report{Wall: time.Second, CPUs: 2, CPU: 1500 * time.Millisecond,
		Stages: []Metrics{{Stage: "a", Kind: "stage", Workers: 2, Busy: time.Millisecond, CPUBound: true}}}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"wall_ns":1000000000`, `"cpus":2`, `"cpu_ns":1500000000`, `"stage":"a"`, `"busy_ns":1000000`,
		`"workers":2`, `"cpu_bound":true`, `"utilization":0`, `"max_queue":0`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON lacks %s: %s", want, b)
		}
	}
}
