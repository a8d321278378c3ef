package main

import (
	"path/filepath"
	"strings"
	"testing"
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
