package cluster

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/arcflow/arcflow/arc/sample"
	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/store"
)

// laggingJS is a JetStream whose workers' consumer counts no task
// pending, as the server's count does for a moment after a publication:
// it raises it on a goroutine of its own once it has acknowledged the
// publication. Under load that moment outlasts a few requests, so a
// worker, collector or status started right after an enqueue sees it.
type laggingJS struct {
	jetstream.JetStream
	cfg   Config
	infos *atomic.Int64 // Info calls on the workers' consumer
}

func (j laggingJS) Consumer(ctx context.Context, stream, name string) (jetstream.Consumer, error) {
	c, err := j.JetStream.Consumer(ctx, stream, name)
	if err != nil || stream != j.cfg.Tasks || name != j.cfg.Workers {
		return c, err
	}
	return laggingConsumer{Consumer: c, infos: j.infos}, nil
}

// laggingConsumer is the workers' consumer as a laggingJS gives it: it
// counts no task pending, and infos counts its Info calls.
type laggingConsumer struct {
	jetstream.Consumer
	infos *atomic.Int64
}

func (c laggingConsumer) Info(ctx context.Context) (*jetstream.ConsumerInfo, error) {
	if c.infos != nil {
		c.infos.Add(1)
	}
	info, err := c.Consumer.Info(ctx)
	if info != nil {
		lag := *info
		lag.NumPending = 0
		info = &lag
	}
	return info, err
}

func (c laggingConsumer) CachedInfo() *jetstream.ConsumerInfo {
	lag := *c.Consumer.CachedInfo()
	lag.NumPending = 0
	return &lag
}

// TestDrainDoesNotTrustTheCount: a worker and a collector in drain mode,
// and QueueStatus, find the tasks in the stream even while the consumer
// counts none pending; a stuck task stays stuck.
func TestDrainDoesNotTrustTheCount(t *testing.T) {
	cfg := DefaultConfig()
	cfg.AckWait, cfg.MaxDeliver = time.Second, 2
	_, q := connect(t, startServer(t), cfg)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var infos atomic.Int64
	lq := &Queue{JS: laggingJS{JetStream: q.JS, cfg: cfg, infos: &infos}, Cfg: cfg}

	// A task delivered MaxDeliver times and never settled: stuck.
	stuck := nats.NewMsg(cfg.TaskSubject)
	stuck.Data = []byte("stuck")
	if _, err := q.JS.PublishMsg(ctx, stuck); err != nil {
		t.Fatal(err)
	}
	cons, err := q.JS.Consumer(ctx, cfg.Tasks, cfg.Workers)
	if err != nil {
		t.Fatal(err)
	}
	for range cfg.MaxDeliver {
		if _, err := cons.Next(jetstream.FetchMaxWait(5 * time.Second)); err != nil {
			t.Fatal(err)
		}
	}
	// The server gives up on it when a pull would deliver it once more,
	// after AckWait.
	for {
		if m, err := cons.Next(jetstream.FetchMaxWait(500 * time.Millisecond)); err == nil {
			t.Fatalf("%s delivered past MaxDeliver", m.Data())
		}
		info, err := cons.Info(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if info.NumAckPending == 0 {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("the stuck task is still in flight: %+v", info)
		}
	}

	// Two tasks over the limits, which a worker dead-letters at once.
	tk, err := sample.Task("67a3c6ac")
	if err != nil {
		t.Fatal(err)
	}
	var tasks []*task.Task
	for i := range 2 {
		c := *tk
		c.ID = fmt.Sprintf("big-%d", i)
		tasks = append(tasks, &c)
	}
	if res, err := q.Enqueue(ctx, seqOf(tasks)); err != nil || res.Enqueued != 2 {
		t.Fatalf("enqueue: %+v %v", res, err)
	}
	for _, qq := range []*Queue{q, lq} {
		st, err := QueueStatus(ctx, qq.JS, cfg)
		if err != nil || st.Pending != 2 || st.Stuck != 1 || st.InFlight != 0 {
			t.Errorf("status: %+v %v; want 2 pending, 1 stuck", st, err)
		}
	}

	// The collector waits for the tasks: it checks again at least once.
	st, err := store.Open(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	colDone := make(chan error, 1)
	go func() {
		_, err := (&Collector{Queue: lq, Store: st, Drain: true}).Run(ctx)
		colDone <- err
	}()
	infos.Store(0)
	for colDone != nil && infos.Load() < 2 {
		select {
		case err := <-colDone:
			t.Errorf("the collector ended (%v) with two tasks pending", err)
			colDone = nil
		case <-time.After(10 * time.Millisecond):
		}
	}

	events := runSettled(ctx, t, &Worker{Queue: lq, Pipeline: cheapPipeline(), Wait: 200 * time.Millisecond, Drain: true,
		Limits: &task.Limits{MaxPairs: 1}})
	dead := 0
	for _, e := range events {
		if e.Outcome == DeadLettered && errors.Is(e.Err, task.ErrTooLarge) {
			dead++
		} else {
			t.Errorf("unexpected %+v", e)
		}
	}
	if dead != 2 {
		t.Errorf("%d tasks dead-lettered, want 2", dead)
	}
	if colDone != nil {
		if err := <-colDone; err != nil {
			t.Errorf("collect: %v", err)
		}
	}
	if st, err := QueueStatus(ctx, lq.JS, cfg); err != nil || st.Pending != 0 || st.Stuck != 1 || st.InFlight != 0 || st.DeadLettered != 2 {
		t.Errorf("status after the drain: %+v %v; want 1 stuck, 2 dead-lettered", st, err)
	}
}
