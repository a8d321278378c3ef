package stages

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/arc/sample"
	"github.com/arcflow/arcflow/store"
)

// slowSolver is a program of n lines that each mirror the grid 10,000
// times: about 1 ms a line on a small grid, well within the node budget.
func slowSolver(n int) string {
	var b strings.Builder
	b.WriteString("def solve_slow(I):\n    x1 = power(vmirror, TEN)\n    x2 = power(x1, TEN)\n    x3 = power(x2, TEN)\n    x4 = power(x3, TEN)\n    y0 = x4(I)\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "    y%d = x4(y%d)\n", i, i-1)
	}
	fmt.Fprintf(&b, "    O = x4(y%d)\n    return O\n", n-1)
	return b.String()
}

// TestTaskTime: Config.TaskTime bounds the scoring of a task, all its
// samples: a slow program is cut at the deadline and scores 0, the task
// goes on with what was scored (a mirror scored before it still solves
// it), and the run counts the task; a generous bound changes nothing
// (issue 14, item 8; issue 12, item 2).
func TestTaskTime(t *testing.T) {
	const mirror = "def solve_mirror(I):\n    O = vmirror(I)\n    return O\n" // solves 67a3c6ac
	cases := []struct {
		name     string
		seeds    string
		taskTime time.Duration
		hit      int64
		solved   int64
		maxBusy  time.Duration // the score stage's summed busy time at most; 0: any
	}{
		{"no bound", mirror, 0, 0, 1, 0},
		{"a generous bound", mirror, 10 * time.Second, 0, 1, 0},
		{"a bound already passed", mirror, time.Nanosecond, 1, 0, 0},
		// Unbounded, the slow program takes about 6 s of scoring here,
		// many times that under -race.
		{"a slow program cut", mirror + slowSolver(1000), 150 * time.Millisecond, 1, 1, 1500 * time.Millisecond},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			file, err := program.ParseString("seeds.py", c.seeds)
			if err != nil {
				t.Fatal(err)
			}
			st, err := store.Open(t.TempDir(), 0)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Run(context.Background(), sample.Tasks("67a3c6ac"), Config{
				Seeds: file.Programs, Store: st, Catalog: st, Top: 64, Timeout: time.Second, TaskTime: c.taskTime,
			})
			if err != nil {
				t.Fatal(err)
			}
			s := res.Stats
			if s.TaskTimeHit.Load() != c.hit || s.Solved.Load() != c.solved || s.TasksScored.Load() != 1 {
				t.Errorf("%d tasks hit the bound, %d solved, %d scored; want %d, %d, 1",
					s.TaskTimeHit.Load(), s.Solved.Load(), s.TasksScored.Load(), c.hit, c.solved)
			}
			m, ok := res.Report.Stage(StageScore)
			if !ok {
				t.Fatal("no score stage in the report")
			}
			if c.maxBusy > 0 && m.Busy > c.maxBusy {
				t.Errorf("scoring took %v of work, over %v", m.Busy, c.maxBusy)
			}
			t.Logf("scoring: %v busy, %v wall; run %v, %v CPU", m.Busy, m.Wall, res.Wall, res.CPU)
		})
	}
}
