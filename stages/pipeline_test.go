package stages

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/arcflow/arcflow/arc/sample"
	"github.com/arcflow/arcflow/arc/search"
	"github.com/arcflow/arcflow/arc/search/enum"
	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/store"
)

// TestEndToEnd: mirror and rotation tasks, which enumeration surely
// solves, are found and stored with a full score, with no seed program.
func TestEndToEnd(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	enumOpt := enum.DefaultOptions()
	enumOpt.MaxStates = 300
	ids := []string{"67a3c6ac", "68b16354", "74dd1130", "3c9b0459", "a416b8f3"}
	res, err := Run(context.Background(), sample.Tasks(ids...), Config{
		Enum: enumOpt, Store: st, Catalog: st, Top: 64,
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Stats.Solved.Load(); got != int64(len(ids)) {
		t.Errorf("solved %d of %d tasks", got, len(ids))
	}
	for _, id := range ids {
		tk, _ := sample.Task(id)
		full := 1000 * tk.Samples()
		es, err := st.Entries(store.Solvers, id)
		if err != nil || len(es) == 0 {
			t.Fatalf("%s: nothing stored (%v)", id, err)
		}
		if es[0].Score != full {
			t.Errorf("%s: best stored score %d, want %d", id, es[0].Score, full)
		}
		link := filepath.Join(dir, "solver_dir", "solve_"+id, strconv.Itoa(es[0].Score), strconv.Itoa(es[0].Bucket), es[0].Key+".py")
		if _, err := os.Stat(link); err != nil {
			t.Errorf("%s: %v", id, err)
		}
	}
	if probs, _ := st.Check(); len(probs) > 0 {
		t.Errorf("store problems: %v", probs)
	}
	if res.Stats.Mismatches.Load() != 0 {
		t.Errorf("%d candidates scored differently alone and in the DAG", res.Stats.Mismatches.Load())
	}

	// A second run finds everything already stored: nothing new.
	res2, err := Run(context.Background(), sample.Tasks(ids...), Config{Enum: enumOpt, Store: st, Catalog: st, Top: 64})
	if err != nil {
		t.Fatal(err)
	}
	if n := res2.Stats.Stored.Load() + res2.Stats.StoredDiffers.Load(); n != 0 {
		t.Errorf("second run stored %d programs again", n)
	}
}

// TestEveryTaskEnds: the done hook runs exactly once per task, after the
// task's last candidate, whatever happened to its candidates.
func TestEveryTaskEnds(t *testing.T) {
	st, _ := store.Open(t.TempDir(), 2)
	enumOpt := enum.DefaultOptions()
	enumOpt.MaxStates = 100
	ids := []string{"67a3c6ac", "68b16354", "d511f180", "007bbfb7"}
	var mu sync.Mutex
	ended := map[string]int{}
	res, err := Run(context.Background(), sample.Tasks(ids...), Config{
		Seeds: search.DefaultSeeds().Programs, Mutants: 50, Enum: enumOpt, Store: st, Catalog: st,
		TaskDone: func(j *Job) {
			mu.Lock()
			ended[j.Task.ID]++
			mu.Unlock()
			if n := j.items.Load(); n != 0 {
				t.Errorf("%s ended with %d items in flight", j.Task.ID, n)
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if ended[id] != 1 {
			t.Errorf("%s ended %d times", id, ended[id])
		}
	}
	if res.Stats.TasksDone.Load() != int64(len(ids)) {
		t.Errorf("%d tasks done", res.Stats.TasksDone.Load())
	}
}

// TestRunWorkers: Config.Workers sets a stage's workers by name, and a
// name no stage has, or a count below one, fails the run before it starts.
func TestRunWorkers(t *testing.T) {
	st, _ := store.Open(t.TempDir(), 2)
	none := func(func(*task.Task, error) bool) {}
	res, err := Run(context.Background(), none, Config{Store: st, Workers: map[string]int{StageScore: 3, StageSave: 1}})
	if err != nil {
		t.Fatal(err)
	}
	for stage, want := range map[string]int{StageScore: 3, StageSave: 1, StageValidate: runtime.GOMAXPROCS(0)} {
		if m, _ := res.Report.Stage(stage); m.Workers != want {
			t.Errorf("%s ran with %d workers, want %d", stage, m.Workers, want)
		}
	}
	for _, tc := range []struct {
		workers map[string]int
		want    string
	}{
		{map[string]int{"plam": 2}, `unknown stage "plam" (stages: synth, plan,`},
		{map[string]int{StageTasks: 2}, `unknown stage "tasks"`},
		{map[string]int{StageScore: 0}, `0 workers for stage "score"`},
	} {
		if _, err := Run(context.Background(), none, Config{Store: st, Workers: tc.workers}); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("workers %v: err = %v, want %q", tc.workers, err, tc.want)
		}
	}
}

// TestDefaultWorkersFollowGOMAXPROCS: with no Config.Workers, synth, plan,
// score and validate run one worker per CPU the Go runtime uses, save
// four and the other stages one; Config.Workers still overrides them, and
// every stage but save is marked CPU-bound for the report's suggestion.
func TestDefaultWorkersFollowGOMAXPROCS(t *testing.T) {
	st, _ := store.Open(t.TempDir(), 2)
	none := func(func(*task.Task, error) bool) {}
	for _, cpus := range []int{1, 3} {
		prev := runtime.GOMAXPROCS(cpus)
		res, err := Run(context.Background(), none, Config{Store: st, Workers: map[string]int{StageScore: 5}})
		defaults := DefaultWorkers()
		runtime.GOMAXPROCS(prev)
		if err != nil {
			t.Fatal(err)
		}
		if res.Report.CPUs != cpus {
			t.Errorf("GOMAXPROCS %d: the report counts %d CPUs", cpus, res.Report.CPUs)
		}
		want := map[string]int{
			StageSynth: cpus, StagePlan: cpus, StageScore: 5, StageValidate: cpus,
			StageGather: 1, StageDiffers: 1, StageDedup: 1, StageInline: 1, StageSave: 4,
		}
		for _, stage := range StageNames() {
			m, _ := res.Report.Stage(stage)
			if m.Workers != want[stage] {
				t.Errorf("GOMAXPROCS %d: %s ran with %d workers, want %d", cpus, stage, m.Workers, want[stage])
			}
			if stage != StageScore && defaults[stage] != want[stage] {
				t.Errorf("GOMAXPROCS %d: DefaultWorkers()[%s] = %d, want %d", cpus, stage, defaults[stage], want[stage])
			}
			if m.CPUBound != (stage != StageSave) {
				t.Errorf("%s: CPUBound %v", stage, m.CPUBound)
			}
		}
	}
}
