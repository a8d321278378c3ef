package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"

	"github.com/arcflow/arcflow/arc/conform"
	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/arc/sample"
	"github.com/arcflow/arcflow/arc/task"
)

func runConform(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("conform", stderr)
	solvers := fs.String("solvers", "", "arc-dsl solver file, e.g. arc-dsl's solvers.py (required)")
	tasks := fs.String("tasks", "", "task directory or file (default: the embedded sample)")
	ref := fs.String("reference", "", "reference outputs of CPython's arc-dsl (JSON, or .json.gz)")
	timeout := fs.Duration("timeout", 0, "time limit per example (0: none)")
	budget := fs.Int64("budget", 0, "work budget per example (0: the DSL default)")
	cpuprof := fs.String("cpuprofile", "", "write a CPU profile of the pass to this file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *cpuprof != "" {
		stop, err := startCPUProfile(*cpuprof)
		if err != nil {
			return err
		}
		defer stop()
	}
	// A conformance pass is a short batch over a fixed workload whose
	// values die young: collecting at 4× heap growth rather than 2× cut
	// it by a tenth. Long runs keep Go's default, which keeps their peak
	// RSS flat over thousands of tasks. GOGC still overrides.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if *solvers == "" {
		return usagef("--solvers is required")
	}
	file, err := program.ParseFile(*solvers)
	if err != nil {
		return err
	}
	load, err := taskLoader(*tasks)
	if err != nil {
		return err
	}
	var reference conform.Reference
	if *ref != "" {
		if reference, err = conform.LoadReference(*ref); err != nil {
			return err
		}
	}
	rep := conform.Run(ctx, file, load, reference, conform.Options{Budget: *budget, Timeout: *timeout})
	rep.Write(stdout)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("interrupted: %w", err)
	}
	source := *tasks
	if source == "" {
		source = fmt.Sprintf("the %d embedded sample tasks", len(sample.IDs()))
		if rep.Skipped > 0 {
			fmt.Fprintf(stdout, "%d solvers' tasks are not among %s: give --tasks for theirs\n", rep.Skipped, source)
		}
	}
	switch {
	case rep.Solvers > 0 && rep.Skipped == rep.Solvers:
		return fmt.Errorf("no solver's task is in %s", source)
	case rep.Broken > 0:
		return fmt.Errorf("%d of %d solvers could not run (listed above)", rep.Broken, rep.Solvers)
	}
	return nil
}

// taskLoader returns a lookup of tasks by id: straight to the file in a
// directory, or through one pass over any other task source.
func taskLoader(path string) (func(string) (*task.Task, error), error) {
	if path == "" {
		return sample.Task, nil
	}
	st, err := os.Stat(path)
	if err != nil && path != "-" {
		return nil, err
	}
	if err == nil && st.IsDir() {
		return func(id string) (*task.Task, error) {
			return task.ReadFile(filepath.Join(path, id+".json"))
		}, nil
	}
	r, err := task.Open(path)
	if err != nil {
		return nil, err
	}
	byID := map[string]*task.Task{}
	for t, err := range r.Tasks() {
		if err != nil {
			return nil, err
		}
		byID[t.ID] = t
	}
	return func(id string) (*task.Task, error) {
		if t, ok := byID[id]; ok {
			return t, nil
		}
		return nil, fmt.Errorf("%s: %w: %s", path, conform.ErrNoTask, id)
	}, nil
}
