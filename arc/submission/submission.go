// Package submission reads, writes and scores submissions in the ARC Prize
// format:
//
//	{"<task id>": [{"attempt_1": grid, "attempt_2": grid}, …], …}
//
// with one object per test input, in the task's order, and a grid being a
// list of rows of integers 0..9. An attempt that gives no answer is the
// empty grid []: it is never right. (Reading, null is taken as [] too.)
//
// A task is solved when every one of its test outputs is right with either
// attempt. The ARC Prize score of a task is the share of its test outputs
// right with either attempt; a set's score is the sum over its tasks.
package submission

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"

	"github.com/arcflow/arcflow/arc/grid"
	"github.com/arcflow/arcflow/arc/task"
)

// Attempts is the answer to one test input: two attempts, nil for an
// attempt that gives no answer.
type Attempts struct {
	Attempt1 *grid.Grid
	Attempt2 *grid.Grid
}

// MarshalJSON writes the ARC Prize object, with [] for a missing attempt:
// encoding/json would write null for a nil grid.
func (a Attempts) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"attempt_1":`)
	writeGrid(&b, a.Attempt1)
	b.WriteString(`,"attempt_2":`)
	writeGrid(&b, a.Attempt2)
	b.WriteByte('}')
	return b.Bytes(), nil
}

func writeGrid(b *bytes.Buffer, g *grid.Grid) {
	if g == nil {
		b.WriteString("[]")
		return
	}
	data, _ := g.MarshalJSON() // never fails
	b.Write(data)
}

// Submission maps a task id to its answers, one per test input in order.
type Submission map[string][]Attempts

// Solutions maps a task id to its test outputs, in order.
type Solutions map[string][]*grid.Grid

// ReadFile reads and decodes a submission file.
func ReadFile(path string) (Submission, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Decode(path, data)
}

// Decode decodes a submission; name is the file it came from, for errors.
// An error is a *task.Error naming the file, the task and the place: the
// line and column of the task's answers, and inside them the test input
// and the attempt. Grids must be ARC grids (1 to 30 rows of 1 to 30 cells,
// colours 0..9) or [] (or null) for no answer.
func Decode(name string, data []byte) (Submission, error) {
	sub := Submission{}
	err := eachTask(name, data, func(id string, raw json.RawMessage) error {
		var tests []json.RawMessage
		if err := unmarshal(raw, &tests, "a list of test answers"); err != nil {
			return err
		}
		answers := make([]Attempts, len(tests))
		for k, t := range tests {
			where := fmt.Sprintf("test[%d]", k)
			var obj map[string]json.RawMessage
			if err := unmarshal(t, &obj, `an object of "attempt_1" and "attempt_2"`); err != nil {
				return fmt.Errorf("%s: %w", where, err)
			}
			for n, dst := range []**grid.Grid{&answers[k].Attempt1, &answers[k].Attempt2} {
				key := "attempt_" + strconv.Itoa(n+1)
				v, ok := obj[key]
				if !ok {
					return fmt.Errorf("%s: no %q", where, key)
				}
				g, err := decodeGrid(v, true)
				if err != nil {
					return fmt.Errorf("%s.%s: %w", where, key, err)
				}
				*dst = g
			}
		}
		sub[id] = answers
		return nil
	})
	if err != nil {
		return nil, err
	}
	return sub, nil
}

// ReadSolutions reads the right test outputs from path: an ARC Prize
// `*_solutions.json` (task id → list of output grids), or any task source
// task.Open reads (a task file, a directory of them, a challenges file
// with its solutions beside it, JSON Lines) whose test pairs all carry
// their outputs.
func ReadSolutions(path string) (Solutions, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		if isSolutionsFile(data) {
			return decodeSolutions(path, data)
		}
	}
	r, err := task.Open(path)
	if err != nil {
		return nil, err
	}
	sol := Solutions{}
	for t, err := range r.Tasks() {
		if err != nil {
			return nil, err
		}
		if _, dup := sol[t.ID]; dup {
			return nil, &task.Error{File: path, Task: t.ID, Err: errors.New("the task comes twice")}
		}
		if len(t.Test) == 0 {
			return nil, &task.Error{File: path, Task: t.ID, Err: errors.New("no test pairs")}
		}
		outs := make([]*grid.Grid, len(t.Test))
		for k, p := range t.Test {
			if p.Output == nil {
				return nil, &task.Error{File: path, Task: t.ID, Err: fmt.Errorf("test[%d] has no output: solutions need the test outputs (a *_solutions.json, or task files that have them)", k)}
			}
			outs[k] = p.Output
		}
		sol[t.ID] = outs
	}
	return sol, nil
}

// isSolutionsFile tells a solutions file from the task sources that share
// its outer object: its first key is no task field, and its value is a
// list of grids, not a task object.
func isSolutionsFile(data []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return false
	}
	tok, err := dec.Token()
	if err != nil {
		return false
	}
	switch tok {
	case json.Delim('}'):
		return true // {}: no solutions, rather than a task without pairs
	case "train", "test", "id", "name":
		return false // a task file, as task.Open tells it
	}
	if tok, err = dec.Token(); err != nil || tok != json.Delim('[') {
		return false
	}
	tok, err = dec.Token()
	return err == nil && tok != json.Delim('{')
}

// decodeSolutions decodes an ARC Prize solutions file.
func decodeSolutions(name string, data []byte) (Solutions, error) {
	sol := Solutions{}
	err := eachTask(name, data, func(id string, raw json.RawMessage) error {
		var grids []json.RawMessage
		if err := unmarshal(raw, &grids, "a list of test output grids"); err != nil {
			return err
		}
		if len(grids) == 0 {
			return errors.New("no test outputs")
		}
		outs := make([]*grid.Grid, len(grids))
		for k, g := range grids {
			var err error
			if outs[k], err = decodeGrid(g, false); err != nil {
				return fmt.Errorf("output %d: %w", k, err)
			}
		}
		sol[id] = outs
		return nil
	})
	if err != nil {
		return nil, err
	}
	return sol, nil
}

// eachTask walks a JSON object of task ids, calling fn with each id and its
// value; fn's error is returned naming the file, the task and the line and
// column of its value.
func eachTask(name string, data []byte, fn func(id string, raw json.RawMessage) error) error {
	if !json.Valid(data) {
		var v any
		err := json.Unmarshal(data, &v)
		place := ""
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			off := syn.Offset
			if off > 0 && off < int64(len(data)) {
				off-- // the offset is past the byte that broke the syntax
			}
			place = task.Place(data, off)
		}
		if err == nil {
			err = errors.New("not JSON")
		}
		return &task.Error{File: name, Place: place, Err: err}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return &task.Error{File: name, Err: err}
	}
	if tok != json.Delim('{') {
		return &task.Error{File: name, Place: task.Place(data, 0), Err: fmt.Errorf("expected an object of task ids, found %s", kindOf(tok))}
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return &task.Error{File: name, Err: err}
		}
		id := tok.(string) // valid JSON: an object's keys are strings
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return &task.Error{File: name, Task: id, Err: err}
		}
		place := task.Place(data, dec.InputOffset()-int64(len(raw)))
		switch {
		case id == "":
			err = errors.New("empty task id")
		case seen[id]:
			err = errors.New("the task comes twice")
		default:
			err = fn(id, raw)
		}
		if err != nil {
			return &task.Error{File: name, Task: id, Place: place, Err: err}
		}
		seen[id] = true
	}
	return nil
}

// unmarshal decodes raw into v, which must not be null; want says what was
// expected, for the error.
func unmarshal(raw json.RawMessage, v any, want string) error {
	if bytes.Equal(raw, []byte("null")) {
		return fmt.Errorf("expected %s, found null", want)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field == "" {
			return fmt.Errorf("expected %s, found JSON %s", want, te.Value)
		}
		return fmt.Errorf("expected %s: %w", want, err)
	}
	return nil
}

// decodeGrid decodes an ARC grid. With empty, [] and null give nil: no
// answer.
func decodeGrid(raw json.RawMessage, empty bool) (*grid.Grid, error) {
	const want = "a grid, a list of rows of integers 0..9"
	if empty && bytes.Equal(raw, []byte("null")) {
		return nil, nil
	}
	var rows [][]int
	if err := unmarshal(raw, &rows, want); err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		if empty {
			return nil, nil
		}
		return nil, errors.New("empty grid")
	}
	if len(rows[0]) == 0 {
		return nil, errors.New("row 0 is empty")
	}
	return task.CheckedGrid(rows)
}

// kindOf names what a JSON token is, for errors.
func kindOf(tok json.Token) string {
	switch v := tok.(type) {
	case json.Delim:
		if v == '[' {
			return "a list"
		}
		return "an object"
	case string:
		return "a string"
	case nil:
		return "null"
	case bool:
		return "a boolean"
	}
	return "a number"
}

// TaskScore is how one task of the solutions fared.
type TaskScore struct {
	ID      string
	Right   int   // test outputs right with either attempt
	Total   int   // test outputs
	Matched []int // per test output: the attempt that was right, 1 or 2, or 0
	Missing bool  // the submission has no answers for the task
}

// Solved reports whether every test output of the task is right.
func (s TaskScore) Solved() bool { return s.Right == s.Total }

// Share is the task's ARC Prize score: the share of its test outputs right.
func (s TaskScore) Share() float64 { return float64(s.Right) / float64(s.Total) }

// Report is a submission scored against solutions.
type Report struct {
	Tasks   []TaskScore // every task of the solutions, sorted by id
	Solved  int         // tasks with every test output right
	Score   float64     // the ARC Prize score: the sum of the tasks' shares
	Right   int         // test outputs right, over all tasks
	Total   int         // test outputs, over all tasks
	Missing int         // tasks of the solutions the submission lacks
	Extra   int         // tasks of the submission the solutions lack (not scored)
}

// Score scores sub against sol. A task of sol that sub lacks scores 0. A
// task whose number of answers differs from its number of test outputs is
// an error naming it: the two files are not about the same tasks.
func Score(sub Submission, sol Solutions) (*Report, error) {
	ids := make([]string, 0, len(sol))
	for id := range sol {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	rep := &Report{Tasks: make([]TaskScore, 0, len(ids))}
	for _, id := range ids {
		outs := sol[id]
		ts := TaskScore{ID: id, Total: len(outs), Matched: make([]int, len(outs))}
		answers, ok := sub[id]
		switch {
		case !ok:
			ts.Missing = true
			rep.Missing++
		case len(answers) != len(outs):
			return nil, fmt.Errorf("task %s: %d answers for %d test outputs", id, len(answers), len(outs))
		}
		for k, want := range outs {
			if !ok {
				break
			}
			a := answers[k]
			switch {
			case a.Attempt1 != nil && a.Attempt1.Equal(want):
				ts.Matched[k] = 1
			case a.Attempt2 != nil && a.Attempt2.Equal(want):
				ts.Matched[k] = 2
			default:
				continue
			}
			ts.Right++
		}
		rep.Right += ts.Right
		rep.Total += ts.Total
		if ts.Total > 0 {
			rep.Score += ts.Share()
			if ts.Solved() {
				rep.Solved++
			}
		}
		rep.Tasks = append(rep.Tasks, ts)
	}
	for id := range sub {
		if _, ok := sol[id]; !ok {
			rep.Extra++
		}
	}
	return rep, nil
}
