// Package view renders what a store holds for a task set as one
// self-contained HTML page: every task's train pairs and test inputs as
// coloured grids in ARC's palette, the two attempts `arcflow submit` would
// give for each test input beside the expected output when it is known,
// marked right or wrong, the programs that gave them, and a summary with
// filters for solved and unsolved tasks. Given a run report (RunReport,
// as `arcflow run --report-json` writes it), the page also draws the run's
// stage timeline.
//
// The page needs no server and loads nothing: its CSS and a few lines of
// script for the filters are inline, and every grid is an inline <svg>
// with one <rect> per cell, whose fill is the cell's colour. The svg
// carries data-grid="<task>/<role>/<k>" (role: train-input, train-output,
// test-input, test-output, attempt-1, attempt-2; k counts from 0), data-h
// and data-w.
package view

import (
	"context"
	"fmt"
	"iter"
	"os"
	"path/filepath"

	"github.com/arcflow/arcflow/arc/grid"
	"github.com/arcflow/arcflow/arc/submission"
	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/store"
)

// Status is what is known of whether a task is solved.
type Status string

// Solved, Unsolved and Unknown are the statuses: a task is Solved when
// every test output is right with either attempt, Unsolved when one is
// not, and Unknown when a test output is not known.
const (
	Solved   Status = "solved"
	Unsolved Status = "unsolved"
	Unknown  Status = "unknown"
)

// Options are what Build takes besides the store and the tasks.
type Options struct {
	Source   string     // how the task source is named on the page
	Store    string     // how the store is named on the page
	Programs int        // stored solvers tried per task, as submit's --programs (0: all)
	Budget   int64      // work budget per program run (0: submission.DefaultBudget)
	Report   *RunReport // the run's report, for the timeline; nil for none
}

// Page is everything the HTML shows.
type Page struct {
	Source string
	Store  string
	Tasks  []*Task

	// Over the tasks whose test outputs are all known (Known of them), as
	// `arcflow score` counts: tasks solved, the ARC Prize score (the sum
	// of the tasks' shares of test outputs right) and test outputs right.
	Known  int
	Solved int
	Score  float64
	Right  int
	Total  int

	WithSolver int // tasks with a stored solver that compiles
	Grids      int // grids drawn

	Report *RunReport
}

// Task is one task as the page shows it.
type Task struct {
	ID     string
	Train  []task.Pair
	Tests  []Test
	Status Status
	Right  int // test outputs right with either attempt (when known)

	// Programs are the stored solvers shown: the best (rank 0) and those
	// that gave an attempt, in rank order.
	Programs []Program
	Stored   int // the task's stored solvers that compile
}

// Test is one test input and what is known and answered of it.
type Test struct {
	Input    *grid.Grid
	Expected *grid.Grid // nil when not known
	Attempts [2]Attempt
}

// Attempt is one of the two answers to a test input.
type Attempt struct {
	Grid *grid.Grid // nil: no stored program gave one, written as []
	Rank int        // the rank of the program that gave it; -1 for none
	Mark Mark
}

// Mark is how an attempt compares with the expected output.
type Mark string

// Right, Wrong and Unmarked are the marks: Right and Wrong against a known
// output (an attempt no program gives is Wrong), Unmarked when the output
// is not known.
const (
	Right    Mark = "right"
	Wrong    Mark = "wrong"
	Unmarked Mark = "unknown"
)

// Program is a stored solver shown on the page.
type Program struct {
	Rank   int // in the order submit tries them, from 0
	Key    string
	Score  int
	Bucket int
	Lines  int
	Text   string
	Gave   []string // the attempts it gave, as "test 1 attempt 2"
}

// Build answers every task's test inputs from the store as `arcflow
// submit` does (submission.Candidates and submission.Answer: the ranking
// and the first two different grids), and scores the answers against the
// test outputs the source gives, as `arcflow score` does. A task that
// comes twice is an error.
func Build(ctx context.Context, st *store.Store, tasks iter.Seq2[*task.Task, error], opt Options) (*Page, error) {
	budget := opt.Budget
	if budget <= 0 {
		budget = submission.DefaultBudget
	}
	p := &Page{Source: opt.Source, Store: opt.Store, Report: opt.Report}
	sub, sol := submission.Submission{}, submission.Solutions{}
	seen := map[string]bool{}
	for t, err := range tasks {
		if err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if seen[t.ID] {
			return nil, fmt.Errorf("task %s comes twice", t.ID)
		}
		seen[t.ID] = true
		cs, err := submission.Candidates(st, t.ID, opt.Programs)
		if err != nil {
			return nil, err
		}
		vt := &Task{ID: t.ID, Train: t.Train, Status: Unknown, Stored: len(cs)}
		if len(cs) > 0 {
			p.WithSolver++
		}
		gave := map[int][]string{}
		answers := make([]submission.Attempts, len(t.Test))
		known := len(t.Test) > 0
		outs := make([]*grid.Grid, len(t.Test))
		for k, pair := range t.Test {
			// The programs see the test input alone, as in submit.
			a, by := submission.Answer(ctx, cs, pair.Input, budget)
			answers[k] = a
			test := Test{Input: pair.Input, Expected: pair.Output}
			for n, g := range []*grid.Grid{a.Attempt1, a.Attempt2} {
				test.Attempts[n] = Attempt{Grid: g, Rank: by[n], Mark: Unmarked}
				if by[n] >= 0 {
					gave[by[n]] = append(gave[by[n]], fmt.Sprintf("test %d attempt %d", k+1, n+1))
				}
			}
			if pair.Output == nil {
				known = false
			}
			outs[k] = pair.Output
			vt.Tests = append(vt.Tests, test)
		}
		if known {
			sub[t.ID], sol[t.ID] = answers, outs
		}
		for i, c := range cs {
			if i == 0 || gave[i] != nil {
				vt.Programs = append(vt.Programs, Program{
					Rank: i, Key: c.Entry.Key, Score: c.Entry.Score, Bucket: c.Entry.Bucket,
					Lines: c.Lines, Text: c.Text, Gave: gave[i],
				})
			}
		}
		p.Tasks = append(p.Tasks, vt)
	}
	if len(sol) > 0 {
		rep, err := submission.Score(sub, sol)
		if err != nil {
			return nil, err
		}
		p.Known, p.Solved, p.Score, p.Right, p.Total = len(rep.Tasks), rep.Solved, rep.Score, rep.Right, rep.Total
		byID := map[string]submission.TaskScore{}
		for _, ts := range rep.Tasks {
			byID[ts.ID] = ts
		}
		for _, vt := range p.Tasks {
			ts, ok := byID[vt.ID]
			if !ok {
				continue
			}
			vt.Right, vt.Status = ts.Right, Unsolved
			if ts.Solved() {
				vt.Status = Solved
			}
			for k := range vt.Tests {
				for n := range vt.Tests[k].Attempts {
					vt.Tests[k].Attempts[n].Mark = Wrong
				}
				if m := ts.Matched[k]; m > 0 {
					vt.Tests[k].Attempts[m-1].Mark = Right
				}
			}
		}
	}
	for _, vt := range p.Tasks {
		p.Grids += 2 * len(vt.Train)
		for _, test := range vt.Tests {
			p.Grids++
			if test.Expected != nil {
				p.Grids++
			}
			for _, a := range test.Attempts {
				if a.Grid != nil {
					p.Grids++
				}
			}
		}
	}
	return p, nil
}

// Count returns how many tasks have the status.
func (p *Page) Count(s Status) int {
	n := 0
	for _, t := range p.Tasks {
		if t.Status == s {
			n++
		}
	}
	return n
}

// OpenStore opens an existing store for reading: unlike store.Open, it
// creates nothing where there is no store.
func OpenStore(dir string) (*store.Store, error) {
	if _, err := os.Stat(filepath.Join(dir, "solver_dir")); err != nil {
		return nil, fmt.Errorf("store %s: %w (run arcflow run first)", dir, err)
	}
	return store.Open(dir, 0)
}
