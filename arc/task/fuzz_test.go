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
	f.Fuzz(func(t *testing.T, data []byte) {
		var fast jsonTask
		if !decodeFast(data, &fast) {
			return
		}
		var slow jsonTask
		if err := json.Unmarshal(data, &slow); err != nil {
			t.Fatalf("fast decoder accepted what encoding/json rejects: %v", err)
		}
		if !reflect.DeepEqual(fast, slow) {
			t.Fatalf("fast %+v\nslow %+v", fast, slow)
		}
	})
}
