package cluster

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/reugn/go-streams"
)

// SourceOptions configure a Source.
type SourceOptions struct {
	// MaxInFlight bounds the messages received and not yet settled: the
	// source pulls the next one only when one is settled. 0 means 1.
	MaxInFlight int
	// Wait is how long one pull waits for a message, and so how long the
	// source may take to stop; 0 means 1s.
	Wait time.Duration
	// KeepAlive is the interval of InProgress on held messages; 0 means
	// the consumer's AckWait/3.
	KeepAlive time.Duration
	// StopWhen, if set, is asked before a pull whenever the source holds
	// nothing; true closes the source. Without it the source runs until
	// its context ends.
	StopWhen func(ctx context.Context) (bool, error)
	Logger   *slog.Logger
}

// Source is a go-streams source (streams.Source) of the messages of a
// JetStream pull consumer. Its output carries *Msg values, and settling
// them (Ack, Nak, Term or Abandon) is left to whoever consumes them: the
// source never acks on receipt. Until a message is settled the source
// keeps it alive with InProgress, and it holds at most MaxInFlight of
// them, so a slow consumer does not hoard messages that other machines
// could work on. When its context ends the source lets its last pull
// end, Naks the messages it still holds, so that they are redelivered at
// once, and closes its output.
type Source struct {
	cons      jetstream.Consumer
	opts      SourceOptions
	keepAlive time.Duration
	out       chan any
	slots     chan struct{}
	log       *slog.Logger

	mu   sync.Mutex
	held map[*Msg]struct{}
	err  error
	done chan struct{}
}

var _ streams.Source = (*Source)(nil)

// NewSource starts pulling from cons. The source runs until ctx ends, the
// consumer goes away, or StopWhen says so.
func NewSource(ctx context.Context, cons jetstream.Consumer, opts SourceOptions) *Source {
	if opts.MaxInFlight <= 0 {
		opts.MaxInFlight = 1
	}
	if opts.Wait <= 0 {
		opts.Wait = time.Second
	}
	s := &Source{
		cons: cons, opts: opts, out: make(chan any), slots: make(chan struct{}, opts.MaxInFlight),
		held: map[*Msg]struct{}{}, done: make(chan struct{}), log: opts.Logger,
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.keepAlive = opts.KeepAlive
	if s.keepAlive <= 0 {
		wait := 30 * time.Second
		if info := cons.CachedInfo(); info != nil && info.Config.AckWait > 0 {
			wait = info.Config.AckWait
		}
		s.keepAlive = wait / 3
	}
	hctx, stop := context.WithCancel(ctx)
	go s.heartbeat(hctx)
	go func() {
		defer stop()
		s.pull(ctx)
	}()
	return s
}

// Out returns the output channel of *Msg values. It is closed when the
// source ends.
func (s *Source) Out() <-chan any { return s.out }

// Via streams the source's messages to flow and returns flow.
func (s *Source) Via(flow streams.Flow) streams.Flow {
	go func() {
		for m := range s.out {
			flow.In() <- m
		}
		close(flow.In())
	}()
	return flow
}

// Done is closed when the source has ended and closed its output.
func (s *Source) Done() <-chan struct{} { return s.done }

// Err returns what ended the source, if it was not its context or
// StopWhen: a closed connection or a deleted consumer.
func (s *Source) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// Held returns how many messages the source holds unsettled.
func (s *Source) Held() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.held)
}

func (s *Source) pull(ctx context.Context) {
	defer close(s.done)
	defer close(s.out)
	defer s.releaseAll()
	backoff := 100 * time.Millisecond
	for {
		select {
		case s.slots <- struct{}{}:
		case <-ctx.Done():
			return
		}
		if s.opts.StopWhen != nil && s.Held() == 0 {
			stop, err := s.opts.StopWhen(ctx)
			if err != nil && ctx.Err() == nil {
				s.log.Warn("source: stop check failed", "err", err)
			} else if stop {
				<-s.slots
				return
			}
		}
		m, err := s.next(ctx)
		if m == nil {
			<-s.slots
			switch {
			case ctx.Err() != nil:
				return
			case err == nil || errors.Is(err, nats.ErrTimeout) || errors.Is(err, jetstream.ErrNoMessages):
				backoff = 100 * time.Millisecond
			case errors.Is(err, nats.ErrConnectionClosed) || errors.Is(err, jetstream.ErrConsumerDeleted) ||
				errors.Is(err, jetstream.ErrConsumerNotFound):
				s.mu.Lock()
				s.err = fmt.Errorf("cluster: source: %w", err)
				s.mu.Unlock()
				return
			default:
				// Reconnecting, a server restarting, a missed pull
				// heartbeat: try again after a while.
				s.log.Warn("source: pull failed", "err", err)
				select {
				case <-time.After(backoff):
				case <-ctx.Done():
					return
				}
				backoff = min(2*backoff, 5*time.Second)
			}
			continue
		}
		select {
		case s.out <- m:
		case <-ctx.Done():
			return // releaseAll Naks m
		}
	}
}

// next pulls one message, waiting at most Wait. The pull is not cut short
// when ctx ends: a pull request abandoned by its client may still be
// pending at the server, which would then deliver a message that the
// source Naks as it stops into the void, and that message would come back
// only after AckWait, one delivery poorer. Waiting for the pull to end
// makes stopping take up to Wait.
func (s *Source) next(ctx context.Context) (*Msg, error) {
	pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.opts.Wait)
	defer cancel()
	jm, err := s.cons.Next(jetstream.FetchContext(pctx))
	if err != nil {
		if pctx.Err() != nil {
			err = nats.ErrTimeout
		}
		return nil, err
	}
	meta, err := jm.Metadata()
	if err != nil {
		// Not a JetStream message: nothing to ack it with.
		return nil, err
	}
	m := &Msg{jm: jm, meta: meta, src: s, Received: time.Now()}
	s.mu.Lock()
	s.held[m] = struct{}{}
	s.mu.Unlock()
	return m, nil
}

// heartbeat keeps the held messages alive until ctx ends.
func (s *Source) heartbeat(ctx context.Context) {
	t := time.NewTicker(s.keepAlive)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		s.mu.Lock()
		ms := make([]*Msg, 0, len(s.held))
		for m := range s.held {
			ms = append(ms, m)
		}
		s.mu.Unlock()
		for _, m := range ms {
			if m.settled.Load() {
				continue
			}
			if err := m.jm.InProgress(); err != nil && !errors.Is(err, jetstream.ErrMsgAlreadyAckd) {
				s.log.Debug("source: in progress failed", "seq", m.meta.Sequence.Stream, "err", err)
			}
		}
	}
}

// releaseAll Naks what the source still holds when it ends.
func (s *Source) releaseAll() {
	s.mu.Lock()
	ms := make([]*Msg, 0, len(s.held))
	for m := range s.held {
		ms = append(ms, m)
	}
	s.mu.Unlock()
	for _, m := range ms {
		m.Nak(0)
	}
}

// settle marks m settled and frees its slot; it reports false if m was
// settled already.
func (s *Source) settle(m *Msg) bool {
	if !m.settled.CompareAndSwap(false, true) {
		return false
	}
	s.mu.Lock()
	delete(s.held, m)
	s.mu.Unlock()
	<-s.slots
	return true
}

// ErrSettled is returned when a message is settled a second time.
var ErrSettled = errors.New("cluster: message already settled")

// Msg is a message from a Source. Settle it exactly once, with Ack, Nak,
// Term or Abandon; until then the source keeps it alive.
type Msg struct {
	jm       jetstream.Msg
	meta     *jetstream.MsgMetadata
	src      *Source
	settled  atomic.Bool
	Received time.Time // when the source pulled it
}

// Data returns the message's payload.
func (m *Msg) Data() []byte { return m.jm.Data() }

// Header returns the message's headers.
func (m *Msg) Header() nats.Header { return m.jm.Headers() }

// Subject returns the subject it was published on.
func (m *Msg) Subject() string { return m.jm.Subject() }

// Delivered returns how many times the message has been delivered,
// this delivery included.
func (m *Msg) Delivered() uint64 { return m.meta.NumDelivered }

// Seq returns the message's sequence in its stream.
func (m *Msg) Seq() uint64 { return m.meta.Sequence.Stream }

// Ack acknowledges the message and waits until the server has taken the
// ack, so that a nil error means the message is gone from a work queue.
func (m *Msg) Ack(ctx context.Context) error {
	if !m.src.settle(m) {
		return ErrSettled
	}
	actx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	return m.jm.DoubleAck(actx)
}

// Nak asks for redelivery after delay (at once for 0).
func (m *Msg) Nak(delay time.Duration) error {
	if !m.src.settle(m) {
		return ErrSettled
	}
	if delay > 0 {
		return m.jm.NakWithDelay(delay)
	}
	return m.jm.Nak()
}

// Term tells the server never to deliver the message again.
func (m *Msg) Term(reason string) error {
	if !m.src.settle(m) {
		return ErrSettled
	}
	if reason != "" {
		return m.jm.TermWithReason(reason)
	}
	return m.jm.Term()
}

// Abandon stops keeping the message alive without telling the server, as
// a dead process would: it is redelivered after AckWait.
func (m *Msg) Abandon() {
	m.src.settle(m)
}
