// Package clustertest runs NATS servers for the tests of arcflow's
// scale-out, in the test's own process.
package clustertest

import (
	"fmt"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// Server runs a NATS server in the test's process, on a free local port,
// with JetStream when jetStream is set (its store in a temporary
// directory), and returns its URL. The server shuts down when the test
// ends.
func Server(t testing.TB, jetStream bool) string {
	t.Helper()
	return start(t, server.Options{JetStream: jetStream}).ClientURL()
}

// AuthServer is Server with JetStream that wants user and password; the
// URL it returns carries them, as nats://user:pass@host:port.
func AuthServer(t testing.TB, user, pass string) string {
	t.Helper()
	s := start(t, server.Options{JetStream: true, Username: user, Password: pass})
	return fmt.Sprintf("nats://%s:%s@%s", user, pass, s.Addr().String())
}

// start runs a server with opts on a free local port, its store in a
// temporary directory, and shuts it down when the test ends.
func start(t testing.TB, opts server.Options) *server.Server {
	t.Helper()
	opts.Host, opts.Port, opts.StoreDir, opts.NoLog, opts.NoSigs = "127.0.0.1", -1, t.TempDir(), true, true
	s, err := server.NewServer(&opts)
	if err != nil {
		t.Fatal(err)
	}
	go s.Start()
	if !s.ReadyForConnections(20 * time.Second) {
		t.Fatal("nats-server did not start")
	}
	t.Cleanup(func() {
		s.Shutdown()
		s.WaitForShutdown()
	})
	return s
}
