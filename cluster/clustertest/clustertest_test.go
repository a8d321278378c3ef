package clustertest_test

import (
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/arcflow/arcflow/cluster/clustertest"
)

// TestServer: the server answers, with JetStream only when asked for.
func TestServer(t *testing.T) {
	for _, js := range []bool{true, false} {
		nc, err := nats.Connect(clustertest.Server(t, js))
		if err != nil {
			t.Fatal(err)
		}
		_, infoErr := nc.Request("$JS.API.INFO", nil, 2*time.Second)
		if js && infoErr != nil {
			t.Errorf("JetStream asked for, but its API does not answer: %v", infoErr)
		}
		if !js && infoErr == nil {
			t.Errorf("JetStream not asked for, but its API answers")
		}
		nc.Close()
	}
}
