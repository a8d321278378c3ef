package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/stages"
	"github.com/arcflow/arcflow/store"
)

func runEvolve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("evolve", stderr)
	var f runFlags
	f.register(fs)
	generations := fs.Int("generations", 3, "generations to run")
	fromStore := fs.Int("from-store", 64, "stored programs picked as seeds per generation, weighted by score")
	perTask := fs.Int("per-task", 8, "best stored programs of a task added to its own population")
	var grace time.Duration
	registerGrace(fs, &grace)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *generations < 1 || *fromStore < 0 || *perTask < 0 || grace < 0 {
		return usagef("--generations must be at least 1, --from-store, --per-task and --grace at least 0")
	}
	if f.tasks == "-" {
		return usagef("evolve reads its tasks once per generation: --tasks - (stdin) cannot be read twice")
	}
	cfg, tasks, skipped, err := f.config(ctx, stderr)
	if err != nil {
		return err
	}
	defer f.unlock()
	defer applyMemoryLimit(f.memLimit)()
	defer applySearchGC(f.synthTime)()
	cfg.FromStore = *perTask
	st := cfg.Catalog.(*store.Store)
	base := cfg.Seeds
	d := newDrainer(ctx, grace, stderr, false)
	defer d.close()
	var results []*stages.Result
	// Transfer across tasks: the best solver of every task solved in a
	// generation joins the seeds of the next, tried on every task, as the
	// Python tool's loop did with its store as the library.
	var solvedMu sync.Mutex
	solved := map[string]bool{}
	prevDone := cfg.TaskDone
	cfg.TaskDone = func(j *stages.Job) {
		if j.Solved() {
			solvedMu.Lock()
			solved[j.Task.ID] = true
			solvedMu.Unlock()
		}
		if prevDone != nil {
			prevDone(j)
		}
	}
	for g := 1; g <= *generations; g++ {
		stored, err := pickStored(st, *fromStore, cfg.Seed+uint64(g))
		if err != nil {
			return err
		}
		solvedMu.Lock()
		transfer, err := bestSolvers(st, solved)
		solvedMu.Unlock()
		if err != nil {
			return err
		}
		cfg.Seeds = append(append(append([]*program.Program(nil), base...), stored...), transfer...)
		cfg.Seed++
		f.tallies().unread.reset() // every generation reads the tasks again
		fmt.Fprintf(stdout, "== generation %d: %d seeds (%d from the store, %d solvers of solved tasks)\n", g, len(cfg.Seeds), len(stored), len(transfer))
		res, err := stages.Run(d.run, d.tasks(tasks), cfg)
		results = append(results, res)
		if res != nil {
			writeRunReport(stdout, res, skipped(), f.hideTest)
		}
		if d.cutShort() || err == nil && ctx.Err() != nil && g < *generations {
			return errInterrupted()
		}
		if err != nil {
			return err
		}
	}
	return f.failures(results...)
}

// weight is a stored score as pickStored weighs it: clamped to
// store.MaxScore, so that a score directory no run could have made (a
// forged 5000000000000000000, say) neither overflows the sum of the
// weights nor crowds out every other program.
// bestSolvers reads the best stored solver of each task in tasks, in task
// order so that the population is reproducible.
func bestSolvers(st *store.Store, tasks map[string]bool) ([]*program.Program, error) {
	ids := slices.Sorted(maps.Keys(tasks))
	var out []*program.Program
	for _, id := range ids {
		es, err := st.Entries(store.Solvers, id)
		if err != nil {
			return nil, err
		}
		if len(es) == 0 {
			continue
		}
		text, err := st.Read(store.Solvers, es[0].Key)
		if err != nil {
			continue // evicted meanwhile
		}
		f, err := program.ParseString(es[0].Path, text)
		if err != nil || len(f.Programs) != 1 {
			continue
		}
		out = append(out, f.Programs[0])
	}
	return out, nil
}

func weight(score int) int64 {
	return int64(min(max(score, 0), store.MaxScore))
}

// pickStored draws up to n stored solvers across all tasks at random,
// weighted by score, without replacement, as the Python tool seeded each
// generation. The draw is reproducible from seed.
func pickStored(st *store.Store, n int, seed uint64) ([]*program.Program, error) {
	if n == 0 {
		return nil, nil
	}
	tasks, err := st.Tasks(store.Solvers)
	if err != nil {
		return nil, err
	}
	var pool []store.Entry
	seen := map[string]bool{}
	for _, t := range tasks {
		es, err := st.Entries(store.Solvers, t)
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			if !seen[e.Key] && e.Score > 0 {
				seen[e.Key] = true
				pool = append(pool, e)
			}
		}
	}
	rng := rand.New(rand.NewPCG(seed, 0xe7017e))
	var out []*program.Program
	for len(out) < n && len(pool) > 0 {
		total := int64(0)
		for _, e := range pool {
			total += weight(e.Score)
		}
		r := rng.Int64N(total)
		k := 0
		for ; r >= weight(pool[k].Score); k++ {
			r -= weight(pool[k].Score)
		}
		e := pool[k]
		pool = append(pool[:k], pool[k+1:]...)
		text, err := st.Read(store.Solvers, e.Key)
		if err != nil {
			continue
		}
		f, err := program.ParseString(e.Path, text)
		if err != nil || len(f.Programs) != 1 {
			continue // not a program arcflow wrote: leave it be
		}
		out = append(out, f.Programs[0])
	}
	return out, nil
}
