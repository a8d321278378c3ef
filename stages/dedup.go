package stages

import (
	"context"
	"strconv"
	"strings"

	"github.com/arcflow/arcflow/arc/program"
)

// Dedup is the dedup stage. It drops a candidate whose sliced body another
// candidate of the same task and path already had. Candidates reach it
// sliced (the population slices every program it takes in), so programs
// that differ only in dead lines meet here.
//
//	Candidate ─▶ dedup ─▶ Candidate whose body is new for its task and path
type Dedup struct {
	Stats *Stats
}

// Process passes the candidate on if its body is new for its task.
func (d *Dedup) Process(ctx context.Context, c Candidate) ([]Candidate, error) {
	key := strconv.Itoa(int(c.Kind)) + "\n" + body(c.Program)
	kept := c.Job.seenBody(key)
	traceFanin(ctx, key, kept, &c, "")
	if !kept {
		return nil, nil
	}
	d.Stats.AfterDedup.Add(1)
	return []Candidate{c}, nil
}

// body is a program's lines without its name: two candidates with the same
// body are the same program.
func body(p *program.Program) string {
	var b strings.Builder
	for _, l := range p.Lines {
		b.WriteString(l.String())
		b.WriteByte('\n')
	}
	b.WriteString(p.Result)
	return b.String()
}
