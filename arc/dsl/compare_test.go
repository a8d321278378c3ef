package dsl

import (
	"cmp"
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

// TestElemsComparedInPlace: Compare and Equal of two tuples or two sets,
// which compare ints in place and skip shared storage, and of a point or a
// cell with another tuple, whose elements are not built in a new slice,
// agree with
// comparing their elements one by one through Compare, for ints, bools
// (equal to 0 and 1), points, nested tuples, prefixes and shared slices,
// all in canonical form (MakeTuple, MakeSet), as Equal requires.
func TestElemsComparedInPlace(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	elem := func() Value {
		switch rng.IntN(5) {
		case 0:
			return rng.IntN(2) == 0
		case 1:
			return Point{I: rng.IntN(2), J: rng.IntN(2)}
		case 2:
			return MakeTuple([]Value{rng.IntN(2), true, rng.IntN(2)})
		}
		return rng.IntN(3)
	}
	var vals []Value
	for range 300 {
		es := make([]Value, rng.IntN(4))
		for k := range es {
			es[k] = elem()
		}
		// MakeTuple keeps es for a Tuple: the two may share storage.
		vals = append(vals, MakeTuple(es), MakeTuple(es[:len(es)/2]), MakeSet(slices.Clone(es)))
	}
	for i := range 2 {
		for j := range 2 {
			vals = append(vals, Point{I: i, J: j}, Cell{I: i, J: j, C: i + j})
		}
	}
	reference := func(a, b Value) int {
		if IsSet(a) && IsSet(b) && Len(a) != Len(b) {
			return cmp.Compare(Len(a), Len(b))
		}
		return slices.CompareFunc(Elems(a), Elems(b), Compare)
	}
	checked := 0
	for _, a := range vals {
		for _, b := range vals {
			sa, sb := Kind(a) == "set", Kind(b) == "set"
			if !(IsTuple(a) && IsTuple(b)) && !(sa && sb) {
				continue
			}
			want := reference(a, b)
			if got := Compare(a, b); got != want {
				t.Fatalf("Compare(%s, %s) = %d, want %d", String(a), String(b), got, want)
			}
			if got := Equal(a, b); got != (want == 0) {
				t.Fatalf("Equal(%s, %s) = %v, want %v", String(a), String(b), got, want == 0)
			}
			if want == 0 {
				checked++
			}
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d equal pairs met", checked)
	}
}

func TestIdentical(t *testing.T) {
	g := grid.New(1, 2, []int8{1, 2})
	tup := Tuple{1, 2, 3}
	ind := Indices{{I: 0, J: 0}, {I: 1, J: 1}}
	obj := Object{{I: 0, J: 0, C: 1}}
	set := MakeSet([]Value{1, 2})
	for _, tc := range []struct {
		name string
		a, b Value
		want bool
	}{
		{"one grid", g, g, true},
		{"equal grids apart", g, grid.New(1, 2, []int8{1, 2}), false},
		{"one tuple", tup, tup, true},
		{"a tuple's prefix", tup, tup[:2], false},
		{"equal tuples apart", tup, Tuple{1, 2, 3}, false},
		{"empty tuples", Tuple{}, Tuple(nil), true},
		{"one set of points", ind, ind, true},
		{"one object", obj, obj, true},
		{"one set", set, set, true},
		{"set and tuple", Set{}, Tuple{}, false},
		{"equal ints", 3, 3, true},
		{"int and bool", 1, true, false},
		{"equal points", Point{I: 1, J: 2}, Point{I: 1, J: 2}, true},
		{"nil", nil, nil, false},
	} {
		if got := Identical(tc.a, tc.b); got != tc.want {
			t.Errorf("%s: Identical = %v, want %v", tc.name, got, tc.want)
		}
		if tc.want && !Equal(tc.a, tc.b) {
			t.Errorf("%s: identical values must be equal", tc.name)
		}
	}
}

// TestRemoveAbsentKeepsContainer: remove of a value no element equals
// returns the grid or tuple itself, which is what lets enumeration see a
// repeat of its argument without hashing.
func TestRemoveAbsentKeepsContainer(t *testing.T) {
	call := primCaller(t, NewEnv(nil, 0))
	g := grid.New(2, 3, []int8{1, 2, 3, 4, 5, 6})
	tup := Tuple{1, Point{I: 1, J: 2}, 3}
	for _, tc := range []struct {
		name       string
		value, c   Value
		same       bool
		wantLength int
	}{
		{"grid, absent row", Tuple{1, 2, 4}, g, true, 2},
		{"grid, absent point", Point{I: 1, J: 2}, g, true, 2},
		{"grid, present row", Tuple{4, 5, 6}, g, false, 1},
		{"tuple, absent", 2, tup, true, 3},
		{"tuple, present", Point{I: 1, J: 2}, tup, false, 2},
	} {
		got := call("remove", tc.value, tc.c)
		if Identical(got, tc.c) != tc.same {
			t.Errorf("%s: remove returned its container %v, want %v", tc.name, !tc.same, tc.same)
		}
		if n := Len(got); n != tc.wantLength {
			t.Errorf("%s: %d elements left, want %d", tc.name, n, tc.wantLength)
		}
	}
}
