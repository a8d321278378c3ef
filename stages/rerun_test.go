package stages

import (
	"context"
	"sync"
	"testing"

	"github.com/arcflow/arcflow/arc/sample"
	"github.com/arcflow/arcflow/arc/search/enum"
	"github.com/arcflow/arcflow/store"
)

// TestRerunCountsStoredSolvers: a task whose solver is already stored is
// solved on a re-run, counted apart from the tasks solved by a new
// program, and its done hook sees it solved (the trace's task.outcome).
func TestRerunCountsStoredSolvers(t *testing.T) {
	ids := []string{"67a3c6ac", "68b16354", "74dd1130"}
	enumOpt := enum.DefaultOptions()
	enumOpt.MaxStates = 300
	noEnum := enum.DefaultOptions()
	noEnum.MaxStates = 0
	cases := []struct {
		name       string
		rerun      Config
		solved     int64 // tasks solved on the re-run
		before     int64 // … of which already stored
		inStoreMin int64 // candidates inline dropped as stored, at least
	}{
		{"the same search finds them again", Config{Enum: enumOpt, Top: 64}, 3, 3, 3},
		{"only the stored solvers, loaded by plan", Config{Enum: noEnum, FromStore: 1, Top: 64}, 3, 3, 3},
		{"no search and nothing loaded", Config{Enum: noEnum, Top: 64}, 0, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st, err := store.Open(t.TempDir(), 0)
			if err != nil {
				t.Fatal(err)
			}
			first, err := Run(context.Background(), sample.Tasks(ids...), Config{Enum: enumOpt, Store: st, Catalog: st, Top: 64})
			if err != nil {
				t.Fatal(err)
			}
			if got := first.Stats.Solved.Load(); got != int64(len(ids)) || first.Stats.SolvedBefore.Load() != 0 {
				t.Fatalf("first run: %d solved, %d before; want %d, 0", got, first.Stats.SolvedBefore.Load(), len(ids))
			}
			var mu sync.Mutex
			outcome := map[string]bool{}
			cfg := c.rerun
			cfg.Store, cfg.Catalog = st, st
			cfg.TaskDone = func(j *Job) {
				mu.Lock()
				outcome[j.Task.ID] = j.Solved()
				mu.Unlock()
			}
			res, err := Run(context.Background(), sample.Tasks(ids...), cfg)
			if err != nil {
				t.Fatal(err)
			}
			s := res.Stats
			if s.Solved.Load() != c.solved || s.SolvedBefore.Load() != c.before {
				t.Errorf("re-run: %d solved, %d of them before; want %d, %d", s.Solved.Load(), s.SolvedBefore.Load(), c.solved, c.before)
			}
			if s.InStore.Load() < c.inStoreMin {
				t.Errorf("re-run: inline dropped %d candidates as stored, want at least %d", s.InStore.Load(), c.inStoreMin)
			}
			if n := s.Stored.Load(); n != 0 {
				t.Errorf("re-run stored %d solvers again", n)
			}
			for _, id := range ids {
				if outcome[id] != (c.solved > 0) {
					t.Errorf("%s: done hook saw solved=%v", id, outcome[id])
				}
			}
		})
	}
}
