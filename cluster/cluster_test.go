package cluster

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"os"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/arcflow/arcflow/arc/sample"
	"github.com/arcflow/arcflow/arc/search"
	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/stages"
	"github.com/arcflow/arcflow/store"
)

func TestMain(m *testing.M) {
	code := m.Run()
	if natsBinary.dir != "" {
		os.RemoveAll(natsBinary.dir)
	}
	os.Exit(code)
}

// cheapPipeline is a search small enough for 200 tasks in a test that
// still finds solvers and differs for many sample tasks.
func cheapPipeline() stages.Config {
	return stages.Config{Seeds: search.DefaultSeeds().Programs, Pick: 8, Seed: 1, Top: 16, Timeout: 20 * time.Second, Logger: quiet()}
}

// manyTasks returns n tasks: the sample tasks again and again under
// distinct ids "<id>-<k>".
func manyTasks(t *testing.T, n int) []*task.Task {
	t.Helper()
	ids := sample.IDs()
	out := make([]*task.Task, n)
	for k := range out {
		tk, err := sample.Task(ids[k%len(ids)])
		if err != nil {
			t.Fatal(err)
		}
		tk.ID = fmt.Sprintf("%s-%d", tk.ID, k)
		out[k] = tk
	}
	return out
}

// runSettled runs the worker to its end, recording every task it
// settles, and fails the test if the run fails.
func runSettled(ctx context.Context, t *testing.T, w *Worker) []Settled {
	t.Helper()
	var (
		mu     sync.Mutex
		events []Settled
	)
	w.OnSettle = func(s Settled) {
		mu.Lock()
		events = append(events, s)
		mu.Unlock()
	}
	if _, err := w.Run(ctx); err != nil {
		t.Fatalf("worker: %v", err)
	}
	return events
}

func seqOf(ts []*task.Task) iter.Seq2[*task.Task, error] {
	return func(yield func(*task.Task, error) bool) {
		for _, t := range ts {
			if !yield(t, nil) {
				return
			}
		}
	}
}

// failingCatalog makes planning fail for one task: a task whose
// processing always fails.
type failingCatalog struct{ task string }

func (c failingCatalog) Entries(_ store.Kind, task string) ([]store.Entry, error) {
	if task == c.task {
		return nil, errors.New("this task always fails")
	}
	return nil, nil
}

func (c failingCatalog) Read(store.Kind, string) (string, error) { return "", errors.New("none") }

// freezingSaver publishes the first few results, then blocks every save
// until released, like a process that froze mid-task; it then fails them.
type freezingSaver struct {
	inner   stages.Saver
	after   int
	mu      sync.Mutex
	n       int
	frozen  chan string // receives the task of the first frozen save
	release chan struct{}
}

func (s *freezingSaver) Save(k store.Kind, p store.Program) (store.Saved, error) {
	s.mu.Lock()
	s.n++
	n := s.n
	s.mu.Unlock()
	if n <= s.after {
		return s.inner.Save(k, p)
	}
	select {
	case s.frozen <- p.Task:
	default:
	}
	<-s.release
	return 0, errors.New("killed")
}

type event struct {
	worker string
	Settled
}

// TestThreeWorkers runs the whole scenario against a server in this
// process.
func TestThreeWorkers(t *testing.T) {
	runScenario(t, startServer(t))
}

// TestThreeWorkersServerProcess runs it against a nats-server process.
func TestThreeWorkersServerProcess(t *testing.T) {
	runScenario(t, startServerProcess(t))
}

// runScenario: 200 tasks, a task that does not decode and a task that
// always fails are enqueued; worker A takes tasks and freezes in the
// middle of one; B and C start; A is killed. Its tasks come back after
// AckWait and B or C finish them; the two poison tasks end on the
// dead-letter subject after MaxDeliver; a collector saves every result in
// one store. At the end every task was acked exactly once or
// dead-lettered exactly once, the store holds exactly what a local run of
// the same tasks stores, with no duplicate and no partial file, and the
// queue is empty.
func runScenario(t *testing.T, url string) {
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cfg := DefaultConfig()
	cfg.AckWait = 3 * time.Second // InProgress every second: slack for loaded machines
	cfg.MaxDeliver = 4            // three runs, and the delivery held back for dead-lettering
	_, q := connect(t, url, cfg)

	tasks := manyTasks(t, 200)
	res, err := q.Enqueue(ctx, seqOf(tasks))
	if err != nil || res.Enqueued != 200 || res.Failed != 0 {
		t.Fatalf("enqueue: %+v, %v", res, err)
	}
	// Enqueueing again within the duplicate window stores nothing.
	if res, err := q.Enqueue(ctx, seqOf(tasks[:10])); err != nil || res.Duplicates != 10 || res.Enqueued != 0 {
		t.Fatalf("enqueue again: %+v, %v", res, err)
	}
	garbled := nats.NewMsg(cfg.TaskSubject)
	garbled.Data = []byte("{this is not a task")
	garbled.Header.Set(HeaderTask, "poison-garbled")
	garbled.Header.Set(jetstream.MsgIDHeader, "task/poison-garbled")
	if _, err := q.JS.PublishMsg(ctx, garbled); err != nil {
		t.Fatal(err)
	}
	bad, _ := sample.Task(sample.IDs()[0])
	bad.ID = "poison-plan"
	m, _ := q.TaskMsg(bad)
	if _, err := q.JS.PublishMsg(ctx, m); err != nil {
		t.Fatal(err)
	}
	poisons := []string{"poison-garbled", "poison-plan"}

	var (
		mu     sync.Mutex
		events []event
	)
	onSettle := func(name string) func(Settled) {
		return func(s Settled) {
			mu.Lock()
			events = append(events, event{name, s})
			mu.Unlock()
		}
	}
	newWorker := func(name string, wq *Queue, saver stages.Saver) *Worker {
		p := cheapPipeline()
		p.Catalog = failingCatalog{"poison-plan"}
		p.Store = saver
		return &Worker{Queue: wq, Pipeline: p, InFlight: 2, RetryDelay: 100 * time.Millisecond, Wait: time.Second,
			Drain: true, OnSettle: onSettle(name)}
	}

	// The collector saves every worker's results into one store.
	dir := t.TempDir()
	st, err := store.Open(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	collected := map[string]int{} // kind/task/key → times saved as new
	_, cq := connect(t, url, cfg)
	col := &Collector{Queue: cq, Store: st, Drain: true, OnSaved: func(r *Result, got store.Saved) {
		if got == store.Stored {
			mu.Lock()
			collected[r.MsgID()]++
			mu.Unlock()
		}
	}}
	colDone := make(chan error, 1)
	var colRes *CollectResult
	go func() {
		var err error
		colRes, err = col.Run(ctx)
		colDone <- err
	}()

	// Worker A freezes on its third save, holding an unacked task.
	ncA, qA := connect(t, url, cfg)
	freeze := &freezingSaver{inner: &Publisher{JS: qA.JS, Cfg: cfg}, after: 2, frozen: make(chan string, 1), release: make(chan struct{})}
	a := newWorker("A", qA, freeze)
	a.Drain = false
	actx, killA := context.WithCancel(ctx)
	aDone := make(chan struct{})
	go func() {
		defer close(aDone)
		a.Run(actx)
	}()
	var frozenTask string
	select {
	case frozenTask = <-freeze.frozen:
	case <-time.After(60 * time.Second):
		t.Fatal("worker A never saved a third result")
	}

	var wg sync.WaitGroup
	for _, name := range []string{"B", "C"} {
		_, wq := connect(t, url, cfg)
		w := newWorker(name, wq, nil)
		wg.Go(func() {
			if _, err := w.Run(ctx); err != nil {
				t.Errorf("worker %s: %v", name, err)
			}
		})
	}
	// Let B and C work a little, then kill A: its connection goes first,
	// so nothing it does afterwards reaches the server.
	waitFor(t, 30*time.Second, func() bool {
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for _, e := range events {
			if e.worker != "A" && e.Outcome == Acked {
				n++
			}
		}
		return n >= 10
	})
	ncA.Close()
	killA()
	close(freeze.release)
	<-aDone
	killed := time.Now()

	wg.Wait()
	if err := <-colDone; err != nil {
		t.Fatalf("collect: %v", err)
	}
	t.Logf("%d tasks in %v (A killed after %v)", len(tasks), time.Since(start).Round(time.Millisecond), killed.Sub(start).Round(time.Millisecond))

	// Every task is acked exactly once, or dead-lettered exactly once.
	acked := map[string][]event{}
	dead := map[string]int{}
	for _, e := range events {
		switch {
		case e.Outcome == Acked && e.Err == nil:
			acked[e.Task] = append(acked[e.Task], e)
		case e.Outcome == Acked:
			t.Errorf("ack of %s failed: %v", e.Task, e.Err)
		case e.Outcome == DeadLettered:
			dead[e.Task]++
		}
	}
	for _, tk := range tasks {
		if n := len(acked[tk.ID]); n != 1 || dead[tk.ID] != 0 {
			t.Errorf("task %s: acked %d times, dead-lettered %d times", tk.ID, n, dead[tk.ID])
		}
	}
	for _, p := range poisons {
		if len(acked[p]) != 0 || dead[p] != 1 {
			t.Errorf("poison %s: acked %d times, dead-lettered %d times", p, len(acked[p]), dead[p])
		}
	}
	if len(acked)+len(dead) != len(tasks)+len(poisons) {
		t.Errorf("%d tasks acked and %d dead-lettered, want %d and %d", len(acked), len(dead), len(tasks), len(poisons))
	}
	// The task A froze on was redelivered and finished by B or C.
	if es := acked[frozenTask]; len(es) != 1 || es[0].worker == "A" || es[0].Delivered < 2 {
		t.Errorf("frozen task %s: acks %+v, want one by B or C on a redelivery", frozenTask, es)
	}

	// The dead-letter stream holds each poison once, after MaxDeliver-1 runs.
	deadMsgs := readStream(t, q.JS, cfg.Dead)
	var deadIDs []string
	for _, dm := range deadMsgs {
		deadIDs = append(deadIDs, dm.Header.Get(HeaderTask))
		n, _ := strconv.Atoi(dm.Header.Get(HeaderDeliveries))
		if n < cfg.MaxDeliver-1 {
			t.Errorf("%s dead-lettered after %d deliveries, want at least %d", dm.Header.Get(HeaderTask), n, cfg.MaxDeliver-1)
		}
		if dm.Header.Get(HeaderError) == "" {
			t.Errorf("%s dead-lettered without a reason", dm.Header.Get(HeaderTask))
		}
	}
	sort.Strings(deadIDs)
	if fmt.Sprint(deadIDs) != fmt.Sprint(poisons) {
		t.Errorf("dead-letter stream holds %v, want %v", deadIDs, poisons)
	}
	if len(deadMsgs) > 0 && string(deadMsgs[0].Data) != string(garbled.Data) {
		t.Errorf("dead-lettered garbled task carries %q", deadMsgs[0].Data)
	}

	// The queue is empty.
	status, err := QueueStatus(ctx, q.JS, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if status.Pending != 0 || status.InFlight != 0 || status.Stuck != 0 || status.Results != 0 || status.DeadLettered != 2 {
		t.Errorf("status at the end: %+v", status)
	}

	// The store holds what a local run stores, once, with no partial
	// file.
	if probs, err := st.Check(); err != nil || len(probs) != 0 {
		t.Errorf("store problems: %v %v", probs, err)
	}
	for key, n := range collected {
		if n != 1 {
			t.Errorf("%s saved as new %d times", key, n)
		}
	}
	if colRes.Bad != 0 || colRes.Failed != 0 || colRes.Rejected != 0 {
		t.Errorf("collect: %+v", colRes)
	}
	local, err := store.Open(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	lp := cheapPipeline()
	lp.Store = local
	if _, err := stages.Run(ctx, seqOf(tasks), lp); err != nil {
		t.Fatal(err)
	}
	want, got := storeKeys(t, local), storeKeys(t, st)
	if len(want) == 0 {
		t.Fatal("the local run stored nothing: the test proves nothing")
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("cluster store has %d programs, a local run %d", len(got), len(want))
		for k := range want {
			if !got[k] {
				t.Errorf("missing from the cluster store: %s", k)
			}
		}
	}
	t.Logf("%d programs stored, %d results collected (%d present already)", len(got), colRes.Stored, colRes.Present)
}

// storeKeys lists a store's links as kind/task/key, failing on a task
// that links a key twice.
func storeKeys(t *testing.T, st *store.Store) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, k := range []store.Kind{store.Solvers, store.Differs} {
		ids, err := st.Tasks(k)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			es, err := st.Entries(k, id)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range es {
				key := fmt.Sprintf("%s/%s/%s", k.String(), id, e.Key)
				if out[key] {
					t.Errorf("%s linked twice", key)
				}
				out[key] = true
			}
		}
	}
	return out
}

// readStream returns every message of a stream.
func readStream(t *testing.T, js jetstream.JetStream, name string) []*jetstream.RawStreamMsg {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s, err := js.Stream(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []*jetstream.RawStreamMsg
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq && info.State.Msgs > 0; seq++ {
		m, err := s.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Header.Get(HeaderTask) < out[j].Header.Get(HeaderTask) })
	return out
}

func waitFor(t *testing.T, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("condition not met after %v", d)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
