package stages

import (
	"context"
	"time"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/search"
	"github.com/arcflow/arcflow/observability/annotate"
)

// Scorer is the score stage. It evaluates a task's population on one
// sample and scores every candidate's output. With a TaskTime, the
// scoring of a task, all its units, ends TaskTime after its first unit
// began: the candidates not scored by then score 0 on their sample, and
// the task goes on with the others (Stats.TaskTimeHit counts it).
//
//	Unit ─▶ score ─▶ Scored: every candidate's score on the unit's sample
type Scorer struct {
	NodeBudget int64
	Differs    []search.Differ
	TaskTime   time.Duration // 0: no bound
	Stats      *Stats
}

// Process scores one unit.
func (s *Scorer) Process(ctx context.Context, u Unit) ([]Scored, error) {
	j := u.Job
	sample := j.Samples[u.Sample]
	// Each candidate is scored as soon as its output is computed, so that
	// the DAG's values are dropped once used rather than all kept.
	scores := make([]int, len(j.Pop.Candidates))
	ectx, cut := ctx, false
	if s.TaskTime > 0 {
		var cancel context.CancelFunc
		ectx, cancel = context.WithDeadline(ctx, j.scoreDeadline(s.TaskTime))
		defer cancel()
	}
	evaluated := j.Pop.EvaluateEach(ectx, sample.Input, j.Demos, s.NodeBudget, func(c int, out dsl.Value, err error) {
		if err != nil && ectx.Err() != nil {
			cut = true
		}
		scores[c] = search.Score(out, err, sample.Output, s.Differs)
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if cut && j.scoreCut.CompareAndSwap(false, true) {
		s.Stats.TaskTimeHit.Add(1)
	}
	s.Stats.NodeEvals.Add(int64(evaluated))
	annotate.Item(ctx, "scored", annotate.KeySample.Int(u.Sample),
		annotate.KeyCandidates.Int(len(scores)), annotate.KeyNodeEvals.Int(evaluated))
	return []Scored{{Job: j, Sample: u.Sample, Scores: scores}}, nil
}

// scoreDeadline returns when the task's scoring must end: d after its
// first unit began.
func (j *Job) scoreDeadline(d time.Duration) time.Time {
	j.scoreOnce.Do(func() { j.scoreEnd = time.Now().Add(d) })
	return j.scoreEnd
}

// Scored is a unit's result: the score of every candidate on the sample.
type Scored struct {
	Job    *Job
	Sample int
	Scores []int
}
