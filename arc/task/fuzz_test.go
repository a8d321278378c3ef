package task

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/arcflow/arcflow/arc/grid"
)

func checkLimits(t *testing.T, tk *Task) {
	t.Helper()
	if len(tk.Train) == 0 {
		t.Fatal("accepted a task without train pairs")
	}
	if err := DefaultLimits().Check(tk); err != nil {
		t.Fatalf("accepted a task over the default limits: %v", err)
	}
	for _, p := range tk.Examples() {
		for _, g := range []*grid.Grid{p.Input, p.Output} {
			if g == nil {
				continue
			}
			if g.H < 1 || g.W < 1 || g.H > grid.MaxSide || g.W > grid.MaxSide {
				t.Fatalf("accepted a %dx%d grid", g.H, g.W)
			}
			for _, v := range g.Cells {
				if v < 0 || v > 9 {
					t.Fatalf("accepted value %d", v)
				}
			}
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(goodTask))
	f.Add([]byte(`{"train": [{"input": [[1, 2], [3]], "output": [[1]]}]}`))
	f.Add([]byte(`{"train": [{"input": [[1]], "output": [[1]]}], "test": [{"input": [[0]]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tk, err := Decode("fuzz.json", "fuzz", data)
		if err != nil {
			return
		}
		checkLimits(t, tk)
		checkNoNullCells(t, data)
		// What was accepted survives a round trip through JSON Lines.
		var buf bytes.Buffer
		if err := WriteJSONL(&buf, tk); err != nil {
			t.Fatal(err)
		}
		for back, err := range NewJSONL("rt", &buf).Tasks() {
			if err != nil {
				t.Fatalf("round trip: %v", err)
			}
			if len(back.Train) != len(tk.Train) || !back.Train[0].Input.Equal(tk.Train[0].Input) {
				t.Fatal("round trip changed the task")
			}
		}
	})
}

// checkNoNullCells fails if data, an accepted task, has a null where
// encoding/json would have put a colour: decoded with a pointer per cell,
// every cell is set.
func checkNoNullCells(t *testing.T, data []byte) {
	t.Helper()
	var j struct {
		Train, Test []struct{ Input, Output [][]*int }
	}
	if err := json.Unmarshal(data, &j); err != nil {
		t.Fatalf("accepted what encoding/json refuses: %v", err)
	}
	for _, ps := range [][]struct{ Input, Output [][]*int }{j.Train, j.Test} {
		for _, p := range ps {
			for _, rows := range [][][]*int{p.Input, p.Output} {
				for _, r := range rows {
					for _, c := range r {
						if c == nil {
							t.Fatal("accepted a null cell")
						}
					}
				}
			}
		}
	}
}

func FuzzJSONL(f *testing.F) {
	f.Add([]byte(`{"id": "a", "train": [{"input": [[1]], "output": [[2]]}]}` + "\n" + "junk\n"))
	f.Add([]byte("\n\n{\"id\": \"\"}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, skip := range []bool{false, true} {
			var opts []Option
			if skip {
				opts = append(opts, SkipBad(nil))
			}
			for tk, err := range NewJSONL("fuzz.jsonl", bytes.NewReader(data), opts...).Tasks() {
				if err != nil {
					break
				}
				if tk.ID == "" {
					t.Fatal("accepted a line without an id")
				}
				checkLimits(t, tk)
			}
		}
	})
}

func FuzzChallenges(f *testing.F) {
	f.Add([]byte(`{"aa": {"train": [{"input": [[1]], "output": [[2]]}], "test": [{"input": [[3]]}]}}`),
		[]byte(`{"aa": [[[4]]]}`))
	f.Add([]byte(`{"aa": {"train": []}, "bb": 3}`), []byte(`{}`))
	f.Fuzz(func(t *testing.T, challenges, solutions []byte) {
		dir := t.TempDir()
		ch := filepath.Join(dir, "f_challenges.json")
		if err := os.WriteFile(ch, challenges, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "f_solutions.json"), solutions, 0o644); err != nil {
			t.Fatal(err)
		}
		r, err := Open(ch, SkipBad(nil))
		if err != nil {
			return
		}
		for tk, err := range r.Tasks() {
			if err != nil {
				break
			}
			checkLimits(t, tk)
		}
	})
}

// FuzzFastDecode checks that the fast task decoder, whenever it accepts
// input, decodes exactly what encoding/json decodes.
func FuzzFastDecode(f *testing.F) {
	f.Add([]byte(goodTask))
	f.Add([]byte(`{"id": "x", "train": [{"input": [[-1, 0]], "output": []}], "test": []}`))
	f.Add([]byte(`{"train": [{"input": [[1e1]]}]}`))
	f.Add([]byte(`{"Train": [], "train": []}`))
	f.Add([]byte(`{"train": [{"input": [[1 ,2] , [ 3,4]], "output": [[10]], "name": "p"}], "name": "t", "test": []}`))
	f.Add([]byte(`{"train": [{"input": [[1, 2], [3]], "output": [[-1]]}], "NAME": 1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var fast jsonTask
		if !decodeFast(data, &fast) {
			return
		}
		var slow jsonTask
		if err := json.Unmarshal(data, &slow); err != nil {
			t.Fatalf("fast decoder accepted what encoding/json rejects: %v", err)
		}
		if fast := inRows(fast); !reflect.DeepEqual(fast, slow) {
			t.Fatalf("fast %+v\nslow %+v", fast, slow)
		}
	})
}

// inRows returns j with the grids the fast decoder built turned into rows,
// the form encoding/json decodes.
func inRows(j jsonTask) jsonTask {
	conv := func(ps []jsonPair) []jsonPair {
		if ps == nil {
			return nil
		}
		out := make([]jsonPair, len(ps))
		for k, p := range ps {
			out[k] = jsonPair{Input: p.Input, Output: p.Output}
			if p.in != nil {
				out[k].Input = p.in.Rows()
			}
			if p.out != nil {
				out[k].Output = p.out.Rows()
			}
		}
		return out
	}
	j.Train, j.Test = conv(j.Train), conv(j.Test)
	return j
}

// FuzzOpen writes data as a .json file and opens it as Open would a path on
// the command line: alone, where its first key decides between a task file
// and a challenges file, and as the one file of a directory. Neither may
// panic, what either accepts is within ARC's limits, and a file taken for a
// task file reads the same through the directory.
func FuzzOpen(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "fuzz.json")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		read := func(r *Reader) (out []*Task, err error) {
			for tk, err := range r.Tasks() {
				if err != nil {
					return out, err
				}
				checkLimits(t, tk)
				out = append(out, tk)
			}
			return out, nil
		}
		alone, err := Open(path)
		if err != nil {
			return
		}
		fromFile, fileErr := read(alone)
		for _, skip := range []bool{false, true} {
			var opts []Option
			if skip {
				opts = append(opts, SkipBad(nil))
			}
			r, err := Open(dir, opts...)
			if err != nil {
				t.Fatalf("directory: %v", err)
			}
			fromDir, dirErr := read(r)
			if alone.Format() != FormatFile {
				continue
			}
			if skip && dirErr != nil {
				t.Fatalf("directory with SkipBad: %v", dirErr)
			}
			if len(fromDir) != len(fromFile) || (fileErr == nil) != (len(fromDir) == 1) {
				t.Fatalf("file gives %d tasks (%v), directory %d (%v)", len(fromFile), fileErr, len(fromDir), dirErr)
			}
			for k := range fromDir {
				if fromDir[k].ID != "fuzz" || !reflect.DeepEqual(toJSON(fromDir[k]), toJSON(fromFile[k])) {
					t.Fatalf("directory read %+v, file %+v", fromDir[k], fromFile[k])
				}
			}
		}
	})
}
