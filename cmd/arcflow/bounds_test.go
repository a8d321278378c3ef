package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/arcflow/arcflow/arc/sample"
	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/store"
)

// holdStoreInChild starts `arcflow run` on storeDir reading tasks from a
// stdin that stays open, so that it holds the store's lock until the
// returned function closes its stdin; it waits until the lock file names
// the child's pid.
func holdStoreInChild(t *testing.T, storeDir string) (pid int, release func() (code int, stderr string)) {
	t.Helper()
	cmd := arcflowCmd(append([]string{"run", "--tasks", "-", "--store", storeDir}, cheapRun...)...)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := false
	release = func() (int, string) {
		if !done {
			done = true
			stdin.Close()
			cmd.Wait()
		}
		return cmd.ProcessState.ExitCode(), stderr.String()
	}
	t.Cleanup(func() { release() })
	want := strconv.Itoa(cmd.Process.Pid) + "\n"
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if b, _ := os.ReadFile(filepath.Join(storeDir, store.LockFile)); string(b) == want {
			return cmd.Process.Pid, release
		}
		if time.Now().After(deadline) {
			t.Fatalf("the child did not lock the store in 30s: %s", stderr.String())
		}
	}
}

// TestStoreLock: while a process writes a store (`run`, `evolve`,
// `collect`), another that would write it refuses at once with exit 1,
// naming the store and the holder's pid, in this process or another;
// readers (`submit`) go on; with --wait-lock a writer waits for the
// holder to end, then runs (issue 14, item 6).
func TestStoreLock(t *testing.T) {
	ids := []string{"67a3c6ac", "68b16354"}
	challenges := sampleJSONL(t, ids, 0, "")
	writers := []struct {
		name string
		args func(dir string) []string
	}{
		{"run", func(dir string) []string {
			return append([]string{"run", "--ids", ids[0], "--store", dir}, cheapRun...)
		}},
		{"evolve", func(dir string) []string {
			return append([]string{"evolve", "--generations", "1", "--ids", ids[0], "--store", dir}, cheapRun...)
		}},
		// The lock comes before the queue: no server is needed to see it.
		{"collect", func(dir string) []string {
			return []string{"collect", "--store", dir, "--nats", "nats://127.0.0.1:1", "--quiet"}
		}},
	}
	holders := []struct {
		name string
		hold func(t *testing.T, dir string) int
	}{
		{"held in this process", func(t *testing.T, dir string) int {
			l, err := store.TryLock(dir)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { l.Unlock() })
			if _, err := store.Open(dir, 0); err != nil {
				t.Fatal(err)
			}
			return os.Getpid()
		}},
		{"held by another process", func(t *testing.T, dir string) int {
			pid, _ := holdStoreInChild(t, dir)
			return pid
		}},
	}
	for _, h := range holders {
		t.Run(h.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "store")
			pid := h.hold(t, dir)
			for _, w := range writers {
				want := []string{"arcflow " + w.name + ": store " + dir + " is in use: process " + strconv.Itoa(pid) + " holds its lock", "--wait-lock"}
				code, _, stderr := run(t, w.args(dir)...)
				if code != 1 || !containsAll(stderr, want) {
					t.Errorf("%s in this process: exit %d, stderr %q; want 1 and %q", w.name, code, stderr, want)
				}
				cmd := arcflowCmd(w.args(dir)...)
				var errb bytes.Buffer
				cmd.Stderr = &errb
				cmd.Run()
				if code := cmd.ProcessState.ExitCode(); code != 1 || !containsAll(errb.String(), want) {
					t.Errorf("%s in a process of its own: exit %d, stderr %q; want 1 and %q", w.name, code, errb.String(), want)
				}
			}
			out := filepath.Join(t.TempDir(), "submission.json")
			if code, _, stderr := run(t, "submit", "--challenges", challenges, "--store", dir, "--out", out); code != 0 {
				t.Errorf("submit, a reader, while the store is locked: exit %d, %s", code, stderr)
			}
		})
	}

	t.Run("--wait-lock", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "store")
		holder, release := holdStoreInChild(t, dir)
		waiter := arcflowCmd(append([]string{"run", "--wait-lock", "--ids", strings.Join(ids, ","), "--store", dir}, cheapRun...)...)
		var stdout, stderr bytes.Buffer
		waiter.Stdout, waiter.Stderr = &stdout, &stderr
		if err := waiter.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- waiter.Wait() }()
		time.Sleep(500 * time.Millisecond)
		select {
		case err := <-exited:
			t.Fatalf("the waiter ended while the store was held: %v\n%s", err, stderr.String())
		default:
		}
		if code, errs := release(); code != 0 {
			t.Fatalf("holder: exit %d, %s", code, errs)
		}
		select {
		case err := <-exited:
			if err != nil {
				t.Fatalf("waiter: %v\n%s", err, stderr.String())
			}
		case <-time.After(2 * time.Minute):
			waiter.Process.Kill()
			t.Fatal("the waiter did not run once the store was free")
		}
		if want := fmt.Sprintf("process %d holds its lock (%s); waiting for it to end", holder, filepath.Join(dir, store.LockFile)); !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr %q does not say %q", stderr.String(), want)
		}
		if !strings.Contains(stdout.String(), "2 solved") {
			t.Errorf("the waiter's run:\n%s", stdout.String())
		}
		if b, _ := os.ReadFile(filepath.Join(dir, store.LockFile)); len(b) != 0 {
			t.Errorf("the lock file still names %q", b)
		}
		checkStore(t, dir)
	})
}

func containsAll(s string, subs []string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

// TestTaskLimitsFlags: --max-pairs and --max-cells refuse a task over
// them as a bad task, naming the file, the line and the task, with exit 1
// or, under --skip-bad, counted; raised, the task runs; bad values are
// usage errors (issue 14, item 7).
func TestTaskLimitsFlags(t *testing.T) {
	good, err := sample.Task("67a3c6ac")
	if err != nil {
		t.Fatal(err)
	}
	big := &task.Task{ID: "big", Test: good.Test}
	for len(big.Train)+len(big.Test) < task.DefaultMaxPairs+1 {
		big.Train = append(big.Train, good.Train[len(big.Train)%len(good.Train)])
	}
	var line bytes.Buffer
	if err := task.WriteJSONL(&line, big); err != nil {
		t.Fatal(err)
	}
	jsonl := sampleJSONL(t, []string{"68b16354", "big", "74dd1130"}, 2, strings.TrimSpace(line.String()))
	cases := []struct {
		name string
		args []string
		code int
		want []string // in stderr, or with exit 0 in stdout
	}{
		{"over the default pairs", []string{"--tasks", jsonl}, 1,
			[]string{jsonl + ": line 2: task big: task too large: 65 train and test pairs, over the limit of 64", "1 task not read", "--max-pairs and --max-cells set the limits"}},
		{"skipped", []string{"--tasks", jsonl, "--skip-bad"}, 0, []string{"tasks:       2 planned", "1 bad tasks skipped"}},
		{"a higher limit", []string{"--tasks", jsonl, "--max-pairs", "65"}, 0, []string{"tasks:       3 planned"}},
		{"no limit", []string{"--tasks", jsonl, "--max-pairs", "0"}, 0, []string{"tasks:       3 planned"}},
		{"over a cell limit", []string{"--tasks", jsonl, "--max-cells", "50"}, 1, []string{"line 1: task 68b16354: task too large", "cells in its grids, over the limit of 50", "1 task not read"}},
		{"the embedded sample", []string{"--ids", "67a3c6ac", "--max-pairs", "3"}, 1, []string{"the 38 embedded sample tasks: task 67a3c6ac: task too large: 4 train and test pairs, over the limit of 3"}},
		{"a negative limit", []string{"--max-pairs", "-1"}, 2, []string{"--task-time, --max-pairs and --max-cells take values ≥ 0"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := append(append([]string{"run", "--store", filepath.Join(t.TempDir(), "store")}, c.args...), cheapRun...)
			code, stdout, stderr := run(t, args...)
			got := stderr
			if c.code == 0 {
				got = stdout
			}
			if code != c.code || !containsAll(got, c.want) {
				t.Errorf("exit %d, want %d and %q in:\n%s\n%s", code, c.code, c.want, stdout, stderr)
			}
		})
	}
	for _, cmd := range []string{"evolve", "worker", "enqueue"} {
		if code, _, stderr := run(t, cmd, "--max-cells", "-1"); code != 2 || !strings.Contains(stderr, "--max-cells") {
			t.Errorf("%s --max-cells -1: exit %d, %s", cmd, code, stderr)
		}
	}
}

// slowSolvers writes a solver file of two programs to a temporary
// directory: a mirror, which solves 67a3c6ac at once, and a program of n
// lines that each mirror the grid 10,000 times.
func slowSolvers(t *testing.T, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("def solve_mirror(I):\n    O = vmirror(I)\n    return O\n\n")
	b.WriteString("def solve_slow(I):\n    x1 = power(vmirror, TEN)\n    x2 = power(x1, TEN)\n    x3 = power(x2, TEN)\n    x4 = power(x3, TEN)\n    y0 = x4(I)\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "    y%d = x4(y%d)\n", i, i-1)
	}
	fmt.Fprintf(&b, "    O = x4(y%d)\n    return O\n", n-1)
	path := filepath.Join(t.TempDir(), "slow.py")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestTaskTimeAndCPU: --task-time cuts the scoring of a task that would
// run for seconds, the run goes on with what was scored (the mirror still
// solves the task) and the report counts the task; the report gives the
// CPU time over the tasks and per task, per generation in evolve (issue
// 14, item 8; issue 12, item 2).
func TestTaskTimeAndCPU(t *testing.T) {
	slow := slowSolvers(t, 1000) // about 6 s of scoring unbounded
	cpuLine := regexp.MustCompile(`(?m)^cpu: +[0-9]+\.[0-9]{2} s user\+sys over 1 tasks, [0-9]+\.[0-9]{3} s per task$`)
	cases := []struct {
		name   string
		args   []string
		code   int
		want   []string
		hit    bool
		cpus   int           // cpu lines in the report
		within time.Duration // the run's wall time at most; 0: any
	}{
		{"cut", []string{"run", "--ids", "67a3c6ac", "--solvers", slow, "--task-time", "200ms"}, 0, []string{"1 solved"}, true, 1, 3 * time.Second},
		{"the default bound", []string{"run", "--ids", "68b16354"}, 0, []string{"1 solved"}, false, 1, 0},
		{"evolve", []string{"evolve", "--generations", "2", "--ids", "68b16354"}, 0, []string{"== generation 2"}, false, 2, 0},
		{"a negative bound", []string{"run", "--ids", "67a3c6ac", "--task-time", "-1s"}, 2, nil, false, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := append(append(c.args, "--store", filepath.Join(t.TempDir(), "store")), cheapRun...)
			start := time.Now()
			code, stdout, stderr := run(t, args...)
			took := time.Since(start)
			if code != c.code || !containsAll(stdout, c.want) {
				t.Fatalf("exit %d, want %d and %q:\n%s\n%s", code, c.code, c.want, stdout, stderr)
			}
			if hit := strings.Contains(stdout, "scoring:") && strings.Contains(stdout, ", 1 task hit --task-time\n"); hit != c.hit {
				t.Errorf("the report says a task hit --task-time: %v, want %v:\n%s", hit, c.hit, stdout)
			}
			if n := len(cpuLine.FindAllString(stdout, -1)); n != c.cpus {
				t.Errorf("%d cpu lines, want %d:\n%s", n, c.cpus, stdout)
			}
			if c.within > 0 && took > c.within {
				t.Errorf("the run took %v, over %v", took, c.within)
			}
		})
	}
}

// TestWorkerTakesNoLock: a worker stores nothing, so it has no --wait-lock.
func TestWorkerTakesNoLock(t *testing.T) {
	if code, _, stderr := run(t, "worker", "--wait-lock"); code != 2 || !strings.Contains(stderr, "wait-lock") {
		t.Errorf("worker --wait-lock: exit %d, %s", code, stderr)
	}
}
