package synth

import (
	"context"
	"runtime"
	"time"

	"github.com/arcflow/arcflow/internal/cputime"
)

// A clock measures a search's time against its MaxTime. Where the system
// can tell (Linux), it counts the CPU time of the thread the search runs
// on, which the search keeps to itself for its duration: a search on a
// busy machine then does the work it does on an idle one, and runs
// compare per CPU-second, as the yield issue asks. With other work
// beside a run on two cores, wall time had cost the default run 12 of its
// 138 tasks' answers for 13 others, and 90 of its 380 CPU-seconds, from
// states never reached. Elsewhere it counts wall time. The context's
// deadline, wall time, ends the search either way.
type clock struct {
	ctx      context.Context
	cpu      bool
	start    time.Duration // thread CPU time at the start, when cpu
	wall     time.Time
	limit    time.Duration
	deadline time.Time // the context's, or zero
}

// startClock starts a clock of the given limit on the calling goroutine,
// which it locks to its thread until stop.
func startClock(ctx context.Context, limit time.Duration) *clock {
	c := &clock{ctx: ctx, wall: time.Now(), limit: limit}
	if d, ok := ctx.Deadline(); ok {
		c.deadline = d
	}
	runtime.LockOSThread()
	if t, ok := cputime.Thread(); ok {
		c.cpu, c.start = true, t
	}
	return c
}

// stop unlocks the goroutine from its thread.
func (c *clock) stop() { runtime.UnlockOSThread() }

// spent is the time counted so far.
func (c *clock) spent() time.Duration {
	if c.cpu {
		if t, ok := cputime.Thread(); ok {
			return t - c.start
		}
	}
	return time.Since(c.wall)
}

// past reports whether the search has spent the given share of its
// limit (in fifths), or the context is done or past its deadline.
func (c *clock) past(fifths int) bool {
	if c.ctx.Err() != nil || (!c.deadline.IsZero() && time.Now().After(c.deadline)) {
		return true
	}
	return c.spent() >= c.limit*time.Duration(fifths)/5
}

// over reports whether the whole limit is spent.
func (c *clock) over() bool { return c.past(5) }
