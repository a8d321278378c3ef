package task

import (
	"errors"
	"iter"
	"testing"

	"github.com/arcflow/arcflow/arc/grid"
)

func gridOf(rows ...[]int) *grid.Grid { return grid.MustFromRows(rows) }

// seqOf streams the given tasks, then err if it is not nil.
func seqOf(tasks []*Task, err error) iter.Seq2[*Task, error] {
	return func(yield func(*Task, error) bool) {
		for _, t := range tasks {
			if !yield(t, nil) {
				return
			}
		}
		if err != nil {
			yield(nil, err)
		}
	}
}

func TestHideTestOutputs(t *testing.T) {
	a, b, c := gridOf([]int{1}), gridOf([]int{2}), gridOf([]int{3, 4})
	bad := errors.New("bad task")
	cases := []struct {
		name  string
		tasks []*Task
		err   error
	}{
		{"test outputs known", []*Task{{ID: "x", Train: []Pair{{a, b}}, Test: []Pair{{a, c}, {b, a}}}}, nil},
		{"test outputs unknown", []*Task{{ID: "x", Train: []Pair{{a, b}}, Test: []Pair{{c, nil}}}}, nil},
		{"no test pairs", []*Task{{ID: "x", Train: []Pair{{a, b}, {b, c}}}}, nil},
		{"mixed", []*Task{{ID: "x", Train: []Pair{{a, b}}, Test: []Pair{{a, nil}, {b, c}}}, {ID: "y", Train: []Pair{{c, c}}, Test: []Pair{{c, a}}}}, nil},
		{"error passes through", []*Task{{ID: "x", Train: []Pair{{a, b}}, Test: []Pair{{a, c}}}}, bad},
		{"error alone", nil, bad},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// What the originals hold, to check that hiding leaves them be.
			var before [][]*grid.Grid
			for _, tk := range tc.tasks {
				var outs []*grid.Grid
				for _, p := range tk.Test {
					outs = append(outs, p.Output)
				}
				before = append(before, outs)
			}
			n := 0
			var gotErr error
			for got, err := range HideTestOutputs(seqOf(tc.tasks, tc.err)) {
				if err != nil {
					if got != nil {
						t.Errorf("a task with the error: %+v", got)
					}
					gotErr = err
					continue
				}
				if n >= len(tc.tasks) {
					t.Fatalf("task %d of %d", n+1, len(tc.tasks))
				}
				want := tc.tasks[n]
				if got == want {
					t.Fatal("yielded the original task, not a copy")
				}
				if got.ID != want.ID || len(got.Train) != len(want.Train) || len(got.Test) != len(want.Test) {
					t.Fatalf("got %+v, want the shape of %+v", got, want)
				}
				for k, p := range got.Train {
					if p.Input != want.Train[k].Input || p.Output != want.Train[k].Output {
						t.Errorf("train[%d] changed", k)
					}
				}
				for k, p := range got.Test {
					if p.Output != nil {
						t.Errorf("test[%d] keeps its output %v", k, p.Output)
					}
					if p.Input != want.Test[k].Input {
						t.Errorf("test[%d] input changed", k)
					}
					if want.Test[k].Output != before[n][k] {
						t.Errorf("the original's test[%d] output changed", k)
					}
				}
				n++
			}
			if n != len(tc.tasks) {
				t.Errorf("%d tasks, want %d", n, len(tc.tasks))
			}
			if gotErr != tc.err {
				t.Errorf("error %v, want %v", gotErr, tc.err)
			}
		})
	}
}

// TestHideTestOutputsStops: a consumer that stops early stops the source.
func TestHideTestOutputsStops(t *testing.T) {
	a := gridOf([]int{1})
	tasks := []*Task{{ID: "x", Train: []Pair{{a, a}}}, {ID: "y", Train: []Pair{{a, a}}}, {ID: "z", Train: []Pair{{a, a}}}}
	pulled := 0
	src := func(yield func(*Task, error) bool) {
		for _, tk := range tasks {
			pulled++
			if !yield(tk, nil) {
				return
			}
		}
	}
	for range HideTestOutputs(src) {
		break
	}
	if pulled != 1 {
		t.Errorf("the source gave %d tasks after a stop at the first", pulled)
	}
}

// TestHideTestOutputsFromAFile: a task file read with its test outputs
// comes out of HideTestOutputs as a challenge.
func TestHideTestOutputsFromAFile(t *testing.T) {
	r, err := Open(writeFile(t, t.TempDir(), "abcd1234.json", goodTask))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for tk, err := range HideTestOutputs(r.Tasks()) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if tk.Test[0].Output != nil || tk.Test[0].Input.String() != "56|78" || tk.Train[0].Output.String() != "43|21" {
			t.Errorf("got %+v", tk)
		}
	}
	if n != 1 {
		t.Errorf("%d tasks", n)
	}
}
