package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/arcflow/arcflow/arc/submission"
)

func runScore(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("score", stderr)
	subPath := fs.String("submission", "", "the submission to score, in the ARC Prize format; an attempt [] (or null) gives no answer and is never right (required)")
	solPath := fs.String("solutions", "", "the right test outputs: an ARC Prize *_solutions.json, or a task file, a directory of task files, a challenges file with its solutions beside it or a .jsonl whose test pairs have their outputs (required)")
	var summary bool
	fs.BoolVar(&summary, "summary", false, "print the summary lines only, not the per-task list")
	fs.BoolVar(&summary, "quiet", false, "the same as --summary")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *subPath == "" || *solPath == "" {
		return usagef("--submission and --solutions are required")
	}
	sol, err := submission.ReadSolutions(*solPath)
	if err != nil {
		return err
	}
	if len(sol) == 0 {
		return fmt.Errorf("%s: no tasks", *solPath)
	}
	sub, err := submission.ReadFile(*subPath)
	if err != nil {
		return err
	}
	rep, err := submission.Score(sub, sol)
	if err != nil {
		return fmt.Errorf("%s against %s: %w", *subPath, *solPath, err)
	}
	writeScore(stdout, rep, summary)
	return nil
}

// writeScore prints the summary of a scored submission and, unless
// summary, the per-task list: id, test outputs right of all, and for each
// test output the attempt that was right (1 or 2) or -.
func writeScore(w io.Writer, rep *submission.Report, summary bool) {
	n := len(rep.Tasks)
	pct := func(x float64) float64 { return 100 * x / float64(n) }
	fmt.Fprintf(w, "tasks solved:    %d of %d (%.2f%%): every test output right with either attempt\n", rep.Solved, n, pct(float64(rep.Solved)))
	fmt.Fprintf(w, "ARC Prize score: %.2f of %d (%.2f%%): per task, the share of its test outputs right\n", rep.Score, n, pct(rep.Score))
	fmt.Fprintf(w, "test outputs:    %d of %d right\n", rep.Right, rep.Total)
	if rep.Missing > 0 {
		fmt.Fprintf(w, "%s not in the submission (counted as wrong)\n", tasksWord(rep.Missing))
	}
	if rep.Extra > 0 {
		fmt.Fprintf(w, "%s of the submission not in the solutions (not scored)\n", tasksWord(rep.Extra))
	}
	if summary {
		return
	}
	fmt.Fprintln(w)
	for _, ts := range rep.Tasks {
		matched := "not in the submission"
		if !ts.Missing {
			parts := make([]string, len(ts.Matched))
			for k, m := range ts.Matched {
				parts[k] = "-"
				if m > 0 {
					parts[k] = strconv.Itoa(m)
				}
			}
			matched = strings.Join(parts, ",")
		}
		fmt.Fprintf(w, "%s  %d/%d  %s\n", ts.ID, ts.Right, ts.Total, matched)
	}
}

func tasksWord(n int) string {
	if n == 1 {
		return "1 task"
	}
	return strconv.Itoa(n) + " tasks"
}
