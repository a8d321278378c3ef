package cluster

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/reugn/go-streams"
)

// SinkOptions configure a Sink.
type SinkOptions struct {
	// Parallel is how many publications wait for their acknowledgement at
	// once; 0 means 16.
	Parallel int
	// Timeout bounds one publication, retries included; 0 means 10s.
	Timeout time.Duration
	// Stream, if set, is the stream every message must land in.
	Stream string
	// OnAck, if set, is called for every message with its acknowledgement
	// or its error, from several goroutines at once.
	OnAck func(m *nats.Msg, ack *jetstream.PubAck, err error)
}

// Sink is a go-streams sink (streams.Sink) that publishes the *nats.Msg
// values it receives to JetStream and waits for each acknowledgement. A
// message that carries a Nats-Msg-Id header is stored once per duplicate
// window: a second one is acknowledged as a duplicate and counted as
// such. A failed publication is counted and remembered, and the sink goes
// on with the rest.
type Sink struct {
	js   jetstream.JetStream
	opts SinkOptions
	in   chan any
	done chan struct{}

	published  atomic.Int64
	duplicates atomic.Int64
	failed     atomic.Int64
	errOnce    sync.Once
	err        error
}

var _ streams.Sink = (*Sink)(nil)

// NewSink starts a sink publishing through js. Publications that are under
// way when ctx ends fail.
func NewSink(ctx context.Context, js jetstream.JetStream, opts SinkOptions) *Sink {
	if opts.Parallel <= 0 {
		opts.Parallel = 16
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	s := &Sink{js: js, opts: opts, in: make(chan any), done: make(chan struct{})}
	var wg sync.WaitGroup
	for range opts.Parallel {
		wg.Go(func() {
			for v := range s.in {
				s.publish(ctx, v)
			}
		})
	}
	go func() {
		wg.Wait()
		close(s.done)
	}()
	return s
}

// In returns the input channel; close it when there is nothing more.
func (s *Sink) In() chan<- any { return s.in }

// AwaitCompletion waits until every message received has been
// acknowledged or has failed.
func (s *Sink) AwaitCompletion() { <-s.done }

// Counts returns how many messages were stored, acknowledged as
// duplicates, and failed.
func (s *Sink) Counts() (published, duplicates, failed int64) {
	return s.published.Load(), s.duplicates.Load(), s.failed.Load()
}

// Err returns the first failure, if any; call it after AwaitCompletion.
func (s *Sink) Err() error { return s.err }

func (s *Sink) publish(ctx context.Context, v any) {
	m, ok := v.(*nats.Msg)
	if !ok {
		s.fail(nil, fmt.Errorf("cluster: sink got a %T, want *nats.Msg", v))
		return
	}
	pctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	var opts []jetstream.PublishOpt
	if s.opts.Stream != "" {
		opts = append(opts, jetstream.WithExpectStream(s.opts.Stream))
	}
	ack, err := s.js.PublishMsg(pctx, m, opts...)
	if err != nil {
		s.fail(m, fmt.Errorf("publish to %s: %w", m.Subject, err))
		return
	}
	if ack.Duplicate {
		s.duplicates.Add(1)
	} else {
		s.published.Add(1)
	}
	if s.opts.OnAck != nil {
		s.opts.OnAck(m, ack, nil)
	}
}

func (s *Sink) fail(m *nats.Msg, err error) {
	s.failed.Add(1)
	s.errOnce.Do(func() { s.err = err })
	if s.opts.OnAck != nil && m != nil {
		s.opts.OnAck(m, nil, err)
	}
}
