package cluster

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/arcflow/arcflow/flow"
	"github.com/arcflow/arcflow/store"
)

// Collector saves the results of every worker into one store: a Source on
// the results stream into a flow sink that calls store.Save and acks each
// result once it is saved. store.Save is idempotent by md5 within a task,
// so a result delivered twice is saved once. Whoever can publish on the
// results subject can send a result, so each is checked first
// (Result.Verify): one that fails, or that the store refuses as invalid,
// is Termed with its reason and counted, never retried. A save that fails
// otherwise (a full disk) is Nak'ed and tried again.
type Collector struct {
	Queue *Queue
	Store *store.Store
	// InFlight is how many results are held at once; 0 means 64.
	InFlight int
	// Writers is how many saves run at once; 0 means 4.
	Writers int
	// Drain makes Run return once no task is pending or in flight and
	// every result is saved; otherwise it runs until its context ends.
	Drain bool
	// RetryDelay is how long a result whose save failed waits before its
	// next delivery; 0 means 5s.
	RetryDelay time.Duration
	// Samples, if set, returns the number of samples of a task, which
	// bounds the score of its results (1000 each); 0 for a task it does
	// not know, whose scores are bounded by store.MaxScore.
	Samples func(task string) int
	// OnSaved, if set, is called after each result is saved and acked.
	OnSaved func(r *Result, got store.Saved)
	// OnRefused, if set, is called for each message refused for good,
	// with the message's sequence, the result (nil if the message was no
	// result) and the reason.
	OnRefused func(seq uint64, r *Result, err error)
	// OnFailed, if set, is called for each save that failed and is to be
	// tried again, with the reason.
	OnFailed func(r *Result, err error)
	Logger   *slog.Logger
}

// CollectResult counts what a collector did.
type CollectResult struct {
	Stored   int64 // new links in the store
	Present  int64 // already there
	Rejected int64 // not good enough for a full task directory
	Bad      int64 // messages that were no result: Termed
	Refused  int64 // results that failed Verify or that the store refused for good: Termed
	Failed   int64 // saves that failed: Nak'ed for a retry
}

// Run collects until ctx ends or, with Drain, until the queue is settled.
func (c *Collector) Run(ctx context.Context) (*CollectResult, error) {
	q := c.Queue
	cons, err := q.JS.Consumer(ctx, q.Cfg.Results, q.Cfg.Collector)
	if err != nil {
		return nil, fmt.Errorf("consumer %s of stream %s: %w", q.Cfg.Collector, q.Cfg.Results, err)
	}
	log := c.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	retry := c.RetryDelay
	if retry <= 0 {
		retry = 5 * time.Second
	}
	opts := SourceOptions{MaxInFlight: c.InFlight, Wait: time.Second, Logger: c.Logger}
	if opts.MaxInFlight <= 0 {
		opts.MaxInFlight = 64
	}
	if c.Drain {
		workers, err := q.JS.Consumer(ctx, q.Cfg.Tasks, q.Cfg.Workers)
		if err != nil {
			return nil, err
		}
		tasks, err := q.JS.Stream(ctx, q.Cfg.Tasks)
		if err != nil {
			return nil, err
		}
		opts.StopWhen = func(ctx context.Context) (bool, error) {
			// Tasks first: a worker acks a task after its results are in
			// the stream, so once no task is left every result is there.
			if done, err := drained(ctx, workers, tasks); err != nil || !done {
				return false, err
			}
			// The results stream is a work queue: a result leaves it
			// when it is acked or Termed. Its count is current at once,
			// while the consumer's NumPending may lag a publication.
			rs, err := q.JS.Stream(ctx, q.Cfg.Results)
			if err != nil {
				return false, err
			}
			ri, err := rs.Info(ctx)
			if err != nil {
				return false, err
			}
			return ri.State.Msgs == 0, nil
		}
	}
	writers := c.Writers
	if writers <= 0 {
		writers = 4
	}
	src := NewSource(ctx, cons, opts)
	var res CollectResult
	save := flow.NewSink("store", func(ctx context.Context, m *Msg) error {
		refuse := func(r *Result, count *int64, err error) error {
			atomic.AddInt64(count, 1)
			if terr := m.Term(oneLine(err.Error())); terr != nil {
				log.Warn("collect: term failed", "seq", m.Seq(), "err", terr)
			}
			if c.OnRefused != nil {
				c.OnRefused(m.Seq(), r, err)
			}
			return fmt.Errorf("message %d: %w", m.Seq(), err)
		}
		r, err := DecodeResult(m.Data())
		if err != nil {
			return refuse(nil, &res.Bad, err)
		}
		samples := 0
		if c.Samples != nil {
			samples = c.Samples(r.Task)
		}
		prog, err := r.Verify(samples)
		if err != nil {
			return refuse(r, &res.Refused, err)
		}
		kind, _ := r.StoreKind()
		got, err := c.Store.Save(kind, prog)
		if errors.Is(err, store.ErrInvalid) {
			return refuse(r, &res.Refused, err) // it would fail every time
		}
		if err != nil {
			atomic.AddInt64(&res.Failed, 1)
			m.Nak(retry)
			if c.OnFailed != nil {
				c.OnFailed(r, err)
			}
			return err
		}
		switch got {
		case store.Stored:
			atomic.AddInt64(&res.Stored, 1)
		case store.Present:
			atomic.AddInt64(&res.Present, 1)
		case store.Rejected:
			atomic.AddInt64(&res.Rejected, 1)
		}
		if err := m.Ack(context.Background()); err != nil {
			// It comes again and is found present.
			log.Warn("collect: ack failed", "task", r.Task, "key", r.Key, "err", err)
		}
		if c.OnSaved != nil {
			c.OnSaved(r, got)
		}
		return nil
	}, flow.Workers(writers))
	_, err = flow.Run(ctx, src, nil, save, flow.Logger(log))
	<-src.Done()
	if err := src.Err(); err != nil {
		return &res, err
	}
	if err != nil && ctx.Err() == nil {
		return &res, err
	}
	return &res, nil
}
