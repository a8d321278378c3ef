package conform

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

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

// BenchmarkHotPrimitives finds the ten primitives the conformance workload
// spends most time in (by line, higher-order calls counted in the line
// that makes them), then measures each on its recorded CPython calls:
// ns/op and allocs/op are per call.
func BenchmarkHotPrimitives(b *testing.B) {
	file, tasks := workload(b)
	total := map[string]time.Duration{}
	calls := map[string]int{}
	env := dsl.NewEnv(context.Background(), 0)
	for _, p := range file.Programs {
		c := program.MustCompile(p)
		for _, ex := range tasks[p.TaskID()].Examples() {
			env.Reset(context.Background())
			c.RunTimed(env, ex.Input, func(prim string, d time.Duration) { total[prim] += d; calls[prim]++ })
		}
	}
	names := make([]string, 0, len(total))
	for n := range total {
		if _, ok := dsl.Primitive(n); ok {
			names = append(names, n)
		}
	}
	sort.Slice(names, func(i, j int) bool { return total[names[i]] > total[names[j]] })
	names = names[:min(10, len(names))]
	for i, n := range names {
		b.Logf("%2d. %-12s %4d lines %8.2f ms in the workload", i+1, n, calls[n], total[n].Seconds()*1000)
	}
	vectors := loadVectors(b)
	for _, name := range names {
		calls := vectors[name]
		if len(calls) == 0 {
			continue // higher-order: no recorded plain-data calls
		}
		f, _ := dsl.Primitive(name)
		b.Run(fmt.Sprintf("%s(%.1fms-in-workload)", name, total[name].Seconds()*1000), func(b *testing.B) {
			b.ReportAllocs()
			env := dsl.NewEnv(context.Background(), 0)
			n := 0
			for b.Loop() {
				args := calls[n%len(calls)]
				n++
				env.Reset(context.Background())
				func() {
					defer func() { recover() }()
					f.Call(env, args...)
				}()
			}
		})
	}
}

// loadVectors reads arc-dsl's recorded primitive calls, by primitive.
func loadVectors(b *testing.B) map[string][][]dsl.Value {
	f, err := os.Open(filepath.Join("..", "dsl", "testdata", "primitive-vectors.json.gz"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		b.Fatal(err)
	}
	var raw []struct {
		Fn   string            `json:"fn"`
		Args []json.RawMessage `json:"args"`
	}
	if err := json.NewDecoder(zr).Decode(&raw); err != nil {
		b.Fatal(err)
	}
	out := map[string][][]dsl.Value{}
	for _, v := range raw {
		args := make([]dsl.Value, len(v.Args))
		for i, a := range v.Args {
			if args[i], err = dsl.UnmarshalValue(a); err != nil {
				b.Fatal(err)
			}
		}
		out[v.Fn] = append(out[v.Fn], args)
	}
	return out
}
