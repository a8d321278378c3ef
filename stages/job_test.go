package stages

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/arcflow/arcflow/arc/search"
	"github.com/arcflow/arcflow/arc/task"
)

// TestJobsSettle: the tracker ends a task when its last item is consumed,
// however the stage's call ended, and only then; what a run leaves open
// ends with close.
func TestJobsSettle(t *testing.T) {
	var ended []string
	st := &Stats{}
	jobs := newJobs(st, func(j *Job) { ended = append(ended, j.Task.ID) })
	ctx := context.Background()
	open := func(id string, units int) *Job {
		var j *Job
		plan := jobs.plan(func(_ context.Context, jj *Job, _ Synthesized) ([]Unit, error) {
			j = jj
			return make([]Unit, units), nil
		})
		plan(ctx, Synthesized{Task: &task.Task{ID: id}})
		return j
	}
	wasEnded := func(id string) bool {
		for _, e := range ended {
			if e == id {
				return true
			}
		}
		return false
	}

	// A task with nothing to score ends in plan.
	open("empty", 0)
	if !wasEnded("empty") {
		t.Error("a task with no unit did not end in plan")
	}

	// A task whose candidates are dropped, fail or panic ends with the last.
	j := open("t", 3)
	if j.items.Load() != 1 {
		t.Fatalf("%d items in flight after plan, want 1: the units count as one", j.items.Load())
	}
	jobs.settle(j, 3-1) // gather hands on three candidates
	pass := step(jobs, "s", func(_ context.Context, c Candidate) ([]Candidate, error) { return []Candidate{c}, nil })
	fail := step(jobs, "s", func(_ context.Context, c Candidate) ([]Candidate, error) {
		return []Candidate{c}, errors.New("no") // the outputs of a failed call are dropped
	})
	boom := step(jobs, "s", func(context.Context, Candidate) ([]Candidate, error) { panic("boom") })
	c := Candidate{Job: j}
	pass(ctx, c)
	fail(ctx, c)
	func() {
		defer func() { recover() }()
		boom(ctx, c)
	}()
	if wasEnded("t") {
		t.Fatal("task ended with a candidate still in flight")
	}
	save := last(jobs, "save", func(context.Context, Candidate) error { return errors.New("disk full") })
	save(ctx, c)
	if !wasEnded("t") {
		t.Error("task did not end with its last candidate")
	}
	if got := fmt.Sprint(j.Failures()); got != "[{s no} {s panic: boom} {save disk full}]" {
		t.Errorf("failures %s", got)
	}

	// A task one of whose two units failed in score waits in gather until
	// its input ends, and ends then with no candidate.
	j = open("unit failed", 2)
	j.Samples, j.Pop = make([]task.Pair, 2), search.NewPopulation()
	gather, flush := jobs.gather(&Gatherer{Stats: st})
	gather(ctx, Scored{Job: j, Sample: 0})
	if wasEnded("unit failed") {
		t.Fatal("task ended while gather held it")
	}
	flush(ctx)
	if !wasEnded("unit failed") {
		t.Error("task did not end when gather flushed it")
	}

	// A task the run left in flight ends with close, once.
	open("cut", 2)
	jobs.close()
	jobs.close()
	if len(ended) != 4 || ended[3] != "cut" || st.TasksDone.Load() != 4 {
		t.Errorf("ended %v, %d tasks done; want empty, t, unit failed, cut", ended, st.TasksDone.Load())
	}
}
