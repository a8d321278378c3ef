// Command arcflow searches for arc-dsl programs that solve ARC tasks, as a
// pipeline of concurrent stages.
//
// Usage:
//
//	arcflow <command> [flags]
//
// Run `arcflow help` for the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// command is one subcommand: its one-line summary and its body, which gets
// the arguments after the command name.
type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

// commands are arcflow's subcommands by name. They are set in init: a
// command's help (printHelp) reads its summary from here.
var commands map[string]command

func init() {
	commands = map[string]command{
		"conform":   {"run arc-dsl solvers on their tasks and compare with CPython's outputs", runConform},
		"run":       {"one pass of the search over a task set, storing what it finds", runRun},
		"evolve":    {"several passes, each seeded from the store's best programs", runEvolve},
		"submit":    {"write an ARC Prize submission from the best stored programs", runSubmit},
		"score":     {"score an ARC Prize submission against the right test outputs", runScore},
		"view":      {"write one self-contained HTML page: the tasks as coloured grids, the attempts, the programs", runView},
		"bench":     {"measure arcflow's speed claims side by side, as ratios", runBench},
		"gen-tasks": {"write random valid tasks as JSON Lines", runGenTasks},

		"worker":       {"run tasks from a NATS JetStream queue, publishing what it finds", runWorker},
		"enqueue":      {"put a task set into the NATS JetStream queue", runEnqueue},
		"collect":      {"save every worker's results from the queue into one store", runCollect},
		"queue-status": {"show the queue's pending, in-flight, redelivered and dead-lettered tasks", runQueueStatus},
	}
}

// usageError is a mistake in the command line; main prints it with a hint
// and exits 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// The first signal asks the command to end gracefully (run and evolve
	// finish the tasks in flight and print their report); with the default
	// handlers back, a second one ends the process at once.
	context.AfterFunc(ctx, stop)
	os.Exit(Main(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// Main runs the CLI and returns its exit code: 0 on success, 1 when the
// command failed, 2 for a bad command line.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 2 && args[0] == "help" {
		if _, ok := commands[args[1]]; ok {
			args = []string{args[1], "-h"} // arcflow help run: run's flags
		}
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "arcflow: unknown command %q (see `arcflow help`)\n", args[0])
		return 2
	}
	err := cmd.run(ctx, args[1:], stdout, stderr)
	var ue *usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "arcflow %s: %v (see `arcflow %s -h`)\n", args[0], err, args[0])
		return 2
	}
	fmt.Fprintf(stderr, "arcflow %s: %v\n", args[0], err)
	return 1
}

// newFlags returns a flag set that reports errors instead of exiting, so
// that Main decides the exit code.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("arcflow "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseFlags parses args and turns flag errors into usage errors; the flag
// package has already printed the details.
func parseFlags(fs *flag.FlagSet, args []string) error {
	out := fs.Output()
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printHelp(out, fs)
			return err
		}
		return &usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	return nil
}
