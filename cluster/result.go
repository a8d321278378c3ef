package cluster

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/arc/search"
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

// Bucket range: the speed class of a run of 1ns, the fastest measurable,
// and of the longest time.Duration.
var (
	maxBucket = store.Bucket(time.Nanosecond)
	minBucket = store.Bucket(time.Duration(math.MaxInt64))
)

// Verify checks a result as collect must before saving it, since anyone
// who can publish to the results subject can send one: its kind is solver
// or differ; its task id passes store.CheckTaskID; its text parses to
// exactly one program and nothing else, which compiles, and whose
// canonical text (bounded by search.MaxCanonicalLen) has the md5 given as
// its key; its score is between 0 and 1000 per sample, samples being the
// task's sample count when known and store.MaxSamples when samples ≤ 0;
// its bucket is one store.Bucket can give. It returns the program to
// save, its text expanded again from the canonical form, so that what is
// stored is written by arcflow whatever the message held.
func (r *Result) Verify(samples int) (store.Program, error) {
	var none store.Program
	kind, err := r.StoreKind()
	if err != nil {
		return none, err
	}
	if err := store.CheckTaskID(r.Task); err != nil {
		return none, err
	}
	if samples <= 0 {
		samples = store.MaxSamples
	}
	if most := store.ExactScore * samples; r.Score < 0 || r.Score > most {
		return none, fmt.Errorf("score %d: not within 0 and %d (%d samples)", r.Score, most, samples)
	}
	if r.Bucket < minBucket || r.Bucket > maxBucket {
		return none, fmt.Errorf("bucket %d: not within %d and %d", r.Bucket, minBucket, maxBucket)
	}
	f, err := program.ParseString("result", r.Text)
	if err != nil {
		return none, fmt.Errorf("text: %w", err)
	}
	if len(f.Programs) != 1 {
		return none, fmt.Errorf("text: %d programs, want 1", len(f.Programs))
	}
	if strings.TrimSpace(f.Header) != "" {
		return none, fmt.Errorf("text: lines before the program")
	}
	p := f.Programs[0]
	if _, err := program.Compile(p); err != nil {
		return none, fmt.Errorf("text: %w", err)
	}
	if n := program.CanonicalLen(p); n > search.MaxCanonicalLen {
		return none, fmt.Errorf("text: canonical text of %d bytes, over %d", n, search.MaxCanonicalLen)
	}
	e := program.Inline(p)
	if key := program.Key(e.String()); key != r.Key {
		return none, fmt.Errorf("key %.40q is not the md5 of the program's canonical text, %s", r.Key, key)
	}
	text := program.Expand(kind.FuncName(r.Key), e).String()
	return store.Program{Task: r.Task, Key: r.Key, Text: text, Score: r.Score, Bucket: r.Bucket}, nil
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
	r := Result{Kind: k.String(), Task: prog.Task, Key: prog.Key, Score: prog.Score, Bucket: prog.Bucket, Text: prog.Text}
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
