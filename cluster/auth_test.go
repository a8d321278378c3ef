package cluster

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/arcflow/arcflow/cluster/clustertest"
)

// TestConnectAuth: a server that wants an nkey admits the holder of its
// seed and refuses a wrong seed or none; a TLS server is reached with the
// authority that signed its certificate and refused without it, and one
// that verifies clients wants their certificate (issue 14, item 10).
func TestConnectAuth(t *testing.T) {
	nkeyURL, seed := clustertest.NKeyServer(t)
	tlsURL, files := clustertest.TLSServer(t, false)
	mtlsURL, mfiles := clustertest.TLSServer(t, true)
	otherCA := func() string { _, f := clustertest.TLSServer(t, false); return f.CA }()
	cases := []struct {
		name string
		url  string
		auth Auth
		want string // "" to connect, else part of the error
	}{
		{"nkey", nkeyURL, Auth{NKey: seed}, ""},
		{"wrong nkey", nkeyURL, Auth{NKey: clustertest.NKeySeed(t)}, "uthorization"},
		{"no nkey", nkeyURL, Auth{}, "uthorization"},
		{"TLS with its CA", tlsURL, Auth{CA: files.CA}, ""},
		{"TLS with another CA", tlsURL, Auth{CA: otherCA}, "unknown authority"},
		{"TLS without a CA", tlsURL, Auth{}, "unknown authority"},
		{"client certificate", mtlsURL, Auth{CA: mfiles.CA, Cert: mfiles.Cert, Key: mfiles.Key}, ""},
		{"no client certificate", mtlsURL, Auth{CA: mfiles.CA}, "cannot connect"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			opts, err := c.auth.Options()
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			nc, _, err := Connect(ctx, c.url, "test", opts...)
			switch {
			case c.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case c.want != "" && err == nil:
				t.Errorf("connected, want refused for %q", c.want)
			case c.want != "" && !strings.Contains(err.Error(), c.want):
				t.Errorf("refused for %v, want %q", err, c.want)
			}
			if err != nil {
				t.Log(err)
			}
			if nc != nil {
				nc.Close()
			}
		})
	}
}

// TestAuthOptions: conflicting or unreadable files are errors before any
// connection, naming the flag and the file.
func TestAuthOptions(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing")
	junk := filepath.Join(dir, "junk")
	os.WriteFile(junk, []byte("not a key\n"), 0o600)
	seed := clustertest.NKeySeed(t)
	cases := []struct {
		name string
		auth Auth
		want string
	}{
		{"nothing", Auth{}, ""},
		{"creds and nkey", Auth{Creds: junk, NKey: seed}, "give one"},
		{"cert without key", Auth{Cert: junk}, "give both or neither"},
		{"key without cert", Auth{Key: junk}, "give both or neither"},
		{"missing creds", Auth{Creds: missing}, "--nats-creds: open " + missing},
		{"missing nkey", Auth{NKey: missing}, "--nats-nkey " + missing},
		{"junk nkey", Auth{NKey: junk}, "--nats-nkey " + junk},
		{"missing CA", Auth{CA: missing}, "rootCA"},
		{"junk CA", Auth{CA: junk}, "failed to parse root certificate"},
		{"junk client certificate", Auth{Cert: junk, Key: junk}, "client certificate"},
		{"nkey", Auth{NKey: seed}, ""},
	}
	for _, c := range cases {
		_, err := c.auth.Options()
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}
