package main

import (
	"context"
	"fmt"
	"io"

	"github.com/arcflow/arcflow/cluster"
)

func runEnqueue(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("enqueue", stderr)
	var nf natsFlags
	nf.register(fs)
	var f runFlags // only its task-stream flags
	fs.StringVar(&f.tasks, "tasks", "", "tasks: a task file, a directory, a *_challenges.json, a .jsonl, or - for JSON Lines on stdin (default: the embedded sample)")
	fs.Var(&f.ids, "ids", "only these task ids (comma-separated or repeated)")
	fs.IntVar(&f.start, "start", 0, "skip this many tasks of the stream first")
	fs.IntVar(&f.count, "count", 0, "stop after this many tasks (0: all)")
	fs.BoolVar(&f.skipBad, "skip-bad", false, "skip bad tasks, count them and go on")
	registerHideTest(fs, &f.hideTest)
	registerLimits(fs, &f.maxPairs, &f.maxCells)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if f.start < 0 || f.count < 0 || f.maxPairs < 0 || f.maxCells < 0 {
		return usagef("--start, --count, --max-pairs and --max-cells take numbers ≥ 0")
	}
	nc, q, err := nf.open(ctx, "arcflow enqueue", cluster.DefaultConfig())
	if err != nil {
		return err
	}
	defer nc.Close()
	tasks, skipped, err := f.taskStream(stderr)
	if err != nil {
		return err
	}
	res, err := q.Enqueue(ctx, tasks)
	fmt.Fprintf(stdout, "%d tasks enqueued", res.Enqueued)
	if res.Duplicates > 0 {
		fmt.Fprintf(stdout, ", %d already in the queue (same id and content within %v)", res.Duplicates, q.Cfg.Duplicates)
	}
	if res.Failed > 0 {
		fmt.Fprintf(stdout, ", %d failed", res.Failed)
	}
	if n := skipped(); n > 0 {
		fmt.Fprintf(stdout, ", %d bad tasks skipped", n)
	}
	fmt.Fprintln(stdout)
	if err != nil && res.Failed > 0 {
		return fmt.Errorf("%d tasks not enqueued (enqueue again: tasks already in the queue are not duplicated): %w", res.Failed, err)
	}
	return err
}
