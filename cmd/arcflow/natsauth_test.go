package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/arcflow/arcflow/cluster/clustertest"
)

// TestNATSAuthFlags: every queue command authenticates with an nkey seed
// (--nats-nkey or $ARCFLOW_NATS_NKEY) and reaches a TLS server with its
// authority (--nats-ca, and --nats-cert/--nats-key where the server
// verifies clients); a wrong seed, no seed, no authority or conflicting
// flags are refused with a clear error and exit 1 (issue 14, item 10).
func TestNATSAuthFlags(t *testing.T) {
	nkeyURL, seed := clustertest.NKeyServer(t)
	wrong := clustertest.NKeySeed(t)
	tlsURL, files := clustertest.TLSServer(t, false)
	mtlsURL, mfiles := clustertest.TLSServer(t, true)
	dir := t.TempDir()
	tasks := sampleJSONL(t, []string{"67a3c6ac"}, 0, "")
	storeDir := filepath.Join(dir, "store")
	cases := []struct {
		name string
		env  string // $ARCFLOW_NATS_NKEY
		args []string
		code int
		want string // on stdout or stderr
	}{
		{"enqueue with the seed", "", []string{"enqueue", "--nats", nkeyURL, "--nats-nkey", seed, "--tasks", tasks}, 0, "1 tasks enqueued"},
		{"worker with the seed", "", append([]string{"worker", "--nats", nkeyURL, "--nats-nkey", seed, "--drain"}, cheapRun...), 0, "1 tasks acked"},
		{"collect with the seed", "", []string{"collect", "--nats", nkeyURL, "--nats-nkey", seed, "--drain", "--quiet", "--store", storeDir}, 0, "new programs"},
		{"queue-status with the seed from the environment", seed, []string{"queue-status", "--nats", nkeyURL}, 0, "pending:        0"},
		{"a wrong seed", "", []string{"queue-status", "--nats", nkeyURL, "--nats-nkey", wrong}, 1, "Authorization Violation"},
		{"no seed", "", []string{"enqueue", "--nats", nkeyURL, "--tasks", tasks}, 1, "Authorization Violation"},
		{"seed and credentials", "", []string{"worker", "--nats", nkeyURL, "--nats-nkey", seed, "--nats-creds", seed}, 1, "--nats-creds and --nats-nkey each say who connects: give one"},
		{"a seed file that is none", "", []string{"collect", "--nats", nkeyURL, "--nats-nkey", tasks, "--store", storeDir}, 1, "--nats-nkey " + tasks},
		{"TLS with its authority", "", []string{"queue-status", "--nats", tlsURL, "--nats-ca", files.CA}, 0, "no queue at"},
		{"TLS without its authority", "", []string{"queue-status", "--nats", tlsURL}, 1, "certificate signed by unknown authority"},
		{"TLS with a client certificate", "", []string{"queue-status", "--nats", mtlsURL, "--nats-ca", mfiles.CA, "--nats-cert", mfiles.Cert, "--nats-key", mfiles.Key}, 0, "no queue at"},
		{"TLS without the client certificate", "", []string{"queue-status", "--nats", mtlsURL, "--nats-ca", mfiles.CA}, 1, "cannot connect"},
		{"a certificate without its key", "", []string{"queue-status", "--nats", mtlsURL, "--nats-cert", mfiles.Cert}, 1, "--nats-cert and --nats-key go together"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("ARCFLOW_NATS_NKEY", c.env)
			code, out, stderr := run(t, c.args...)
			if code != c.code || !strings.Contains(out+stderr, c.want) {
				t.Errorf("exit %d, want %d and %q; stdout %q, stderr %q", code, c.code, c.want, out, stderr)
			}
		})
	}
}
