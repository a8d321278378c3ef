package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/cluster"
	"github.com/arcflow/arcflow/cluster/clustertest"
	"github.com/arcflow/arcflow/store"
)

// wrongTestOutput writes sample task 67a3c6ac (three train pairs, one
// test pair) to dir with its test output replaced by its test input, which
// is not the answer: a search that looks at the test output can no longer
// find a program exact on every sample.
func wrongTestOutput(t *testing.T, dir string) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "arc", "sample", "tasks", "67a3c6ac.json"))
	if err != nil {
		t.Fatal(err)
	}
	var tk map[string][]map[string]json.RawMessage
	if err := json.Unmarshal(src, &tk); err != nil {
		t.Fatal(err)
	}
	if len(tk["train"]) != 3 || len(tk["test"]) != 1 {
		t.Fatalf("67a3c6ac has %d train and %d test pairs", len(tk["train"]), len(tk["test"]))
	}
	tk["test"][0]["output"] = tk["test"][0]["input"]
	data, _ := json.Marshal(tk)
	path := filepath.Join(dir, "67a3c6ac.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// storedScores lists the scores of the solvers a store holds for a task.
func storedScores(t *testing.T, dir, id string) []int {
	t.Helper()
	st, err := store.Open(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	es, err := st.Entries(store.Solvers, id)
	if err != nil {
		t.Fatal(err)
	}
	var out []int
	for _, e := range es {
		out = append(out, e.Score)
	}
	return out
}

// TestHideTestOutputs: with --hide-test-outputs, run and evolve score on
// the three train pairs alone, so a wrong test output neither stops the
// task from being solved nor enters a stored score; without the flag the
// same task is scored on four samples and is not solved.
func TestHideTestOutputs(t *testing.T) {
	dir := t.TempDir()
	tasks := wrongTestOutput(t, dir)
	// No synth: among its programs some fit the train pairs and also
	// give the test input back, the wrong output this test plants.
	cheap := []string{"--tasks", tasks, "--quiet", "--mutants", "0", "--enum", "200", "--enum-time", "1m", "--synth-time", "0"}

	hidden := filepath.Join(dir, "hidden")
	code, out, errs := run(t, append([]string{"run", "--store", hidden, "--hide-test-outputs"}, cheap...)...)
	if code != 0 {
		t.Fatalf("run: exit %d: %s", code, errs)
	}
	for _, want := range []string{"1 solved (1 new, 0 already stored): every train pair exact; test outputs hidden", "scoring:     3 samples"} {
		if !strings.Contains(out, want) {
			t.Errorf("run --hide-test-outputs: report lacks %q:\n%s", want, out)
		}
	}
	scores := storedScores(t, hidden, "67a3c6ac")
	if len(scores) == 0 || scores[0] != 3000 {
		t.Errorf("stored scores %v, want 3000 (three exact train pairs) first", scores)
	}
	for _, s := range scores {
		if s > 3000 {
			t.Errorf("stored score %d: more than the three train pairs give", s)
		}
	}

	code, out, errs = run(t, append([]string{"evolve", "--generations", "1", "--store", hidden, "--hide-test-outputs"}, cheap...)...)
	if code != 0 {
		t.Fatalf("evolve: exit %d: %s", code, errs)
	}
	// The run above stored the solver: evolve counts it as already stored.
	if !strings.Contains(out, "1 solved (0 new, 1 already stored): every train pair exact; test outputs hidden") || !strings.Contains(out, "scoring:     3 samples") {
		t.Errorf("evolve --hide-test-outputs report:\n%s", out)
	}
	for _, s := range storedScores(t, hidden, "67a3c6ac") {
		if s > 3000 {
			t.Errorf("after evolve, stored score %d: more than the three train pairs give", s)
		}
	}

	// The same run without the flag sees the wrong output.
	shown := filepath.Join(dir, "shown")
	code, out, errs = run(t, append([]string{"run", "--store", shown}, cheap...)...)
	if code != 0 {
		t.Fatalf("run: exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "0 solved (0 new, 0 already stored): every sample exact, test included") || !strings.Contains(out, "scoring:     4 samples") {
		t.Errorf("run without the flag:\n%s", out)
	}
	if s := storedScores(t, shown, "67a3c6ac"); len(s) == 0 || s[0] <= 3000 {
		t.Errorf("without the flag, stored scores %v: the test pair's partial credit is missing", s)
	}
}

// TestEnqueueHidesTestOutputs: enqueue --hide-test-outputs puts tasks in
// the queue without their test outputs, so that no worker sees one; the
// workers have no such flag.
func TestEnqueueHidesTestOutputs(t *testing.T) {
	url := clustertest.Server(t, true)
	tasks := wrongTestOutput(t, t.TempDir())
	code, out, errs := run(t, "enqueue", "--nats", url, "--tasks", tasks, "--hide-test-outputs")
	if code != 0 || !strings.Contains(out, "1 tasks enqueued") {
		t.Fatalf("enqueue: exit %d, %q %q", code, out, errs)
	}
	ctx := context.Background()
	nc, js, err := cluster.Connect(ctx, url, "test")
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	s, err := js.Stream(ctx, cluster.DefaultConfig().Tasks)
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.GetMsg(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for tk, err := range task.NewJSONL("message", bytes.NewReader(m.Data)).Tasks() {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if tk.ID != "67a3c6ac" || len(tk.Test) != 1 || tk.Test[0].Output != nil || tk.Train[0].Output == nil {
			t.Errorf("queued task %+v: want its train outputs and no test output", tk)
		}
	}
	if n != 1 {
		t.Errorf("%d tasks in the message", n)
	}
	code, _, errs = run(t, "worker", "--nats", url, "--hide-test-outputs")
	if code != 2 || !strings.Contains(errs, "not defined: -hide-test-outputs") {
		t.Errorf("worker --hide-test-outputs: exit %d, %q", code, errs)
	}
}
