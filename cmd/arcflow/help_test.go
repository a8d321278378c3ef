package main

import (
	"regexp"
	"strings"
	"testing"
)

// TestCommandHelp: every command's -h says what the command does and shows
// its flags as the README does, with two dashes, under headings; bench's
// --rss takes a number, not "arcflow run".
func TestCommandHelp(t *testing.T) {
	singleDash := regexp.MustCompile(`(?m)^\s+-[a-z]`)
	cases := []struct {
		cmd  string
		want []string
	}{
		{"run", []string{"Input:\n  --tasks path|-\n", "  --ids id,…\n", "Search:\n", "Pipeline:\n  --workers stage=n,…\n", "Tracing:\n  --otlp host:port\n", "  --count n\n"}},
		{"evolve", []string{"  --generations n\n", "Search:\n"}},
		{"bench", []string{"Measurements:\n", "  --rss n\n      also measure the peak RSS"}},
		{"conform", []string{"  --solvers file\n", "  --reference file\n"}},
		{"worker", []string{"Queue:\n  --nats url\n"}},
		{"gen-tasks", []string{"  --out file\n"}},
	}
	for _, c := range cases {
		for _, args := range [][]string{{c.cmd, "-h"}, {"help", c.cmd}} {
			code, stdout, stderr := run(t, args...)
			help := stdout + stderr
			if code != 0 {
				t.Errorf("%v: exit %d", args, code)
			}
			head := "arcflow " + c.cmd + ": " + commands[c.cmd].summary + "\n\nUsage: arcflow " + c.cmd + " [flags]\n"
			if !strings.HasPrefix(help, head) {
				t.Errorf("%v: help does not start with %q:\n%s", args, head, help)
			}
			for _, w := range c.want {
				if !strings.Contains(help, w) {
					t.Errorf("%v: help lacks %q:\n%s", args, w, help)
				}
			}
			if m := singleDash.FindString(help); m != "" {
				t.Errorf("%v: a flag with one dash, %q:\n%s", args, m, help)
			}
			if strings.Contains(help, "--rss arcflow") {
				t.Errorf("%v: --rss shows its usage's code as its argument:\n%s", args, help)
			}
		}
	}
}

// TestCommandList: `arcflow help` lists every command once, under the
// local and the cluster heading, in the README's order.
func TestCommandList(t *testing.T) {
	code, out, _ := run(t, "help")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	want := []string{"Commands on one machine:", "run", "evolve", "submit", "score", "view", "conform", "bench", "gen-tasks",
		"Scale-out on NATS JetStream:", "worker", "enqueue", "collect", "queue-status"}
	var got []string
	for _, line := range strings.Split(out, "\n") {
		switch {
		case strings.HasSuffix(line, ":") && !strings.HasPrefix(line, " "):
			got = append(got, line)
		case strings.HasPrefix(line, "  "):
			got = append(got, strings.Fields(line)[0])
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("commands listed as\n%q\nwant\n%q", got, want)
	}
	if len(commands) != len(want)-2 {
		t.Errorf("%d commands, %d listed", len(commands), len(want)-2)
	}
}
