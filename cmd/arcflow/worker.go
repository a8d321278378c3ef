package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"sync"
	"time"

	"github.com/arcflow/arcflow/cluster"
)

// workerDrops are the flags of run that a worker has no use for: its
// tasks come from the queue and its results go to the results stream.
// Test outputs are hidden when the tasks are enqueued (enqueue
// --hide-test-outputs), so that they never reach the queue.
var workerDrops = []string{"tasks", "ids", "start", "count", "skip-bad", "store", "keep", "cpuprofile", "memprofile", "hide-test-outputs", "wait-lock"}

// pipelineFlags registers on fs the flags of run that shape the search,
// leaving out drop.
func pipelineFlags(fs *flag.FlagSet, f *runFlags, drop []string) {
	all := flag.NewFlagSet("run", flag.ContinueOnError)
	f.register(all)
	all.VisitAll(func(fl *flag.Flag) {
		if !slices.Contains(drop, fl.Name) {
			fs.Var(fl.Value, fl.Name, fl.Usage)
		}
	})
}

func runWorker(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("worker", stderr)
	var nf natsFlags
	nf.register(fs)
	var f runFlags
	pipelineFlags(fs, &f, workerDrops)
	def := cluster.DefaultConfig()
	inflight := fs.Int("inflight", 3, "tasks this worker holds at once")
	ackWait := fs.Duration("ack-wait", def.AckWait, "a task whose worker stops answering is redelivered after this (sets the queue's consumer when given)")
	maxDeliver := fs.Int("max-deliver", def.MaxDeliver, "deliveries of a task at most: it runs at most max-deliver-1 times, then goes to the dead-letter subject (sets the queue's consumer when given)")
	taskTimeout := fs.Duration("task-timeout", 30*time.Minute, "a task still running after this fails and is retried (0: no limit)")
	retry := fs.Duration("retry-delay", 5*time.Second, "wait before a failed task is delivered again")
	drain := fs.Bool("drain", false, "exit once no task is pending or in flight anywhere, instead of waiting for more")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *inflight < 1 {
		return usagef("--inflight must be at least 1")
	}
	if *taskTimeout < 0 || *retry < 0 {
		return usagef("--task-timeout and --retry-delay take durations ≥ 0")
	}
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	qcfg := def
	qcfg.AckWait, qcfg.MaxDeliver = *ackWait, *maxDeliver
	if qcfg.AckWait < time.Second || qcfg.MaxDeliver < 2 {
		return usagef("--ack-wait must be at least 1s and --max-deliver at least 2")
	}

	f.noStore = true
	cfg, _, _, err := f.config(ctx, stderr)
	if err != nil {
		return err
	}
	defer applyMemoryLimit(f.memLimit)()
	defer applySearchGC(f.synthTime)()
	nc, q, err := nf.open(ctx, "arcflow worker", qcfg)
	if err != nil {
		return err
	}
	defer nc.Close()
	if set["ack-wait"] || set["max-deliver"] {
		var aw time.Duration
		var md int
		if set["ack-wait"] {
			aw = *ackWait
		}
		if set["max-deliver"] {
			md = *maxDeliver
		}
		if err := q.SetLimits(ctx, aw, md); err != nil {
			return fmt.Errorf("set the consumer's limits: %w", err)
		}
	}

	var mu sync.Mutex
	w := &cluster.Worker{
		Queue: q, Pipeline: cfg, InFlight: *inflight, TaskTimeout: *taskTimeout, RetryDelay: *retry, Drain: *drain,
		Limits: new(f.taskLimits()),
		OnSettle: func(s cluster.Settled) {
			if f.quiet && s.Err == nil {
				return
			}
			mu.Lock()
			defer mu.Unlock()
			fmt.Fprintf(stderr, "%s %s (delivery %d, %v)", s.Outcome, s.Task, s.Delivered, s.Elapsed.Round(time.Millisecond))
			if s.Err != nil {
				fmt.Fprintf(stderr, ": %v", s.Err)
			}
			fmt.Fprintln(stderr)
		},
	}
	if !f.quiet {
		fmt.Fprintf(stderr, "arcflow worker: pulling tasks from %s\n", cluster.Redact(nf.url))
	}
	res, err := w.Run(ctx)
	if res != nil && res.Pipeline != nil {
		writeRunReport(stdout, res.Pipeline, 0, false)
		c := res.Counts
		fmt.Fprintf(stdout, "queue:       %d tasks acked, %d retried, %d dead-lettered, %d handed back\n",
			c[cluster.Acked], c[cluster.Retried], c[cluster.DeadLettered], c[cluster.Released])
	}
	return err // a signal is the normal way to stop a worker: no error then
}
