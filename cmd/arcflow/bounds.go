package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/stages"
	"github.com/arcflow/arcflow/store"
)

// DefaultTaskTime is --task-time's default: generous, so that it cuts
// only a runaway (a task's scoring takes milliseconds to a second here).
const DefaultTaskTime = 10 * time.Second

// registerBounds registers the flags of run, evolve and worker that bound
// a task (--max-pairs, --max-cells, --task-time) and --wait-lock.
func (f *runFlags) registerBounds(fs *flag.FlagSet) {
	registerLimits(fs, &f.maxPairs, &f.maxCells)
	fs.DurationVar(&f.taskTime, "task-time", DefaultTaskTime, "time bound on scoring one task, all its samples, from when its first sample starts: what is not scored by then scores 0 and the task goes on (0: no bound)")
	registerWaitLock(fs, &f.waitLock)
}

// registerLimits registers --max-pairs and --max-cells, shared by run,
// evolve, worker and enqueue.
func registerLimits(fs *flag.FlagSet, pairs, cells *int) {
	fs.IntVar(pairs, "max-pairs", task.DefaultMaxPairs, "refuse a task of more train and test pairs than this, as a bad task (0: no limit)")
	fs.IntVar(cells, "max-cells", task.DefaultMaxCells, "refuse a task whose grids, inputs and outputs, hold more cells than this, as a bad task (0: no limit)")
}

// registerWaitLock registers --wait-lock, shared by the commands that
// write a store.
func registerWaitLock(fs *flag.FlagSet, wait *bool) {
	fs.BoolVar(wait, "wait-lock", false, "if another process writes the store, wait for it to end instead of refusing at once")
}

// taskLimits returns the limits --max-pairs and --max-cells set.
func (f *runFlags) taskLimits() task.Limits {
	return task.Limits{MaxPairs: f.maxPairs, MaxCells: f.maxCells}
}

// lockStore takes the write lock of the store in dir for a command that
// writes it. Without wait, a store another process holds is an error
// naming the store and the holder's pid; with it, the command says once
// that it waits and waits, until ctx ends.
func lockStore(ctx context.Context, dir string, wait bool, stderr io.Writer) (*store.Lock, error) {
	if wait {
		return store.WaitLock(ctx, dir, 0, func(pid int) {
			fmt.Fprintf(stderr, "arcflow: %v; waiting for it to end\n", &store.LockedError{Dir: dir, PID: pid})
		})
	}
	l, err := store.TryLock(dir)
	if le := (*store.LockedError)(nil); errors.As(err, &le) {
		return nil, fmt.Errorf("%w: two writers would each evict programs without seeing the other's; run again when it ends, give another --store, or give --wait-lock to wait", err)
	}
	return l, err
}

// unlock releases the store's lock, if config took it.
func (f *runFlags) unlock() {
	f.lock.Unlock()
}

// writeCPU writes the run report's CPU line: the process's user and
// system time over the run, and per task planned.
func writeCPU(w io.Writer, res *stages.Result) {
	if res.CPU <= 0 {
		return // not measured on this system
	}
	n := res.Stats.Tasks.Load()
	fmt.Fprintf(w, "cpu:         %.2f s user+sys over %d tasks", res.CPU.Seconds(), n)
	if n > 0 {
		fmt.Fprintf(w, ", %.3f s per task", res.CPU.Seconds()/float64(n))
	}
	fmt.Fprintln(w)
}
