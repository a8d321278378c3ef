// Package clustertest runs NATS servers for the tests of arcflow's
// scale-out, in the test's own process.
package clustertest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nkeys"
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

// NKeyServer is Server with JetStream that admits one user, known by an
// nkey: it returns the server's URL and a file holding the user's seed,
// which a client signs the server's challenge with.
func NKeyServer(t testing.TB) (url, seedFile string) {
	t.Helper()
	pub, seedFile := nkeyUser(t)
	s := start(t, server.Options{JetStream: true, Nkeys: []*server.NkeyUser{{Nkey: pub}}})
	return s.ClientURL(), seedFile
}

// NKeySeed returns a file holding the seed of a new nkey user that no
// server of this package admits.
func NKeySeed(t testing.TB) string {
	t.Helper()
	_, seedFile := nkeyUser(t)
	return seedFile
}

func nkeyUser(t testing.TB) (pub, seedFile string) {
	t.Helper()
	kp, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	seed, _ := kp.Seed()
	pub, _ = kp.PublicKey()
	seedFile = filepath.Join(t.TempDir(), "user.nk")
	if err := os.WriteFile(seedFile, append(seed, '\n'), 0o600); err != nil {
		t.Fatal(err)
	}
	return pub, seedFile
}

// TLSFiles are the PEM files of a TLSServer: the authority that signed
// the server's and the client's certificates, and the client's
// certificate and key.
type TLSFiles struct {
	CA, Cert, Key string
}

// TLSServer is Server with JetStream that speaks TLS only, with a
// certificate for 127.0.0.1 signed by a new authority; with verify it
// also wants a client certificate that authority signed. It returns the
// URL (nats://, as users write it: the client's TLS options make it TLS)
// and the files a client needs.
func TLSServer(t testing.TB, verify bool) (string, TLSFiles) {
	t.Helper()
	dir := t.TempDir()
	caKey, caCert := newCert(t, nil, nil, "arcflow test CA", 0)
	write := func(name string, der []byte, typ string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	keyDER := func(k *ecdsa.PrivateKey) []byte {
		b, err := x509.MarshalECPrivateKey(k)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	srvKey, srvCert := newCert(t, caKey, caCert, "127.0.0.1", x509.ExtKeyUsageServerAuth)
	cliKey, cliCert := newCert(t, caKey, caCert, "arcflow test client", x509.ExtKeyUsageClientAuth)
	files := TLSFiles{
		CA:   write("ca.pem", caCert.Raw, "CERTIFICATE"),
		Cert: write("client.pem", cliCert.Raw, "CERTIFICATE"),
		Key:  write("client-key.pem", keyDER(cliKey), "EC PRIVATE KEY"),
	}
	tc, err := server.GenTLSConfig(&server.TLSConfigOpts{
		CertFile: write("server.pem", srvCert.Raw, "CERTIFICATE"),
		KeyFile:  write("server-key.pem", keyDER(srvKey), "EC PRIVATE KEY"),
		CaFile:   files.CA,
		Verify:   verify,
	})
	if err != nil {
		t.Fatal(err)
	}
	s := start(t, server.Options{JetStream: true, TLS: true, TLSVerify: verify, TLSConfig: tc, TLSTimeout: 5})
	return "nats://" + s.Addr().String(), files
}

// newCert makes a key and a certificate for name, signed by the parent's
// key, or a self-signed authority when parent is nil.
func newCert(t testing.TB, parentKey *ecdsa.PrivateKey, parent *x509.Certificate, name string, usage x509.ExtKeyUsage) (*ecdsa.PrivateKey, *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: name},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
	}
	if parent == nil {
		tmpl.IsCA, tmpl.BasicConstraintsValid = true, true
		tmpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature
		parent, parentKey = tmpl, key
	} else {
		tmpl.KeyUsage = x509.KeyUsageDigitalSignature
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{usage}
		if ip := net.ParseIP(name); ip != nil {
			tmpl.IPAddresses = []net.IP{ip}
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, parentKey)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return key, cert
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
