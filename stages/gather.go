package stages

import (
	"context"
	"sync"

	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/arc/search"
	"github.com/arcflow/arcflow/observability/annotate"
	"github.com/arcflow/arcflow/store"
)

// Gatherer is the gather stage. It sums the samples of a task per
// candidate and, once every sample is in, sends on the Top best candidates
// that scored at all.
//
//	Scored × samples of a task ─▶ gather ─▶ Candidate × Top best
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

// Process adds one scored sample. When the sample is the task's last, it
// returns the task's candidates, and last is true.
func (g *Gatherer) Process(ctx context.Context, s Scored) (out []Candidate, last bool) {
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
		return nil, false
	}
	return g.emit(s.Job, t), true
}

// Flush returns, task by task, the candidates of the tasks a failed unit
// left incomplete, once the input has ended.
func (g *Gatherer) Flush() map[*Job][]Candidate {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := make(map[*Job][]Candidate, len(g.open))
	for j, t := range g.open {
		out[j] = g.emit(j, t)
	}
	g.open = nil
	return out
}

func (g *Gatherer) emit(j *Job, t *tally) []Candidate {
	g.Stats.TasksScored.Add(1)
	j.checkStoredSolvers(t.exact)
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
	return out
}

// checkStoredSolvers marks the task solved before the run if one of its
// candidates is exact on every sample, as scored now, and the store holds
// its key: a stored solver, which plan added to the population, or one
// found again. It runs before the Top cut, so that a stored solver counts
// however many candidates tie with it; a candidate is inlined only until
// the first hit, and only for tasks with stored solvers.
func (j *Job) checkStoredSolvers(exact []int) {
	if len(j.stored[store.Solvers]) == 0 {
		return
	}
	for i, n := range exact {
		if n != len(j.Samples) {
			continue
		}
		if j.storedSolver(program.Key(program.Inline(j.Pop.Candidates[i].Program).String())) {
			j.before.Store(true)
			return
		}
	}
}

// Candidate is one program leaving gather: its total score, and whether it
// goes down the solver or the differ path.
type Candidate struct {
	Job     *Job
	ID      int
	Program *program.Program
	Score   int // total over the samples as scored in the DAG
	Exact   int // samples matched exactly
	Kind    store.Kind
}
