package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/arcflow/arcflow/cluster"
)

// natsFlags are the flags of every queue command: worker, enqueue,
// collect and queue-status.
type natsFlags struct {
	url  string
	auth cluster.Auth
}

func (n *natsFlags) register(fs *flag.FlagSet) {
	url := os.Getenv("ARCFLOW_NATS")
	if url == "" {
		url = nats.DefaultURL
	}
	n.url = url
	fs.Var((*shownURL)(&n.url), "nats", "NATS server URL, with JetStream (default from $ARCFLOW_NATS)")
	fs.StringVar(&n.auth.Creds, "nats-creds", os.Getenv("ARCFLOW_NATS_CREDS"), "NATS credentials file (user JWT and nkey seed, as nsc writes it) (default from $ARCFLOW_NATS_CREDS)")
	fs.StringVar(&n.auth.NKey, "nats-nkey", os.Getenv("ARCFLOW_NATS_NKEY"), "file holding the NATS user's nkey seed (SU…) (default from $ARCFLOW_NATS_NKEY)")
	fs.StringVar(&n.auth.CA, "nats-ca", os.Getenv("ARCFLOW_NATS_CA"), "PEM file of the authority that signed the NATS server's certificate: the connection is TLS and checks it (default from $ARCFLOW_NATS_CA)")
	fs.StringVar(&n.auth.Cert, "nats-cert", os.Getenv("ARCFLOW_NATS_CERT"), "PEM client certificate, for a NATS server that verifies clients (default from $ARCFLOW_NATS_CERT)")
	fs.StringVar(&n.auth.Key, "nats-key", os.Getenv("ARCFLOW_NATS_KEY"), "PEM key of --nats-cert (default from $ARCFLOW_NATS_KEY)")
}

// connect connects to the server with the credentials and TLS the flags
// give. Close the connection when done.
func (n *natsFlags) connect(ctx context.Context, name string) (*nats.Conn, jetstream.JetStream, error) {
	opts, err := n.auth.Options()
	if err != nil {
		return nil, nil, err
	}
	return cluster.Connect(ctx, n.url, name, opts...)
}

// shownURL is a NATS URL flag whose value, as help shows its default,
// has its password redacted.
type shownURL string

func (u *shownURL) String() string     { return cluster.Redact(string(*u)) }
func (u *shownURL) Set(s string) error { *u = shownURL(s); return nil }

// open connects and makes the queue's streams and consumers where they
// are missing. Close the connection when done.
func (n *natsFlags) open(ctx context.Context, name string, cfg cluster.Config) (*nats.Conn, *cluster.Queue, error) {
	nc, js, err := n.connect(ctx, name)
	if err != nil {
		return nil, nil, err
	}
	q, err := cluster.Open(ctx, js, cfg)
	if err != nil {
		nc.Close()
		return nil, nil, err
	}
	return nc, q, nil
}

func runQueueStatus(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("queue-status", stderr)
	var nf natsFlags
	nf.register(fs)
	asJSON := fs.Bool("json", false, "print the counts as one JSON object")
	dead := fs.Int("dead", 0, "also list up to this many dead-lettered tasks with their errors")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	nc, js, err := nf.connect(ctx, "arcflow queue-status")
	if err != nil {
		return err
	}
	defer nc.Close()
	st, err := cluster.QueueStatus(ctx, js, cluster.DefaultConfig())
	if err != nil {
		return err
	}
	var letters []cluster.DeadLetter
	if *dead > 0 {
		if letters, err = cluster.DeadLetters(ctx, js, cluster.DefaultConfig(), *dead); err != nil {
			return err
		}
	}
	if *asJSON {
		return json.NewEncoder(stdout).Encode(struct {
			*cluster.Status
			Dead []cluster.DeadLetter `json:"dead,omitempty"`
		}{st, letters})
	}
	if !st.Exists {
		fmt.Fprintf(stdout, "no queue at %s yet: nothing was enqueued\n", cluster.Redact(nf.url))
		return nil
	}
	fmt.Fprintf(stdout, "pending:        %d tasks not yet delivered\n", st.Pending)
	fmt.Fprintf(stdout, "in flight:      %d tasks delivered, not yet acked\n", st.InFlight)
	fmt.Fprintf(stdout, "redelivered:    %d unacked tasks delivered more than once\n", st.Redelivered)
	fmt.Fprintf(stdout, "dead-lettered:  %d tasks\n", st.DeadLettered)
	if st.Stuck > 0 {
		fmt.Fprintf(stdout, "stuck:          %d tasks past max deliver, not dead-lettered\n", st.Stuck)
	}
	fmt.Fprintf(stdout, "results:        %d waiting for collect\n", st.Results)
	fmt.Fprintf(stdout, "idle pulls:     %d\n", st.Waiting)
	if st.MaxDeliver != 0 {
		fmt.Fprintf(stdout, "consumer:       ack wait %v, max deliver %d\n", st.AckWait, st.MaxDeliver)
	}
	for _, d := range letters {
		fmt.Fprintf(stdout, "dead %s %s after %s deliveries: %s\n", d.Time.Format(time.RFC3339), d.Task, d.Deliveries, d.Error)
	}
	return nil
}
