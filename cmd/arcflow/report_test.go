package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestRerunReport: a second run over the same store reports the tasks
// the store already solves as solved, apart from the new ones, and counts
// the programs inline found stored as already there.
func TestRerunReport(t *testing.T) {
	storeDir := filepath.Join(t.TempDir(), "out")
	args := []string{"run", "--ids", "67a3c6ac,3c9b0459", "--store", storeDir, "--mutants", "0", "--enum", "200", "--synth-time", "0", "--quiet"}
	runs := []struct {
		want, lacks []string
	}{
		{[]string{"2 solved (2 new, 0 already stored): every sample exact"}, nil},
		{[]string{"2 solved (0 new, 2 already stored): every sample exact", "store:       0 new solvers"}, []string{" 0 already there"}},
	}
	for i, r := range runs {
		code, out, errs := run(t, args...)
		if code != 0 {
			t.Fatalf("run %d: exit %d: %s", i+1, code, errs)
		}
		for _, w := range r.want {
			if !strings.Contains(out, w) {
				t.Errorf("run %d: report lacks %q:\n%s", i+1, w, out)
			}
		}
		for _, w := range r.lacks {
			if strings.Contains(out, w) {
				t.Errorf("run %d: report has %q:\n%s", i+1, w, out)
			}
		}
	}
}

// TestProgressTotal: the progress line aims at the tasks the stream will
// yield when the source, --ids or --count tell; for standard input, with
// neither, it has no total.
func TestProgressTotal(t *testing.T) {
	dir := t.TempDir()
	for i := range 5 {
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("t%d.json", i)), []byte("{}"), 0o644)
	}
	cases := []struct {
		name  string
		f     runFlags
		n     int
		known bool
	}{
		{"embedded sample", runFlags{}, 38, true},
		{"directory", runFlags{tasks: dir}, 5, true},
		{"directory from the third", runFlags{tasks: dir, start: 2}, 3, true},
		{"directory past its end", runFlags{tasks: dir, start: 9}, 0, true},
		{"--count under the source", runFlags{tasks: dir, count: 4}, 4, true},
		{"--count over the source", runFlags{tasks: dir, start: 1, count: 10}, 4, true},
		{"--ids", runFlags{ids: listFlag{"67a3c6ac", "3c9b0459"}}, 2, true},
		{"stdin", runFlags{tasks: "-"}, 0, false},
		{"stdin with --count", runFlags{tasks: "-", count: 7}, 7, true},
		{"stdin with --ids", runFlags{tasks: "-", ids: listFlag{"a", "b", "c"}, start: 1}, 2, true},
	}
	for _, c := range cases {
		if _, _, err := c.f.taskStream(io.Discard); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if n, known := c.f.total(); n != c.n || known != c.known {
			t.Errorf("%s: total %d, %v; want %d, %v", c.name, n, known, c.n, c.known)
		}
	}
}

// TestProgressText: with a known total the line shows it and the time left
// at the pace so far; without, the rates alone.
func TestProgressText(t *testing.T) {
	cases := []struct {
		done, total int64
		known       bool
		elapsed     time.Duration
		want        string
	}{
		{0, 38, true, time.Second, "0/38 tasks  0.0 tasks/s  100 candidates/s  ETA ?"},
		{10, 38, true, 5 * time.Second, "10/38 tasks  2.0 tasks/s  20 candidates/s  ETA 14s"},
		{38, 38, true, 10 * time.Second, "38/38 tasks  3.8 tasks/s  10 candidates/s  ETA 0s"},
		{12, 0, false, 4 * time.Second, "12 tasks  3.0 tasks/s  25 candidates/s"},
	}
	for _, c := range cases {
		if got := progressText(c.done, c.total, c.known, 100, c.elapsed); got != c.want {
			t.Errorf("progressText(%d, %d, %v, 100, %v) = %q, want %q", c.done, c.total, c.known, c.elapsed, got, c.want)
		}
	}
}
