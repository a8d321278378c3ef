package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/arcflow/arcflow/arc/submission"
	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/store"
)

func runSubmit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("submit", stderr)
	challenges := fs.String("challenges", "", "the tasks to answer: an ARC Prize *_challenges.json, a directory of task files (such as ARC's training/), a task file or a .jsonl; only their test inputs are read (required)")
	out := fs.String("out", "submission.json", "submission file to write (mode 0644); an attempt no stored program gives is the empty grid [], which the ARC Prize format allows and which is never right")
	storeDir := fs.String("store", "arcflow-out", "store directory")
	tries := fs.Int("programs", 0, "stored solvers tried per task, in order: highest score, then fewest replace and switch calls, then fewest lines, then fewest distinct primitives, then the store's order (0: all the task's stored solvers)")
	budget := fs.Int64("budget", submission.DefaultBudget, "work budget per program run")
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
		progs, err := submission.Candidates(st, t.ID, *tries)
		if err != nil {
			return err
		}
		answers := make([]submission.Attempts, 0, len(t.Test))
		for _, p := range t.Test {
			a, _ := submission.Answer(ctx, progs, p.Input, *budget)
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
