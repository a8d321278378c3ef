package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/arc/sample"
	"github.com/arcflow/arcflow/arc/search"
	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/store"
)

// resultOf returns a result carrying src's one program as the pipeline
// would: its canonical expansion, keyed by the md5 of its canonical text.
func resultOf(t *testing.T, kind, task, src string, score int) *Result {
	t.Helper()
	f, err := program.ParseString("test", src)
	if err != nil || len(f.Programs) != 1 {
		t.Fatalf("%q: %v", src, err)
	}
	e := program.Inline(f.Programs[0])
	key := program.Key(e.String())
	prefix := "solve_"
	if kind == "differ" {
		prefix = "differ_"
	}
	return &Result{Kind: kind, Task: task, Key: key, Score: score, Bucket: 12,
		Text: program.Expand(prefix+key, e).String()}
}

// doubling is a program of n lines, each using the previous one twice:
// its canonical text has about 2ⁿ bytes.
func doubling(n int) string {
	var b strings.Builder
	b.WriteString("def solve_x(I):\n    x1 = hconcat(I, I)\n")
	for k := 2; k <= n; k++ {
		fmt.Fprintf(&b, "    x%d = hconcat(x%d, x%d)\n", k, k-1, k-1)
	}
	fmt.Fprintf(&b, "    return x%d\n", n)
	return b.String()
}

const mirror = "def solve_x(I):\n    O = vmirror(I)\n    return O\n"

// TestStoreScoreMatchesSearch: the store's bound on scores counts samples
// as the search scores them.
func TestStoreScoreMatchesSearch(t *testing.T) {
	if store.ExactScore != search.Exact {
		t.Errorf("store.ExactScore %d, search.Exact %d", store.ExactScore, search.Exact)
	}
}

// TestVerify: a result is accepted only with a kind, a task id the store
// takes, a text of exactly one compiling program whose canonical md5 is
// its key, and a possible score and bucket (issue 14, item 1).
func TestVerify(t *testing.T) {
	good := resultOf(t, "solver", "007bbfb7", mirror, 4000)
	other := resultOf(t, "solver", "007bbfb7", "def solve_y(I):\n    O = hmirror(I)\n    return O\n", 4000)
	with := func(f func(r *Result)) *Result {
		r := *good
		f(&r)
		return &r
	}
	cases := []struct {
		name    string
		r       *Result
		samples int
		want    string // "" for accepted, else part of the reason
	}{
		{"good", good, 0, ""},
		{"good differ", resultOf(t, "differ", "007bbfb7", mirror, 10), 0, ""},
		{"good, within the task's samples", good, 4, ""},
		{"score over the task's samples", good, 3, "not within 0 and 3000"},
		{"score at the cap", with(func(r *Result) { r.Score = store.MaxScore }), 0, ""},
		{"score over the cap", with(func(r *Result) { r.Score = store.MaxScore + 1 }), 0, "not within 0 and 64000"},
		{"forged score", with(func(r *Result) { r.Score = 2147483647 }), 0, "not within"},
		{"negative score", with(func(r *Result) { r.Score = -1 }), 0, "not within"},
		{"forged bucket", with(func(r *Result) { r.Bucket = 1 << 30 }), 0, "bucket"},
		{"kind", with(func(r *Result) { r.Kind = "evil" }), 0, "kind"},
		{"task with a slash", with(func(r *Result) { r.Task = "../../etc" }), 0, "bad task id"},
		{"task over the store's limit", with(func(r *Result) { r.Task = strings.Repeat("a", 5000) }), 0, "bad task id"},
		{"task with a line break", with(func(r *Result) { r.Task = "a\nb" }), 0, "bad task id"},
		{"key of another program", with(func(r *Result) { r.Key = other.Key }), 0, "not the md5"},
		{"key no md5", with(func(r *Result) { r.Key = "0123456789abcdef0123456789abcdef" }), 0, "not the md5"},
		{"text no program", with(func(r *Result) { r.Text = "import os\nos.system('touch /tmp/pwned')\n" }), 0, "0 programs"},
		{"text with lines before", with(func(r *Result) { r.Text = "import os\n" + good.Text }), 0, "lines before"},
		{"two programs", with(func(r *Result) { r.Text = good.Text + "\n" + other.Text }), 0, "2 programs"},
		{"no parse", with(func(r *Result) { r.Text = "def solve_x(I):\n    O = nosuch(I)\n    return O\n" }), 0, "text:"},
		{"no compile", with(func(r *Result) { r.Text = "def solve_x(I):\n    O = vmirror(I, I)\n    return O\n" }), 0, "takes 1 arguments"},
		{"canonical text too long", with(func(r *Result) { r.Text = doubling(64) }), 0, "over 1048576"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := c.r.Verify(c.samples)
			switch {
			case c.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case c.want != "" && err == nil:
				t.Errorf("accepted, want refused for %q", c.want)
			case c.want != "" && !strings.Contains(err.Error(), c.want):
				t.Errorf("refused for %v, want %q", err, c.want)
			case c.want == "" && (p.Key != c.r.Key || p.Task != c.r.Task || p.Score != c.r.Score):
				t.Errorf("program %+v for result %+v", p, c.r)
			}
		})
	}
	// The stored text is arcflow's expansion, whatever the message held.
	commented := with(func(r *Result) { r.Text = strings.Replace(good.Text, "\n", "\n    # hello\n", 1) })
	if p, err := commented.Verify(0); err != nil || p.Text != good.Text {
		t.Errorf("commented text: %v, stored as %q", err, p.Text)
	}
}

// TestTokenIsFixedLength: subjects built from task ids have one length
// whatever the id, distinct for distinct ids (issue 14, item 2).
func TestTokenIsFixedLength(t *testing.T) {
	seen := map[string]string{}
	for _, id := range []string{"a", "007bbfb7", "a.b", "a b", "~", strings.Repeat("x", 300), strings.Repeat("x", 5000), strings.Repeat("x", 5001)} {
		tok := token(id)
		if len(tok) != 32 || strings.ContainsAny(tok, ".*> \t") {
			t.Errorf("token of %d bytes: %q", len(id), tok)
		}
		if prev, dup := seen[tok]; dup {
			t.Errorf("ids of %d and %d bytes share token %s", len(prev), len(id), tok)
		}
		seen[tok] = id
	}
}

// publishResult publishes a hand-made result message, as anyone with
// access to the server can.
func publishResult(t *testing.T, js jetstream.JetStream, cfg Config, body []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := js.Publish(ctx, cfg.ResultSubject+".forged", body); err != nil {
		t.Fatal(err)
	}
}

// TestCollectRefusesForgedResults: forged results are never stored, and
// each is settled once with its reason instead of coming back for ever,
// so that collect --drain ends (issue 14, items 1 and 5).
func TestCollectRefusesForgedResults(t *testing.T) {
	url := startServer(t)
	cfg := DefaultConfig()
	_, q := connect(t, url, cfg)
	good := resultOf(t, "solver", "007bbfb7", mirror, 4000)
	forge := func(f func(r *Result)) []byte {
		r := *good
		f(&r)
		data, _ := json.Marshal(&r)
		return data
	}
	goodData, _ := json.Marshal(good)
	forged := []struct {
		name string
		body []byte
		want string
	}{
		{"code", forge(func(r *Result) { r.Text = "import os\nos.system('touch /tmp/pwned')\n"; r.Task = "evil" }), "0 programs"},
		{"score", forge(func(r *Result) { r.Score = 2147483647 }), "not within"},
		{"score over the task's samples", forge(func(r *Result) { r.Score = 5000 }), "not within 0 and 4000"},
		{"key", forge(func(r *Result) { r.Text = strings.Replace(r.Text, "vmirror", "hmirror", 1) }), "not the md5"},
		{"slash", forge(func(r *Result) { r.Task = "a/b" }), "bad task id"},
		{"dots", forge(func(r *Result) { r.Task = ".." }), "bad task id"},
		{"long id", forge(func(r *Result) { r.Task = strings.Repeat("z", 4000) }), "bad task id"},
		{"kind", []byte(`{"kind":"evil","task":"t","key":"k"}`), "kind"},
		{"no json", []byte("{"), "result:"},
	}
	for _, f := range forged {
		publishResult(t, q.JS, cfg, f.body)
	}
	publishResult(t, q.JS, cfg, goodData)

	dir := t.TempDir()
	st, err := store.Open(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu      sync.Mutex
		reasons []string
	)
	col := &Collector{Queue: q, Store: st, Drain: true, RetryDelay: 50 * time.Millisecond,
		Samples: func(task string) int {
			if task == "007bbfb7" {
				return 4
			}
			return 0
		},
		OnRefused: func(_ uint64, _ *Result, err error) {
			mu.Lock()
			reasons = append(reasons, err.Error())
			mu.Unlock()
		}}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := col.Run(ctx)
	if err != nil {
		t.Fatalf("collect: %v (it did not end: forged results are retried)", err)
	}
	if res.Stored != 1 || res.Refused+res.Bad != int64(len(forged)) || res.Failed != 0 {
		t.Errorf("collect: %+v, want 1 stored and %d refused", res, len(forged))
	}
	for _, f := range forged {
		found := false
		for _, r := range reasons {
			found = found || strings.Contains(r, f.want)
		}
		if !found {
			t.Errorf("%s: no reason %q among %q", f.name, f.want, reasons)
		}
	}
	// Only the good program is in the store, under its own task.
	keys := storeKeys(t, st)
	if want := "solver/007bbfb7/" + good.Key; len(keys) != 1 || !keys[want] {
		t.Errorf("store holds %v, want only %s", keys, want)
	}
	if text, err := st.Read(store.Solvers, good.Key); err != nil || text != good.Text {
		t.Errorf("stored text %q, %v", text, err)
	}
	if status, err := QueueStatus(ctx, q.JS, cfg); err != nil || status.Results != 0 {
		t.Errorf("results left in the queue: %+v %v", status, err)
	}
}

// TestBadTaskIDs: enqueue refuses a task id the store would refuse; a
// worker dead-letters such a task, published by hand, at once and with
// its reason, and goes on with the good ones (issue 14, items 2 and 5).
func TestBadTaskIDs(t *testing.T) {
	url := startServer(t)
	cfg := DefaultConfig()
	cfg.AckWait = 3 * time.Second
	_, q := connect(t, url, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	good, err := sample.Task("67a3c6ac")
	if err != nil {
		t.Fatal(err)
	}
	bad := []string{strings.Repeat("67a3c6ac", 600), "a/b", "..", "a\nb"}
	for _, id := range bad {
		tk := *good
		tk.ID = id
		if _, err := q.TaskMsg(&tk); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("TaskMsg(%.20q…): %v, want a refusal", id, err)
		}
		if res, err := q.Enqueue(ctx, seqOf([]*task.Task{&tk})); !errors.Is(err, store.ErrInvalid) || res.Enqueued != 0 {
			t.Errorf("Enqueue(%.20q…): %+v, %v; want nothing enqueued and a refusal", id, res, err)
		}
		// Forged: the same message TaskMsg would make for a good id.
		tk.ID = "placeholder"
		m, err := q.TaskMsg(&tk)
		if err != nil {
			t.Fatal(err)
		}
		var line map[string]any
		json.Unmarshal(m.Data, &line)
		line["id"] = id
		m.Data, _ = json.Marshal(line)
		m.Header.Del(jetstream.MsgIDHeader)
		m.Header.Del(HeaderTask)
		if _, err := q.JS.PublishMsg(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	if res, err := q.Enqueue(ctx, seqOf([]*task.Task{good})); err != nil || res.Enqueued != 1 {
		t.Fatalf("enqueue: %+v %v", res, err)
	}

	events := runSettled(ctx, t, &Worker{Queue: q, Pipeline: cheapPipeline(), InFlight: 2, RetryDelay: 100 * time.Millisecond, Wait: time.Second, Drain: true})
	var acked, dead int
	for _, e := range events {
		switch {
		case e.Outcome == Acked && e.Task == good.ID:
			acked++
		case e.Outcome == DeadLettered && e.Delivered == 1 && errors.Is(e.Err, store.ErrInvalid):
			dead++
			if len(e.Task) > 80 || strings.ContainsAny(e.Task, "\r\n") {
				t.Errorf("dead-lettered task shown as %q", e.Task)
			}
		default:
			t.Errorf("unexpected %+v", e)
		}
	}
	if acked != 1 || dead != len(bad) {
		t.Errorf("%d acked and %d dead-lettered on their first delivery, want 1 and %d", acked, dead, len(bad))
	}
	if msgs := readStream(t, q.JS, cfg.Dead); len(msgs) != len(bad) {
		t.Errorf("%d dead letters, want %d", len(msgs), len(bad))
	} else {
		for _, m := range msgs {
			if !strings.Contains(m.Header.Get(HeaderError), "bad task id") {
				t.Errorf("dead letter %q without its reason: %q", m.Header.Get(HeaderTask), m.Header.Get(HeaderError))
			}
		}
	}
}

// TestRedact: a NATS URL's password never shows (issue 14, item 10).
func TestRedact(t *testing.T) {
	cases := []struct{ in, want string }{
		{"nats://127.0.0.1:4222", "nats://127.0.0.1:4222"},
		{"nats://user@host:4222", "nats://user@host:4222"},
		{"nats://user:secret@host:4222", "nats://user:xxxxx@host:4222"},
		{"nats://user:xyz@host:4222", "nats://user:xxxxx@host:4222"},
		{"nats://u:p%40ss@host:4222", "nats://u:xxxxx@host:4222"},
		{"nats://a:one@h1:4222,nats://b:two@h2:4222", "nats://a:xxxxx@h1:4222,nats://b:xxxxx@h2:4222"},
		{"nats://user:secret@bad host:4222", "nats://user:xxxxx@bad host:4222"},
		{"user:secret@host:4222", "user:xxxxx@host:4222"},
		{"tls://user:se:cret@host/path", "tls://user:xxxxx@host/path"},
	}
	for _, c := range cases {
		if got := Redact(c.in); got != c.want {
			t.Errorf("Redact(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestConnectHidesThePassword: Connect's errors name the server without
// its password, whatever nats.go says (issue 14, item 10).
func TestConnectHidesThePassword(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	l.Close()
	for _, url := range []string{
		"nats://user:s3cr3tpw@" + closed,
		"nats://user:s3cr3tpw@bad host:4222",
		"nats://user:s3cr3tpw@" + closed + ",nats://other:s3cr3tpw@" + closed,
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		_, _, err := Connect(ctx, url, "test")
		cancel()
		if err == nil {
			t.Fatalf("%s: connected", url)
		}
		if strings.Contains(err.Error(), "s3cr3tpw") || !strings.Contains(err.Error(), "xxxxx") {
			t.Errorf("error shows the password or no redacted URL: %v", err)
		}
		if !strings.Contains(url, "bad host") && !errors.Is(err, nats.ErrNoServers) {
			t.Errorf("the redacted error lost its cause: %v", err)
		}
	}
}
