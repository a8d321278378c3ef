package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"iter"
	"sync"
	"sync/atomic"
	"time"

	"github.com/arcflow/arcflow/arc/task"
)

// defaultGrace is how long the tasks already in the pipeline may take to
// finish after SIGINT or SIGTERM.
const defaultGrace = 10 * time.Second

func registerGrace(fs *flag.FlagSet, grace *time.Duration) {
	fs.DurationVar(grace, "grace", defaultGrace, "after SIGINT or SIGTERM no new task is read, and the tasks in the pipeline may finish for this long before they are cut short (a second signal stops at once)")
}

// drainer ends a run gracefully on the first SIGINT or SIGTERM: no new
// task enters the pipeline, and the tasks already in it go on to their end
// for at most the grace period, after which the pipeline's context is
// cancelled and the run cut short. Either way the run ends with its report.
// main restores the default handlers after the first signal, so a second
// one ends the process at once; the store is safe against that too.
type drainer struct {
	signal   context.Context // ends with the first signal
	run      context.Context // the pipeline's: ends grace after signal
	cancel   context.CancelFunc
	withheld atomic.Bool // the signal left tasks unread

	mu       sync.Mutex
	timer    *time.Timer
	stopWait func() bool
}

func newDrainer(sig context.Context, grace time.Duration, stderr io.Writer, progress bool) *drainer {
	run, cancel := context.WithCancel(context.WithoutCancel(sig))
	d := &drainer{signal: sig, run: run, cancel: cancel}
	d.stopWait = context.AfterFunc(sig, func() {
		clearProgress(stderr, progress)
		fmt.Fprintf(stderr, "arcflow: interrupted: reading no more tasks, finishing those in the pipeline for at most %v (interrupt again to stop at once)\n", grace)
		d.mu.Lock()
		d.timer = time.AfterFunc(grace, cancel)
		d.mu.Unlock()
	})
	return d
}

// tasks passes on the tasks of all until the signal. all is read in a
// goroutine of its own so that the signal ends the stream even while a
// read is blocked, as one on a stdin that stays open is: that goroutine
// is left to the read, which the process's exit ends.
func (d *drainer) tasks(all iter.Seq2[*task.Task, error]) iter.Seq2[*task.Task, error] {
	return func(yield func(*task.Task, error) bool) {
		type read struct {
			t   *task.Task
			err error
		}
		reads := make(chan read)
		done := make(chan struct{})
		defer close(done)
		go func() {
			defer close(reads)
			for t, err := range all {
				select {
				case reads <- read{t, err}:
				case <-done:
					return
				}
			}
		}()
		for {
			select {
			case <-d.signal.Done():
				select {
				case _, ok := <-reads:
					if !ok {
						return // the stream had ended: nothing was withheld
					}
				default:
				}
				d.withheld.Store(true)
				return
			case r, ok := <-reads:
				if !ok {
					return
				}
				if d.signal.Err() != nil {
					d.withheld.Store(true)
					return
				}
				if !yield(r.t, r.err) {
					return
				}
			}
		}
	}
}

// cutShort reports whether the signal kept the run from its end: tasks
// were left unread, or those in the pipeline were cancelled.
func (d *drainer) cutShort() bool {
	return d.signal.Err() != nil && (d.withheld.Load() || d.run.Err() != nil)
}

// errInterrupted is what a run cut short by a signal returns, for exit
// code 1 after its report.
func errInterrupted() error {
	return fmt.Errorf("interrupted: the run was cut short; run it again to go on (what is stored is skipped)")
}

// close releases the drainer's timer and context.
func (d *drainer) close() {
	d.stopWait()
	d.mu.Lock()
	if d.timer != nil {
		d.timer.Stop()
	}
	d.mu.Unlock()
	d.cancel()
}
