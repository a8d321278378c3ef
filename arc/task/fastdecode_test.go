package task

import (
	"reflect"
	"testing"
)

// TestFastDecodeBuildsGrids checks the fast decoder's two forms of a
// grid: built when CheckedGrid would accept its rows, rows otherwise (for
// build to refuse with CheckedGrid's error), and that it takes a task with
// a key it does not know, such as the "name" of two training tasks.
func TestFastDecodeBuildsGrids(t *testing.T) {
	data := []byte(`{"name": "x", "train": [{"input": [[1, 2], [3, 4]], "output": [[0,9 ] ,[ 5 ,6]], "name": "p"},
		{"input": [[1, 2], [3]], "output": [[10]]}], "test": [{"input": [[7]]}]}`)
	var j jsonTask
	if !decodeFast(data, &j) {
		t.Fatal("the fast decoder gave up")
	}
	p := j.Train[0]
	if p.in == nil || p.out == nil || p.Input != nil || p.Output != nil {
		t.Fatalf("pair 0: grids %v %v, rows %v %v: want grids only", p.in, p.out, p.Input, p.Output)
	}
	if got := p.out.Rows(); !reflect.DeepEqual(got, [][]int{{0, 9}, {5, 6}}) {
		t.Errorf("pair 0 output %v", got)
	}
	p = j.Train[1]
	if p.in != nil || p.out != nil || !reflect.DeepEqual(p.Input, [][]int{{1, 2}, {3}}) || !reflect.DeepEqual(p.Output, [][]int{{10}}) {
		t.Errorf("pair 1: grids %v %v, rows %v %v: want the rows only", p.in, p.out, p.Input, p.Output)
	}
	if j.Test[0].in == nil || j.Test[0].hasOutput() {
		t.Errorf("test pair: %+v", j.Test[0])
	}
	if got := j.Train[0].cells() + j.Train[1].cells(); got != 8+4 {
		t.Errorf("cells %d, want 12", got)
	}
	for _, bad := range []string{
		`{"Train": [{"input": [[1]], "output": [[1]]}]}`, // encoding/json takes any case
		`{"train": [{"INPUT": [[1]], "output": [[1]]}]}`,
		`{"train": [{"input": [[1]], "output": [[1]]}], "name": 1}`,
		`{"train": [{"input": [[1]], "output": [[1]]}], "name": "\u00e9"}`,
	} {
		if decodeFast([]byte(bad), &jsonTask{}) {
			t.Errorf("the fast decoder took %s", bad)
		}
	}
}
