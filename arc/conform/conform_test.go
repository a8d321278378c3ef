package conform

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/arc/sample"
	"github.com/arcflow/arcflow/arc/task"
)

// solverFile is one solver per task id given, each returning vmirror(I):
// right for 67a3c6ac, wrong for 68b16354.
func solverFile(t *testing.T, ids ...string) *program.File {
	t.Helper()
	var b strings.Builder
	for _, id := range ids {
		b.WriteString("def solve_" + id + "(I):\n    O = vmirror(I)\n    return O\n\n")
	}
	f, err := program.ParseString("solvers.py", b.String())
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestReportCounts: a solver whose task is missing is skipped, not failed;
// one whose task does not load could not run; only a reference prints
// reference differences.
func TestReportCounts(t *testing.T) {
	broken := errors.New("bad task file")
	load := func(id string) (*task.Task, error) {
		if id == "0badf11e" {
			return nil, broken
		}
		return sample.Task(id)
	}
	cases := []struct {
		name                           string
		ids                            []string
		passed, failed, skipped, unrun int
		want, lacks                    []string
	}{
		{"all present", []string{"67a3c6ac", "68b16354"}, 1, 1, 0, 0,
			[]string{"68b16354: 0/", "solvers: 1 passed, 1 failed (of 2)"}, []string{"differ from reference", "skipped"}},
		{"tasks missing", []string{"67a3c6ac", "00000000", "11111111"}, 1, 0, 2, 0,
			[]string{"solvers: 1 passed, 0 failed, 2 skipped (no task) (of 3)"}, []string{"00000000", "does not exist", "differ"}},
		{"a task that does not load", []string{"67a3c6ac", "0badf11e"}, 1, 0, 0, 1,
			[]string{"0badf11e: error: bad task file", "1 could not run (of 2)"}, []string{"skipped"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(context.Background(), solverFile(t, c.ids...), load, nil, Options{})
			if rep.Passed != c.passed || rep.Failed != c.failed || rep.Skipped != c.skipped || rep.Broken != c.unrun {
				t.Errorf("passed %d, failed %d, skipped %d, broken %d; want %d, %d, %d, %d",
					rep.Passed, rep.Failed, rep.Skipped, rep.Broken, c.passed, c.failed, c.skipped, c.unrun)
			}
			var out bytes.Buffer
			rep.Write(&out)
			for _, w := range c.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("report lacks %q:\n%s", w, out.String())
				}
			}
			for _, w := range c.lacks {
				if strings.Contains(out.String(), w) {
					t.Errorf("report has %q:\n%s", w, out.String())
				}
			}
		})
	}
}
