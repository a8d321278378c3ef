package stages

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/arc/search"
	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/observability/annotate"
	"github.com/arcflow/arcflow/store"
)

// Planner builds each task's population from the population shared by all
// tasks, the task's best stored programs and enumeration, and splits the
// task into scoring units.
type Planner struct {
	Shared    *search.Population
	Store     Catalog            // what the store already holds; nil for none
	FromStore int                // best stored programs per task to add; 0 for none
	Enum      search.EnumOptions // MaxStates 0 turns enumeration off
	Differs   []search.Differ
	Stats     *Stats
	Done      func(*Job) // called once when a task has gone all the way
	track     func(*Job) // registers a task in flight
}

// Process turns a task into one unit per sample with a known output.
func (p *Planner) Process(ctx context.Context, t *task.Task) ([]Unit, error) {
	j := &Job{Ctx: ctx, Task: t, Start: time.Now(), NTrain: len(t.Train), done: p.Done}
	if p.track != nil {
		p.track(j)
	}
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
	if p.Enum.MaxStates > 0 {
		progs, st := search.EnumerateStats(ctx, inputs, p.Enum)
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
		j.end() // nothing to score: no test output is known and no train pair
		return nil, nil
	}
	units := make([]Unit, len(j.Samples))
	for k := range units {
		units[k] = Unit{Job: j, Sample: k}
	}
	p.Stats.Samples.Add(int64(len(units)))
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

// Scorer evaluates a task's population on one sample and scores every
// candidate's output.
type Scorer struct {
	NodeBudget int64
	Differs    []search.Differ
	Stats      *Stats
}

// Process scores one unit.
func (s *Scorer) Process(ctx context.Context, u Unit) ([]Scored, error) {
	j := u.Job
	sample := j.Samples[u.Sample]
	// Each candidate is scored as soon as its output is computed, so that
	// the DAG's values are dropped once used rather than all kept.
	scores := make([]int, len(j.Pop.Candidates))
	evaluated := j.Pop.EvaluateEach(ctx, sample.Input, j.Demos, s.NodeBudget, func(c int, out dsl.Value, err error) {
		scores[c] = search.Score(out, err, sample.Output, s.Differs)
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.Stats.NodeEvals.Add(int64(evaluated))
	annotate.Item(ctx, "scored", annotate.KeySample.Int(u.Sample),
		annotate.KeyCandidates.Int(len(scores)), annotate.KeyNodeEvals.Int(evaluated))
	return []Scored{{Job: j, Sample: u.Sample, Scores: scores}}, nil
}

// Gatherer sums the samples of a task per candidate and, once every
// sample is in, sends on the Top best candidates that scored at all.
type Gatherer struct {
	Top   int
	Stats *Stats

	mu   sync.Mutex
	open map[*Job]*tally
}

type tally struct {
	totals []int
	exact  []int
	got    int
}

// Process adds one scored sample; it emits the task's candidates when the
// sample is the task's last.
func (g *Gatherer) Process(ctx context.Context, s Scored) ([]Candidate, error) {
	g.mu.Lock()
	if g.open == nil {
		g.open = map[*Job]*tally{}
	}
	t := g.open[s.Job]
	if t == nil {
		t = &tally{totals: make([]int, len(s.Scores)), exact: make([]int, len(s.Scores))}
		g.open[s.Job] = t
	}
	for i, v := range s.Scores {
		t.totals[i] += v
		if v == search.Exact {
			t.exact[i]++
		}
	}
	t.got++
	done := t.got == len(s.Job.Samples)
	if done {
		delete(g.open, s.Job)
	}
	g.mu.Unlock()
	annotate.Join(ctx, "", done, annotate.KeySample.Int(s.Sample))
	if !done {
		return nil, nil
	}
	return g.emit(s.Job, t), nil
}

// Flush sends what is held for tasks a failed unit left incomplete.
func (g *Gatherer) Flush(context.Context) ([]Candidate, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	var out []Candidate
	for j, t := range g.open {
		out = append(out, g.emit(j, t)...)
	}
	g.open = nil
	return out, nil
}

func (g *Gatherer) emit(j *Job, t *tally) []Candidate {
	g.Stats.TasksScored.Add(1)
	var out []Candidate
	for _, i := range search.Rank(t.totals) {
		if t.totals[i] <= 0 || (g.Top > 0 && len(out) >= g.Top) {
			break
		}
		c := j.Pop.Candidates[i]
		out = append(out, Candidate{Job: j, ID: c.ID, Program: c.Program, Score: t.totals[i], Exact: t.exact[i]})
	}
	// Every sample is scored: the population's DAG is not needed any more,
	// while the task's candidates may wait a while for validate and save.
	j.Pop, j.Demos = nil, nil
	g.Stats.Gathered.Add(int64(len(out)))
	if len(out) == 0 {
		j.end()
	} else {
		j.outstanding.Store(int64(len(out)))
	}
	return out
}

// body is a program's lines without its name: two candidates with the same
// body are the same program.
func body(p *program.Program) string {
	var b strings.Builder
	for _, l := range p.Lines {
		b.WriteString(l.String())
		b.WriteByte('\n')
	}
	b.WriteString(p.Result)
	return b.String()
}
