// Package conform runs arc-dsl solver files against ARC tasks and, when
// given, against the outputs CPython's arc-dsl produced, to show that this
// DSL behaves as arc-dsl does.
package conform

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/arc/task"
)

// RefOutput is what CPython's solver returned on one example: a value in
// dsl's JSON form, or the name of the exception it raised.
type RefOutput struct {
	Split  string          `json:"split"`
	Output json.RawMessage `json:"output"`
	Error  string          `json:"error"`
}

// Reference maps a task id to its solver's outputs, train examples first.
type Reference map[string][]RefOutput

// LoadReference reads a reference-outputs file, gzipped if its name ends
// in .gz.
func LoadReference(path string) (Reference, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		r = zr
	}
	var ref Reference
	if err := json.NewDecoder(r).Decode(&ref); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ref, nil
}

// Result is one solver's outcome on its task.
type Result struct {
	Task      string
	Examples  int
	Correct   int           // outputs equal to the task's expected output
	Errors    int           // examples on which the solver raised
	RefDiffs  int           // outputs that differ from the reference
	Time      time.Duration // time to run the solver on every example
	FirstDiff string        // a description of the first difference, if any
	Err       error         // the task could not be loaded or compiled
	Skipped   bool          // Err says the tasks given have no such task
}

// ErrNoTask is what a task loader returns, wrapped, for a task id it does
// not have; a missing file (fs.ErrNotExist) means the same.
var ErrNoTask = errors.New("no such task")

// Passed reports whether the solver produced every expected output.
func (r Result) Passed() bool { return r.Err == nil && r.Correct == r.Examples }

// Report sums up a conformance run.
type Report struct {
	Results       []Result
	Solvers       int
	Passed        int
	Failed        int // ran, and got an output wrong
	Skipped       int // their task is not among the tasks given
	Broken        int // could not run: their task did not load, they did not compile, …
	Outputs       int // examples run
	RefCompared   int // outputs compared with the reference
	RefIdentical  int
	SolverTime    time.Duration // summed solver run time
	Wall          time.Duration
	WithReference bool
}

// Options tunes a run.
type Options struct {
	Budget int64 // work budget per example; 0 for dsl.DefaultBudget
	// Timeout bounds one example's run; 0 for none.
	Timeout time.Duration
}

// Run runs every solver of file on the examples of its task, found by
// load, and compares the outputs with the tasks' and, if ref is not nil,
// with the reference.
func Run(ctx context.Context, file *program.File, load func(id string) (*task.Task, error), ref Reference, opt Options) Report {
	start := time.Now()
	rep := Report{WithReference: ref != nil}
	env := dsl.NewEnv(ctx, opt.Budget)
	for _, p := range file.Programs {
		res := runOne(ctx, env, p, load, ref, opt)
		rep.Results = append(rep.Results, res)
		rep.Solvers++
		switch {
		case res.Passed():
			rep.Passed++
		case res.Skipped:
			rep.Skipped++
		case res.Err != nil:
			rep.Broken++
		default:
			rep.Failed++
		}
		rep.Outputs += res.Examples
		rep.SolverTime += res.Time
		if ref != nil && res.Err == nil {
			rep.RefCompared += res.Examples
			rep.RefIdentical += res.Examples - res.RefDiffs
		}
	}
	rep.Wall = time.Since(start)
	return rep
}

func runOne(ctx context.Context, env *dsl.Env, p *program.Program, load func(string) (*task.Task, error), ref Reference, opt Options) Result {
	res := Result{Task: p.TaskID()}
	t, err := load(res.Task)
	if err != nil {
		res.Err = err
		res.Skipped = errors.Is(err, ErrNoTask) || errors.Is(err, fs.ErrNotExist)
		return res
	}
	c, err := program.Compile(p)
	if err != nil {
		res.Err = err
		return res
	}
	examples := t.Examples()
	res.Examples = len(examples)
	want := ref[res.Task]
	if ref != nil && len(want) != len(examples) {
		res.Err = fmt.Errorf("reference has %d outputs for %d examples", len(want), len(examples))
		return res
	}
	for k, ex := range examples {
		runCtx, cancel := ctx, context.CancelFunc(func() {})
		if opt.Timeout > 0 {
			runCtx, cancel = context.WithTimeout(ctx, opt.Timeout)
		}
		env.Reset(runCtx)
		t0 := time.Now()
		out, err := c.Run(env, ex.Input)
		res.Time += time.Since(t0)
		cancel()
		if err != nil {
			res.Errors++
		} else if ex.Output != nil && dsl.Equal(out, ex.Output) {
			res.Correct++
		}
		if ref != nil {
			if diff := compareRef(out, err, want[k]); diff != "" {
				res.RefDiffs++
				if res.FirstDiff == "" {
					res.FirstDiff = fmt.Sprintf("example %d: %s", k, diff)
				}
			}
		}
	}
	return res
}

// compareRef describes how an output differs from the reference's, or
// returns "" when they agree.
func compareRef(out dsl.Value, err error, want RefOutput) string {
	if want.Error != "" {
		if err != nil {
			return ""
		}
		return fmt.Sprintf("CPython raised %s, got %s", want.Error, short(dsl.String(out)))
	}
	if err != nil {
		return fmt.Sprintf("error %v", err)
	}
	wv, derr := dsl.UnmarshalValue(want.Output)
	if derr != nil {
		return fmt.Sprintf("bad reference value: %v", derr)
	}
	if !dsl.Equal(out, wv) {
		return fmt.Sprintf("got %s, want %s", short(dsl.String(out)), short(dsl.String(wv)))
	}
	return ""
}

func short(s string) string {
	if len(s) > 120 {
		return s[:117] + "..."
	}
	return s
}

// Write prints the report: one line per solver that could not run, failed
// or differs from the reference, then the totals. Solvers skipped for want
// of their task are counted, not listed.
func (r Report) Write(w io.Writer) {
	for _, res := range r.Results {
		switch {
		case res.Skipped:
		case res.Err != nil:
			fmt.Fprintf(w, "%s: error: %v\n", res.Task, res.Err)
		case r.WithReference && (!res.Passed() || res.RefDiffs > 0):
			fmt.Fprintf(w, "%s: %d/%d correct, %d errors, %d differ from reference %s\n",
				res.Task, res.Correct, res.Examples, res.Errors, res.RefDiffs, res.FirstDiff)
		case !res.Passed():
			fmt.Fprintf(w, "%s: %d/%d correct, %d errors\n", res.Task, res.Correct, res.Examples, res.Errors)
		}
	}
	fmt.Fprintf(w, "solvers: %d passed, %d failed", r.Passed, r.Failed)
	if r.Skipped > 0 {
		fmt.Fprintf(w, ", %d skipped (no task)", r.Skipped)
	}
	if r.Broken > 0 {
		fmt.Fprintf(w, ", %d could not run", r.Broken)
	}
	fmt.Fprintf(w, " (of %d)\n", r.Solvers)
	if r.WithReference {
		fmt.Fprintf(w, "outputs: %d identical to reference, %d differ (of %d)\n",
			r.RefIdentical, r.RefCompared-r.RefIdentical, r.RefCompared)
	} else {
		fmt.Fprintf(w, "outputs: %d\n", r.Outputs)
	}
	fmt.Fprintf(w, "time: %v in solvers, %v wall\n", r.SolverTime.Round(time.Microsecond), r.Wall.Round(time.Microsecond))
}
