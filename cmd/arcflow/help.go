package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
)

// commandGroups are the commands as `arcflow help` lists them: in the
// README's order, those that run on one machine first, then those of the
// scale-out on NATS JetStream.
var commandGroups = []struct {
	title string
	names []string
}{
	{"Commands on one machine", []string{"run", "evolve", "submit", "score", "view", "conform", "bench", "gen-tasks"}},
	{"Scale-out on NATS JetStream", []string{"worker", "enqueue", "collect", "queue-status"}},
}

// flagGroups sort every command's flags under headings, in this order and,
// within a heading, in this order; a flag named in none goes under
// "Other flags".
var flagGroups = []struct {
	title string
	names []string
}{
	{"Input", []string{"tasks", "ids", "start", "count", "skip-bad", "max-pairs", "max-cells", "hide-test-outputs", "challenges", "submission", "solutions", "solvers", "reference", "report"}},
	{"Search", []string{"seed", "pick", "mutants", "differs", "enum", "enum-time", "synth-time", "synth-cost", "synth-states", "synth-skip", "top", "timeout", "task-time", "budget", "generations", "from-store", "per-task", "programs"}},
	{"Pipeline", []string{"workers", "adaptive", "inflight", "grace"}},
	{"Store and output", []string{"store", "keep", "wait-lock", "out", "report-json", "summary", "quiet", "json", "dead"}},
	{"Queue", []string{"nats", "nats-creds", "nats-nkey", "nats-ca", "nats-cert", "nats-key", "ack-wait", "max-deliver", "task-timeout", "retry-delay", "drain"}},
	{"Tracing", []string{"otlp", "trace-tasks", "trace-items", "max-spans-per-trace"}},
	{"Memory and profiles", []string{"memory-limit", "cpuprofile", "memprofile"}},
	{"Measurements", []string{"items", "rss", "rss-flags", "python-arc-dsl"}},
}

// argNames name a flag's argument where its type says too little.
var argNames = map[string]string{
	"tasks": "path|-", "ids": "id,…", "workers": "stage=n,…", "solvers": "file", "differs": "file",
	"otlp": "host:port", "nats": "url", "memory-limit": "size", "store": "dir",
	"nats-creds": "file", "nats-nkey": "file", "nats-ca": "file", "nats-cert": "file", "nats-key": "file",
	"challenges": "file", "submission": "file", "solutions": "file", "reference": "file", "out": "file", "report": "file", "report-json": "file",
	"cpuprofile": "file", "memprofile": "file", "python-arc-dsl": "dir", "rss-flags": "flags",
}

// usage prints `arcflow help`: the commands, grouped.
func usage(w io.Writer) {
	fmt.Fprintln(w, "arcflow: program search on ARC with arc-dsl, as concurrent stages")
	fmt.Fprintln(w, "\nUsage: arcflow <command> [flags]   (arcflow <command> -h for its flags)")
	for _, g := range commandGroups {
		fmt.Fprintf(w, "\n%s:\n", g.title)
		for _, n := range g.names {
			fmt.Fprintf(w, "  %-13s %s\n", n, commands[n].summary)
		}
	}
}

// printHelp prints a command's help: what it does, then its flags with two
// dashes, under headings.
func printHelp(w io.Writer, fs *flag.FlagSet) {
	name := strings.TrimPrefix(fs.Name(), "arcflow ")
	fmt.Fprintf(w, "arcflow %s: %s\n\nUsage: arcflow %s [flags]\n", name, commands[name].summary, name)
	grouped := map[string]bool{}
	for _, g := range flagGroups {
		var fls []*flag.Flag
		for _, n := range g.names {
			if fl := fs.Lookup(n); fl != nil {
				fls = append(fls, fl)
				grouped[n] = true
			}
		}
		printFlags(w, g.title, fls)
	}
	var rest []*flag.Flag
	fs.VisitAll(func(fl *flag.Flag) {
		if !grouped[fl.Name] {
			rest = append(rest, fl)
		}
	})
	printFlags(w, "Other flags", rest)
}

// printFlags prints flags under a heading, each as --name arg and its
// usage below it, wrapped; nothing for no flags.
func printFlags(w io.Writer, title string, fls []*flag.Flag) {
	if len(fls) == 0 {
		return
	}
	fmt.Fprintf(w, "\n%s:\n", title)
	for _, fl := range fls {
		arg, text := flag.UnquoteUsage(fl)
		switch {
		case argNames[fl.Name] != "":
			arg = argNames[fl.Name]
		case slices.Contains([]string{"int", "uint", "int64", "uint64"}, arg):
			arg = "n"
		case arg == "float":
			arg = "r"
		}
		line := "  --" + fl.Name
		if arg != "" {
			line += " " + arg
		}
		if d := fl.DefValue; !slices.Contains([]string{"", "0", "false", "0s", "[]"}, d) {
			text += " (default " + d + ")"
		}
		fmt.Fprintln(w, line)
		for _, l := range wrap(text, 72) {
			fmt.Fprintln(w, "      "+l)
		}
	}
}

// wrap breaks text into lines of at most width runes, at spaces; a longer
// word gets a line of its own.
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		switch {
		case line == "":
			line = word
		case len([]rune(line))+1+len([]rune(word)) > width:
			lines = append(lines, line)
			line = word
		default:
			line += " " + word
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
