package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConformExit: solvers whose task is not given are counted as skipped,
// not listed as errors; conform fails when a solver could not run for a
// reason other than its output, or when no solver's task was found.
func TestConformExit(t *testing.T) {
	dir := t.TempDir()
	solver := func(id string) string { return "def solve_" + id + "(I):\n    O = vmirror(I)\n    return O\n\n" }
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	some := write("some.py", solver("67a3c6ac")+solver("00000000"))
	none := write("none.py", solver("00000000")+solver("11111111"))
	tasks := filepath.Join(dir, "tasks")
	os.Mkdir(tasks, 0o755)
	good, err := os.ReadFile(filepath.Join("..", "..", "arc", "sample", "tasks", "67a3c6ac.json"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(tasks, "67a3c6ac.json"), good, 0o644)
	os.WriteFile(filepath.Join(tasks, "00000000.json"), []byte(`{"train": [`), 0o644)

	cases := []struct {
		args   []string
		code   int
		stdout []string
		stderr string
		lacks  []string
	}{
		{[]string{"--solvers", some}, 0,
			[]string{"solvers: 1 passed, 0 failed, 1 skipped (no task) (of 2)", "1 solvers' tasks are not among the 38 embedded sample tasks: give --tasks"},
			"", []string{"does not exist", "differ from reference", "00000000"}},
		{[]string{"--solvers", none}, 1, []string{"2 skipped (no task)"}, "no solver's task is in the 38 embedded sample tasks", nil},
		{[]string{"--solvers", some, "--tasks", tasks}, 1, []string{"00000000: error:", "1 could not run (of 2)"}, "1 of 2 solvers could not run", []string{"embedded"}},
	}
	for _, c := range cases {
		code, out, errs := run(t, append([]string{"conform"}, c.args...)...)
		if code != c.code {
			t.Errorf("%v: exit %d, want %d (stderr %q)", c.args, code, c.code, errs)
		}
		for _, w := range c.stdout {
			if !strings.Contains(out, w) {
				t.Errorf("%v: stdout lacks %q:\n%s", c.args, w, out)
			}
		}
		if !strings.Contains(errs, c.stderr) || (c.stderr == "") != (errs == "") {
			t.Errorf("%v: stderr %q, want %q", c.args, errs, c.stderr)
		}
		for _, w := range c.lacks {
			if strings.Contains(out+errs, w) {
				t.Errorf("%v: output has %q:\n%s%s", c.args, w, out, errs)
			}
		}
	}
}
