package cluster

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/arcflow/arcflow/arc/sample"
	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/stages"
	"github.com/arcflow/arcflow/store"
)

func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

// TestSinkDeduplicates: the sink waits for every acknowledgement and
// counts a message whose Nats-Msg-Id the stream has seen as a duplicate.
func TestSinkDeduplicates(t *testing.T) {
	cfg := DefaultConfig()
	_, q := connect(t, startServer(t), cfg)
	ctx := context.Background()
	sink := NewSink(ctx, q.JS, SinkOptions{Stream: cfg.Tasks, Parallel: 4})
	for i := range 30 {
		m := nats.NewMsg(cfg.TaskSubject)
		m.Data = []byte(fmt.Sprint(i % 20))
		m.Header.Set(jetstream.MsgIDHeader, fmt.Sprint(i%20))
		sink.In() <- m
	}
	sink.In() <- "not a message"
	close(sink.In())
	sink.AwaitCompletion()
	if p, d, f := sink.Counts(); p != 20 || d != 10 || f != 1 {
		t.Errorf("published %d, duplicates %d, failed %d; want 20, 10, 1", p, d, f)
	}
	if err := sink.Err(); err == nil || !strings.Contains(err.Error(), "want *nats.Msg") {
		t.Errorf("err %v", err)
	}
	// At once: the stream has every acknowledged message, even while the
	// consumer's count still lags.
	if st, err := QueueStatus(ctx, q.JS, cfg); err != nil || st.Pending != 20 || st.Stuck != 0 {
		t.Errorf("status %+v %v, want 20 tasks pending, none stuck", st, err)
	}
}

// TestSourceKeepsAliveAndBounds: a source holds at most MaxInFlight
// messages, pulls the next only when one is settled, and keeps held
// messages alive past AckWait; an abandoned one comes back after AckWait,
// and what a stopped source held comes back at once.
func TestSourceKeepsAliveAndBounds(t *testing.T) {
	cfg := DefaultConfig()
	cfg.AckWait = 2 * time.Second
	_, q := connect(t, startServer(t), cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for i := range 4 {
		m := nats.NewMsg(cfg.TaskSubject)
		m.Data = []byte(fmt.Sprint(i))
		if _, err := q.JS.PublishMsg(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	cons, err := q.JS.Consumer(ctx, cfg.Tasks, cfg.Workers)
	if err != nil {
		t.Fatal(err)
	}
	sctx, stop := context.WithCancel(ctx)
	src := NewSource(sctx, cons, SourceOptions{MaxInFlight: 2, Wait: 200 * time.Millisecond})
	recv := func() *Msg {
		t.Helper()
		select {
		case v := <-src.Out():
			return v.(*Msg)
		case <-time.After(5 * time.Second):
			t.Fatal("no message")
			return nil
		}
	}
	a, b := recv(), recv()
	// Held for over twice AckWait: no third message, and no redelivery.
	select {
	case v := <-src.Out():
		t.Fatalf("got %s while holding two", v.(*Msg).Data())
	case <-time.After(2*cfg.AckWait + 300*time.Millisecond):
	}
	info, err := cons.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.NumRedelivered != 0 || info.NumAckPending != 2 {
		t.Errorf("after holding past AckWait: %d redelivered, %d ack pending; want 0, 2", info.NumRedelivered, info.NumAckPending)
	}
	if err := a.Ack(ctx); err != nil {
		t.Fatal(err)
	}
	if err := a.Ack(ctx); !errors.Is(err, ErrSettled) {
		t.Errorf("second ack: %v", err)
	}
	c := recv()
	if string(c.Data()) != "2" {
		t.Errorf("third message %q", c.Data())
	}
	b.Abandon() // as if its holder died: back after AckWait
	d := recv()
	if string(d.Data()) != "3" {
		t.Errorf("fourth message %q", d.Data())
	}
	c.Nak(0) // back at once
	if c2 := recv(); string(c2.Data()) != "2" || c2.Delivered() != 2 {
		t.Errorf("nak'ed message came back as %q, delivery %d", c2.Data(), c2.Delivered())
	} else {
		c2.Ack(ctx)
	}
	e := recv()
	if string(e.Data()) != "1" || e.Delivered() != 2 || time.Since(d.Received) < cfg.AckWait/2 {
		t.Errorf("abandoned message came back as %q, delivery %d, after %v", e.Data(), e.Delivered(), time.Since(d.Received))
	}
	stop() // d and e are Nak'ed: back at once
	<-src.Done()
	if src.Err() != nil {
		t.Errorf("source ended with %v", src.Err())
	}
	if _, ok := <-src.Out(); ok {
		t.Error("output still open")
	}
	src2 := NewSource(ctx, cons, SourceOptions{MaxInFlight: 3, Wait: 200 * time.Millisecond, StopWhen: func(ctx context.Context) (bool, error) {
		info, err := cons.Info(ctx)
		return err == nil && info.NumPending == 0 && info.NumAckPending == 0, err
	}})
	var got []string
	for v := range src2.Out() {
		m := v.(*Msg)
		got = append(got, string(m.Data()))
		m.Ack(ctx)
	}
	if len(got) != 2 {
		t.Errorf("after stop, got back %v, want the two held", got)
	}
}

// TestLongTaskStaysAlive: a task that runs for several AckWaits is kept
// alive by InProgress and acked once, never redelivered.
func TestLongTaskStaysAlive(t *testing.T) {
	cfg := DefaultConfig()
	cfg.AckWait = 2 * time.Second
	_, q := connect(t, startServer(t), cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	tk, _ := sample.Task("67a3c6ac") // solved by a seed: it has results to save
	if _, err := q.Enqueue(ctx, seqOf([]*task.Task{tk})); err != nil {
		t.Fatal(err)
	}
	p := cheapPipeline()
	p.Logger = quiet()
	pub := &Publisher{JS: q.JS, Cfg: cfg}
	var slow sync.Once
	p.Store = saverFunc(func(k store.Kind, pr store.Program) (store.Saved, error) {
		slow.Do(func() { time.Sleep(2*cfg.AckWait + 500*time.Millisecond) })
		return pub.Save(k, pr)
	})
	events := runSettled(ctx, t, &Worker{Queue: q, Pipeline: p, Drain: true, Wait: 500 * time.Millisecond})
	if len(events) != 1 || events[0].Outcome != Acked || events[0].Err != nil || events[0].Delivered != 1 || events[0].Elapsed < 2*cfg.AckWait {
		t.Errorf("settled %+v, want one ack of the first delivery after two AckWaits", events)
	}
	cons, _ := q.JS.Consumer(ctx, cfg.Tasks, cfg.Workers)
	if info, _ := cons.Info(ctx); info.NumRedelivered != 0 || info.Delivered.Consumer != 1 {
		t.Errorf("consumer: %d redelivered, %d deliveries", info.NumRedelivered, info.Delivered.Consumer)
	}
	if st, _ := QueueStatus(ctx, q.JS, cfg); st.Results == 0 {
		t.Error("no result published")
	}
}

type saverFunc func(store.Kind, store.Program) (store.Saved, error)

func (f saverFunc) Save(k store.Kind, p store.Program) (store.Saved, error) { return f(k, p) }

// TestHeldBackDelivery: a worker that stops gracefully hands its task
// back at once; with MaxDeliver 3 a task runs twice at most, and when the
// worker of its second run dies, the third delivery dead-letters it
// without running it.
func TestHeldBackDelivery(t *testing.T) {
	cfg := DefaultConfig()
	cfg.AckWait = 3 * time.Second
	cfg.MaxDeliver = 3
	url := startServer(t)
	_, q := connect(t, url, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	tk, _ := sample.Task("67a3c6ac")
	if _, err := q.Enqueue(ctx, seqOf([]*task.Task{tk})); err != nil {
		t.Fatal(err)
	}
	var (
		mu     sync.Mutex
		events = map[string][]Settled{}
	)
	worker := func(name string, wq *Queue, saver stages.Saver) *Worker {
		p := cheapPipeline()
		p.Logger = quiet()
		p.Store = saver
		return &Worker{Queue: wq, Pipeline: p, Wait: 500 * time.Millisecond, OnSettle: func(s Settled) {
			mu.Lock()
			events[name] = append(events[name], s)
			mu.Unlock()
		}}
	}
	// freezeRun runs a worker until it freezes in a save, then stops it:
	// gracefully, or by closing its connection first, as if it died. It
	// returns when the worker froze and when it had stopped.
	freezeRun := func(name string, die bool) (frozen, stopped time.Time) {
		nc, wq := connect(t, url, cfg)
		fs := &freezingSaver{frozen: make(chan string, 1), release: make(chan struct{})}
		wctx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() {
			defer close(done)
			worker(name, wq, fs).Run(wctx)
		}()
		select {
		case <-fs.frozen:
			frozen = time.Now()
		case <-time.After(20 * time.Second):
			t.Fatalf("worker %s never saved", name)
		}
		if die {
			nc.Close()
		}
		stop()
		close(fs.release)
		<-done
		return frozen, time.Now()
	}
	_, stopped := freezeRun("graceful", false)
	frozen, _ := freezeRun("dies", true)
	if back := frozen.Sub(stopped); back >= cfg.AckWait {
		t.Errorf("a gracefully released task came back after %v, not at once", back)
	}
	ran := false
	_, wq := connect(t, url, cfg)
	last := worker("last", wq, saverFunc(func(store.Kind, store.Program) (store.Saved, error) {
		ran = true
		return store.Stored, nil
	}))
	last.Drain = true
	if _, err := last.Run(ctx); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if es := events["graceful"]; len(es) != 1 || es[0].Outcome != Released || es[0].Delivered != 1 {
		t.Errorf("graceful worker: %+v", es)
	}
	if es := events["dies"]; len(es) != 1 || es[0].Outcome != Released || es[0].Delivered != 2 {
		t.Errorf("dying worker: %+v", es)
	}
	if es := events["last"]; len(es) != 1 || es[0].Outcome != DeadLettered || es[0].Delivered != 3 ||
		!strings.Contains(fmt.Sprint(es[0].Err), "never ended") {
		t.Errorf("last worker: %+v", es)
	}
	if ran {
		t.Error("the held-back delivery ran the task")
	}
	dead := readStream(t, q.JS, cfg.Dead)
	if len(dead) != 1 || dead[0].Header.Get(HeaderTask) != tk.ID {
		t.Errorf("dead-letter stream: %d messages", len(dead))
	}
	if st, _ := QueueStatus(ctx, q.JS, cfg); st.Pending != 0 || st.InFlight != 0 || st.DeadLettered != 1 || st.Stuck != 0 {
		t.Errorf("status: %+v", st)
	}
}

// TestConnectErrors: an unreachable server, a bad URL and a server
// without JetStream each give one clear line.
func TestConnectErrors(t *testing.T) {
	ctx := context.Background()
	closed := fmt.Sprintf("nats://127.0.0.1:%d", freePort(t))
	s, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, NoLog: true, NoSigs: true})
	if err != nil {
		t.Fatal(err)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		t.Fatal("server did not start")
	}
	defer s.Shutdown()
	for _, c := range []struct{ url, want string }{
		{closed, "cannot connect to NATS at " + closed},
		{"nats://bad host:4222", "cannot connect to NATS at nats://bad host:4222"},
		{s.ClientURL(), "has no JetStream"},
	} {
		_, _, err := Connect(ctx, c.url, "test")
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: %v, want one line with %q", c.url, err, c.want)
		}
	}
}
