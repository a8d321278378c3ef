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
	"sync"
	"sync/atomic"
	"time"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/search"
	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/store"
)

// Job is one task in flight, shared by all the items of that task.
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

	mu          sync.Mutex
	bodies      map[string]bool // sliced bodies seen by dedup
	keys        map[string]bool // canonical keys seen by inline, or already stored
	stored      map[store.Kind]map[string]bool
	solved      atomic.Bool  // a program exact on every sample was stored by this run
	before      atomic.Bool  // the store already held a program exact on every sample
	outstanding atomic.Int64 // candidates between gather and their end
	done        func(*Job)   // called once when the task's last candidate ends
	once        sync.Once
	scoreOnce   sync.Once
	scoreEnd    time.Time   // when the task's scoring must end (Config.TaskTime); set by its first unit
	scoreCut    atomic.Bool // the deadline cut a unit's scoring
}

// finish ends n of the task's candidates; the last one ends the task.
func (j *Job) finish(n int64) {
	if j.outstanding.Add(-n) == 0 {
		j.end()
	}
}

// end calls the task's done hook once.
func (j *Job) end() {
	j.once.Do(func() {
		if j.done != nil {
			j.done(j)
		}
	})
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

// Stats counts what went through the pipeline, for the run report.
type Stats struct {
	Tasks         atomic.Int64 // tasks planned
	TasksScored   atomic.Int64 // tasks whose every sample was scored
	TasksDone     atomic.Int64 // tasks whose every candidate was saved or dropped
	Samples       atomic.Int64 // scoring units
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
	BadTasks      atomic.Int64
	TaskTimeHit   atomic.Int64 // tasks whose scoring Config.TaskTime cut short
}

// Catalog is what planning reads of the store: the programs a task already
// has. *store.Store is one.
type Catalog interface {
	Entries(k store.Kind, task string) ([]store.Entry, error)
	Read(k store.Kind, key string) (string, error)
}
