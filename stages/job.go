// Package stages holds arcflow's search pipeline: the Python tool's phases
// as streaming stages of the flow engine, one file per stage.
//
//	tasks ─ synth ─ plan ─ score ─ gather ─ differs ─ dedup ─ inline ─ validate ─ save
//
// synth searches a task's grid transforms and their overlays (package
// arc/synth) for programs exact on its train pairs; plan builds a task's
// population, synth's programs among it, and splits the task into scoring units,
// one per sample, so both cores work on a single task; score evaluates the
// population on one sample; gather sums a task's samples per candidate;
// differs sends candidates with an exact sample down the solver path and
// those that only improve partial credit down the differ path; dedup and
// inline drop repeats by sliced body and by canonical key (also against the
// store); validate re-runs the canonical program on every example under a
// timeout; save writes it to the store. Tasks stream through: one task's
// candidates are validated while the next task is scored.
package stages

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/search"
	"github.com/arcflow/arcflow/arc/synth"
	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/flow"
	"github.com/arcflow/arcflow/store"
)

// Job is one task in flight, shared by all the items of that task. The
// tracker (jobs, below) opens it in plan and decides when it ends.
type Job struct {
	Ctx     context.Context // the plan stage's context: it carries the task's trace
	Task    *task.Task
	Pop     *search.Population // nil once gather has passed the task's candidates on
	Samples []task.Pair        // the examples whose output is known: train, then test
	NTrain  int                // how many of Samples are train pairs
	Demos   dsl.Value          // S: the train pairs as a tuple of (input, output); nil with Pop
	Start   time.Time

	// Baseline is the partial credit of the identity program (the input
	// taken as the answer), summed over the samples: a differ must beat it.
	Baseline int

	mu        sync.Mutex
	bodies    map[string]bool // sliced bodies seen by dedup
	keys      map[string]bool // canonical keys seen by inline, or already stored
	stored    map[store.Kind]map[string]bool
	solved    atomic.Bool  // a program exact on every sample was stored by this run
	before    atomic.Bool  // the store already held a program exact on every sample
	items     atomic.Int64 // the task's items in flight, as jobs counts them
	failures  []Failure    // guarded by mu
	ended     sync.Once
	scoreOnce sync.Once
	scoreEnd  time.Time   // when the task's scoring must end (Config.TaskTime); set by its first unit
	scoreCut  atomic.Bool // the deadline cut a unit's scoring
}

// jobs is the one place that decides when a task ends. A task is open
// while any of its items is in flight, from plan, which opens it, to the
// stage that drops or saves its last candidate. No stage function counts:
// each runs inside one of the wrappers below (see Run), which, however the
// call ends (with outputs, with none, with an error or a panic), adds the
// outputs it returned and takes off the input it consumed; a failure is
// noted on the job first (Failures). A task whose count falls to zero has
// ended: its outcome is counted in Stats and Config.TaskDone sees it.
//
// From plan to gather a task counts as one item, however many units it
// was cut into and whatever becomes of them: gather sums its units and
// hands the task on once, as its candidates, when the last unit is in (or,
// for a task a failed unit left incomplete, when its input ends). So score
// needs no wrapper. What a cancelled run leaves in flight is never handed
// on: close ends it when the run is over.
type jobs struct {
	stats *Stats
	done  func(*Job) // Config.TaskDone; nil for none

	mu   sync.Mutex
	open map[*Job]struct{}
}

func newJobs(st *Stats, done func(*Job)) *jobs {
	return &jobs{stats: st, done: done, open: map[*Job]struct{}{}}
}

// settle adds delta to the task's items in flight and ends the task when
// none is left.
func (t *jobs) settle(j *Job, delta int64) {
	if j.items.Add(delta) == 0 {
		t.end(j)
	}
}

// called settles one call of a stage on one of j's items, which consumed
// the item and returned n outputs, or failed with err or the panic p: the
// failure is noted on j, and the panic goes on to flow, which reports it.
func (t *jobs) called(j *Job, stage string, n int, err error, p any) {
	if p != nil {
		err = panicError(p)
	}
	if err != nil {
		n = 0 // flow drops the outputs of a failed call
		j.mu.Lock()
		j.failures = append(j.failures, Failure{Stage: stage, Err: err})
		j.mu.Unlock()
	}
	t.settle(j, int64(n)-1)
	if p != nil {
		panic(p)
	}
}

// panicError is the error flow reports for a panic with value p.
func panicError(p any) error {
	if err, ok := p.(error); ok {
		return fmt.Errorf("panic: %w", err)
	}
	return fmt.Errorf("panic: %v", p)
}

// end ends the task, once: it counts the outcome and calls the done hook.
func (t *jobs) end(j *Job) {
	j.ended.Do(func() {
		t.mu.Lock()
		delete(t.open, j)
		t.mu.Unlock()
		t.stats.TasksDone.Add(1)
		if j.Solved() {
			t.stats.Solved.Add(1)
			if j.SolvedBefore() {
				t.stats.SolvedBefore.Add(1)
			}
		}
		if t.done != nil {
			t.done(j)
		}
	})
}

// close ends the tasks still open when the run is over: those whose items
// a cancelled run dropped unprocessed, so that every task is accounted for.
func (t *jobs) close() {
	t.mu.Lock()
	left := make([]*Job, 0, len(t.open))
	for j := range t.open {
		left = append(left, j)
	}
	t.mu.Unlock()
	for _, j := range left {
		t.end(j)
	}
}

// plan wraps the plan stage: it opens the task, one item in flight, and
// lets the planner fill it in. A task the planner cuts into no unit, or
// fails on, ends at once; otherwise its units go on counting as that one
// item until gather.
func (t *jobs) plan(fn func(ctx context.Context, j *Job, in Synthesized) ([]Unit, error)) flow.Func[Synthesized, Unit] {
	return func(ctx context.Context, in Synthesized) (units []Unit, err error) {
		j := &Job{Ctx: ctx, Task: in.Task, Start: time.Now()}
		j.items.Store(1)
		t.mu.Lock()
		t.open[j] = struct{}{}
		t.mu.Unlock()
		defer func() {
			n := min(len(units), 1) // the units are one item until gather
			t.called(j, StagePlan, n, err, recover())
		}()
		return fn(ctx, j, in)
	}
}

// gather wraps the gather stage and its OnClose: the task, one item until
// gather has its last unit, becomes its candidates.
func (t *jobs) gather(g *Gatherer) (flow.Func[Scored, Candidate], func(context.Context) ([]Candidate, error)) {
	process := func(ctx context.Context, s Scored) ([]Candidate, error) {
		out, last := g.Process(ctx, s)
		if last {
			t.settle(s.Job, int64(len(out))-1)
		}
		return out, nil
	}
	flush := func(context.Context) ([]Candidate, error) {
		var all []Candidate
		for j, out := range g.Flush() {
			t.settle(j, int64(len(out))-1)
			all = append(all, out...)
		}
		return all, nil
	}
	return process, flush
}

// candidate is an item after gather: it belongs to one task.
type candidate interface{ job() *Job }

func (c Candidate) job() *Job { return c.Job }

// step wraps the stage named stage, after gather: each call consumes one
// candidate and adds the outputs it returned.
func step[In candidate, Out any](t *jobs, stage string, fn flow.Func[In, Out]) flow.Func[In, Out] {
	return func(ctx context.Context, in In) (outs []Out, err error) {
		defer func() { t.called(in.job(), stage, len(outs), err, recover()) }()
		return fn(ctx, in)
	}
}

// last wraps the sink named stage: each call consumes one candidate.
func last[In candidate](t *jobs, stage string, fn func(context.Context, In) error) func(context.Context, In) error {
	return func(ctx context.Context, in In) (err error) {
		defer func() { t.called(in.job(), stage, 0, err, recover()) }()
		return fn(ctx, in)
	}
}

// Failure is a stage's error, or panic, on one of a task's items, which
// dropped the item.
type Failure struct {
	Stage string
	Err   error
}

// Failures returns the failures of the task's items from plan on, in the
// order they came; a task ends after its failures are noted.
func (j *Job) Failures() []Failure {
	j.mu.Lock()
	defer j.mu.Unlock()
	return slices.Clone(j.failures)
}

// Solved reports whether the task is solved: a program exact on every
// sample was stored by this run or was in the store already.
func (j *Job) Solved() bool { return j.solved.Load() || j.before.Load() }

// SolvedBefore reports whether the store already held a program exact on
// every sample of the task, as this run scored it, before the run.
func (j *Job) SolvedBefore() bool { return j.before.Load() }

// storedSolver reports whether the store held the solver with this
// canonical key for the task when the task was planned.
func (j *Job) storedSolver(key string) bool { return j.stored[store.Solvers][key] }

// seenBody records a sliced body for the task; it reports whether it was
// new.
func (j *Job) seenBody(body string) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.bodies == nil {
		j.bodies = map[string]bool{}
	}
	if j.bodies[body] {
		return false
	}
	j.bodies[body] = true
	return true
}

// seenKey records a canonical key; it reports whether it was new, and if
// not, whether the store already had it.
func (j *Job) seenKey(kind store.Kind, key string) (fresh, inStore bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.keys == nil {
		j.keys = map[string]bool{}
	}
	k := key
	if kind == store.Differs {
		k = "differ:" + key
	}
	if j.stored[kind][key] {
		return false, true
	}
	if j.keys[k] {
		return false, false
	}
	j.keys[k] = true
	return true, false
}

// Stats counts what went through the pipeline, for the run report, beside
// what each stage's flow.Metrics count (the scoring units are plan's Out).
type Stats struct {
	Tasks         atomic.Int64 // tasks planned
	TasksScored   atomic.Int64 // tasks whose every sample was scored
	TasksDone     atomic.Int64 // tasks whose every candidate was saved or dropped
	Population    atomic.Int64 // candidates in the tasks' populations, summed
	NodeEvals     atomic.Int64 // DAG nodes evaluated
	Gathered      atomic.Int64 // candidates that left gather with a score
	Solvers       atomic.Int64 // … of which down the solver path
	Differs       atomic.Int64 // … of which down the differ path
	AfterDedup    atomic.Int64
	AfterInline   atomic.Int64
	Validated     atomic.Int64
	Mismatches    atomic.Int64
	Stored        atomic.Int64
	StoredDiffers atomic.Int64
	Present       atomic.Int64 // programs save found the store to hold already
	InStore       atomic.Int64 // candidates inline dropped because the store holds their key
	Rejected      atomic.Int64
	Solved        atomic.Int64 // tasks with a program exact on every sample, stored now or before
	SolvedBefore  atomic.Int64 // … of which the store held such a program before the run
	EnumStates    atomic.Int64
	SynthStates   atomic.Int64 // states the synth stage reached
	SynthFound    atomic.Int64 // programs it found exact on the train pairs
	// SynthHow counts those programs by how they were found, in the
	// order of synth.Hows.
	SynthHow    [len(synth.Hows)]atomic.Int64
	BadTasks    atomic.Int64
	TaskTimeHit atomic.Int64 // tasks whose scoring Config.TaskTime cut short
}

// Catalog is what planning reads of the store: the programs a task already
// has. *store.Store is one.
type Catalog interface {
	Entries(k store.Kind, task string) ([]store.Entry, error)
	Read(k store.Kind, key string) (string, error)
}
