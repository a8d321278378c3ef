package search

import (
	"testing"

	"github.com/arcflow/arcflow/arc/dsl"
)

// TestHashTables: the cached hashes of ints, points and cells are the
// computed ones, inside the tables and at their edges, and a point hashes
// as the tuple of its two ints.
func TestHashTables(t *testing.T) {
	for n := -300; n < 300; n++ {
		if hashInt(n) != hashIntMixed(n) {
			t.Fatalf("hashInt(%d) = %#x, want %#x", n, hashInt(n), hashIntMixed(n))
		}
	}
	for i := -2; i < 34; i++ {
		for j := -2; j < 34; j++ {
			want, _ := hashSmallTuple(dsl.Tuple{i, j})
			if got := hashPoint(i, j); got != want {
				t.Fatalf("hashPoint(%d, %d) = %#x, want %#x", i, j, got, want)
			}
			for c := -1; c <= 10; c++ {
				cell := dsl.Cell{I: i, J: j, C: c}
				if got, want := hashCell(cell), hashCellMixed(cell); got != want {
					t.Fatalf("hashCell(%v) = %#x, want %#x", cell, got, want)
				}
			}
		}
	}
}
