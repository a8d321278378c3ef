package cluster

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/arcflow/arcflow/stages"
	"github.com/arcflow/arcflow/store"
)

// Result is one validated program on its way to the store.
type Result struct {
	Kind   string `json:"kind"` // "solver" or "differ"
	Task   string `json:"task"`
	Key    string `json:"key"` // md5 of the canonical text
	Score  int    `json:"score"`
	Bucket int    `json:"bucket"`
	Text   string `json:"text"`
}

func kindName(k store.Kind) string {
	if k == store.Differs {
		return "differ"
	}
	return "solver"
}

// StoreKind returns the half of the store the result belongs to.
func (r *Result) StoreKind() (store.Kind, error) {
	switch r.Kind {
	case "solver":
		return store.Solvers, nil
	case "differ":
		return store.Differs, nil
	}
	return 0, fmt.Errorf("result kind %q: want solver or differ", r.Kind)
}

// Program returns the result as the store takes it.
func (r *Result) Program() store.Program {
	return store.Program{Task: r.Task, Key: r.Key, Text: r.Text, Score: r.Score, Bucket: r.Bucket}
}

// MsgID is the result's Nats-Msg-Id: kind/task/md5, so that the results
// stream keeps one copy of a program per task within its duplicate window.
func (r *Result) MsgID() string { return r.Kind + "/" + r.Task + "/" + r.Key }

// DecodeResult decodes a result message.
func DecodeResult(data []byte) (*Result, error) {
	var r Result
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("result: %w", err)
	}
	if r.Task == "" || r.Key == "" {
		return nil, fmt.Errorf("result: no task or key")
	}
	if _, err := r.StoreKind(); err != nil {
		return nil, err
	}
	return &r, nil
}

// Publisher is a stages.Saver that publishes each program to the results
// stream and returns once the stream has acknowledged it, so that a task
// whose pipeline has ended has all its results in the stream. It reports
// a program the stream already had (within its duplicate window) as
// store.Present and any other as store.Stored; collect decides what the
// store keeps.
type Publisher struct {
	JS      jetstream.JetStream
	Cfg     Config
	Timeout time.Duration // per publication, retries included; 0 means 10s
}

var _ stages.Saver = (*Publisher)(nil)

// Save publishes one program and waits for its acknowledgement.
func (p *Publisher) Save(k store.Kind, prog store.Program) (store.Saved, error) {
	r := Result{Kind: kindName(k), Task: prog.Task, Key: prog.Key, Score: prog.Score, Bucket: prog.Bucket, Text: prog.Text}
	data, err := json.Marshal(&r)
	if err != nil {
		return 0, err
	}
	m := nats.NewMsg(p.Cfg.ResultSubject + "." + token(r.Task))
	m.Data = data
	m.Header.Set(jetstream.MsgIDHeader, r.MsgID())
	m.Header.Set(HeaderTask, r.Task)
	timeout := p.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	ack, err := p.JS.PublishMsg(ctx, m, jetstream.WithExpectStream(p.Cfg.Results))
	if err != nil {
		return 0, fmt.Errorf("publish result of task %s: %w", r.Task, err)
	}
	if ack.Duplicate {
		return store.Present, nil
	}
	return store.Stored, nil
}
