package flow

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"text/tabwriter"
	"time"
)

// Report is the account of a run: its wall-clock time and the Metrics of
// each flow node in pipeline order. It marshals to JSON as it stands.
type Report struct {
	Wall   time.Duration `json:"wall_ns"`
	Stages []Metrics     `json:"stages"`
}

// Stage returns the metrics of the node with the given name.
func (r *Report) Stage(name string) (Metrics, bool) {
	for _, m := range r.Stages {
		if m.Stage == name {
			return m, true
		}
	}
	return Metrics{}, false
}

// Bottleneck returns the node with the highest utilization: the one whose
// workers were busy for the largest share of their time. Nodes upstream of
// it show back-pressure (Blocked) and nodes downstream starve. It returns
// false if no node did any measurable work.
func (r *Report) Bottleneck() (Metrics, bool) {
	best := -1
	for i, m := range r.Stages {
		if m.Utilization > 0 && (best < 0 || m.Utilization > r.Stages[best].Utilization) {
			best = i
		}
	}
	if best < 0 {
		return Metrics{}, false
	}
	return r.Stages[best], true
}

// Suggestion proposes a new worker count for one stage or sink.
type Suggestion struct {
	Stage     string `json:"stage"`
	Workers   int    `json:"workers"`   // the count in the run
	Suggested int    `json:"suggested"` // the count proposed
	Reason    string `json:"reason"`
}

// String returns the suggestion as name=count, the form of arcflow's
// --workers flag.
func (s Suggestion) String() string {
	return s.Stage + "=" + strconv.Itoa(s.Suggested)
}

// Suggest proposes more workers for the bottleneck: enough to balance its
// load with that of the next busiest node, since beyond that the other
// node holds the pipeline back, and at most four times as many at once.
// The estimate assumes the bottleneck's items cost the same with more
// workers, which holds for I/O-bound work and for CPU-bound work only up
// to the number of free CPUs. It returns false if the bottleneck is a
// source, which has one worker, or if no node is busy half of its time.
func (r *Report) Suggest() (Suggestion, bool) {
	b, ok := r.Bottleneck()
	if !ok || b.Kind == "source" || b.Utilization < 0.5 || b.Workers < 1 {
		return Suggestion{}, false
	}
	next := Metrics{}
	for _, m := range r.Stages {
		if m.Stage != b.Stage && m.Utilization > next.Utilization {
			next = m
		}
	}
	floor := max(next.Utilization, 0.1)
	want := int(math.Ceil(float64(b.Workers) * b.Utilization / floor))
	want = min(max(want, b.Workers+1), 4*b.Workers)
	reason := fmt.Sprintf("%s kept %d workers busy %.0f%% of the time", b.Stage, b.Workers, 100*b.Utilization)
	if next.Stage != "" {
		reason += fmt.Sprintf("; next busiest is %s at %.0f%%", next.Stage, 100*next.Utilization)
	}
	return Suggestion{Stage: b.Stage, Workers: b.Workers, Suggested: want, Reason: reason}, true
}

// WriteTable writes the report as a text table, one row per node, then
// the run's wall-clock time against busy time summed over all workers, the
// bottleneck and the suggestion.
func (r *Report) WriteTable(w io.Writer) error {
	ew := &errWriter{w: w}
	w = ew
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STAGE\tKIND\tWORKERS\tIN\tOUT\tERRORS\tWALL\tBUSY\tUTIL\tSTARVED\tBLOCKED\tQUEUE\tMAXQUEUE")
	var total time.Duration
	for _, m := range r.Stages {
		total += m.Busy
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%s\t%s\t%.0f%%\t%s\t%s\t%d\t%d\n",
			m.Stage, m.Kind, m.Workers, m.In, m.Out, m.Errors,
			span(m.Wall), span(m.Busy), 100*m.Utilization,
			span(m.Starved), span(m.Blocked), m.Queue, m.MaxQueue)
	}
	tw.Flush()
	ratio := 0.0
	if r.Wall > 0 {
		ratio = float64(total) / float64(r.Wall)
	}
	fmt.Fprintf(w, "\nwall %s; busy summed over all workers %s (%.1f× wall)\n", span(r.Wall), span(total), ratio)
	b, ok := r.Bottleneck()
	if !ok {
		fmt.Fprintln(w, "bottleneck: none measured")
		return ew.err
	}
	fmt.Fprintf(w, "bottleneck: %s %s, busy %.0f%% of %d workers' time\n", b.Kind, b.Stage, 100*b.Utilization, b.Workers)
	switch s, ok := r.Suggest(); {
	case ok:
		fmt.Fprintf(w, "suggestion: --workers %s (%s)\n", s, s.Reason)
	case b.Kind == "source":
		fmt.Fprintln(w, "suggestion: none; the source limits the run and more workers will not help")
	default:
		fmt.Fprintln(w, "suggestion: none; no stage is busy half of its time")
	}
	return ew.err
}

// errWriter keeps the first write error and skips the writes after it.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

// span formats d with three or so significant digits.
func span(d time.Duration) string {
	switch {
	case d == 0:
		return "0"
	case d < time.Microsecond:
		return strconv.FormatInt(int64(d), 10) + "ns"
	case d < time.Millisecond:
		return strconv.FormatFloat(float64(d)/1e3, 'f', 1, 64) + "µs"
	case d < time.Second:
		return strconv.FormatFloat(float64(d)/1e6, 'f', 1, 64) + "ms"
	case d < time.Minute:
		return strconv.FormatFloat(float64(d)/1e9, 'f', 2, 64) + "s"
	}
	return d.Round(time.Second).String()
}
