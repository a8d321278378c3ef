package main

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/arc/sample"
	"github.com/arcflow/arcflow/store"
)

// TestMain lets the test binary stand in for arcflow: started with
// ARCFLOW_TEST_MAIN=1 it runs main on its arguments, so that the tests
// below can signal and kill a real arcflow process without building one.
func TestMain(m *testing.M) {
	if os.Getenv("ARCFLOW_TEST_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// arcflowCmd returns the command that runs arcflow with args.
func arcflowCmd(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "ARCFLOW_TEST_MAIN=1")
	return cmd
}

// crashRunArgs is a run over half the embedded sample, most of which it
// solves, made cheap enough for the race detector; the enumeration is
// bounded by states only and synth (bounded by time) is off, so that every
// run finds the same programs however loaded the machine is.
func crashRunArgs(storeDir string) []string {
	return []string{"run", "--store", storeDir, "--quiet", "--enum", "200", "--enum-time", "1m", "--mutants", "60", "--synth-time", "0",
		"--ids", "67a3c6ac,68b16354,74dd1130,3c9b0459,a416b8f3,6d0aefbc,5582e5ca,25ff71a9,6fa7a44f,8be77c9e," +
			"9dfd6313,b1948b0a,c8f0f002,ed36ccf7,0b148d64,2dee498d,4c4377d9,5614dbcf,007bbfb7"}
}

// TestKilledRunsLeaveAConsistentStore kills `arcflow run` with SIGKILL at
// a random point of a run, in ten trials: after each kill the store opens
// clean, with no temporary file left, every link resolves to its content
// file and every content file is a whole program whose name is its key.
// Running again on that store then completes the set: every task the
// uninterrupted run solves is solved.
func TestKilledRunsLeaveAConsistentStore(t *testing.T) {
	// The uninterrupted run, watched for when it writes the store.
	ref := filepath.Join(t.TempDir(), "ref")
	cmd := arcflowCmd(crashRunArgs(ref)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	var lastWrite time.Duration
	for seen, watching := 0, true; watching; {
		select {
		case err := <-exited:
			if err != nil {
				t.Fatalf("uninterrupted run: %v\n%s", err, out.String())
			}
			watching = false
		case <-time.After(5 * time.Millisecond):
		}
		if n := countLinks(t, ref); n > seen {
			seen, lastWrite = n, time.Since(start)
		}
	}
	full := time.Since(start)
	want := solvedTasks(t, ref)
	if len(want) < 10 {
		t.Fatalf("the uninterrupted run solved only %d tasks", len(want))
	}
	total := countLinks(t, ref)

	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 0xc4a54))
	t.Logf("uninterrupted run %v, last link made at %v: %d links, %d tasks solved; kill times drawn with seed %d",
		full.Round(time.Millisecond), lastWrite.Round(time.Millisecond), total, len(want), seed)
	for trial := range 10 {
		dir := filepath.Join(t.TempDir(), "store")
		cmd := arcflowCmd(crashRunArgs(dir)...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Anywhere from start-up to a little after the uninterrupted run
		// made its last link: the kill mostly lands while the store is
		// being written.
		delay := time.Duration(rng.Int64N(int64(lastWrite + lastWrite/10 + time.Millisecond)))
		time.Sleep(delay)
		cmd.Process.Kill()
		err := cmd.Wait()
		killed := err != nil && strings.Contains(err.Error(), "killed")
		// What the kill left in .tmp/ is for the next Open to remove.
		left, _ := os.ReadDir(filepath.Join(dir, ".tmp"))
		links := countLinks(t, dir)
		checkStore(t, dir)

		start := time.Now()
		if out, err := arcflowCmd(crashRunArgs(dir)...).CombinedOutput(); err != nil {
			t.Fatalf("trial %d: run after the kill: %v\n%s", trial, err, out)
		}
		t.Logf("trial %d: SIGKILL after %v (killed: %v): %d links of %d made, %d temporary files left; re-run %v",
			trial, delay.Round(time.Millisecond), killed, links, total, len(left), time.Since(start).Round(time.Millisecond))
		checkStore(t, dir)
		got := solvedTasks(t, dir)
		for id := range want {
			if !got[id] {
				t.Errorf("trial %d: task %s: solved by the uninterrupted run, not after the kill and a re-run", trial, id)
			}
		}
	}
}

// checkStore opens the store and checks it as a crash must leave it.
func checkStore(t *testing.T, dir string) {
	t.Helper()
	if _, err := os.Stat(dir); os.IsNotExist(err) {
		return // killed before it made the store
	}
	st, err := store.Open(dir, 0)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	probs, err := st.Check()
	if err != nil {
		t.Fatalf("check: %v", err)
	}
	for _, p := range probs {
		t.Errorf("store problem: %s: %s", p.Path, p.What)
	}
	for _, half := range []struct{ content, prefix string }{{"solver_md5", "solve_"}, {"differ_md5", "differ_"}} {
		files, err := os.ReadDir(filepath.Join(dir, half.content))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			path := filepath.Join(dir, half.content, f.Name())
			text, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			key := strings.TrimSuffix(f.Name(), ".py")
			pf, err := program.ParseString(path, string(text))
			if err != nil || len(pf.Programs) != 1 {
				t.Errorf("%s: not one whole program: %v\n%s", path, err, text)
				continue
			}
			p := pf.Programs[0]
			if p.Name != half.prefix+key || program.Key(program.Canonical(p)) != key {
				t.Errorf("%s: holds %s, canonical key %s", path, p.Name, program.Key(program.Canonical(p)))
			}
		}
	}
}

// countLinks counts the store's links.
func countLinks(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	for _, half := range []string{"solver_dir", "differ_dir"} {
		filepath.WalkDir(filepath.Join(dir, half), func(_ string, d fs.DirEntry, err error) error {
			if err == nil && d.Type()&fs.ModeSymlink != 0 {
				n++
			}
			return nil
		})
	}
	return n
}

// solvedTasks returns the sample tasks that have a stored solver exact on
// every sample.
func solvedTasks(t *testing.T, dir string) map[string]bool {
	t.Helper()
	st, err := store.Open(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, id := range sample.IDs() {
		tk, err := sample.Task(id)
		if err != nil {
			t.Fatal(err)
		}
		es, err := st.Entries(store.Solvers, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(es) > 0 && es[0].Score == 1000*tk.Samples() {
			out[id] = true
		}
	}
	return out
}

// writeGenTasks writes n random tasks, which every run solves, as JSON
// Lines to a file in a temporary directory, as gen-tasks does, and
// returns its path.
func writeGenTasks(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "gen.jsonl")
	if err := runGenTasks(context.Background(), []string{"--count", strconv.Itoa(n), "--out", path}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	return path
}

// waitStored waits until the store of a started command links solvers for
// n tasks, so that a signal sent next finds tasks flowing.
func waitStored(t *testing.T, cmd *exec.Cmd, storeDir string, n int, stderr *bytes.Buffer) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if des, _ := os.ReadDir(filepath.Join(storeDir, "solver_dir")); len(des) >= n {
			return
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("fewer than %d tasks stored after 30s: %s", n, stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// signalAndWait sends sig to a started command and waits at most limit for
// it to end, killing it and failing the test after that. It returns the
// exit code.
func signalAndWait(t *testing.T, cmd *exec.Cmd, sig syscall.Signal, limit time.Duration) int {
	t.Helper()
	sent := time.Now()
	cmd.Process.Signal(sig)
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case <-exited:
	case <-time.After(limit):
		cmd.Process.Kill()
		<-exited
		t.Fatalf("still running %v after %v", limit, sig)
	}
	t.Logf("%v: exit %d after %v", sig, cmd.ProcessState.ExitCode(), time.Since(sent).Round(time.Millisecond))
	return cmd.ProcessState.ExitCode()
}

// checkInterruptedReport checks what a command cut short by a signal
// prints: its report on stdout, and on stderr that it was interrupted.
func checkInterruptedReport(t *testing.T, stdout, stderr string) {
	t.Helper()
	for _, want := range []string{"STAGE", "validate", "save", "tasks:", "store:"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("report lacks %q:\n%s", want, stdout)
		}
	}
	if !strings.Contains(stderr, "interrupted") {
		t.Errorf("stderr does not say the run was interrupted:\n%s", stderr)
	}
}

// TestSignalDrainsTheRun: SIGINT and SIGTERM stop the reading of tasks;
// the run finishes what is in the pipeline (or, after --grace, cuts it
// short), prints its report and exits 1. The store is left consistent.
func TestSignalDrainsTheRun(t *testing.T) {
	tasks := writeGenTasks(t, 2000) // far more than a run gets through before the signal
	for _, c := range []struct {
		sig   syscall.Signal
		grace string
	}{{syscall.SIGINT, "1m"}, {syscall.SIGTERM, "0s"}} {
		t.Run(c.sig.String(), func(t *testing.T) {
			storeDir := filepath.Join(t.TempDir(), "store")
			cmd := arcflowCmd("run", "--tasks", tasks, "--store", storeDir, "--quiet", "--enum", "100", "--mutants", "20", "--synth-time", "0", "--grace", c.grace)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			waitStored(t, cmd, storeDir, 3, &stderr)
			if code := signalAndWait(t, cmd, c.sig, 2*time.Minute); code != 1 {
				t.Errorf("exit %d, want 1; stderr:\n%s", code, stderr.String())
			}
			checkInterruptedReport(t, stdout.String(), stderr.String())
			if strings.Contains(stdout.String(), "tasks:       2000 planned") {
				t.Errorf("the whole set ran: the signal did not stop the reading")
			}
			checkStore(t, storeDir)
		})
	}
}

// TestSignalEndsARunOnAnOpenStdin: with --tasks -, a signal ends the run
// even while it waits on a stdin that has more to give but sends nothing,
// as a pipe from a slow producer does; the tasks already read are stored.
func TestSignalEndsARunOnAnOpenStdin(t *testing.T) {
	data, err := os.ReadFile(writeGenTasks(t, 3))
	if err != nil {
		t.Fatal(err)
	}
	storeDir := filepath.Join(t.TempDir(), "store")
	cmd := arcflowCmd("run", "--tasks", "-", "--store", storeDir, "--quiet", "--enum", "20", "--mutants", "5")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if _, err := stdin.Write(data); err != nil {
		t.Fatal(err)
	}
	waitStored(t, cmd, storeDir, 3, &stderr)
	if code := signalAndWait(t, cmd, syscall.SIGINT, time.Minute); code != 1 {
		t.Errorf("exit %d, want 1 (stdin was still open); stderr:\n%s", code, stderr.String())
	}
	checkInterruptedReport(t, stdout.String(), stderr.String())
	if !strings.Contains(stdout.String(), "tasks:       3 planned") {
		t.Errorf("the report does not count the three tasks read:\n%s", stdout.String())
	}
	checkStore(t, storeDir)
}

// TestSignalDrainsEvolve: evolve stops at the generation the signal finds,
// drains it like run, reports it, runs no further generation and exits 1.
func TestSignalDrainsEvolve(t *testing.T) {
	tasks := writeGenTasks(t, 2000)
	storeDir := filepath.Join(t.TempDir(), "store")
	cmd := arcflowCmd("evolve", "--generations", "3", "--tasks", tasks, "--store", storeDir, "--quiet", "--enum", "100", "--mutants", "20", "--synth-time", "0")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitStored(t, cmd, storeDir, 3, &stderr)
	if code := signalAndWait(t, cmd, syscall.SIGINT, 2*time.Minute); code != 1 {
		t.Errorf("exit %d, want 1; stderr:\n%s", code, stderr.String())
	}
	out := stdout.String()
	checkInterruptedReport(t, out, stderr.String())
	if !strings.Contains(out, "== generation 1") || strings.Contains(out, "== generation 2") {
		t.Errorf("want generation 1 reported and no generation after it:\n%s", out)
	}
	checkStore(t, storeDir)
}
