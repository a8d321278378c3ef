package cluster

import (
	"context"
	"errors"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Status is a snapshot of a queue.
type Status struct {
	Pending      uint64 `json:"pending"`       // tasks not yet delivered to any worker
	InFlight     int    `json:"in_flight"`     // delivered, neither acked nor settled otherwise yet
	Redelivered  int    `json:"redelivered"`   // unacked tasks delivered more than once
	DeadLettered uint64 `json:"dead_lettered"` // tasks in the dead-letter stream
	Stuck        uint64 `json:"stuck"`         // tasks past MaxDeliver that no worker dead-lettered
	Results      uint64 `json:"results"`       // results waiting for collect
	Waiting      int    `json:"waiting"`       // pulls waiting for a task: idle worker slots

	AckWait    time.Duration `json:"ack_wait"`
	MaxDeliver int           `json:"max_deliver"`
	Exists     bool          `json:"exists"` // whether the task stream exists
}

// QueueStatus reads the queue's state without creating anything.
func QueueStatus(ctx context.Context, js jetstream.JetStream, cfg Config) (*Status, error) {
	var st Status
	tasks, err := js.Stream(ctx, cfg.Tasks)
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		return &st, nil
	}
	if err != nil {
		return nil, err
	}
	st.Exists = true
	c, err := js.Consumer(ctx, cfg.Tasks, cfg.Workers)
	switch {
	case err == nil:
		info := c.CachedInfo()
		// The stream again, after the consumer: what the consumer saw is
		// then in it, and so is every publication the consumer missed.
		si, err := tasks.Info(ctx)
		if err != nil {
			return nil, err
		}
		st.Pending, st.Stuck = pendingAndStuck(info, si.State)
		st.InFlight = info.NumAckPending
		st.Redelivered = info.NumRedelivered
		st.Waiting = info.NumWaiting
		st.AckWait, st.MaxDeliver = info.Config.AckWait, info.Config.MaxDeliver
	case errors.Is(err, jetstream.ErrConsumerNotFound):
		st.Pending = tasks.CachedInfo().State.Msgs
	default:
		return nil, err
	}
	if n, err := streamMsgs(ctx, js, cfg.Dead); err != nil {
		return nil, err
	} else if n != nil {
		st.DeadLettered = *n
	}
	if n, err := streamMsgs(ctx, js, cfg.Results); err != nil {
		return nil, err
	} else if n != nil {
		st.Results = *n
	}
	return &st, nil
}

// pendingAndStuck splits the tasks of a work-queue stream that are not in
// flight into pending ones, never delivered, and stuck ones, delivered
// MaxDeliver times and never settled; state is the stream's, read after
// info. The consumer's NumPending alone would not do: the server raises
// it for a new message on a goroutine of its own, after it has
// acknowledged the publication, so for a while (longer on a loaded
// machine) it misses the newest tasks, which would then count as stuck.
// A task is pending if it comes after the last one the consumer
// delivered, and the stream's state is current: there are at most
// LastSeq minus that many of them, fewer only if some were deleted by
// hand.
func pendingAndStuck(info *jetstream.ConsumerInfo, state jetstream.StreamState) (pending, stuck uint64) {
	notHeld := state.Msgs - min(state.Msgs, uint64(info.NumAckPending))
	last := info.Delivered.Stream
	if state.FirstSeq > 0 {
		last = max(last, state.FirstSeq-1) // nothing before FirstSeq is left
	}
	var after uint64
	if state.LastSeq > last {
		after = state.LastSeq - last
	}
	// NumPending is a floor: the counter only lags. It may exceed
	// notHeld when tasks in flight were acked between the two reads.
	pending = max(info.NumPending, min(after, notHeld))
	return pending, notHeld - min(notHeld, pending)
}

// drained reports whether the queue has no task pending or in flight, for
// a worker or collector in drain mode; cons is the workers' consumer and
// tasks the task stream. A consumer with nothing in flight and nothing
// counted pending may still have tasks to deliver, as its NumPending lags
// a publication (see pendingAndStuck): a worker started right after an
// enqueue would stop without running them. So the stream, whose state is
// current, is asked for a message after the last one the consumer
// delivered; any there is pending, or in flight since the consumer was
// read.
func drained(ctx context.Context, cons jetstream.Consumer, tasks jetstream.Stream) (bool, error) {
	info, err := cons.Info(ctx)
	if err != nil {
		return false, err
	}
	if info.NumPending != 0 || info.NumAckPending != 0 {
		return false, nil
	}
	// Open makes the consumer without a filter: it takes every subject.
	_, err = tasks.GetMsg(ctx, info.Delivered.Stream+1, jetstream.WithGetMsgSubject(">"))
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return true, nil
	}
	return false, err
}

// streamMsgs returns the number of messages in a stream, or nil if there
// is no such stream.
func streamMsgs(ctx context.Context, js jetstream.JetStream, name string) (*uint64, error) {
	s, err := js.Stream(ctx, name)
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	n := s.CachedInfo().State.Msgs
	return &n, nil
}

// DeadLetter is one task of the dead-letter stream.
type DeadLetter struct {
	Task       string    `json:"task"`
	Error      string    `json:"error"`
	Deliveries string    `json:"deliveries"`
	Time       time.Time `json:"time"`
	Data       []byte    `json:"-"` // the task message as it was enqueued
}

// DeadLetters lists the dead-letter stream, oldest first, at most limit
// of them (0 for all).
func DeadLetters(ctx context.Context, js jetstream.JetStream, cfg Config, limit int) ([]DeadLetter, error) {
	s, err := js.Stream(ctx, cfg.Dead)
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	state := s.CachedInfo().State
	var out []DeadLetter
	for seq := state.FirstSeq; state.Msgs > 0 && seq <= state.LastSeq && (limit <= 0 || len(out) < limit); seq++ {
		m, err := s.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			return out, err
		}
		out = append(out, DeadLetter{Task: m.Header.Get(HeaderTask), Error: m.Header.Get(HeaderError),
			Deliveries: m.Header.Get(HeaderDeliveries), Time: m.Time, Data: m.Data})
	}
	return out, nil
}
