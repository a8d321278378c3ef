// Package task holds ARC tasks and the readers that stream them from the
// formats ARC data comes in: one task per JSON file, a directory of such
// files, the ARC Prize challenges/solutions pair, and JSON Lines.
//
// Every reader yields one task at a time, so a set of any size is read in
// memory proportional to its largest task.
package task

import (
	"fmt"

	"github.com/arcflow/arcflow/arc/grid"
)

// Pair is one example: an input grid and its output. A test pair's Output
// is nil when the answer is not known.
type Pair struct {
	Input  *grid.Grid
	Output *grid.Grid
}

// Task is an ARC task: demonstration pairs and test pairs.
type Task struct {
	ID    string
	Train []Pair
	Test  []Pair
}

// Examples returns the train pairs followed by the test pairs, the order in
// which arc-dsl's reference outputs list them.
func (t *Task) Examples() []Pair {
	out := make([]Pair, 0, len(t.Train)+len(t.Test))
	out = append(out, t.Train...)
	return append(out, t.Test...)
}

// Samples is the number of train and test pairs.
func (t *Task) Samples() int { return len(t.Train) + len(t.Test) }

// jsonTask is a task as ARC's JSON files spell it.
type jsonTask struct {
	ID    string     `json:"id"`
	Train []jsonPair `json:"train"`
	Test  []jsonPair `json:"test"`
}

type jsonPair struct {
	Input  [][]int `json:"input"`
	Output [][]int `json:"output"`
	// in and out are the input and output grids the fast decoder built,
	// the rows then being nil: a grid is in one form or the other.
	in, out *grid.Grid
}

// hasOutput reports whether the pair has an output, in either form.
func (p *jsonPair) hasOutput() bool { return p.Output != nil || p.out != nil }

// cells counts the cells of the pair's grids, in either form.
func (p *jsonPair) cells() int {
	n := 0
	for _, g := range [2]*grid.Grid{p.in, p.out} {
		if g != nil {
			n += g.H * g.W
		}
	}
	for _, rows := range [2][][]int{p.Input, p.Output} {
		for _, r := range rows {
			n += len(r)
		}
	}
	return n
}

// build checks a decoded task against ARC's limits and l, and converts it.
// The error names the place inside the task; callers add the file and the
// id.
func (j *jsonTask) build(id string, l Limits) (*Task, error) {
	if len(j.Train) == 0 {
		return nil, fmt.Errorf("no train pairs")
	}
	if err := l.checkJSON(j); err != nil {
		return nil, err
	}
	t := &Task{ID: id, Train: make([]Pair, len(j.Train)), Test: make([]Pair, len(j.Test))}
	for k, p := range j.Train {
		if !p.hasOutput() {
			return nil, fmt.Errorf("train[%d]: no output", k)
		}
		var err error
		if t.Train[k], err = p.build("train", k); err != nil {
			return nil, err
		}
	}
	for k, p := range j.Test {
		var err error
		if t.Test[k], err = p.build("test", k); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// build converts the k-th pair of a task's list (kind "train" or "test").
// The place is spelled out only on error: a Sprintf a pair cost 4,000
// allocations over the 400 training tasks.
func (p *jsonPair) build(kind string, k int) (Pair, error) {
	in := p.in
	if in == nil {
		var err error
		if in, err = CheckedGrid(p.Input); err != nil {
			return Pair{}, fmt.Errorf("%s[%d].input: %w", kind, k, err)
		}
	}
	out := p.out
	if out == nil && p.Output != nil {
		var err error
		if out, err = CheckedGrid(p.Output); err != nil {
			return Pair{}, fmt.Errorf("%s[%d].output: %w", kind, k, err)
		}
	}
	return Pair{Input: in, Output: out}, nil
}

// CheckedGrid converts rows to a grid, enforcing ARC's limits: 1..30 rows
// of 1..30 cells, all rows of one length, colours 0..9. Task readers and
// submission decoders share it, so that both refuse the same grids.
func CheckedGrid(rows [][]int) (*grid.Grid, error) {
	if len(rows) == 0 || len(rows[0]) == 0 {
		return nil, fmt.Errorf("empty grid")
	}
	h, w := len(rows), len(rows[0])
	if h > grid.MaxSide || w > grid.MaxSide {
		return nil, fmt.Errorf("grid is %dx%d, over %dx%d", h, w, grid.MaxSide, grid.MaxSide)
	}
	cells := make([]int8, 0, h*w)
	for i, r := range rows {
		if len(r) != w {
			return nil, fmt.Errorf("ragged grid: row %d has %d cells, row 0 has %d", i, len(r), w)
		}
		for j, v := range r {
			if v < 0 || v > 9 {
				return nil, fmt.Errorf("row %d, column %d: value %d outside 0..9", i, j, v)
			}
			cells = append(cells, int8(v))
		}
	}
	return grid.New(h, w, cells), nil
}

// toJSON is the inverse of build, for writers of JSON Lines.
func toJSON(t *Task) jsonTask {
	j := jsonTask{ID: t.ID}
	for _, p := range t.Train {
		j.Train = append(j.Train, pairJSON(p))
	}
	for _, p := range t.Test {
		j.Test = append(j.Test, pairJSON(p))
	}
	return j
}

func pairJSON(p Pair) jsonPair {
	jp := jsonPair{Input: p.Input.Rows()}
	if p.Output != nil {
		jp.Output = p.Output.Rows()
	}
	return jp
}
