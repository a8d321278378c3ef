package stages

import (
	"context"
	"strconv"
)

// Dedup drops a candidate whose sliced body another candidate of the same
// task and path already had. Candidates reach it sliced (the population
// slices every program it takes in), so programs that differ only in dead
// lines meet here.
type Dedup struct {
	Stats *Stats
}

// Process passes the candidate on if its body is new for its task.
func (d *Dedup) Process(ctx context.Context, c Candidate) ([]Candidate, error) {
	key := strconv.Itoa(int(c.Kind)) + "\n" + body(c.Program)
	kept := c.Job.seenBody(key)
	traceFanin(ctx, key, kept, &c, "")
	if !kept {
		c.Job.finish(1)
		return nil, nil
	}
	d.Stats.AfterDedup.Add(1)
	return []Candidate{c}, nil
}
