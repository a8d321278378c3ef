package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEarlyErrors: a task id that no task has, an unknown stage and an
// endpoint that takes no span are errors with a clear message and a
// non-zero exit; the first two before any work (no report, no store).
func TestEarlyErrors(t *testing.T) {
	dir := t.TempDir()
	jsonl := filepath.Join(dir, "t.jsonl")
	os.WriteFile(jsonl, []byte(`{"id": "aa", "train": [{"input": [[1]], "output": [[1]]}], "test": [{"input": [[1]], "output": [[1]]}]}`+"\n"), 0o644)
	taskDir := filepath.Join(dir, "tasks")
	os.Mkdir(taskDir, 0o755)
	// A port on which nothing listens: taken, then given back.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := l.Addr().String()
	l.Close()
	t.Setenv("OTEL_EXPORTER_OTLP_TIMEOUT", "300") // ms per export attempt: fail fast
	cheap := []string{"--quiet", "--mutants", "0", "--enum", "20", "--synth-time", "0"}

	cases := []struct {
		name   string
		args   []string
		code   int
		stderr string
		noWork bool // no report printed, no store made
	}{
		{"an id not in the sample", []string{"run", "--ids", "nope"}, 1, "no task nope in the 38 embedded sample tasks", true},
		{"ids not in a directory", []string{"run", "--ids", "nope,nada", "--tasks", taskDir}, 1, "no task nope, nada in " + taskDir, true},
		{"an id not in a stream", []string{"run", "--ids", "aa,nope", "--tasks", jsonl}, 1, "no task nope in " + jsonl, false},
		{"an unknown stage", []string{"run", "--workers", "plam=2"}, 2, `--workers: no stage "plam" (stages: synth, plan,`, true},
		{"nothing listening for spans", []string{"run", "--ids", "67a3c6ac", "--otlp", dead}, 1, "every span export to " + dead + " failed", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			storeDir := filepath.Join(t.TempDir(), "out")
			code, out, errs := run(t, append(append(c.args, "--store", storeDir), cheap...)...)
			if code != c.code || !strings.Contains(errs, c.stderr) {
				t.Errorf("exit %d, stderr %q; want %d, %q", code, errs, c.code, c.stderr)
			}
			if n := strings.Count(strings.TrimSpace(errs), "\n"); n != 0 {
				t.Errorf("%d lines on stderr, want one: %q", n+1, errs)
			}
			if !c.noWork {
				return
			}
			if out != "" {
				t.Errorf("work was done before the error:\n%s", out)
			}
			if _, err := os.Stat(storeDir); err == nil {
				t.Errorf("the store was made before the error")
			}
		})
	}
}

// TestGenTasksRefusesATerminal: gen-tasks writes its JSON Lines to a
// file, a pipe or /dev/null, never to a terminal unasked.
func TestGenTasksRefusesATerminal(t *testing.T) {
	tty, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0) // a pseudo-terminal's master side is a terminal
	if err != nil {
		t.Fatal(err)
	}
	defer tty.Close()
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	file := filepath.Join(t.TempDir(), "gen.jsonl")
	cases := []struct {
		name   string
		stdout *os.File
		args   []string
		code   int
		stderr string
	}{
		{"a terminal", tty, nil, 2, "standard output is a terminal: give --out FILE"},
		{"/dev/null", null, nil, 0, ""},
		{"a terminal, with --out", tty, []string{"--out", file}, 0, ""},
	}
	for _, c := range cases {
		var errb bytes.Buffer
		code := Main(context.Background(), append([]string{"gen-tasks", "--count", "3"}, c.args...), c.stdout, &errb)
		if code != c.code || !strings.Contains(errb.String(), c.stderr) {
			t.Errorf("%s: exit %d, stderr %q; want %d, %q", c.name, code, errb.String(), c.code, c.stderr)
		}
	}
	if data, err := os.ReadFile(file); err != nil || bytes.Count(data, []byte("\n")) != 3 {
		t.Errorf("--out: %d lines written (%v), want 3", bytes.Count(data, []byte("\n")), err)
	}
}
