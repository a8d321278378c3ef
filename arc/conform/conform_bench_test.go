package conform

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/arc/task"
)

// The conformance workload needs arc-dsl's solvers.py, which is not shipped
// with arcflow: point ARCFLOW_SOLVERS at it. ARCFLOW_TASKS is the ARC-AGI-1
// training directory (default: the shared copy beside the repository).
func workload(b *testing.B) (*program.File, map[string]*task.Task) {
	b.Helper()
	path := os.Getenv("ARCFLOW_SOLVERS")
	if path == "" {
		b.Skip("set ARCFLOW_SOLVERS to arc-dsl's solvers.py to run the conformance workload")
	}
	file, err := program.ParseFile(path)
	if err != nil {
		b.Fatal(err)
	}
	dir := os.Getenv("ARCFLOW_TASKS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "arc", "training")
	}
	tasks := map[string]*task.Task{}
	for _, p := range file.Programs {
		t, err := task.ReadFile(filepath.Join(dir, p.TaskID()+".json"))
		if err != nil {
			b.Fatal(err)
		}
		tasks[p.TaskID()] = t
	}
	return file, tasks
}

// BenchmarkConformance runs every solver on every example of its task, the
// work of one pass of arc-dsl's own test harness, with programs compiled
// and tasks loaded beforehand.
func BenchmarkConformance(b *testing.B) {
	file, tasks := workload(b)
	type job struct {
		c  *program.Compiled
		ex []task.Pair
	}
	var all, slowest []job
	for _, p := range file.Programs {
		j := job{program.MustCompile(p), tasks[p.TaskID()].Examples()}
		all = append(all, j)
		if p.TaskID() == "a64e4611" {
			slowest = append(slowest, j)
		}
	}
	run := func(b *testing.B, jobs []job) {
		env := dsl.NewEnv(context.Background(), 0)
		b.ReportAllocs()
		for b.Loop() {
			for _, j := range jobs {
				for _, ex := range j.ex {
					env.Reset(context.Background())
					j.c.Run(env, ex.Input)
				}
			}
		}
	}
	b.Run("all-400", func(b *testing.B) { run(b, all) })
	b.Run("a64e4611", func(b *testing.B) { run(b, slowest) })
}
