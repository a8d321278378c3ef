package submission

import (
	"cmp"
	"context"
	"slices"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/grid"
	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/arc/search"
	"github.com/arcflow/arcflow/store"
)

// DefaultBudget is the work budget of one stored program's run on one test
// input, as `arcflow submit` and `arcflow view` run it: four times a search
// node's.
const DefaultBudget = search.DefaultNodeBudget * 4

// Candidate is a stored solver compiled, with what ranks it.
type Candidate struct {
	Entry store.Entry // its link in the store: score, bucket, key
	Text  string      // the stored program
	Prog  *program.Compiled
	Lines int // its lines: the distinct calls of its canonical form
	Prims int // the distinct functions it calls
	// Recolours counts its replace and switch calls: colour mappings
	// learned from the train pairs rather than read from the input.
	Recolours int
}

// Candidates compiles all of a task's stored solvers and orders them for
// generalisation: highest score first, then the fewest colour mappings
// (replace and switch calls), then the simplest (fewest lines, then fewest
// distinct functions called), then in the store's order (highest bucket,
// then key). n > 0 keeps the first n. A stored file that is not one
// program arcflow can compile is left out.
//
// Colour mappings come before lines because a chain of replace calls can
// fit any train pair's colours without saying why: on the 400 training
// tasks (challenges only, the default run) ranking them first put a right
// answer in the two attempts of 4 more tasks and out of none.
func Candidates(st *store.Store, id string, n int) ([]Candidate, error) {
	es, err := st.Entries(store.Solvers, id)
	if err != nil {
		return nil, err
	}
	var cs []Candidate
	for _, e := range es {
		text, err := st.Read(store.Solvers, e.Key)
		if err != nil {
			continue // evicted meanwhile
		}
		f, err := program.ParseString(e.Path, text)
		if err != nil || len(f.Programs) != 1 {
			continue // not a program arcflow wrote: leave it be
		}
		p := f.Programs[0]
		c, err := program.Compile(p)
		if err != nil {
			continue
		}
		fns := map[string]bool{}
		recolours := 0
		for _, l := range p.Lines {
			fns[l.Fn] = true
			if l.Fn == "replace" || l.Fn == "switch" {
				recolours++
			}
		}
		cs = append(cs, Candidate{Entry: e, Text: text, Prog: c, Lines: len(p.Lines), Prims: len(fns), Recolours: recolours})
	}
	slices.SortStableFunc(cs, func(a, b Candidate) int {
		return cmp.Or(cmp.Compare(b.Entry.Score, a.Entry.Score), cmp.Compare(a.Recolours, b.Recolours),
			cmp.Compare(a.Lines, b.Lines), cmp.Compare(a.Prims, b.Prims))
	})
	if n > 0 && len(cs) > n {
		cs = cs[:n]
	}
	return cs, nil
}

// Answer runs the candidates in rank order on a test input and takes the
// first two different grids they produce. A program that fails, or
// returns no ARC grid, gives no attempt; an attempt no program gives is
// left nil, written as []. by holds the index in cs of the candidate that
// gave each attempt, -1 for none.
func Answer(ctx context.Context, cs []Candidate, in *grid.Grid, budget int64) (a Attempts, by [2]int) {
	by = [2]int{-1, -1}
	var got []*grid.Grid
	for i, c := range cs {
		if len(got) == 2 || ctx.Err() != nil {
			break
		}
		out, err := c.Prog.RunOnce(ctx, budget, in)
		g, ok := out.(dsl.Grid)
		if err != nil || !ok || !IsARCGrid(g) {
			continue
		}
		if len(got) == 1 && got[0].Equal(g) {
			continue
		}
		by[len(got)] = i
		got = append(got, g)
	}
	if len(got) > 0 {
		a.Attempt1 = got[0]
	}
	if len(got) > 1 {
		a.Attempt2 = got[1]
	}
	return a, by
}

// IsARCGrid reports whether g can be an ARC answer: 1 to 30 rows of 1 to
// 30 cells, colours 0..9.
func IsARCGrid(g *grid.Grid) bool {
	if g == nil || g.H < 1 || g.W < 1 || g.H > grid.MaxSide || g.W > grid.MaxSide {
		return false
	}
	for _, v := range g.Cells {
		if v < 0 || v > 9 {
			return false
		}
	}
	return true
}
