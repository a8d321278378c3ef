package cluster

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"iter"
	"log/slog"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/reugn/go-streams"

	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/flow"
	"github.com/arcflow/arcflow/store"
)

// TaskMsg returns the message that carries t on the task subject: one
// JSON line, with Nats-Msg-Id task/<id>/<md5 of the line>, so that the
// same task enqueued twice within the duplicate window is stored once.
// A task whose id the store would refuse (store.CheckTaskID) is refused.
func (q *Queue) TaskMsg(t *task.Task) (*nats.Msg, error) {
	if err := store.CheckTaskID(t.ID); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := task.WriteJSONL(&b, t); err != nil {
		return nil, err
	}
	sum := md5.Sum(b.Bytes())
	m := nats.NewMsg(q.Cfg.TaskSubject)
	m.Data = b.Bytes()
	m.Header.Set(jetstream.MsgIDHeader, "task/"+t.ID+"/"+hex.EncodeToString(sum[:]))
	m.Header.Set(HeaderTask, t.ID)
	return m, nil
}

// EnqueueResult counts what Enqueue did.
type EnqueueResult struct {
	Enqueued   int64 // new messages in the task stream
	Duplicates int64 // tasks the stream already had within its duplicate window
	Failed     int64 // tasks whose publication failed
}

// Enqueue streams tasks into the queue: a flow pipeline from the task
// iterator through an encoding stage into a Sink. It stops at the first
// task the iterator cannot read or whose id TaskMsg refuses, and returns
// that error; a publication
// that fails is counted, the rest go on, and the first such error is
// returned at the end. Tasks already sent stay enqueued in either case.
func (q *Queue) Enqueue(ctx context.Context, tasks iter.Seq2[*task.Task, error]) (EnqueueResult, error) {
	sink := NewSink(ctx, q.JS, SinkOptions{Stream: q.Cfg.Tasks})
	encode := flow.NewStage("encode", func(_ context.Context, t *task.Task) ([]*nats.Msg, error) {
		m, err := q.TaskMsg(t)
		if err != nil {
			return nil, err
		}
		return []*nats.Msg{m}, nil
	})
	_, err := flow.Run(ctx, flow.FromSeq2("tasks", tasks), []streams.Flow{encode}, sink,
		flow.FailFast(), flow.Logger(slog.New(slog.DiscardHandler)))
	var res EnqueueResult
	res.Enqueued, res.Duplicates, res.Failed = sink.Counts()
	if err != nil {
		var se *flow.StageError
		if errors.As(err, &se) {
			err = se.Err
		}
		return res, err
	}
	return res, sink.Err()
}
