package main

import (
	"context"
	"fmt"
	"io"
	"sync"

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
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *limit < 1 {
		return usagef("--keep must be at least 1")
	}
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
	c := &cluster.Collector{Queue: q, Store: st, Drain: *drain, OnSaved: func(r *cluster.Result, got store.Saved) {
		if *quiet || got != store.Stored {
			return
		}
		mu.Lock()
		fmt.Fprintf(stderr, "stored %s %s for %s (score %d)\n", r.Kind, r.Key, r.Task, r.Score)
		mu.Unlock()
	}}
	if !*quiet {
		fmt.Fprintf(stderr, "arcflow collect: saving results from %s into %s\n", nf.url, *dir)
	}
	res, err := c.Run(ctx)
	if res != nil {
		fmt.Fprintf(stdout, "store:       %d new programs, %d already there, %d not good enough, %d bad results dropped, %d saves failed\n",
			res.Stored, res.Present, res.Rejected, res.Bad, res.Failed)
	}
	return err
}
