package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/grid"
	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/arc/search"
	"github.com/arcflow/arcflow/arc/submission"
	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/store"
)

func runSubmit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("submit", stderr)
	challenges := fs.String("challenges", "", "the tasks to answer: an ARC Prize *_challenges.json, a directory of task files (such as ARC's training/), a task file or a .jsonl; only their test inputs are read (required)")
	out := fs.String("out", "submission.json", "submission file to write (mode 0644); an attempt no stored program gives is the empty grid [], which the ARC Prize format allows and which is never right")
	storeDir := fs.String("store", "arcflow-out", "store directory")
	tries := fs.Int("programs", 0, "stored solvers tried per task, in order: highest score, then fewest lines, then fewest distinct primitives, then the store's order (0: all the task's stored solvers)")
	budget := fs.Int64("budget", search.DefaultNodeBudget*4, "work budget per program run")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *challenges == "" {
		return usagef("--challenges is required")
	}
	if *tries < 0 {
		return usagef("--programs takes a number ≥ 0")
	}
	if _, err := os.Stat(filepath.Join(*storeDir, "solver_dir")); err != nil {
		return fmt.Errorf("store %s: %w (run arcflow run first)", *storeDir, err)
	}
	st, err := store.Open(*storeDir, 0)
	if err != nil {
		return err
	}
	r, err := task.Open(*challenges)
	if err != nil {
		return err
	}
	sub := submission.Submission{}
	var answered, both, unanswered int
	// The answers come from the test inputs alone, whatever the source holds.
	for t, err := range task.HideTestOutputs(r.Tasks()) {
		if err != nil {
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if _, dup := sub[t.ID]; dup {
			return fmt.Errorf("%s: task %s comes twice", *challenges, t.ID)
		}
		progs, err := candidates(st, t.ID, *tries)
		if err != nil {
			return err
		}
		answers := make([]submission.Attempts, 0, len(t.Test))
		for _, p := range t.Test {
			a := answer(ctx, progs, p.Input, *budget)
			switch {
			case a.Attempt2 != nil:
				both++
				answered++
			case a.Attempt1 != nil:
				answered++
			default:
				unanswered++
			}
			answers = append(answers, a)
		}
		sub[t.ID] = answers
	}
	data, err := json.Marshal(sub)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(*out, data, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d tasks, %d test inputs: %d answered by a stored program (%d with two attempts), %d unanswered ([] for both attempts)\n",
		*out, len(sub), answered+unanswered, answered, both, unanswered)
	return nil
}

// candidate is a stored solver compiled, with what ranks it.
type candidate struct {
	prog  *program.Compiled
	score int // its total score on the task's samples
	lines int // its lines: the distinct calls of its canonical form
	prims int // the distinct functions it calls
}

// candidates compiles all of a task's stored solvers and orders them for
// generalisation: highest score first, then the simplest (fewest lines,
// then fewest distinct functions called), then in the store's order
// (highest bucket, then key). n > 0 keeps the first n.
func candidates(st *store.Store, id string, n int) ([]*program.Compiled, error) {
	es, err := st.Entries(store.Solvers, id)
	if err != nil {
		return nil, err
	}
	var cs []candidate
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
		for _, l := range p.Lines {
			fns[l.Fn] = true
		}
		cs = append(cs, candidate{prog: c, score: e.Score, lines: len(p.Lines), prims: len(fns)})
	}
	slices.SortStableFunc(cs, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.lines, b.lines), cmp.Compare(a.prims, b.prims))
	})
	if n > 0 && len(cs) > n {
		cs = cs[:n]
	}
	out := make([]*program.Compiled, len(cs))
	for i, c := range cs {
		out[i] = c.prog
	}
	return out, nil
}

// answer runs the programs in rank order and takes the first two different
// grids they produce. A program that fails, or returns no ARC grid, gives
// no attempt; an attempt no program gives is left nil, written as [].
func answer(ctx context.Context, progs []*program.Compiled, in *grid.Grid, budget int64) submission.Attempts {
	var got []*grid.Grid
	for _, c := range progs {
		if len(got) == 2 || ctx.Err() != nil {
			break
		}
		out, err := c.RunOnce(ctx, budget, in)
		g, ok := out.(dsl.Grid)
		if err != nil || !ok || !isARCGrid(g) {
			continue
		}
		if len(got) == 1 && got[0].Equal(g) {
			continue
		}
		got = append(got, g)
	}
	var a submission.Attempts
	if len(got) > 0 {
		a.Attempt1 = got[0]
	}
	if len(got) > 1 {
		a.Attempt2 = got[1]
	}
	return a
}

// isARCGrid reports whether g can be an ARC answer: 1 to 30 rows of 1 to
// 30 cells, colours 0..9.
func isARCGrid(g *grid.Grid) bool {
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

// writeFileAtomic writes through a temporary file and a rename, so that a
// crash never leaves half a file where a good one was; the file gets mode
// perm (os.CreateTemp makes it 0600).
func writeFileAtomic(path string, data []byte, perm os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-submit-*")
	if err != nil {
		return err
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}
