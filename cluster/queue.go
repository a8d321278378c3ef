package cluster

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	neturl "net/url"
	"strconv"
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
// for ever once made. opts add to the connection's options, such as
// those of Auth.Options.
// No error of Connect holds the URL's password: it names the server by
// Redact(url) and has the password cut from what nats.go says.
func Connect(ctx context.Context, url, name string, opts ...nats.Option) (*nats.Conn, jetstream.JetStream, error) {
	shown := Redact(url)
	opts = append([]nats.Option{nats.Name(name), nats.Timeout(5 * time.Second), nats.MaxReconnects(-1),
		nats.ReconnectWait(time.Second)}, opts...)
	nc, err := nats.Connect(url, opts...)
	if err != nil {
		return nil, nil, redactErr(url, fmt.Errorf("cannot connect to NATS at %s: %w", shown, err))
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, nil, redactErr(url, err)
	}
	actx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if _, err := js.AccountInfo(actx); err != nil {
		nc.Close()
		if errors.Is(err, jetstream.ErrJetStreamNotEnabled) || errors.Is(err, jetstream.ErrJetStreamNotEnabledForAccount) {
			return nil, nil, fmt.Errorf("NATS at %s has no JetStream: start nats-server with -js", shown)
		}
		return nil, nil, redactErr(url, fmt.Errorf("NATS at %s: %w", shown, err))
	}
	return nc, js, nil
}

// Redact returns a NATS URL, or a comma-separated list of them as
// nats.Connect takes, with the password of each replaced by "xxxxx"
// (url.URL.Redacted), for messages and logs. A URL that does not parse
// as one with a password, such as one without a scheme, has its password
// cut by hand, the same way.
func Redact(urls string) string {
	parts := strings.Split(urls, ",")
	for i, p := range parts {
		if u, err := neturl.Parse(strings.TrimSpace(p)); err == nil {
			if _, has := u.User.Password(); has {
				parts[i] = u.Redacted()
				continue
			}
		}
		if from, to, ok := password(p); ok {
			parts[i] = p[:from] + "xxxxx" + p[to:]
		}
	}
	return strings.Join(parts, ",")
}

// password finds the password of one URL as written, p[from:to]: in the
// authority, which starts after "://" and ends at the first '/', '?' or
// '#', the user part before its last '@', after the user part's first ':'.
func password(p string) (from, to int, ok bool) {
	start := 0
	if k := strings.Index(p, "://"); k >= 0 {
		start = k + 3
	}
	auth := p[start:]
	if k := strings.IndexAny(auth, "/?#"); k >= 0 {
		auth = auth[:k]
	}
	at := strings.LastIndex(auth, "@")
	if at < 0 {
		return 0, 0, false
	}
	colon := strings.Index(auth[:at], ":")
	if colon < 0 {
		return 0, 0, false
	}
	return start + colon + 1, start + at, true
}

// passwords returns the passwords in a URL list, as written and as an
// error may show them: percent-decoded, or escaped by strconv.Quote.
func passwords(urls string) []string {
	var out []string
	for _, p := range strings.Split(urls, ",") {
		from, to, ok := password(p)
		if !ok || from == to {
			continue
		}
		pw := p[from:to]
		q := strconv.Quote(pw)
		out = append(out, pw, q[1:len(q)-1])
		if dec, err := neturl.PathUnescape(pw); err == nil {
			out = append(out, dec)
		}
	}
	return out
}

// redactErr returns err with every password of urls cut from its text,
// still wrapping err for errors.Is and errors.As.
func redactErr(urls string, err error) error {
	msg := strings.ReplaceAll(err.Error(), urls, Redact(urls))
	for _, pw := range passwords(urls) {
		if pw != "" {
			msg = strings.ReplaceAll(msg, pw, "xxxxx")
		}
	}
	if msg == err.Error() {
		return err
	}
	return &redactedError{msg: msg, err: err}
}

// redactedError is an error whose text had a password cut from it.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

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
		// disk's fault, not the result's; a result that does not decode
		// or fails Verify is Termed at once.
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

// token turns a task id into one subject token of fixed length: the
// first 16 bytes of its SHA-256 in hex. A subject built from the id itself
// could exceed the server's control-line limit, which closes the
// connection; the id travels in the Arcflow-Task header instead.
func token(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:16])
}
