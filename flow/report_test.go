package flow

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

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
	r := &Report{Wall: time.Second, Stages: []Metrics{{Stage: "a", Kind: "stage", Workers: 2, Busy: time.Millisecond}}}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"wall_ns":1000000000`, `"stage":"a"`, `"busy_ns":1000000`, `"workers":2`, `"utilization":0`, `"max_queue":0`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON lacks %s: %s", want, b)
		}
	}
}
