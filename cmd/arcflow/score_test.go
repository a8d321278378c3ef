package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestScore scores small submissions against a solutions file and against
// the same tasks as task files.
func TestScore(t *testing.T) {
	dir := t.TempDir()
	solutions := filepath.Join(dir, "x_solutions.json")
	os.WriteFile(solutions, []byte(`{"bb": [[[1, 2]], [[3]]], "aa": [[[5]]], "cc": [[[0, 0], [0, 1]]]}`), 0o644)
	tasks := filepath.Join(dir, "tasks")
	os.Mkdir(tasks, 0o755)
	train := `"train": [{"input": [[1]], "output": [[1]]}]`
	os.WriteFile(filepath.Join(tasks, "aa.json"), []byte(`{`+train+`, "test": [{"input": [[0]], "output": [[5]]}]}`), 0o644)
	os.WriteFile(filepath.Join(tasks, "bb.json"), []byte(`{`+train+`, "test": [{"input": [[0]], "output": [[1, 2]]}, {"input": [[0]], "output": [[3]]}]}`), 0o644)
	os.WriteFile(filepath.Join(tasks, "cc.json"), []byte(`{`+train+`, "test": [{"input": [[0]], "output": [[0, 0], [0, 1]]}]}`), 0o644)

	cases := []struct {
		name  string
		sub   string
		flags []string
		code  int
		want  []string // lines or parts of stdout, or of stderr when code ≠ 0
		not   []string
	}{
		{"all right", `{"aa": [{"attempt_1": [[5]], "attempt_2": []}], "bb": [{"attempt_1": [[2, 1]], "attempt_2": [[1, 2]]}, {"attempt_1": [[3]], "attempt_2": [[4]]}],
			"cc": [{"attempt_1": [], "attempt_2": [[0, 0], [0, 1]]}]}`, nil, 0,
			[]string{"tasks solved:    3 of 3 (100.00%)", "ARC Prize score: 3.00 of 3 (100.00%)", "test outputs:    4 of 4 right",
				"\naa  1/1  1\nbb  2/2  2,1\ncc  1/1  2\n"}, []string{"not in the submission"}},
		{"partly right", `{"bb": [{"attempt_1": [[1, 2]], "attempt_2": []}, {"attempt_1": [], "attempt_2": []}], "cc": [{"attempt_1": [[0, 0], [0, 1]], "attempt_2": []}], "zz": []}`, nil, 0,
			[]string{"tasks solved:    1 of 3 (33.33%)", "ARC Prize score: 1.50 of 3 (50.00%)", "test outputs:    2 of 4 right",
				"1 task not in the submission (counted as wrong)", "1 task of the submission not in the solutions",
				"\naa  0/1  not in the submission\nbb  1/2  1,-\ncc  1/1  1\n"}, nil},
		{"empty", `{}`, []string{"--summary"}, 0,
			[]string{"tasks solved:    0 of 3 (0.00%)", "ARC Prize score: 0.00 of 3 (0.00%)", "test outputs:    0 of 4 right", "3 tasks not in the submission"},
			[]string{"aa  ", "bb  "}},
		{"quiet", `{"aa": [{"attempt_1": [[5]], "attempt_2": []}]}`, []string{"--quiet"}, 0,
			[]string{"tasks solved:    1 of 3", "2 tasks not in the submission"}, []string{"aa  1/1"}},
		{"malformed", "{\"aa\": [{\"attempt_1\": [[5]], \"attempt_2\": []}],\n  \"bb\": [{\"attempt_1\": [[1, 2], [3]], \"attempt_2\": []}, {}]}", nil, 1,
			[]string{"sub.json: line 2, column 9: task bb: test[0].attempt_1: ragged grid"}, nil},
		{"missing attempt", `{"aa": [{"attempt_1": [[5]]}]}`, nil, 1, []string{"sub.json", "task aa", `test[0]: no "attempt_2"`}, nil},
		{"wrong number of answers", `{"bb": [{"attempt_1": [[5]], "attempt_2": []}]}`, nil, 1, []string{"sub.json against", "task bb: 1 answers for 2 test outputs"}, nil},
		{"not json", `{"aa": [`, nil, 1, []string{"sub.json: line 1, column 9: unexpected end of JSON"}, nil},
	}
	for _, c := range cases {
		for _, sol := range []string{solutions, tasks} {
			t.Run(c.name+"/"+filepath.Base(sol), func(t *testing.T) {
				sub := filepath.Join(t.TempDir(), "sub.json")
				os.WriteFile(sub, []byte(c.sub), 0o644)
				code, out, errs := run(t, append([]string{"score", "--submission", sub, "--solutions", sol}, c.flags...)...)
				if code != c.code {
					t.Fatalf("exit %d, want %d; stdout %q, stderr %q", code, c.code, out, errs)
				}
				got := out
				if code != 0 {
					got = errs
					if n := strings.Count(strings.TrimSpace(errs), "\n"); n != 0 {
						t.Errorf("%d lines on stderr, want one: %q", n+1, errs)
					}
				}
				for _, w := range c.want {
					if !strings.Contains(got, w) {
						t.Errorf("output lacks %q:\n%s", w, got)
					}
				}
				for _, w := range c.not {
					if strings.Contains(got, w) {
						t.Errorf("output has %q:\n%s", w, got)
					}
				}
			})
		}
	}
}

func TestScoreBadCommandLines(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub.json")
	os.WriteFile(sub, []byte(`{}`), 0o644)
	challenges := filepath.Join(dir, "c_challenges.json")
	os.WriteFile(challenges, []byte(`{"aa": {"train": [{"input": [[1]], "output": [[1]]}], "test": [{"input": [[0]]}]}}`), 0o644)
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"score"}, 2, "--submission and --solutions are required"},
		{[]string{"score", "--submission", sub}, 2, "--submission and --solutions are required"},
		{[]string{"score", "--submission", sub, "--solutions", filepath.Join(dir, "none.json")}, 1, "none.json: no such file"},
		{[]string{"score", "--submission", filepath.Join(dir, "none.json"), "--solutions", challenges}, 1, "test[0] has no output"},
		{[]string{"score", "--submission", filepath.Join(dir, "none.json"), "--solutions", sub}, 1, "sub.json: no tasks"},
		{[]string{"score", "--submission", filepath.Join(dir, "none.json"), "--solutions", filepath.Join("..", "..", "arc", "sample", "tasks")}, 1, "none.json: no such file"},
	}
	for _, c := range cases {
		code, _, stderr := run(t, c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, stderr, c.code, c.want)
		}
	}
}
