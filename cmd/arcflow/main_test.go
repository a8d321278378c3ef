package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// TestBadCommandLines: each mistake gets one clear line on stderr and a
// non-zero exit.
func TestBadCommandLines(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"run", "--bogus"}, 2, "flag provided but not defined: -bogus"},
		{[]string{"run", "--workers", "score=x"}, 2, "score=x"},
		{[]string{"run", "--workers", "nosuch=2", "--store", dir}, 2, `no stage "nosuch"`},
		{[]string{"run", "--count", "-1"}, 2, "≥ 0"},
		{[]string{"run", "--tasks", filepath.Join(dir, "missing"), "--store", dir}, 1, "missing: no such file"},
		{[]string{"run", "--solvers", filepath.Join(dir, "none.py"), "--store", dir}, 1, "none.py: no such file"},
		{[]string{"run", "--memory-limit", "1.5GiB"}, 2, `"1.5GiB" is not a size`},
		{[]string{"worker", "--memory-limit", "64MB"}, 2, `"64MB" is not a size`},
		{[]string{"run", "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"conform"}, 2, "--solvers is required"},
		{[]string{"submit"}, 2, "--challenges is required"},
		{[]string{"evolve", "--tasks", "-"}, 2, "cannot be read twice"},
		{[]string{"evolve", "--generations", "0"}, 2, "--generations"},
	}
	for _, c := range cases {
		code, _, stderr := run(t, c.args...)
		if code != c.code {
			t.Errorf("%v: exit %d, want %d (stderr %q)", c.args, code, c.code, stderr)
		}
		if !strings.Contains(stderr, c.want) {
			t.Errorf("%v: stderr %q lacks %q", c.args, stderr, c.want)
		}
		if n := strings.Count(strings.TrimSpace(stderr), "\n"); n != 0 {
			t.Errorf("%v: %d lines on stderr, want one: %q", c.args, n+1, stderr)
		}
	}
}

func TestBadSolverFileNamesTheLine(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.py")
	os.WriteFile(bad, []byte("def solve_a(I):\n    O = nosuch(I)\n    return O\n"), 0o644)
	code, _, stderr := run(t, "run", "--solvers", bad, "--store", dir)
	if code != 1 || !strings.Contains(stderr, "bad.py:2:") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// TestRunEvolveSubmit drives the CLI through a small run, a generation of
// evolve, and a submission.
func TestRunEvolveSubmit(t *testing.T) {
	dir := t.TempDir()
	storeDir := filepath.Join(dir, "out")
	code, out, stderr := run(t, "run", "--ids", "67a3c6ac,3c9b0459", "--store", storeDir, "--enum", "200", "--quiet")
	if code != 0 {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"STAGE", "score", "validate", "tasks:       2 planned, 2 scored, 2 solved", "new solvers", "after dedup", "memory:", "live at the last collection; soft limit none"} {
		if !strings.Contains(out, want) {
			t.Errorf("run report lacks %q:\n%s", want, out)
		}
	}
	code, out, stderr = run(t, "evolve", "--generations", "1", "--ids", "67a3c6ac", "--store", storeDir, "--enum", "0", "--quiet")
	if code != 0 || !strings.Contains(out, "generation 1") || !strings.Contains(out, "from the store") {
		t.Fatalf("evolve: exit %d: %s %s", code, stderr, out)
	}

	// A challenges file made of the sample task, answered from the store.
	src, err := os.ReadFile(filepath.Join("..", "..", "arc", "sample", "tasks", "67a3c6ac.json"))
	if err != nil {
		t.Fatal(err)
	}
	var tk struct {
		Train json.RawMessage `json:"train"`
		Test  []struct {
			Input  [][]int `json:"input"`
			Output [][]int `json:"output"`
		} `json:"test"`
	}
	json.Unmarshal(src, &tk)
	ch := map[string]any{"67a3c6ac": map[string]any{"train": tk.Train, "test": []any{map[string]any{"input": tk.Test[0].Input}}}}
	chData, _ := json.Marshal(ch)
	chPath := filepath.Join(dir, "x_challenges.json")
	os.WriteFile(chPath, chData, 0o644)
	subPath := filepath.Join(dir, "submission.json")
	code, out, stderr = run(t, "submit", "--challenges", chPath, "--store", storeDir, "--out", subPath)
	if code != 0 {
		t.Fatalf("submit: exit %d: %s", code, stderr)
	}
	var sub map[string][]map[string][][]int
	data, _ := os.ReadFile(subPath)
	if err := json.Unmarshal(data, &sub); err != nil {
		t.Fatalf("submission: %v\n%s", err, data)
	}
	got := sub["67a3c6ac"][0]["attempt_1"]
	if !equalRows(got, tk.Test[0].Output) {
		t.Errorf("attempt_1 %v, want %v (%s)", got, tk.Test[0].Output, out)
	}
}

func equalRows(a, b [][]int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				return false
			}
		}
	}
	return true
}
