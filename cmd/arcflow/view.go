package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"iter"

	"github.com/arcflow/arcflow/arc/sample"
	"github.com/arcflow/arcflow/arc/submission"
	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/view"
)

func runView(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("view", stderr)
	storeDir := fs.String("store", "arcflow-out", "store directory whose programs answer the tasks, as arcflow submit answers them")
	tasksPath := fs.String("tasks", "", "tasks: a task file, a directory, a *_challenges.json (with its *_solutions.json beside it, if any), a .jsonl, or - for JSON Lines on stdin (default: the embedded sample)")
	out := fs.String("out", "view.html", "HTML file to write (mode 0644): one self-contained page, no server, nothing loaded from the network")
	reportPath := fs.String("report", "", "a run report written by arcflow run --report-json, to draw the run's stage timeline")
	tries := fs.Int("programs", 0, "stored solvers tried per task, as for arcflow submit (0: all the task's stored solvers)")
	budget := fs.Int64("budget", submission.DefaultBudget, "work budget per program run")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *tries < 0 || *budget <= 0 {
		return usagef("--programs takes a number ≥ 0 and --budget one > 0")
	}
	opt := view.Options{Store: *storeDir, Programs: *tries, Budget: *budget}
	if *reportPath != "" {
		r, err := view.ReadRunReport(*reportPath)
		if err != nil {
			return err
		}
		opt.Report = r
	}
	st, err := view.OpenStore(*storeDir)
	if err != nil {
		return err
	}
	var tasks iter.Seq2[*task.Task, error]
	if *tasksPath == "" {
		tasks = sample.Tasks()
		opt.Source = fmt.Sprintf("the %d embedded sample tasks", len(sample.IDs()))
	} else {
		r, err := task.Open(*tasksPath)
		if err != nil {
			return err
		}
		tasks, opt.Source = r.Tasks(), *tasksPath
	}
	page, err := view.Build(ctx, st, tasks, opt)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := page.WriteHTML(&buf); err != nil {
		return err
	}
	if err := writeFileAtomic(*out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	solved := "test outputs not known"
	if page.Known > 0 {
		solved = fmt.Sprintf("%d solved of %d (ARC Prize score %.2f)", page.Solved, page.Known, page.Score)
	}
	fmt.Fprintf(stdout, "%s: %d tasks, %s, %d with a stored solver, %d grids\n", *out, len(page.Tasks), solved, page.WithSolver, page.Grids)
	return nil
}
