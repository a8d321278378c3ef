package dsl

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestPackedSortsAgree: the packed-key sorts give the comparison order,
// including negative and out-of-range coordinates (the fallback).
func TestPackedSortsAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		n := rng.IntN(60)
		span := []int{3, 40, 1 << 20, 1 << 30}[round%4]
		ps := make([]Point, n)
		cs := make([]Cell, n)
		for k := range n {
			ps[k] = Point{I: rng.IntN(2*span) - span, J: rng.IntN(2*span) - span}
			cs[k] = Cell{I: ps[k].I, J: rng.IntN(5) - 2, C: rng.IntN(2*span) - span}
		}
		wantP := slices.Clone(ps)
		slices.SortFunc(wantP, comparePoints)
		wantC := slices.Clone(cs)
		slices.SortFunc(wantC, compareCells)
		gotP, gotC := NewIndices(slices.Clone(ps)), NewObject(slices.Clone(cs))
		if !slices.Equal(gotP, Indices(slices.Compact(wantP))) {
			t.Fatalf("points %v: got %v", ps, gotP)
		}
		if !slices.Equal(gotC, Object(slices.Compact(wantC))) {
			t.Fatalf("cells %v: got %v", cs, gotC)
		}
	}
}
