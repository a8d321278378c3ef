package submission

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/arcflow/arcflow/arc/grid"
	"github.com/arcflow/arcflow/arc/task"
)

func gridOf(rows ...[]int) *grid.Grid { return grid.MustFromRows(rows) }

func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAttemptsMarshal(t *testing.T) {
	cases := []struct {
		a    Attempts
		want string
	}{
		{Attempts{gridOf([]int{1, 2}, []int{3, 4}), gridOf([]int{0})}, `{"attempt_1":[[1,2],[3,4]],"attempt_2":[[0]]}`},
		{Attempts{gridOf([]int{5}), nil}, `{"attempt_1":[[5]],"attempt_2":[]}`},
		{Attempts{}, `{"attempt_1":[],"attempt_2":[]}`},
	}
	for _, c := range cases {
		data, err := json.Marshal(c.a)
		if err != nil || string(data) != c.want {
			t.Errorf("%+v: %s, %v; want %s", c.a, data, err, c.want)
		}
	}
	// Inside a submission, as submit writes it, and back.
	sub := Submission{"b": {{gridOf([]int{1}), nil}}, "a": {{nil, nil}, {gridOf([]int{2}), gridOf([]int{3})}}}
	data, err := json.Marshal(sub)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"a":[{"attempt_1":[],"attempt_2":[]},{"attempt_1":[[2]],"attempt_2":[[3]]}],"b":[{"attempt_1":[[1]],"attempt_2":[]}]}`
	if string(data) != want {
		t.Errorf("submission %s, want %s", data, want)
	}
	back, err := Decode("sub.json", data)
	if err != nil {
		t.Fatal(err)
	}
	if !sameSubmission(back, sub) {
		t.Errorf("decoded back %v, want %v", back, sub)
	}
}

func sameSubmission(a, b Submission) bool {
	if len(a) != len(b) {
		return false
	}
	for id, as := range a {
		bs, ok := b[id]
		if !ok || len(as) != len(bs) {
			return false
		}
		for k := range as {
			if !as[k].Attempt1.Equal(bs[k].Attempt1) || !as[k].Attempt2.Equal(bs[k].Attempt2) {
				return false
			}
		}
	}
	return true
}

func TestDecode(t *testing.T) {
	cases := []struct {
		name, text string
		want       Submission
		err        []string // substrings of the error; nil for none
	}{
		{"empty object", `{}`, Submission{}, nil},
		{"two tasks", `{"a": [{"attempt_1": [[1, 2]], "attempt_2": [[3], [4]]}], "b": [{"attempt_1": [], "attempt_2": null}]}`,
			Submission{"a": {{gridOf([]int{1, 2}), gridOf([]int{3}, []int{4})}}, "b": {{nil, nil}}}, nil},
		{"two test inputs", `{"a": [{"attempt_1": [[1]], "attempt_2": []}, {"attempt_2": [[2]], "attempt_1": [[0]]}]}`,
			Submission{"a": {{gridOf([]int{1}), nil}, {gridOf([]int{0}), gridOf([]int{2})}}}, nil},
		{"extra keys ignored", `{"a": [{"attempt_1": [[1]], "attempt_2": [], "note": 3}]}`, Submission{"a": {{gridOf([]int{1}), nil}}}, nil},
		{"no tests", `{"a": []}`, Submission{"a": {}}, nil},

		{"empty file", ``, nil, []string{"sub.json", "unexpected end of JSON"}},
		{"truncated", "{\"a\": [{\"attempt_1\": [[1]],\n", nil, []string{"sub.json", "line 2, column 1", "unexpected end of JSON"}},
		{"syntax", "{\"a\": [{\"attempt_1\": [[1,, 2]]}]}", nil, []string{"sub.json", "line 1, column 26", "invalid character ','"}},
		{"not an object", `[{"attempt_1": [[1]]}]`, nil, []string{"sub.json", "line 1, column 1", "expected an object of task ids, found a list"}},
		{"task not a list", `{"a": {"attempt_1": [[1]]}}`, nil, []string{"sub.json", "task a", "line 1, column 7", "expected a list of test answers, found JSON object"}},
		{"task null", `{"a": null}`, nil, []string{"task a", "expected a list of test answers, found null"}},
		{"answer not an object", `{"a": [[[1]]]}`, nil, []string{"task a", "test[0]", `expected an object of "attempt_1" and "attempt_2", found JSON array`}},
		{"no attempt_2", "{\"x\": [{\"attempt_1\": [[1]], \"attempt_2\": [[2]]}],\n \"a\": [{\"attempt_1\": [[1]], \"attempt_2\": []}, {\"attempt_1\": [[1]]}]}", nil,
			[]string{"sub.json", "line 2, column 7", "task a", `test[1]: no "attempt_2"`}},
		{"ragged", `{"a": [{"attempt_1": [[1, 2], [3]], "attempt_2": []}]}`, nil, []string{"task a", "test[0].attempt_1", "ragged grid: row 1 has 1 cells, row 0 has 2"}},
		{"colour", `{"a": [{"attempt_1": [[1]], "attempt_2": [[1, 10]]}]}`, nil, []string{"test[0].attempt_2", "row 0, column 1: value 10 outside 0..9"}},
		{"negative", `{"a": [{"attempt_1": [[-1]], "attempt_2": []}]}`, nil, []string{"test[0].attempt_1", "value -1"}},
		{"not an integer", `{"a": [{"attempt_1": [[1.5]], "attempt_2": []}]}`, nil, []string{"test[0].attempt_1", "expected a grid", "number 1.5"}},
		{"string cell", `{"a": [{"attempt_1": [["1"]], "attempt_2": []}]}`, nil, []string{"test[0].attempt_1", "expected a grid", "string"}},
		{"empty row", `{"a": [{"attempt_1": [[]], "attempt_2": []}]}`, nil, []string{"test[0].attempt_1", "row 0 is empty"}},
		{"too big", `{"a": [{"attempt_1": [[` + strings.Repeat("1,", 30) + `1]], "attempt_2": []}]}`, nil, []string{"test[0].attempt_1", "1x31, over 30x30"}},
		{"twice", `{"a": [], "a": []}`, nil, []string{"task a", "comes twice"}},
		{"empty id", `{"": []}`, nil, []string{"empty task id"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Decode("sub.json", []byte(c.text))
			if c.err == nil {
				if err != nil {
					t.Fatal(err)
				}
				if !sameSubmission(got, c.want) {
					t.Errorf("got %v, want %v", got, c.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error; got %v", got)
			}
			var te *task.Error
			if !errors.As(err, &te) || te.File != "sub.json" {
				t.Errorf("error %v does not name the file", err)
			}
			for _, w := range c.err {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

const taskA = `{"train": [{"input": [[1]], "output": [[2]]}], "test": [{"input": [[3]], "output": [[4]]}, {"input": [[5]], "output": [[6, 6]]}]}`
const taskB = `{"train": [{"input": [[1]], "output": [[2]]}], "test": [{"input": [[7]], "output": [[8]]}]}`

func TestReadSolutions(t *testing.T) {
	want := Solutions{"a": {gridOf([]int{4}), gridOf([]int{6, 6})}, "b": {gridOf([]int{8})}}
	dir := t.TempDir()
	tasks := filepath.Join(dir, "tasks")
	os.Mkdir(tasks, 0o755)
	writeFile(t, tasks, "a.json", taskA)
	writeFile(t, tasks, "b.json", taskB)
	solutions := writeFile(t, dir, "x_solutions.json", `{"b": [[[8]]], "a": [[[4]], [[6, 6]]]}`)
	writeFile(t, dir, "x_challenges.json", `{"a": {"train": [{"input": [[1]], "output": [[2]]}], "test": [{"input": [[3]]}, {"input": [[5]]}]},
		"b": {"train": [{"input": [[1]], "output": [[2]]}], "test": [{"input": [[7]]}]}}`)
	jsonl := writeFile(t, dir, "tasks.jsonl", `{"id": "a", `+taskA[1:]+"\n"+`{"id": "b", `+taskB[1:]+"\n")
	for _, path := range []string{solutions, tasks, filepath.Join(dir, "x_challenges.json"), jsonl} {
		got, err := ReadSolutions(path)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		if len(got) != len(want) {
			t.Errorf("%s: %d tasks, want %d", path, len(got), len(want))
		}
		for id, outs := range want {
			g := got[id]
			if len(g) != len(outs) {
				t.Errorf("%s: task %s: %d outputs, want %d", path, id, len(g), len(outs))
				continue
			}
			for k := range outs {
				if !g[k].Equal(outs[k]) {
					t.Errorf("%s: task %s: output %d is %v, want %v", path, id, k, g[k], outs[k])
				}
			}
		}
	}
	none, err := ReadSolutions(writeFile(t, dir, "none_solutions.json", " {} "))
	if err != nil || len(none) != 0 {
		t.Errorf("{}: %v, %v; want no tasks", none, err)
	}
	one, err := ReadSolutions(filepath.Join(tasks, "a.json"))
	if err != nil || len(one) != 1 || len(one["a"]) != 2 {
		t.Errorf("one task file: %v, %v", one, err)
	}

	bad := []struct {
		name, text string
		want       []string
	}{
		{"challenges_only.json", `{"a": {"train": [{"input": [[1]], "output": [[2]]}], "test": [{"input": [[3]]}]}}`, []string{"challenges_only.json", "task a", "test[0] has no output"}},
		{"s1_solutions.json", `{"a": [[[4]], [[6, 6], [6]]]}`, []string{"s1_solutions.json", "task a", "output 1", "ragged"}},
		{"s2_solutions.json", `{"a": []}`, []string{"s2_solutions.json", "task a", "no test outputs"}},
		{"s3_solutions.json", `{"a": [[]]}`, []string{"task a", "output 0", "empty grid"}},
		{"s4_solutions.json", "{\"a\": [[[4]]],\n\"b\": [[[1]], {}]}", []string{"s4_solutions.json", "line 2, column 6", "task b", "output 1", "expected a grid"}},
		{"s5_solutions.json", `{"a": [[[4]]], "a": [[[4]]]}`, []string{"task a", "comes twice"}},
		{"notest.json", `{"train": [{"input": [[1]], "output": [[2]]}]}`, []string{"notest.json", "no test pairs"}},
	}
	for _, b := range bad {
		_, err := ReadSolutions(writeFile(t, dir, b.name, b.text))
		if err == nil {
			t.Errorf("%s: no error", b.name)
			continue
		}
		for _, w := range b.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", b.name, err, w)
			}
		}
	}
	if _, err := ReadSolutions(filepath.Join(dir, "missing.json")); err == nil || !strings.Contains(err.Error(), "missing.json") {
		t.Errorf("missing file: %v", err)
	}
}

func TestScore(t *testing.T) {
	one, two, three := gridOf([]int{1}), gridOf([]int{2}), gridOf([]int{3})
	sol := Solutions{"a": {one, two}, "b": {three}, "c": {one}, "d": {two, three, one}}
	cases := []struct {
		name                 string
		sub                  Submission
		solved, right, total int
		score                float64
		missing, extra       int
		matched              map[string][]int
	}{
		{"all right", Submission{"a": {{one, nil}, {three, two}}, "b": {{three, one}}, "c": {{one, one}}, "d": {{two, nil}, {three, nil}, {nil, one}}},
			4, 7, 7, 4, 0, 0, map[string][]int{"a": {1, 2}, "b": {1}, "c": {1}, "d": {1, 1, 2}}},
		{"empty submission", Submission{}, 0, 0, 7, 0, 4, 0, map[string][]int{"a": {0, 0}, "d": {0, 0, 0}}},
		{"partly", Submission{"a": {{one, nil}, {nil, nil}}, "b": {{one, two}}, "d": {{nil, two}, {one, two}, {one, nil}}, "z": {{one, nil}}},
			0, 3, 7, 0.5 + 2.0/3, 1, 1, map[string][]int{"a": {1, 0}, "b": {0}, "c": {0}, "d": {2, 0, 1}}},
		{"no answers are wrong", Submission{"a": {{}, {}}, "b": {{}}, "c": {{}}, "d": {{}, {}, {}}}, 0, 0, 7, 0, 0, 0, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep, err := Score(c.sub, sol)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Solved != c.solved || rep.Right != c.right || rep.Total != c.total || rep.Missing != c.missing || rep.Extra != c.extra {
				t.Errorf("solved %d, right %d/%d, missing %d, extra %d; want %d, %d/%d, %d, %d",
					rep.Solved, rep.Right, rep.Total, rep.Missing, rep.Extra, c.solved, c.right, c.total, c.missing, c.extra)
			}
			if d := rep.Score - c.score; d > 1e-9 || d < -1e-9 {
				t.Errorf("score %v, want %v", rep.Score, c.score)
			}
			var ids []string
			for _, ts := range rep.Tasks {
				ids = append(ids, ts.ID)
				if want, ok := c.matched[ts.ID]; ok && !equalInts(ts.Matched, want) {
					t.Errorf("task %s matched %v, want %v", ts.ID, ts.Matched, want)
				}
				if _, ok := c.sub[ts.ID]; ts.Missing == ok {
					t.Errorf("task %s: missing %v", ts.ID, ts.Missing)
				}
			}
			if strings.Join(ids, ",") != "a,b,c,d" {
				t.Errorf("tasks %v, want a,b,c,d in order", ids)
			}
		})
	}
	if _, err := Score(Submission{"d": {{one, nil}}}, sol); err == nil || !strings.Contains(err.Error(), "task d: 1 answers for 3 test outputs") {
		t.Errorf("answers for the wrong number of tests: %v", err)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
