package stages

import (
	"context"
	"iter"
	"testing"
	"time"

	"github.com/arcflow/arcflow/arc/grid"
	"github.com/arcflow/arcflow/arc/synth"
	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/store"
)

func rowsGrid(t *testing.T, rows ...string) *grid.Grid {
	t.Helper()
	var rr [][]int
	for _, r := range rows {
		var row []int
		for _, c := range r {
			row = append(row, int(c-'0'))
		}
		rr = append(rr, row)
	}
	g, err := grid.FromRows(rr)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestSynthStageSolvesWhatNothingElseDoes: a task whose output is the
// input's largest object, cut out, is out of reach of the seeds alone; with
// the synth stage the pipeline stores a solver for it, exact on every
// train pair, with the test output hidden.
func TestSynthStageSolvesWhatNothingElseDoes(t *testing.T) {
	tk := &task.Task{ID: "largest", Train: []task.Pair{
		{Input: rowsGrid(t, "0000000", "0110020", "0110000", "0110033", "0000033"), Output: rowsGrid(t, "11", "11", "11")},
		{Input: rowsGrid(t, "2200000", "0004440", "0004440", "0000000", "0000000"), Output: rowsGrid(t, "444", "444")},
	}, Test: []task.Pair{{Input: rowsGrid(t, "000000", "055500", "055500", "000066", "000066")}}}
	run := func(opts synth.Options) (solved int64, found int64) {
		st, err := store.Open(t.TempDir(), 0)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Run(context.Background(), oneTask(tk), Config{Synth: opts, Store: st, Catalog: st, Top: 16})
		if err != nil {
			t.Fatal(err)
		}
		var byHow int64
		for k := range res.Stats.SynthHow {
			byHow += res.Stats.SynthHow[k].Load()
		}
		if byHow != res.Stats.SynthFound.Load() {
			t.Errorf("%d programs counted by how they were found, %d found", byHow, res.Stats.SynthFound.Load())
		}
		if res.Stats.SynthFound.Load() > 0 && res.Stats.SynthHow[0].Load() == 0 {
			t.Errorf("no %s among the programs found: the largest object is one transform", synth.Hows[0])
		}
		return res.Stats.Solved.Load(), res.Stats.SynthFound.Load()
	}
	if solved, found := run(synth.Options{}); solved != 0 || found != 0 {
		t.Fatalf("without synth: %d solved, %d found: the case does not test the stage", solved, found)
	}
	if solved, found := run(synth.Options{MaxTime: 10 * time.Second, MaxCost: 2}); solved != 1 || found == 0 {
		t.Errorf("with synth: %d solved, %d found, want 1 and some", solved, found)
	}
}

func oneTask(tk *task.Task) iter.Seq2[*task.Task, error] {
	return func(yield func(*task.Task, error) bool) { yield(tk, nil) }
}
