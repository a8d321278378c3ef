package flow

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"text/tabwriter"
	"time"
)

// Report is the account of a run: its wall-clock time, the CPUs it had
// and the CPU time it used, and the Metrics of each flow node in pipeline
// order. It marshals to JSON as it stands.
type Report struct {
	Wall time.Duration `json:"wall_ns"`
	// CPUs is GOMAXPROCS at the start of the run: how many workers can
	// compute at once. It is 0 in a report from before it was recorded,
	// and then Saturated is false and Suggest ignores the CPUs.
	CPUs int `json:"cpus,omitempty"`
	// CPU is the user and system CPU time of the whole process over the
	// run (getrusage); 0 where the system does not tell.
	CPU    time.Duration `json:"cpu_ns,omitempty"`
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

// saturatedAt is the share of the CPUs × wall that a run must keep busy
// to count as saturated (see Saturated). On 2 CPUs the default run over
// the 400 training tasks kept its CPU-bound stages busy 2.0× wall (the
// process's CPU time 1.8×), and a third synth worker made 100 of them
// slower, 46.6–48.3 s against 44.2–45.6 s: saturated. 100 tasks at
// --enum 20000 with one plan worker kept them busy 1.1× wall (the
// process 1.5×, the collector on the other CPU), 0.73 of the CPUs, and a
// second plan worker cut the wall time from 37–40 s to 26–29 s.
const saturatedAt = 0.9

// CPUDemand returns how many CPUs the run's CPU-bound nodes (see CPUBound)
// kept busy on average: their busy time summed over workers, divided by
// the wall time. A worker waiting for a CPU counts as busy, so on a
// machine shared with other processes it may exceed CPU ÷ Wall. It
// returns 0 for a report without wall time.
func (r *Report) CPUDemand() float64 {
	if r.Wall <= 0 {
		return 0
	}
	var busy time.Duration
	for _, m := range r.Stages {
		if m.CPUBound {
			busy += m.Busy
		}
	}
	return float64(busy) / float64(r.Wall)
}

// cpusUsed is how many CPUs the run kept busy as far as the report tells:
// the greater of CPUDemand and the process's CPU time ÷ wall, which also
// counts computation outside CPU-bound nodes (the garbage collector's).
func (r *Report) cpusUsed() float64 {
	used := r.CPUDemand()
	if r.Wall > 0 {
		used = max(used, float64(r.CPU)/float64(r.Wall))
	}
	return used
}

// Saturated reports whether the run kept every CPU busy: its CPU-bound
// nodes were busy, or the process used CPU time, for at least nine tenths
// of CPUs × Wall. More workers of a CPU-bound node would then only share
// the same CPUs. A report that does not know its CPUs is never saturated.
func (r *Report) Saturated() bool {
	return r.CPUs > 0 && r.Wall > 0 && r.cpusUsed() >= saturatedAt*float64(r.CPUs)
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
// to the number of free CPUs: for a CPU-bound bottleneck (see CPUBound)
// in a report that knows its CPUs, Suggest adds at most as many workers
// as there were CPUs idle, and none if the run was Saturated. It returns
// false then, if the bottleneck is a source, which has one worker, or if
// no node is busy half of its time.
func (r *Report) Suggest() (Suggestion, bool) {
	b, ok := r.Bottleneck()
	if !ok || b.Kind == "source" || b.Utilization < 0.5 || b.Workers < 1 {
		return Suggestion{}, false
	}
	if b.CPUBound && r.Saturated() {
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
	if b.CPUBound && r.CPUs > 0 {
		// Not saturated, so more than a tenth of the CPUs is idle and the
		// ceiling is at least one more worker.
		idle := float64(r.CPUs) - r.cpusUsed()
		want = min(want, b.Workers+int(math.Ceil(idle)))
		reason += fmt.Sprintf("; %.1f of %d CPUs idle", idle, r.CPUs)
	}
	return Suggestion{Stage: b.Stage, Workers: b.Workers, Suggested: want, Reason: reason}, true
}

// WriteTable writes the report as a text table, one row per node, then
// the run's wall-clock time against busy time summed over all workers and,
// when the report knows them, against the CPUs and the process's CPU
// time, then the bottleneck and the suggestion.
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
	fmt.Fprintf(w, "\nwall %s; busy summed over all workers %s (%.1f× wall)", span(r.Wall), span(total), ratio)
	if r.CPUs > 0 {
		fmt.Fprintf(w, "; %d CPUs", r.CPUs)
		if r.CPU > 0 && r.Wall > 0 {
			fmt.Fprintf(w, ", process CPU time %s (%.1f× wall)", span(r.CPU), float64(r.CPU)/float64(r.Wall))
		}
	}
	fmt.Fprintln(w)
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
	case b.Utilization < 0.5:
		fmt.Fprintln(w, "suggestion: none; no stage is busy half of its time")
	case b.CPUBound && r.Saturated():
		fmt.Fprintf(w, "suggestion: none; the run kept all %d CPUs busy (%.1f on average", r.CPUs, r.cpusUsed())
		if got := float64(r.CPU) / float64(r.Wall); r.CPU > 0 && got < saturatedAt*float64(r.CPUs) {
			// Its workers were busy, but waiting for CPUs the process did
			// not get: other processes had them.
			fmt.Fprintf(w, ", of which the process got %.1f", got)
		}
		fmt.Fprintf(w, "), so more %s workers would only share them: less work per item or more CPUs would help\n", b.Stage)
	default:
		fmt.Fprintln(w, "suggestion: none")
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
