package dsl

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestDenseSortMatchesTheSort checks the bitmap path of NewIndices and
// NewObject against sorting and compacting, on sets dense and sparse,
// small and large, with repeats and negative coordinates.
func TestDenseSortMatchesTheSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 500 {
		n := denseMin + rng.IntN(3000)
		span := 1 + rng.IntN(200)
		if trial%5 == 0 {
			span = 1 + rng.IntN(100000) // sparse: the bitmap declines
		}
		ps := make([]Point, n)
		cs := make([]Cell, n)
		for k := range ps {
			ps[k] = Point{I: rng.IntN(span) - span/2, J: rng.IntN(span) - 7}
			cs[k] = Cell{I: ps[k].I, J: ps[k].J, C: rng.IntN(10)}
		}
		wantP := slices.Clone(ps)
		slices.SortFunc(wantP, comparePoints)
		wantP = slices.Compact(wantP)
		wantC := slices.Clone(cs)
		slices.SortFunc(wantC, compareCells)
		wantC = slices.Compact(wantC)
		if got := NewIndices(ps); !slices.Equal(got, wantP) {
			t.Fatalf("trial %d: points differ (%d vs %d)", trial, len(got), len(wantP))
		}
		if got := NewObject(cs); !slices.Equal(got, wantC) {
			t.Fatalf("trial %d: cells differ (%d vs %d)", trial, len(got), len(wantC))
		}
	}
}

func TestDenseDeclinesSparseBoxes(t *testing.T) {
	ps := make([]Point, denseMin)
	for k := range ps {
		ps[k] = Point{I: k * 1000, J: k}
	}
	if _, ok := densePoints(ps); ok {
		t.Error("a box of 64,000 rows for 64 points took the bitmap path")
	}
	for k := range ps {
		ps[k] = Point{I: k % 8, J: k / 8}
	}
	if _, ok := densePoints(ps); !ok {
		t.Error("an 8×8 box of 64 points did not take the bitmap path")
	}
}
