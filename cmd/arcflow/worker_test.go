package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/arcflow/arcflow/arc/sample"
	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/cluster"
	"github.com/arcflow/arcflow/cluster/clustertest"
	"github.com/arcflow/arcflow/store"
)

// TestQueueCommands: enqueue a JSON Lines task set, run two workers with
// --drain, collect into a store, and read the queue's status before and
// after; a task that does not decode ends on the dead-letter subject.
func TestQueueCommands(t *testing.T) {
	url := clustertest.Server(t, true)
	dir := t.TempDir()
	tasksFile := filepath.Join(dir, "tasks.jsonl")
	f, err := os.Create(tasksFile)
	if err != nil {
		t.Fatal(err)
	}
	ids := sample.IDs()[:12]
	for _, id := range ids {
		tk, _ := sample.Task(id)
		if err := task.WriteJSONL(f, tk); err != nil {
			t.Fatal(err)
		}
	}
	f.Close()

	code, out, errs := run(t, "enqueue", "--nats", url, "--tasks", tasksFile)
	if code != 0 || !strings.Contains(out, "12 tasks enqueued") {
		t.Fatalf("enqueue: exit %d, %q %q", code, out, errs)
	}
	code, out, _ = run(t, "enqueue", "--nats", url, "--tasks", tasksFile, "--count", "3")
	if code != 0 || !strings.Contains(out, "0 tasks enqueued, 3 already in the queue") {
		t.Fatalf("enqueue again: exit %d, %q", code, out)
	}
	code, out, _ = run(t, "queue-status", "--nats", url)
	if code != 0 || !strings.Contains(out, "pending:        12 ") {
		t.Fatalf("queue-status: exit %d, %q", code, out)
	}
	// A message that is no task, as a broken producer might send.
	ctx := context.Background()
	nc, js, err := cluster.Connect(ctx, url, "test")
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	if _, err := js.Publish(ctx, cluster.DefaultConfig().TaskSubject, []byte("garbage")); err != nil {
		t.Fatal(err)
	}

	cheap := []string{"--nats", url, "--drain", "--mutants", "0", "--enum", "100", "--pick", "8",
		"--max-deliver", "2", "--retry-delay", "10ms", "--inflight", "2"}
	var wg sync.WaitGroup
	outs := make([]string, 2)
	for i := range outs {
		wg.Go(func() {
			code, out, errs := run(t, append([]string{"worker"}, cheap...)...)
			if code != 0 {
				t.Errorf("worker %d: exit %d, %s", i, code, errs)
			}
			outs[i] = out + errs
		})
	}
	wg.Wait()
	all := strings.Join(outs, "\n")
	acked := 0
	for _, line := range strings.Split(all, "\n") {
		if strings.HasPrefix(line, "acked ") {
			acked++
		}
	}
	if acked != 12 {
		t.Errorf("workers acked %d tasks, want 12:\n%s", acked, all)
	}
	if !strings.Contains(all, "dead-lettered seq-") {
		t.Errorf("the garbage message was not dead-lettered:\n%s", all)
	}

	storeDir := filepath.Join(dir, "store")
	code, out, errs = run(t, "collect", "--nats", url, "--store", storeDir, "--drain", "--quiet")
	if code != 0 || !strings.Contains(out, "new programs") {
		t.Fatalf("collect: exit %d, %q %q", code, out, errs)
	}
	st, err := store.Open(storeDir, 0)
	if err != nil {
		t.Fatal(err)
	}
	solved, _ := st.Tasks(store.Solvers)
	if len(solved) == 0 {
		t.Error("nothing collected")
	}
	if probs, _ := st.Check(); len(probs) > 0 {
		t.Errorf("store problems: %v", probs)
	}

	code, out, _ = run(t, "queue-status", "--nats", url, "--dead", "5")
	if code != 0 || !strings.Contains(out, " seq-13 after 1 deliveries: ") || !strings.Contains(out, "dead-lettered:  1 tasks") {
		t.Errorf("queue-status --dead: exit %d, %q", code, out)
	}
	code, out, _ = run(t, "queue-status", "--nats", url, "--json")
	var status cluster.Status
	if code != 0 || json.Unmarshal([]byte(out), &status) != nil {
		t.Fatalf("queue-status --json: exit %d, %q", code, out)
	}
	if status.Pending != 0 || status.InFlight != 0 || status.Results != 0 || status.DeadLettered != 1 || status.MaxDeliver != 2 {
		t.Errorf("status at the end: %+v", status)
	}
}

// TestQueueCommandErrors: a bad URL, an unreachable server or one
// without JetStream give one clear line and exit 1.
func TestQueueCommandErrors(t *testing.T) {
	noJS := clustertest.Server(t, false)
	closed := "nats://127.0.0.1:1"
	dir := t.TempDir()
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"worker", "--nats", closed}, 1, "cannot connect to NATS at " + closed},
		{[]string{"enqueue", "--nats", closed}, 1, "cannot connect to NATS at " + closed},
		{[]string{"collect", "--nats", closed, "--store", dir}, 1, "cannot connect to NATS at " + closed},
		{[]string{"queue-status", "--nats", closed}, 1, "cannot connect to NATS at " + closed},
		{[]string{"queue-status", "--nats", "nats://bad host"}, 1, "invalid character"},
		{[]string{"worker", "--nats", noJS}, 1, "has no JetStream"},
		{[]string{"worker", "--max-deliver", "1"}, 2, "--max-deliver at least 2"},
		{[]string{"worker", "--tasks", "x"}, 2, "flag provided but not defined: -tasks"},
		{[]string{"enqueue", "--nats", noJS, "--count", "-1"}, 2, "≥ 0"},
	}
	for _, c := range cases {
		code, _, stderr := run(t, c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, stderr, c.code, c.want)
		}
		if n := strings.Count(strings.TrimSpace(stderr), "\n"); n != 0 {
			t.Errorf("%v: %d lines on stderr, want one: %q", c.args, n+1, stderr)
		}
	}
}
