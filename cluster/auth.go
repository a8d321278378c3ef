package cluster

import (
	"errors"
	"fmt"
	"os"

	"github.com/nats-io/nats.go"
)

// Auth is how a queue command proves who it is to a NATS server and
// checks that the server is the one meant, besides a user and password in
// the URL: a credentials file or an nkey seed, and TLS. Every field is a
// file's path; an empty one is not used.
type Auth struct {
	// Creds is a credentials file, a user's JWT and nkey seed as `nsc`
	// writes them, for a server in operator mode.
	Creds string
	// NKey is a file holding a user's nkey seed (SU…), for a server that
	// lists the user's public key under authorization { users }.
	NKey string
	// CA is a PEM file of the certificate authorities that signed the
	// server's certificate; given, the connection is TLS and a server
	// whose certificate they did not sign is refused.
	CA string
	// Cert and Key are a PEM client certificate and its key, for a server
	// that verifies its clients' certificates (tls { verify: true }).
	Cert, Key string
}

// Options returns the nats.go options that apply a. It checks what it can
// before any connection: that the files can be read, the nkey seed and the
// certificates parsed, and that a has no conflicting fields. Its errors
// name the file and the flag of `arcflow` that sets the field.
func (a Auth) Options() ([]nats.Option, error) {
	if a.Creds != "" && a.NKey != "" {
		return nil, errors.New("--nats-creds and --nats-nkey each say who connects: give one")
	}
	if (a.Cert == "") != (a.Key == "") {
		return nil, errors.New("--nats-cert and --nats-key go together: give both or neither")
	}
	var opts []nats.Option
	if a.Creds != "" {
		// nats.go reads the file at each connection: a file that cannot
		// be read would surface as a failed connection, later and less
		// clearly.
		if _, err := os.ReadFile(a.Creds); err != nil {
			return nil, fmt.Errorf("--nats-creds: %w", err)
		}
		opts = append(opts, nats.UserCredentials(a.Creds))
	}
	if a.NKey != "" {
		o, err := nats.NkeyOptionFromSeed(a.NKey)
		if err != nil {
			return nil, fmt.Errorf("--nats-nkey %s: %w", a.NKey, err)
		}
		opts = append(opts, o)
	}
	if a.CA != "" {
		opts = append(opts, nats.RootCAs(a.CA))
	}
	if a.Cert != "" {
		opts = append(opts, nats.ClientCert(a.Cert, a.Key))
	}
	// RootCAs and ClientCert read their files when applied: apply them
	// to a scratch copy of the options now, so a bad file is an error here.
	var scratch nats.Options
	for _, o := range opts {
		if err := o(&scratch); err != nil {
			return nil, fmt.Errorf("NATS TLS or credentials: %w", err)
		}
	}
	return opts, nil
}
