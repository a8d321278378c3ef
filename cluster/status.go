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
	tasks, err := streamMsgs(ctx, js, cfg.Tasks)
	if err != nil {
		return nil, err
	}
	st.Exists = tasks != nil
	if tasks == nil {
		return &st, nil
	}
	st.Pending = *tasks
	c, err := js.Consumer(ctx, cfg.Tasks, cfg.Workers)
	switch {
	case err == nil:
		info := c.CachedInfo()
		st.Pending = info.NumPending
		st.InFlight = info.NumAckPending
		st.Redelivered = info.NumRedelivered
		st.Waiting = info.NumWaiting
		st.AckWait, st.MaxDeliver = info.Config.AckWait, info.Config.MaxDeliver
		// In a work queue every unacked task is a message of the stream.
		if held := info.NumPending + uint64(info.NumAckPending); *tasks > held {
			st.Stuck = *tasks - held
		}
	case !errors.Is(err, jetstream.ErrConsumerNotFound):
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
