package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"sync"

	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/cluster"
	"github.com/arcflow/arcflow/store"
)

func runCollect(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("collect", stderr)
	var nf natsFlags
	nf.register(fs)
	dir := fs.String("store", "arcflow-out", "store directory that every worker's results go to")
	limit := fs.Int("keep", store.DefaultLimit, "programs kept per task in the store")
	drain := fs.Bool("drain", false, "exit once no task is pending or in flight and every result is saved, instead of waiting for more")
	quiet := fs.Bool("quiet", false, "no line per new program")
	var wait bool
	registerWaitLock(fs, &wait)
	tasks := fs.String("tasks", "", "the task set enqueued (anything enqueue --tasks reads): a result whose score is over 1000 per sample of its task is refused; without it, over "+strconv.Itoa(store.MaxScore))
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *limit < 1 {
		return usagef("--keep must be at least 1")
	}
	samples, err := taskSamples(*tasks)
	if err != nil {
		return err
	}
	lock, err := lockStore(ctx, *dir, wait, stderr)
	if err != nil {
		return err
	}
	defer lock.Unlock()
	st, err := store.Open(*dir, *limit)
	if err != nil {
		return err
	}
	nc, q, err := nf.open(ctx, "arcflow collect", cluster.DefaultConfig())
	if err != nil {
		return err
	}
	defer nc.Close()
	var mu sync.Mutex
	c := &cluster.Collector{Queue: q, Store: st, Drain: *drain, Samples: func(id string) int { return samples[id] }}
	// A refused or failed result is reported whatever --quiet says.
	c.OnRefused = func(seq uint64, r *cluster.Result, err error) {
		mu.Lock()
		defer mu.Unlock()
		if r == nil {
			fmt.Fprintf(stderr, "refused message %d: %v\n", seq, err)
			return
		}
		fmt.Fprintf(stderr, "refused message %d, %s %.40q for %.40q: %v\n", seq, r.Kind, r.Key, r.Task, err)
	}
	c.OnFailed = func(r *cluster.Result, err error) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(stderr, "save of %s %s for %s failed, to be tried again: %v\n", r.Kind, r.Key, r.Task, err)
	}
	c.OnSaved = func(r *cluster.Result, got store.Saved) {
		if *quiet || got != store.Stored {
			return
		}
		mu.Lock()
		fmt.Fprintf(stderr, "stored %s %s for %s (score %d)\n", r.Kind, r.Key, r.Task, r.Score)
		mu.Unlock()
	}
	if !*quiet {
		fmt.Fprintf(stderr, "arcflow collect: saving results from %s into %s\n", cluster.Redact(nf.url), *dir)
	}
	res, err := c.Run(ctx)
	if res != nil {
		fmt.Fprintf(stdout, "store:       %d new programs, %d already there, %d not good enough, %d bad results dropped, %d refused, %d saves failed\n",
			res.Stored, res.Present, res.Rejected, res.Bad, res.Refused, res.Failed)
		if n := res.Bad + res.Refused; err == nil && n > 0 {
			err = fmt.Errorf("%d results refused, none of them saved (their reasons are above)", n)
		}
	}
	return err
}

// taskSamples reads a task set and returns the samples of each task, to
// bound the scores of its results; nil for no path.
func taskSamples(path string) (map[string]int, error) {
	if path == "" {
		return nil, nil
	}
	r, err := task.Open(path)
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for t, err := range r.Tasks() {
		if err != nil {
			return nil, err
		}
		out[t.ID] = t.Samples()
	}
	return out, nil
}
