package stages

import (
	"context"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/search"
	"github.com/arcflow/arcflow/observability/annotate"
)

// Scorer is the score stage. It evaluates a task's population on one
// sample and scores every candidate's output.
//
//	Unit ─▶ score ─▶ Scored: every candidate's score on the unit's sample
type Scorer struct {
	NodeBudget int64
	Differs    []search.Differ
	Stats      *Stats
}

// Process scores one unit.
func (s *Scorer) Process(ctx context.Context, u Unit) ([]Scored, error) {
	j := u.Job
	sample := j.Samples[u.Sample]
	// Each candidate is scored as soon as its output is computed, so that
	// the DAG's values are dropped once used rather than all kept.
	scores := make([]int, len(j.Pop.Candidates))
	evaluated := j.Pop.EvaluateEach(ctx, sample.Input, j.Demos, s.NodeBudget, func(c int, out dsl.Value, err error) {
		scores[c] = search.Score(out, err, sample.Output, s.Differs)
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.Stats.NodeEvals.Add(int64(evaluated))
	annotate.Item(ctx, "scored", annotate.KeySample.Int(u.Sample),
		annotate.KeyCandidates.Int(len(scores)), annotate.KeyNodeEvals.Int(evaluated))
	return []Scored{{Job: j, Sample: u.Sample, Scores: scores}}, nil
}

// Scored is a unit's result: the score of every candidate on the sample.
type Scored struct {
	Job    *Job
	Sample int
	Scores []int
}
