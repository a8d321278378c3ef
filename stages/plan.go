package stages

import (
	"context"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/arc/search"
	"github.com/arcflow/arcflow/arc/search/enum"
	"github.com/arcflow/arcflow/observability/annotate"
	"github.com/arcflow/arcflow/store"
)

// Planner is the plan stage. It builds each task's population from the
// population shared by all tasks, the task's best stored programs and
// enumeration, and the programs the synth stage found, and splits the task
// into scoring units.
//
//	Synthesized ─▶ plan ─▶ Unit per sample
//	                ▲
//	                └── shared population, stored programs, enumeration
type Planner struct {
	Shared    *search.Population
	Store     Catalog      // what the store already holds; nil for none
	FromStore int          // best stored programs per task to add; 0 for none
	Enum      enum.Options // MaxStates 0 turns enumeration off
	Differs   []search.Differ
	Stats     *Stats
}

// Process fills in the task's job, which the tracker opened (jobs.plan),
// and cuts the task into one unit per sample with a known output.
func (p *Planner) Process(ctx context.Context, j *Job, in Synthesized) ([]Unit, error) {
	t := in.Task
	j.NTrain = len(t.Train)
	pairs := make([]dsl.Value, len(t.Train))
	inputs := make([]dsl.Value, len(t.Train))
	for k, pr := range t.Train {
		j.Samples = append(j.Samples, pr)
		pairs[k] = dsl.MakeTuple([]dsl.Value{pr.Input, pr.Output})
		inputs[k] = pr.Input
	}
	for _, pr := range t.Test {
		if pr.Output != nil {
			j.Samples = append(j.Samples, pr)
		}
	}
	j.Demos = dsl.MakeTuple(pairs)
	for _, s := range j.Samples {
		j.Baseline += search.Score(s.Input, nil, s.Output, p.Differs)
	}

	j.Pop = p.Shared.Clone()
	if p.Store != nil {
		if err := p.loadStored(j); err != nil {
			return nil, err
		}
	}
	for _, prog := range in.Programs {
		j.Pop.Add(prog, "synth", -1)
	}
	if p.Enum.MaxStates > 0 {
		progs, st := enum.Run(ctx, inputs, p.Enum)
		p.Stats.EnumStates.Add(int64(st.States))
		for _, prog := range progs {
			j.Pop.Add(prog, "enum", -1)
		}
	}
	p.Stats.Tasks.Add(1)
	p.Stats.Population.Add(int64(len(j.Pop.Candidates)))
	annotate.Item(ctx, "planned", annotate.KeyTaskID.String(t.ID),
		annotate.KeyTaskSamples.Int(len(j.Samples)), annotate.KeyPopulation.Int(len(j.Pop.Candidates)))
	if len(j.Samples) == 0 {
		return nil, nil // nothing to score: no test output is known and no train pair
	}
	units := make([]Unit, len(j.Samples))
	for k := range units {
		units[k] = Unit{Job: j, Sample: k}
	}
	return units, nil
}

// loadStored learns which keys the store already links for the task, so
// that dedup drops them, and adds the best of them to the population.
func (p *Planner) loadStored(j *Job) error {
	j.stored = map[store.Kind]map[string]bool{}
	for _, kind := range []store.Kind{store.Solvers, store.Differs} {
		es, err := p.Store.Entries(kind, j.Task.ID)
		if err != nil {
			return err
		}
		j.stored[kind] = map[string]bool{}
		for i, e := range es {
			j.stored[kind][e.Key] = true
			if kind != store.Solvers || i >= p.FromStore {
				continue
			}
			text, err := p.Store.Read(kind, e.Key)
			if err != nil {
				continue // evicted meanwhile
			}
			f, err := program.ParseString(e.Path, text)
			if err != nil || len(f.Programs) != 1 {
				continue // a file someone edited by hand: not ours to fix
			}
			j.Pop.Add(f.Programs[0], "store", -1)
		}
	}
	return nil
}

// Unit is one scoring unit: a task's population on one sample.
type Unit struct {
	Job    *Job
	Sample int
}
