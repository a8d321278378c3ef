package stages

import (
	"context"
	"slices"

	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/arc/synth"
	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/observability/annotate"
)

// Synthesized is a task with the programs the synth stage found for it.
type Synthesized struct {
	Task     *task.Task
	Programs []*program.Program
}

// Synth is the synth stage. It searches each task's whole-grid transforms
// and their overlays (package synth) on the train pairs and the test
// inputs, and hands the programs it finds to plan, which adds them to the
// task's population.
//
//	task ─▶ synth ─▶ Synthesized ─▶ plan
type Synth struct {
	Options synth.Options // MaxTime 0 turns the stage into a pass-through
	Stats   *Stats
}

// Process searches one task.
func (s *Synth) Process(ctx context.Context, t *task.Task) ([]Synthesized, error) {
	if s.Options.MaxTime <= 0 {
		annotate.Item(ctx, "off", annotate.KeyTaskID.String(t.ID))
		return []Synthesized{{Task: t}}, nil
	}
	found, st := synth.SearchTask(ctx, t, s.Options) // sees no test output
	progs := make([]*program.Program, len(found))
	hows := make([]string, len(found))
	for i, f := range found {
		progs[i], hows[i] = f.Program, f.How
		if k := slices.Index(synth.Hows[:], f.How); k >= 0 {
			s.Stats.SynthHow[k].Add(1)
		}
	}
	s.Stats.SynthStates.Add(int64(st.States))
	s.Stats.SynthFound.Add(int64(len(found)))
	outcome := "none"
	if len(found) > 0 {
		outcome = "found"
	}
	annotate.Item(ctx, outcome, annotate.KeyTaskID.String(t.ID),
		annotate.KeySynthStates.Int(st.States), annotate.KeySynthFound.Int(len(found)),
		annotate.KeySynthHow.StringSlice(hows))
	return []Synthesized{{Task: t, Programs: progs}}, nil
}
