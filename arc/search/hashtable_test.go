package search

import "testing"

// TestHashTables: the cached hashes of ints and points are the computed
// ones, inside the tables and at their edges.
func TestHashTables(t *testing.T) {
	for n := -300; n < 300; n++ {
		if hashInt(n) != hashIntMixed(n) {
			t.Fatalf("hashInt(%d) = %#x, want %#x", n, hashInt(n), hashIntMixed(n))
		}
	}
	for i := -2; i < 34; i++ {
		for j := -2; j < 34; j++ {
			want := hashTupleEnd(hashStep(hashStep(hashTupleStart, hashIntMixed(i)), hashIntMixed(j)), 2)
			if got := hashPoint(i, j); got != want {
				t.Fatalf("hashPoint(%d, %d) = %#x, want %#x", i, j, got, want)
			}
		}
	}
}
