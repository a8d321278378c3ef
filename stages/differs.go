package stages

import (
	"context"

	"github.com/arcflow/arcflow/store"
)

// Router is the "differs" stage. It sends each gathered candidate down one
// of the two paths of the Python tool: a candidate that matches at least
// one sample exactly is a solver, scored by its total; one that matches
// none but earns more partial credit than the identity program is a differ,
// scored by that improvement and stored apart (differ_md5/, differ_dir/).
// The rest are dropped.
//
//	Candidate ─▶ differs ─┬─▶ Candidate, Kind Solvers: exact on a sample
//	                      ├─▶ Candidate, Kind Differs: beats the identity program
//	                      └─▶ dropped
type Router struct {
	Stats *Stats
}

// Process routes one candidate.
func (r *Router) Process(ctx context.Context, c Candidate) (out []Candidate, _ error) {
	defer func() { traceCandidate(ctx, pick(len(out) > 0, c.Kind.String(), "dropped"), &c, "") }()
	switch {
	case c.Exact > 0:
		c.Kind = store.Solvers
		r.Stats.Solvers.Add(1)
	case c.Score > c.Job.Baseline:
		c.Kind = store.Differs
		c.Score -= c.Job.Baseline
		r.Stats.Differs.Add(1)
	default:
		return nil, nil
	}
	return []Candidate{c}, nil
}
