package cluster

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Config names the JetStream streams and consumers of a queue and sets the
// consumer limits used when they are created.
type Config struct {
	Tasks         string // stream of tasks, work-queue retention
	TaskSubject   string // subject tasks are published on
	Workers       string // durable pull consumer shared by the workers
	Results       string // stream of validated programs, work-queue retention
	ResultSubject string // prefix: a result goes to <prefix>.<task>
	Collector     string // durable pull consumer of collect
	Dead          string // dead-letter stream
	DeadSubject   string // prefix: a dead task goes to <prefix>.<task>

	AckWait    time.Duration // a held task is redelivered after this without an ack or InProgress
	MaxDeliver int           // deliveries of a task at most; it runs at most MaxDeliver-1 times
	Duplicates time.Duration // duplicate window of every stream, for Nats-Msg-Id
	Replicas   int           // stream replicas, for a clustered server; 0 for 1
}

// DefaultConfig is the queue every command uses unless told otherwise.
func DefaultConfig() Config {
	return Config{
		Tasks: "ARCFLOW_TASKS", TaskSubject: "arcflow.tasks", Workers: "arcflow-workers",
		Results: "ARCFLOW_RESULTS", ResultSubject: "arcflow.results", Collector: "arcflow-collect",
		Dead: "ARCFLOW_DEAD", DeadSubject: "arcflow.dead",
		AckWait: 30 * time.Second, MaxDeliver: 5, Duplicates: 5 * time.Minute,
	}
}

// Headers set on task, result and dead-letter messages.
const (
	HeaderTask       = "Arcflow-Task"       // the task id
	HeaderError      = "Arcflow-Error"      // why a task was dead-lettered
	HeaderDeliveries = "Arcflow-Deliveries" // how often it had been delivered
	HeaderStreamSeq  = "Arcflow-Stream-Seq" // its sequence in the task stream
)

// Connect dials a NATS server for the command name and checks that it
// serves JetStream; its errors fit on one line. The connection reconnects
// for ever once made.
func Connect(ctx context.Context, url, name string) (*nats.Conn, jetstream.JetStream, error) {
	nc, err := nats.Connect(url, nats.Name(name), nats.Timeout(5*time.Second), nats.MaxReconnects(-1),
		nats.ReconnectWait(time.Second))
	if err != nil {
		return nil, nil, fmt.Errorf("cannot connect to NATS at %s: %w", url, err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, nil, err
	}
	actx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if _, err := js.AccountInfo(actx); err != nil {
		nc.Close()
		if errors.Is(err, jetstream.ErrJetStreamNotEnabled) || errors.Is(err, jetstream.ErrJetStreamNotEnabledForAccount) {
			return nil, nil, fmt.Errorf("NATS at %s has no JetStream: start nats-server with -js", url)
		}
		return nil, nil, fmt.Errorf("NATS at %s: %w", url, err)
	}
	return nc, js, nil
}

// Queue is an open queue: its streams exist.
type Queue struct {
	JS  jetstream.JetStream
	Cfg Config
}

// Open makes the queue's streams and consumers where they are missing,
// with cfg's limits; those that exist are left as they are (see
// SetLimits).
func Open(ctx context.Context, js jetstream.JetStream, cfg Config) (*Queue, error) {
	if cfg.MaxDeliver < 2 {
		return nil, fmt.Errorf("cluster: MaxDeliver %d: want at least 2 (one run and the dead-letter delivery)", cfg.MaxDeliver)
	}
	if cfg.AckWait < time.Second {
		return nil, fmt.Errorf("cluster: AckWait %v: want at least 1s", cfg.AckWait)
	}
	q := &Queue{JS: js, Cfg: cfg}
	streams := []jetstream.StreamConfig{
		{Name: cfg.Tasks, Subjects: []string{cfg.TaskSubject}, Retention: jetstream.WorkQueuePolicy,
			Description: "arcflow tasks, one JSON line each"},
		{Name: cfg.Results, Subjects: []string{cfg.ResultSubject + ".>"}, Retention: jetstream.WorkQueuePolicy,
			Description: "arcflow validated programs, for collect"},
		{Name: cfg.Dead, Subjects: []string{cfg.DeadSubject + ".>"}, Retention: jetstream.LimitsPolicy,
			Description: "arcflow tasks that kept failing"},
	}
	for _, sc := range streams {
		sc.Storage = jetstream.FileStorage
		sc.Duplicates = cfg.Duplicates
		sc.Replicas = max(cfg.Replicas, 1)
		if err := ensureStream(ctx, js, sc); err != nil {
			return nil, err
		}
	}
	consumers := []struct {
		stream string
		cc     jetstream.ConsumerConfig
	}{
		{cfg.Tasks, jetstream.ConsumerConfig{Durable: cfg.Workers, AckPolicy: jetstream.AckExplicitPolicy,
			AckWait: cfg.AckWait, MaxDeliver: cfg.MaxDeliver, MaxAckPending: -1, Description: "arcflow workers"}},
		// Results are retried until they are saved: a failed save is the
		// disk's fault, not the result's, and a result that does not
		// decode is Termed at once.
		{cfg.Results, jetstream.ConsumerConfig{Durable: cfg.Collector, AckPolicy: jetstream.AckExplicitPolicy,
			AckWait: cfg.AckWait, MaxDeliver: -1, MaxAckPending: -1, Description: "arcflow collect"}},
	}
	for _, c := range consumers {
		if _, err := js.Consumer(ctx, c.stream, c.cc.Durable); err == nil {
			continue
		} else if !errors.Is(err, jetstream.ErrConsumerNotFound) {
			return nil, fmt.Errorf("consumer %s: %w", c.cc.Durable, err)
		}
		_, err := js.CreateConsumer(ctx, c.stream, c.cc)
		if err != nil && !errors.Is(err, jetstream.ErrConsumerExists) { // another machine won the race
			return nil, fmt.Errorf("create consumer %s: %w", c.cc.Durable, err)
		}
	}
	return q, nil
}

// ensureStream creates a stream unless it exists, and checks that an
// existing one is of the kind the queue needs.
func ensureStream(ctx context.Context, js jetstream.JetStream, sc jetstream.StreamConfig) error {
	s, err := js.Stream(ctx, sc.Name)
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		_, err = js.CreateStream(ctx, sc)
		if errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) {
			s, err = js.Stream(ctx, sc.Name) // created meanwhile by another machine
		} else if err != nil {
			return fmt.Errorf("create stream %s: %w", sc.Name, err)
		} else {
			return nil
		}
	}
	if err != nil {
		return fmt.Errorf("stream %s: %w", sc.Name, err)
	}
	if got := s.CachedInfo().Config.Retention; got != sc.Retention {
		return fmt.Errorf("stream %s exists with %v retention, want %v", sc.Name, got, sc.Retention)
	}
	return nil
}

// SetLimits changes the AckWait and MaxDeliver of the workers' consumer;
// zero leaves a value as it is. Workers read them when they start.
func (q *Queue) SetLimits(ctx context.Context, ackWait time.Duration, maxDeliver int) error {
	c, err := q.JS.Consumer(ctx, q.Cfg.Tasks, q.Cfg.Workers)
	if err != nil {
		return err
	}
	cc := c.CachedInfo().Config
	if (ackWait == 0 || cc.AckWait == ackWait) && (maxDeliver == 0 || cc.MaxDeliver == maxDeliver) {
		return nil
	}
	if ackWait != 0 {
		if ackWait < time.Second {
			return fmt.Errorf("ack wait %v: want at least 1s", ackWait)
		}
		cc.AckWait = ackWait
	}
	if maxDeliver != 0 {
		if maxDeliver < 2 {
			return fmt.Errorf("max deliver %d: want at least 2", maxDeliver)
		}
		cc.MaxDeliver = maxDeliver
	}
	_, err = q.JS.UpdateConsumer(ctx, q.Cfg.Tasks, cc)
	return err
}

// token turns a task id into one subject token: ids made of letters,
// digits, '-' and '_' stay as they are, others are hex-encoded behind '~'.
func token(id string) string {
	ok := id != ""
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			ok = false
			break
		}
	}
	if ok {
		return id
	}
	var b strings.Builder
	b.WriteByte('~')
	for _, c := range []byte(id) {
		fmt.Fprintf(&b, "%02x", c)
	}
	return b.String()
}
