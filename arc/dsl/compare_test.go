package dsl

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/arcflow/arcflow/arc/grid"
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

// TestGridComparedInPlace: comparing a grid with a tuple-like value of
// another type, and looking for a row in a grid, give what comparing its
// rows built as tuples gives, and build nothing.
func TestGridComparedInPlace(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	randGrid := func() Grid {
		h, w := 1+rng.IntN(4), 1+rng.IntN(4)
		cells := make([]int8, h*w)
		for k := range cells {
			cells[k] = int8(rng.IntN(3))
		}
		return grid.New(h, w, cells)
	}
	rowsOf := func(g Grid) Tuple { return Tuple(Elems(g)) }
	// others returns values a grid may meet: its rows as a tuple (equal),
	// that tuple changed in one cell or cut short, single rows, points,
	// ints and other grids.
	others := func(g Grid) []Value {
		rows := rowsOf(g)
		vs := []Value{rows, rows[:len(rows)-1], rows[0], Point{1, 2}, 7, randGrid(), Tuple{}}
		bent := slices.Clone(rows)
		if r, ok := bent[0].(Tuple); ok {
			r = slices.Clone(r)
			r[len(r)-1] = r[len(r)-1].(int) + 1
			bent[0] = r
		} else {
			p := bent[0].(Point)
			bent[0] = Point{p.I, p.J - 1}
		}
		vs = append(vs, bent, append(slices.Clone(rows), Tuple{0}))
		if p, ok := rows[0].(Point); ok { // two-cell rows are points
			vs = append(vs, Point{p.I, 0})
		}
		return vs
	}
	reference := func(a, b Value) int {
		return slices.CompareFunc(Elems(a), Elems(b), Compare)
	}
	for range 500 {
		g := randGrid()
		for _, v := range others(g) {
			if IsTuple(v) && Kind(v) != Kind(g) {
				if got, want := Compare(g, v), reference(g, v); got != want {
					t.Fatalf("Compare(%v, %v) = %d, want %d", g, v, got, want)
				}
				if got, want := Compare(v, g), reference(v, g); got != want {
					t.Fatalf("Compare(%v, %v) = %d, want %d", v, g, got, want)
				}
			}
			want := false
			for _, r := range Elems(g) {
				want = want || Compare(r, v) == 0
			}
			if got := Contains(g, v); got != want {
				t.Fatalf("Contains(%v, %v) = %v, want %v", g, v, got, want)
			}
		}
	}
	g := grid.New(3, 3, []int8{1, 2, 3, 4, 5, 6, 7, 8, 9})
	var rows Value = rowsOf(g) // boxed once: boxing a slice allocates
	if n := testing.AllocsPerRun(100, func() { Contains(g, g); Compare(rows, g); Contains(g, At(rows, 2)) }); n != 0 {
		t.Errorf("%v allocations comparing a grid in place, want none", n)
	}
}
