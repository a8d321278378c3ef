package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/arcflow/arcflow/arc/sample"
	"github.com/arcflow/arcflow/view"
)

// TestViewOfARun: run --report-json writes the report view --report
// reads; view writes the page (mode 0644) of the embedded sample, the
// run's timeline included, and prints its path and counts: as many tasks
// with a stored solver as the run solved, however many the search reaches.
func TestViewOfARun(t *testing.T) {
	dir := t.TempDir()
	storeDir, rep, page := filepath.Join(dir, "store"), filepath.Join(dir, "report.json"), filepath.Join(dir, "view.html")
	code, stdout, stderr := run(t, "run", "--ids", "67a3c6ac,05f2a901", "--store", storeDir, "--quiet",
		"--mutants", "40", "--enum", "300", "--synth-time", "100ms", "--report-json", rep)
	if code != 0 {
		t.Fatalf("run: exit %d: %s %s", code, stdout, stderr)
	}
	r, err := view.ReadRunReport(rep)
	if err != nil {
		t.Fatal(err)
	}
	if r.Counts.Tasks != 2 || r.Counts.Solved < 1 || len(r.Report.Stages) == 0 || r.Report.Wall <= 0 {
		t.Errorf("report: %+v, %d stages, wall %v", r.Counts, len(r.Report.Stages), r.Report.Wall)
	}
	if st, err := os.Stat(rep); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("report file: %v %v", st, err)
	}

	code, stdout, stderr = run(t, "view", "--store", storeDir, "--report", rep, "--out", page)
	if code != 0 {
		t.Fatalf("view: exit %d: %s %s", code, stdout, stderr)
	}
	n := len(sample.IDs())
	if !strings.HasPrefix(stdout, page+": 38 tasks, ") || !strings.Contains(stdout, " of 38 (ARC Prize score ") || !strings.Contains(stdout, fmt.Sprintf(", %d with a stored solver, ", r.Counts.Solved)) {
		t.Errorf("view printed %q", stdout)
	}
	st, err := os.Stat(page)
	if err != nil || st.Mode().Perm() != 0o644 {
		t.Fatalf("page file: %v %v", st, err)
	}
	data, _ := os.ReadFile(page)
	doc := string(data)
	if got := strings.Count(doc, `<section class="task"`); got != n {
		t.Errorf("%d task sections, want %d", got, n)
	}
	if !strings.Contains(doc, `<svg class="timeline"`) || !strings.Contains(doc, `data-task="67a3c6ac" data-status="solved"`) {
		t.Errorf("no timeline, or 67a3c6ac not solved")
	}
}

// TestViewErrors: no store, a bad report, a bad task source.
func TestViewErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"x": 1}`), 0o644)
	storeDir := filepath.Join(dir, "store")
	os.MkdirAll(filepath.Join(storeDir, "solver_dir"), 0o755)
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"view", "--store", filepath.Join(dir, "none")}, 1, "run arcflow run first"},
		{[]string{"view", "--store", storeDir, "--report", bad}, 1, "not a run report"},
		{[]string{"view", "--store", storeDir, "--tasks", filepath.Join(dir, "missing")}, 1, "no such file"},
		{[]string{"view", "--store", storeDir, "--programs", "-1"}, 2, "--programs"},
	}
	for _, c := range cases {
		code, _, stderr := run(t, c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, %q; want exit %d and %q", c.args, code, stderr, c.code, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "none")); err == nil {
		t.Errorf("view made a store where there was none")
	}
}
