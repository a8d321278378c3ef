package stages

import (
	"context"

	"github.com/arcflow/arcflow/arc/program"
)

// Inline is the inline stage. It rewrites a candidate to its canonical
// nested expression, whose md5 is its key, and drops it if the task already
// has that key: from another candidate of this run, or in the store from an
// earlier run.
//
//	Candidate ─▶ inline ─▶ Canonical whose key is new for its task and path
type Inline struct {
	Stats *Stats
}

// Process inlines one candidate.
func (in *Inline) Process(ctx context.Context, c Candidate) ([]Canonical, error) {
	e := program.Inline(c.Program)
	expr := e.String()
	key := program.Key(expr)
	kept, inStore := c.Job.seenKey(c.Kind, key)
	traceFanin(ctx, c.Kind.String()+":"+key, kept, &c, key)
	if !kept {
		if inStore {
			in.Stats.InStore.Add(1)
		}
		return nil, nil
	}
	text := program.Expand(c.Kind.FuncName(key), e).String()
	in.Stats.AfterInline.Add(1)
	return []Canonical{{Candidate: c, Expr: expr, Key: key, Text: text}}, nil
}

// Canonical is a candidate rewritten to its canonical form.
type Canonical struct {
	Candidate
	Expr string // the inlined expression
	Key  string // md5 of Expr
	Text string // the expanded program written to the store
}
