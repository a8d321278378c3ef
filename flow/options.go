package flow

import (
	"fmt"
	"log/slog"
	"time"
)

// StageOption configures a Stage or Sink.
type StageOption func(*node)

// Workers sets how many goroutines run the node's function at once; the
// default is 1. Under Adaptive it is the count the node starts with.
// Workers panics if n is less than 1.
func Workers(n int) StageOption {
	if n < 1 {
		panic(fmt.Sprintf("flow: nonpositive Workers: %d", n))
	}
	return func(nd *node) { nd.workers = n }
}

// CPUBound marks the node's work as computation: its workers are busy on
// a CPU, not waiting on disk, network or sleep. The report then counts its
// busy time as demand for the run's CPUs, and Suggest proposes no more of
// its workers than there are CPUs free for them (see Report.Saturated).
func CPUBound() StageOption {
	return func(nd *node) { nd.cpuBound = true }
}

// Option configures Run.
type Option func(*config)

type config struct {
	failFast  bool
	adaptive  bool
	budget    int
	logger    *slog.Logger
	observers []Observer
	every     time.Duration
	progress  func(*Report)
}

// FailFast makes the first StageError end the run: Run cancels every
// stage and returns that error.
func FailFast() Option {
	return func(c *config) { c.failFast = true }
}

// Adaptive lets Run move workers between stages and sinks while they run:
// every 50ms a worker moves from the least utilized node to the most
// utilized one, if they differ widely, and no node falls below one worker. The total is budget,
// or GOMAXPROCS if budget is less than 1, and never less than the sum of
// the worker counts configured at the start. A stage waiting on I/O or
// sleep may use more workers than there are CPUs, so a budget above
// GOMAXPROCS can pay.
func Adaptive(budget int) Option {
	return func(c *config) { c.adaptive, c.budget = true, budget }
}

// Logger sets where failures are logged; the default is slog.Default().
// Errors log at level Warn, panics at level Error with their stack.
func Logger(l *slog.Logger) Option {
	return func(c *config) { c.logger = l }
}

// Observe adds an Observer to the run. Observers are called in the order
// they were added.
func Observe(o Observer) Option {
	return func(c *config) { c.observers = append(c.observers, o) }
}

// Progress makes Run call f with a snapshot of the metrics every period
// while the pipeline runs, for progress displays and live gauges.
func Progress(every time.Duration, f func(*Report)) Option {
	return func(c *config) { c.every, c.progress = every, f }
}
