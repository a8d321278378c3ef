package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/stages"
	"github.com/arcflow/arcflow/store"
)

// tally counts failures of one kind and keeps the first, so that a run
// that goes on past them can still end with an error saying how many.
type tally struct {
	mu    sync.Mutex
	n     int
	first error
}

// add counts err.
func (t *tally) add(err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.n++; t.first == nil {
		t.first = err
	}
}

// count returns the failures so far and the first of them.
func (t *tally) count() (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.n, t.first
}

// reset forgets the failures counted so far.
func (t *tally) reset() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.n, t.first = 0, nil
}

// saver returns inner counting its failed saves in t.
func (t *tally) saver(inner stages.Saver) stages.Saver { return &tallySaver{inner, t} }

// tallySaver is a Saver that counts the saves that failed.
type tallySaver struct {
	inner stages.Saver
	t     *tally
}

// Save saves p and counts a failure.
func (s *tallySaver) Save(k store.Kind, p store.Program) (store.Saved, error) {
	got, err := s.inner.Save(k, p)
	if err != nil {
		s.t.add(err)
	}
	return got, err
}

// runTallies are the failures a run goes on past: saves that failed,
// tasks that could not be read, and tasks --skip-bad skipped for their id
// or size.
type runTallies struct {
	unsaved tally
	unread  tally
	idSkips atomic.Int64
}

// tallies returns the run's tallies, made on first use; call it while
// setting the run up, before its goroutines start.
func (f *runFlags) tallies() *runTallies {
	if f.counts == nil {
		f.counts = &runTallies{}
	}
	return f.counts
}

// failures is the error a run ends with when it went on past failures:
// programs not saved, tasks not read, items that failed in a stage of
// results (a task whose planning failed, say, is never searched). It is
// nil when there were none.
func (f *runFlags) failures(results ...*stages.Result) error {
	var errs []error
	failed, where := 0, map[string]bool{}
	var names []string
	for _, res := range results {
		if res == nil || res.Report == nil {
			continue
		}
		for _, m := range res.Report.Stages {
			// Tasks not read and saves that failed are counted below.
			if m.Errors == 0 || m.Kind == "source" || m.Stage == stages.StageSave {
				continue
			}
			failed += int(m.Errors)
			if !where[m.Stage] {
				where[m.Stage] = true
				names = append(names, m.Stage)
			}
		}
	}
	if failed > 0 {
		errs = append(errs, fmt.Errorf("%d %s failed in stage %s (the warnings above say why)",
			failed, plural(failed, "item", "items"), strings.Join(names, ", ")))
	}
	if f.counts == nil {
		return errors.Join(errs...)
	}
	if n, first := f.counts.unsaved.count(); n > 0 {
		errs = append(errs, fmt.Errorf("%d %s not saved (the first: %v)", n, plural(n, "program", "programs"), first))
	}
	if n, first := f.counts.unread.count(); n > 0 {
		hint := ""
		if errors.Is(first, task.ErrTooLarge) {
			hint = "; --max-pairs and --max-cells set the limits"
		}
		errs = append(errs, fmt.Errorf("%d %s not read (the first: %v); --skip-bad skips bad tasks and goes on%s",
			n, plural(n, "task", "tasks"), first, hint))
	}
	return errors.Join(errs...)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// checkTask applies the store's rule for task ids (store.CheckTaskID) at
// the source, before any work is spent on a task whose programs could not
// be saved, and --max-pairs and --max-cells to the tasks no reader checked
// (the embedded sample): under --skip-bad it reports the task, counts it
// and says to skip it; otherwise it returns the refusal as the task's
// error.
func (f *runFlags) checkTask(t *task.Task, stderr io.Writer) (skip bool, err error) {
	err = store.CheckTaskID(t.ID)
	if err == nil {
		if err = f.taskLimits().Check(t); err != nil {
			err = &task.Error{File: f.source(), Task: t.ID, Err: err}
		}
	}
	if err == nil {
		return false, nil
	}
	if f.skipBad {
		fmt.Fprintf(stderr, "arcflow: skipped: %v\n", err)
		f.tallies().idSkips.Add(1)
		return true, nil
	}
	return false, err
}

// checkValues refuses the negative durations and budgets of run's flags.
func (f *runFlags) checkValues() error {
	if f.timeout < 0 || f.budget < 0 || f.enumTime < 0 {
		return usagef("--timeout, --budget and --enum-time take values ≥ 0")
	}
	if f.taskTime < 0 || f.maxPairs < 0 || f.maxCells < 0 {
		return usagef("--task-time, --max-pairs and --max-cells take values ≥ 0 (0: no bound)")
	}
	return nil
}

// parseProgramFile parses a --solvers or --differs file, which must hold
// at least one program: an empty file, or one that is no solver file
// (binary, say), is an error naming it rather than no seeds at all.
func parseProgramFile(path string) (*program.File, error) {
	file, err := program.ParseFile(path)
	if err != nil {
		return nil, err
	}
	if len(file.Programs) == 0 {
		return nil, fmt.Errorf("no programs in %s", path)
	}
	return file, nil
}
