package cluster

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/arcflow/arcflow/cluster/clustertest"
)

// startServer runs a NATS server with JetStream in this process, its
// store in a temporary directory, and returns its URL.
func startServer(t *testing.T) string { return clustertest.Server(t, true) }

var natsBinary struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// buildNATSServer builds the nats-server command of the module graph
// once per test binary; the Go build cache makes later builds cheap.
func buildNATSServer(t *testing.T) string {
	t.Helper()
	b := &natsBinary
	b.once.Do(func() {
		b.dir, b.err = os.MkdirTemp("", "arcflow-nats-server-")
		if b.err != nil {
			return
		}
		goCmd, err := exec.LookPath("go")
		if err != nil {
			goCmd = filepath.Join(runtime.GOROOT(), "bin", "go")
		}
		b.path = filepath.Join(b.dir, "nats-server")
		cmd := exec.Command(goCmd, "build", "-o", b.path, "github.com/nats-io/nats-server/v2")
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.err = fmt.Errorf("go build nats-server: %v\n%s", err, out)
		}
	})
	if b.err != nil {
		t.Fatal(b.err)
	}
	return b.path
}

// startServerProcess runs nats-server as a separate process with
// JetStream on a free loopback port and returns its URL.
func startServerProcess(t *testing.T) string {
	t.Helper()
	bin := buildNATSServer(t)
	var lastErr error
	for range 3 { // a free port may be taken before the server binds it
		port := freePort(t)
		var out bytes.Buffer
		cmd := exec.Command(bin, "-a", "127.0.0.1", "-p", strconv.Itoa(port), "-js", "-sd", t.TempDir())
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		url := fmt.Sprintf("nats://127.0.0.1:%d", port)
		if err := waitReady(url, exited); err != nil {
			cmd.Process.Kill()
			<-exited
			lastErr = fmt.Errorf("%v\n%s", err, out.String())
			continue
		}
		t.Cleanup(func() {
			cmd.Process.Kill()
			<-exited
		})
		return url
	}
	t.Fatal(lastErr)
	return ""
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// waitReady waits until the server answers a JetStream request.
func waitReady(url string, exited <-chan error) error {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			return fmt.Errorf("nats-server exited: %v", err)
		default:
		}
		if nc, err := nats.Connect(url, nats.Timeout(time.Second)); err == nil {
			js, _ := jetstream.New(nc)
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			_, err = js.AccountInfo(ctx)
			cancel()
			nc.Close()
			if err == nil {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("nats-server at %s not ready after 30s", url)
}

// connect opens a connection and a queue for a test.
func connect(t *testing.T, url string, cfg Config) (*nats.Conn, *Queue) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	nc, js, err := Connect(ctx, url, "arcflow test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	q, err := Open(ctx, js, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return nc, q
}
