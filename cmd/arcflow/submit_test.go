package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/arcflow/arcflow/arc/grid"
	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/arc/submission"
	"github.com/arcflow/arcflow/store"
)

// saveSolver stores the one program of src for task id as the pipeline
// does: canonical key, expanded text.
func saveSolver(t *testing.T, st *store.Store, id, src string, score, bucket int) {
	t.Helper()
	f, err := program.ParseString("test.py", src)
	if err != nil || len(f.Programs) != 1 {
		t.Fatalf("%q: %v", src, err)
	}
	e := program.Inline(f.Programs[0])
	key := program.Key(e.String())
	text := program.Expand("solve_"+key, e).String()
	if got, err := st.Save(store.Solvers, store.Program{Task: id, Key: key, Text: text, Score: score, Bucket: bucket}); err != nil || got != store.Stored {
		t.Fatalf("save %q: %v %v", src, got, err)
	}
}

func solver(lines ...string) string {
	return "def solve_x(I):\n    " + strings.Join(lines, "\n    ") + "\n    return O\n"
}

// submitStore is a store for task aaaaaaaa whose solvers, ranked by
// score then simplicity, are: two that give no grid and one whose grid is
// too large for ARC (all 3000), then rot270 in two lines (3000, bucket 10),
// the same in three lines (3000, bucket 20: first in the store's order),
// vmirror in one line (2000, bucket 10), rot180 in two lines (2000,
// bucket 20), identity (1000). Task bbbbbbbb has nothing stored.
func submitStore(t *testing.T, dir string) string {
	t.Helper()
	storeDir := filepath.Join(dir, "store")
	st, err := store.Open(storeDir, 0)
	if err != nil {
		t.Fatal(err)
	}
	id := "aaaaaaaa"
	saveSolver(t, st, id, solver("x1 = mostcolor(I)", "O = divide(x1, ZERO)"), 3000, 30)
	saveSolver(t, st, id, solver("O = height(I)"), 3000, 30)
	saveSolver(t, st, id, solver("x1 = upscale(I, TEN)", "O = upscale(x1, FOUR)"), 3000, 30)
	saveSolver(t, st, id, solver("x1 = rot180(I)", "O = rot90(x1)"), 3000, 10)
	saveSolver(t, st, id, solver("x1 = rot90(I)", "x2 = rot90(x1)", "O = rot90(x2)"), 3000, 20)
	saveSolver(t, st, id, solver("O = vmirror(I)"), 2000, 10)
	saveSolver(t, st, id, solver("x1 = vmirror(I)", "O = hmirror(x1)"), 2000, 20)
	saveSolver(t, st, id, solver("O = identity(I)"), 1000, 10)
	return storeDir
}

// The test inputs: aaaaaaaa's first has four different answers, its
// second (one cell) the same from every program; bbbbbbbb's has none.
const (
	taskATrain = `"train": [{"input": [[1, 2], [3, 4]], "output": [[2, 4], [1, 3]]}]`
	inA1       = `[[1, 2, 3], [4, 5, 6]]`
	inA2       = `[[5]]`
	taskBTrain = `"train": [{"input": [[1]], "output": [[2]]}]`
	inB        = `[[7, 7]]`
)

func TestSubmit(t *testing.T) {
	dir := t.TempDir()
	storeDir := submitStore(t, dir)

	// The same tasks as a directory of task files, whose test outputs
	// submit must not read, and as a challenges file.
	tasks := filepath.Join(dir, "tasks")
	os.Mkdir(tasks, 0o755)
	os.WriteFile(filepath.Join(tasks, "aaaaaaaa.json"), []byte(`{`+taskATrain+`, "test": [{"input": `+inA1+`, "output": [[3, 6], [2, 5], [1, 4]]}, {"input": `+inA2+`, "output": [[5]]}]}`), 0o644)
	os.WriteFile(filepath.Join(tasks, "bbbbbbbb.json"), []byte(`{`+taskBTrain+`, "test": [{"input": `+inB+`, "output": [[7, 7]]}]}`), 0o644)
	challenges := filepath.Join(dir, "c_challenges.json")
	os.WriteFile(challenges, []byte(`{"aaaaaaaa": {`+taskATrain+`, "test": [{"input": `+inA1+`}, {"input": `+inA2+`}]}, "bbbbbbbb": {`+taskBTrain+`, "test": [{"input": `+inB+`}]}}`), 0o644)

	want := `{"aaaaaaaa":[{"attempt_1":[[3,6],[2,5],[1,4]],"attempt_2":[[3,2,1],[6,5,4]]},{"attempt_1":[[5]],"attempt_2":[]}],` +
		`"bbbbbbbb":[{"attempt_1":[],"attempt_2":[]}]}`
	for _, src := range []string{tasks, challenges} {
		out := filepath.Join(dir, filepath.Base(src)+".sub.json")
		code, stdout, stderr := run(t, "submit", "--challenges", src, "--store", storeDir, "--out", out)
		if code != 0 {
			t.Fatalf("submit --challenges %s: exit %d: %s", src, code, stderr)
		}
		if w := "2 tasks, 3 test inputs: 2 answered by a stored program (1 with two attempts), 1 unanswered"; !strings.Contains(stdout, w) {
			t.Errorf("submit --challenges %s: %q lacks %q", src, stdout, w)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if string(data) != want {
			t.Errorf("submit --challenges %s wrote\n%s\nwant\n%s", src, data, want)
		}
		if info, err := os.Stat(out); err != nil || info.Mode().Perm() != 0o644 {
			t.Errorf("submission mode %v, %v; want 0644", info.Mode().Perm(), err)
		}
	}

	// Scored against the task files: aaaaaaaa's two test outputs are right
	// (attempt 1 and attempt 1), bbbbbbbb's unanswered one is wrong.
	code, stdout, stderr := run(t, "score", "--submission", filepath.Join(dir, "tasks.sub.json"), "--solutions", tasks)
	if code != 0 {
		t.Fatalf("score: exit %d: %s", code, stderr)
	}
	for _, w := range []string{"tasks solved:    1 of 2", "test outputs:    2 of 3 right", "aaaaaaaa  2/2  1,1\nbbbbbbbb  0/1  -\n"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("score: %q lacks %q", stdout, w)
		}
	}

	// --programs cuts the ranked list: the first three give no attempt.
	out := filepath.Join(dir, "three.json")
	code, stdout, stderr = run(t, "submit", "--challenges", tasks, "--store", storeDir, "--out", out, "--programs", "3")
	if code != 0 || !strings.Contains(stdout, "0 answered by a stored program (0 with two attempts), 3 unanswered") {
		t.Errorf("submit --programs 3: exit %d: %s %s", code, stdout, stderr)
	}
}

// TestCandidatesOrder: the ranked candidates on one input, and what each
// gives.
func TestCandidatesOrder(t *testing.T) {
	st, err := store.Open(submitStore(t, t.TempDir()), 0)
	if err != nil {
		t.Fatal(err)
	}
	progs, err := submission.Candidates(st, "aaaaaaaa", 0)
	if err != nil {
		t.Fatal(err)
	}
	in := grid.MustFromRows([][]int{{1, 2, 3}, {4, 5, 6}})
	var got []string
	for _, p := range progs {
		a, by := submission.Answer(context.Background(), []submission.Candidate{p}, in, 1<<20)
		if (a.Attempt1 == nil) != (by[0] < 0) || by[1] >= 0 {
			t.Errorf("attempts %v given by candidates %v", a, by)
		}
		if a.Attempt2 != nil {
			t.Errorf("one program gave two attempts")
		}
		data, _ := json.Marshal(a.Attempt1)
		if a.Attempt1 == nil {
			data = []byte("none")
		}
		got = append(got, string(data))
	}
	// Three without an answer (their order among themselves is the store's),
	// rot270 twice (two lines before three), vmirror before rot180, identity.
	want := "none none none [[3,6],[2,5],[1,4]] [[3,6],[2,5],[1,4]] [[3,2,1],[6,5,4]] [[6,5,4],[3,2,1]] [[1,2,3],[4,5,6]]"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("ranked answers\n%s\nwant\n%s", g, want)
	}
	none, err := submission.Candidates(st, "bbbbbbbb", 0)
	if err != nil || len(none) != 0 {
		t.Errorf("a task with nothing stored: %d candidates, %v", len(none), err)
	}
}
