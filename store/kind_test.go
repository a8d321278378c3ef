package store

import "testing"

// TestKindString: the names traces and the work queue's results give the
// two halves of the store.
func TestKindString(t *testing.T) {
	if Solvers.String() != "solver" || Differs.String() != "differ" {
		t.Fatalf("Solvers %q, Differs %q", Solvers, Differs)
	}
}
