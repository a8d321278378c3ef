package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/grid"
	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/arc/search"
	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/store"
)

// attempts is one test input's answer in the ARC Prize format.
type attempts struct {
	Attempt1 *grid.Grid `json:"attempt_1"`
	Attempt2 *grid.Grid `json:"attempt_2"`
}

func runSubmit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("submit", stderr)
	challenges := fs.String("challenges", "", "ARC Prize *_challenges.json (required)")
	out := fs.String("out", "submission.json", "submission file to write")
	storeDir := fs.String("store", "arcflow-out", "store directory")
	tries := fs.Int("programs", 8, "best stored programs tried per task")
	budget := fs.Int64("budget", search.DefaultNodeBudget*4, "work budget per program run")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *challenges == "" {
		return usagef("--challenges is required")
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
	sub := map[string][]attempts{}
	answered := 0
	for t, err := range r.Tasks() {
		if err != nil {
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		progs, err := bestPrograms(st, t.ID, *tries)
		if err != nil {
			return err
		}
		var answers []attempts
		for _, p := range t.Test {
			a := answer(ctx, progs, p.Input, *budget)
			if a.Attempt1 != p.Input {
				answered++
			}
			answers = append(answers, a)
		}
		sub[t.ID] = answers
	}
	data, err := json.Marshal(sub)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(*out, data); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d tasks, %d test inputs answered by a stored program\n", *out, len(sub), answered)
	return nil
}

// bestPrograms compiles a task's best stored solvers, best first.
func bestPrograms(st *store.Store, id string, n int) ([]*program.Compiled, error) {
	es, err := st.Entries(store.Solvers, id)
	if err != nil {
		return nil, err
	}
	var out []*program.Compiled
	for _, e := range es {
		if len(out) == n {
			break
		}
		text, err := st.Read(store.Solvers, e.Key)
		if err != nil {
			continue
		}
		f, err := program.ParseString(e.Path, text)
		if err != nil || len(f.Programs) != 1 {
			continue
		}
		if c, err := program.Compile(f.Programs[0]); err == nil {
			out = append(out, c)
		}
	}
	return out, nil
}

// answer runs the programs in rank order and takes the first two distinct
// grids they produce; the input itself fills a missing attempt, since an
// unchanged grid is a frequent answer and beats an empty one.
func answer(ctx context.Context, progs []*program.Compiled, in *grid.Grid, budget int64) attempts {
	var got []*grid.Grid
	for _, c := range progs {
		if len(got) == 2 {
			break
		}
		out, err := c.RunOnce(ctx, budget, in)
		g, ok := out.(dsl.Grid)
		if err != nil || !ok || g.H < 1 || g.W < 1 || g.H > grid.MaxSide || g.W > grid.MaxSide {
			continue
		}
		if len(got) == 1 && got[0].Equal(g) {
			continue
		}
		got = append(got, g)
	}
	for len(got) < 2 {
		got = append(got, in)
	}
	return attempts{got[0], got[1]}
}

// writeFileAtomic writes through a temporary file and a rename, so that a
// crash never leaves half a file where a good one was.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-submit-*")
	if err != nil {
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
