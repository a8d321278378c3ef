package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/arcflow/arcflow/cluster/clustertest"

	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/arc/sample"
	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/cluster"
	"github.com/arcflow/arcflow/store"
)

// cheapRun are flags that make a run of a few sample tasks quick while it
// still finds and saves programs.
var cheapRun = []string{"--quiet", "--mutants", "0", "--enum", "0", "--synth-time", "0", "--pick", "16"}

// sampleJSONL writes the sample tasks ids as JSON Lines, replacing line
// bad (1-based; 0 for none) by text, and returns the file's path.
func sampleJSONL(t *testing.T, ids []string, bad int, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "tasks.jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for k, id := range ids {
		if k+1 == bad {
			fmt.Fprintln(f, text)
			continue
		}
		tk, err := sample.Task(id)
		if err != nil {
			t.Fatal(err)
		}
		if err := task.WriteJSONL(f, tk); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

// TestFailedSavesExitNonZero: a run whose programs cannot be saved ends
// with exit 1 and says how many were not (issue 14, item 3). Tests may
// run as root, whom a read-only directory does not stop: the store then
// gets a file where the directory of the solvers' score should be, which
// stops anyone. A task whose store directory cannot even be listed fails
// in plan, and that ends with exit 1 too.
func TestFailedSavesExitNonZero(t *testing.T) {
	const id = "67a3c6ac" // 4 samples: its solvers score 4000
	blockScore := func(t *testing.T, dir string) {
		task := filepath.Join(dir, "solver_dir", "solve_"+id)
		if err := os.MkdirAll(task, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(task, "4000"), []byte("in the way"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		name  string
		spoil func(t *testing.T, dir string)
		want  string
	}{
		{"read-only store", func(t *testing.T, dir string) {
			if os.Geteuid() == 0 {
				blockScore(t, dir) // root writes into read-only directories
				return
			}
			des, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range append(des, nil) {
				p := dir
				if d != nil {
					p = filepath.Join(dir, d.Name())
				}
				if err := os.Chmod(p, 0o555); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { os.Chmod(p, 0o755) })
			}
		}, `arcflow run: [1-9][0-9]* programs? not saved \(the first: `},
		{"a file where a directory should be", blockScore, `arcflow run: [1-9][0-9]* programs? not saved \(the first: .*not a directory`},
		{"a file where the task's directory should be", func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, "solver_dir", "solve_"+id), nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}, `arcflow run: 1 item failed in stage plan`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "store")
			if _, err := store.Open(dir, 0); err != nil {
				t.Fatal(err)
			}
			c.spoil(t, dir)
			code, out, stderr := run(t, append([]string{"run", "--ids", id, "--store", dir}, cheapRun...)...)
			if code != 1 || !regexp.MustCompile(c.want).MatchString(stderr) {
				t.Errorf("exit %d, stderr %q; want 1 and %q\n%s", code, stderr, c.want, out)
			}
		})
	}
	// The same run on a sound store saves them and exits 0.
	code, out, stderr := run(t, append([]string{"run", "--ids", id, "--store", t.TempDir()}, cheapRun...)...)
	if code != 0 || !strings.Contains(out, "1 new solvers") {
		t.Errorf("sound store: exit %d, %s\n%s", code, stderr, out)
	}
}

// TestBadInputExitNonZero: a task that cannot be read ends the run with
// exit 1, naming its file and line, unless --skip-bad, which skips and
// counts it, a line over 64 MiB included; in a directory the other files
// are still read (issue 14, item 4). A task id the store would refuse is
// refused at the source, and so is a second task with an id the run has
// read already (item 11).
func TestBadInputExitNonZero(t *testing.T) {
	ids := []string{"67a3c6ac", "68b16354", "74dd1130", "3c9b0459", "6fa7a44f"}
	ragged := `{"id": "ragged", "train": [{"input": [[1, 2], [3]], "output": [[1]]}], "test": []}`
	jsonl := sampleJSONL(t, ids, 3, ragged)
	badID := sampleJSONL(t, ids[:2], 0, "")
	{
		tk, _ := sample.Task(ids[2])
		tk.ID = "../escape"
		f, err := os.OpenFile(badID, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		task.WriteJSONL(f, tk)
		f.Close()
	}
	// Line 3 is another task with line 1's id.
	repeated := sampleJSONL(t, ids[:2], 0, "")
	{
		tk, _ := sample.Task(ids[2])
		tk.ID = ids[0]
		f, err := os.OpenFile(repeated, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		task.WriteJSONL(f, tk)
		f.Close()
	}
	// Line 2 is over task.MaxLineBytes.
	long := sampleJSONL(t, ids[:3], 2, `{"id": "long", "train": [`+strings.Repeat(" ", task.MaxLineBytes)+`]}`)
	dir := t.TempDir()
	for _, id := range ids[:3] {
		data, err := os.ReadFile(filepath.Join("..", "..", "arc", "sample", "tasks", id+".json"))
		if err != nil {
			t.Fatal(err)
		}
		if id == ids[1] {
			data = data[:len(data)/2] // truncated
		}
		if err := os.WriteFile(filepath.Join(dir, id+".json"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		name    string
		args    []string
		code    int
		stderr  []string
		planned string
	}{
		{"ragged grid on line 3", []string{"--tasks", jsonl}, 1,
			[]string{"1 task not read", "tasks.jsonl: line 3: task ragged: train[0].input: ragged grid"}, "2 planned"},
		{"ragged grid on line 3, --skip-bad", []string{"--tasks", jsonl, "--skip-bad"}, 0,
			[]string{"skipped: " + jsonl + ": line 3"}, "4 planned"},
		{"truncated file in a directory", []string{"--tasks", dir}, 1,
			[]string{"1 task not read", ids[1] + ".json"}, "2 planned"},
		{"truncated file in a directory, --skip-bad", []string{"--tasks", dir, "--skip-bad"}, 0,
			[]string{"skipped: "}, "2 planned"},
		{"truncated file asked for by --ids", []string{"--tasks", dir, "--ids", strings.Join(ids[:3], ",")}, 1,
			[]string{"1 task not read", ids[1] + ".json"}, "2 planned"},
		{"task id the store refuses", []string{"--tasks", badID}, 1,
			[]string{"1 task not read", `bad task id "../escape"`}, "2 planned"},
		{"task id the store refuses, --skip-bad", []string{"--tasks", badID, "--skip-bad"}, 0,
			[]string{`skipped: store: bad task id "../escape"`}, "2 planned"},
		{"two tasks with one id", []string{"--tasks", repeated}, 1,
			[]string{"1 task not read", "tasks.jsonl: line 3: task " + ids[0] + ": repeated id: line 1 has a task with this id already"}, "2 planned"},
		{"two tasks with one id, --skip-bad", []string{"--tasks", repeated, "--skip-bad"}, 0,
			[]string{"skipped: " + repeated + ": line 3: task " + ids[0] + ": repeated id"}, "2 planned"},
		{"line over 64 MiB", []string{"--tasks", long}, 1,
			[]string{"1 task not read", "tasks.jsonl: line 2: line over 64 MiB"}, "1 planned"},
		{"line over 64 MiB, --skip-bad", []string{"--tasks", long, "--skip-bad"}, 0,
			[]string{"skipped: " + long + ": line 2: line over 64 MiB"}, "2 planned"},
		{"one id twice in --ids", []string{"--tasks", dir, "--ids", ids[0] + "," + ids[0]}, 0,
			nil, "1 planned"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := append(append([]string{"run", "--store", t.TempDir()}, c.args...), cheapRun...)
			code, out, stderr := run(t, args...)
			if code != c.code {
				t.Errorf("exit %d, want %d; stderr %q", code, c.code, stderr)
			}
			for _, want := range c.stderr {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr %q lacks %q", stderr, want)
				}
			}
			if !strings.Contains(out, "tasks:       "+c.planned) {
				t.Errorf("report lacks %q:\n%s", c.planned, out)
			}
			if strings.Contains(strings.Join(c.args, " "), "--skip-bad") && !strings.Contains(out, "1 bad tasks skipped") {
				t.Errorf("report does not count the skipped task:\n%s", out)
			}
		})
	}
}

// TestEvolveHugeScores: stored scores far beyond what a task allows, such
// as score directories named 5000000000000000000, neither crash evolve nor
// crowd out the other programs (issue 14, item 9).
func TestEvolveHugeScores(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "store")
	st, err := store.Open(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	saveSolver(t, st, "67a3c6ac", solver("O = vmirror(I)"), 5000000000000000000, 10)
	saveSolver(t, st, "68b16354", solver("O = hmirror(I)"), 5000000000000000000, 10)
	saveSolver(t, st, "74dd1130", solver("O = dmirror(I)"), 4000, 10)

	cases := []struct {
		name string
		n    int
		want int
	}{
		{"one", 1, 1},
		{"all", 3, 3},
		{"more than stored", 10, 3},
	}
	for _, c := range cases {
		got, err := pickStored(st, c.n, 7)
		if err != nil || len(got) != c.want {
			t.Errorf("%s: pickStored(%d) gave %d programs, %v; want %d", c.name, c.n, len(got), err, c.want)
		}
	}
	if w := weight(5000000000000000000); w != store.MaxScore {
		t.Errorf("weight of a huge score %d, want %d", w, store.MaxScore)
	}
	code, out, stderr := run(t, append([]string{"evolve", "--generations", "1", "--ids", "67a3c6ac", "--store", dir}, cheapRun...)...)
	if code != 0 || !strings.Contains(out, "(3 from the store,") {
		t.Errorf("evolve: exit %d, %s\n%s", code, stderr, out)
	}
}

// TestBadFlagValues: negative durations and budgets are usage errors, and
// a --solvers or --differs file without a program is an error naming it
// (issue 14, item 11).
func TestBadFlagValues(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.py")
	binary := filepath.Join(dir, "binary.py")
	os.WriteFile(empty, nil, 0o644)
	os.WriteFile(binary, []byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00\x01\x00\x00\x00\xff\xfe\n\x00\x00"), 0o644)
	storeDir := filepath.Join(dir, "store")
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"run", "--timeout", "-1s"}, 2, "--timeout, --budget and --enum-time take values ≥ 0"},
		{[]string{"run", "--budget", "-5"}, 2, "--timeout, --budget and --enum-time take values ≥ 0"},
		{[]string{"run", "--enum-time", "-1ms"}, 2, "--timeout, --budget and --enum-time take values ≥ 0"},
		{[]string{"evolve", "--timeout", "-1s"}, 2, "--timeout, --budget and --enum-time take values ≥ 0"},
		{[]string{"worker", "--enum-time", "-1s"}, 2, "--timeout, --budget and --enum-time take values ≥ 0"},
		{[]string{"run", "--solvers", empty, "--store", storeDir}, 1, "no programs in " + empty},
		{[]string{"run", "--solvers", binary, "--store", storeDir}, 1, "no programs in " + binary},
		{[]string{"run", "--differs", empty, "--store", storeDir}, 1, "no programs in " + empty},
		{[]string{"evolve", "--solvers", empty, "--store", storeDir}, 1, "no programs in " + empty},
	}
	for _, c := range cases {
		code, _, stderr := run(t, c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, stderr, c.code, c.want)
		}
	}
}

// TestNATSPasswordNotPrinted: no output of the queue commands shows the
// password of the NATS URL, from --nats or $ARCFLOW_NATS, whether they
// connect or not (issue 14, item 10).
func TestNATSPasswordNotPrinted(t *testing.T) {
	const pass = "s3cr3tpw"
	url := clustertest.AuthServer(t, "arc", pass)
	wrong := strings.Replace(url, pass, pass+"x", 1)
	bad := "nats://arc:" + pass + "@bad host:4222"
	dir := t.TempDir()
	tasks := sampleJSONL(t, []string{"67a3c6ac"}, 0, "")
	cases := []struct {
		name string
		env  string
		args []string
		want string // on stdout or stderr
	}{
		{"queue-status of an empty server", "", []string{"queue-status", "--nats", url}, "no queue at nats://arc:xxxxx@"},
		{"enqueue", "", []string{"enqueue", "--nats", url, "--tasks", tasks}, "1 tasks enqueued"},
		{"worker", "", append([]string{"worker", "--nats", url, "--drain"}, cheapRun[1:]...), "pulling tasks from nats://arc:xxxxx@"},
		{"collect", "", []string{"collect", "--nats", url, "--drain", "--store", filepath.Join(dir, "store")}, "saving results from nats://arc:xxxxx@"},
		{"from the environment", url, []string{"collect", "--drain", "--store", filepath.Join(dir, "store")}, "saving results from nats://arc:xxxxx@"},
		{"wrong password", "", []string{"queue-status", "--nats", wrong}, "nats://arc:xxxxx@"},
		{"URL that does not parse", "", []string{"queue-status", "--nats", bad}, "nats://arc:xxxxx@bad host"},
		{"help with the URL in the environment", url, []string{"worker", "-h"}, "nats://arc:xxxxx@"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("ARCFLOW_NATS", c.env)
			code, out, stderr := run(t, c.args...)
			all := out + stderr
			if strings.Contains(all, pass) {
				t.Errorf("exit %d, the password shows:\n%s", code, all)
			}
			if !strings.Contains(all, c.want) {
				t.Errorf("exit %d, output lacks %q:\n%s", code, c.want, all)
			}
		})
	}
}

// TestCollectRefusesForgedResult: collect --drain reports a forged result
// with its reason, stores nothing of it and exits 1, rather than retrying
// it for ever; with --tasks a score is bounded by its task's samples
// (issue 14, items 1 and 5).
func TestCollectRefusesForgedResult(t *testing.T) {
	url := clustertest.AuthServer(t, "arc", "pw")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	nc, js, err := cluster.Connect(ctx, url, "test")
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	if _, err := cluster.Open(ctx, js, cluster.DefaultConfig()); err != nil {
		t.Fatal(err)
	}
	forged := []map[string]any{
		{"kind": "solver", "task": "evil", "key": "0123456789abcdef0123456789abcdef", "score": 999999,
			"text": "import os\nos.system('touch /tmp/pwned')\n"},
		{"kind": "solver", "task": "a/b", "key": "0123456789abcdef0123456789abcdef", "score": 1, "text": "x"},
	}
	// A sound program with a score its task's 4 samples cannot give,
	// refused once collect --tasks knows the task.
	f, err := program.ParseString("x.py", solver("O = vmirror(I)"))
	if err != nil {
		t.Fatal(err)
	}
	e := program.Inline(f.Programs[0])
	key := program.Key(e.String())
	forged = append(forged, map[string]any{"kind": "solver", "task": "67a3c6ac", "key": key, "score": 5000, "bucket": 12,
		"text": program.Expand("solve_"+key, e).String()})
	for _, r := range forged {
		data, _ := json.Marshal(r)
		if _, err := js.Publish(ctx, cluster.DefaultConfig().ResultSubject+".forged", data); err != nil {
			t.Fatal(err)
		}
	}
	storeDir := filepath.Join(t.TempDir(), "store")
	done := make(chan struct{})
	var code int
	var out, stderr string
	go func() {
		defer close(done)
		code, out, stderr = run(t, "collect", "--nats", url, "--drain", "--quiet", "--store", storeDir,
			"--tasks", sampleJSONL(t, []string{"67a3c6ac"}, 0, ""))
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("collect --drain did not end: the forged results are retried")
	}
	if code != 1 || !strings.Contains(out, "3 refused") || !strings.Contains(stderr, "3 results refused") ||
		!strings.Contains(stderr, "score 999999: not within 0 and 64000") || !strings.Contains(stderr, "bad task id") ||
		!strings.Contains(stderr, "score 5000: not within 0 and 4000 (4 samples)") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	if files, _ := os.ReadDir(filepath.Join(storeDir, "solver_md5")); len(files) != 0 {
		t.Errorf("%d programs stored", len(files))
	}
}

// TestEvolveTransfersSolvers: the best solver of every task a generation
// solves is a seed of the next, tried on every task (issue 12, item 7).
func TestEvolveTransfersSolvers(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "store")
	code, out, stderr := run(t, "evolve", "--generations", "2", "--ids", "67a3c6ac,68b16354,74dd1130,d511f180",
		"--store", dir, "--quiet", "--mutants", "0", "--enum", "0", "--synth-time", "0")
	if code != 0 {
		t.Fatalf("evolve: exit %d, %s\n%s", code, stderr, out)
	}
	if !strings.Contains(out, "== generation 1: 20 seeds (0 from the store, 0 solvers of solved tasks)") {
		t.Errorf("generation 1 did not start from the built-in seeds alone:\n%s", out)
	}
	m := regexp.MustCompile(`tasks: +4 planned, 4 scored, (\d+) solved`).FindStringSubmatch(out)
	if m == nil || m[1] == "0" {
		t.Fatalf("generation 1 solved nothing: the test proves nothing\n%s", out)
	}
	if want := ", " + m[1] + " solvers of solved tasks)"; !strings.Contains(out, want) {
		t.Errorf("generation 2 does not seed %s:\n%s", want, out)
	}
}
