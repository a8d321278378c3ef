package dsl

import (
	"context"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/arcflow/arcflow/arc/grid"
)

// TestProductOfSortedSets: product of two sets, or of tuples (a grid's
// rows among them, repeats allowed), built in order without a sort of its
// pairs, is the set MakeSet makes of the same pairs in Python's order, of
// the same Go type, for containers of grids, ints, points (small, and too
// large for a grid cell), cells, tuples and containers mixing them.
func TestProductOfSortedSets(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	elem := func(kind int) Value {
		switch kind {
		case 0:
			return rng.IntN(4)
		case 1:
			return Point{rng.IntN(3), rng.IntN(3)}
		case 2:
			return Cell{I: rng.IntN(2), J: rng.IntN(2), C: rng.IntN(3)}
		case 3:
			h, w := 1+rng.IntN(2), 1+rng.IntN(2)
			cells := make([]int8, h*w)
			for k := range cells {
				cells[k] = int8(rng.IntN(2))
			}
			return grid.New(h, w, cells)
		case 4:
			return Tuple{rng.IntN(2), Point{rng.IntN(2), 1}, Tuple{}}
		case 5:
			// Too large for a grid cell: pairs of these are tuples.
			return Point{rng.IntN(2) * 200, -rng.IntN(2)}
		}
		return rng.IntN(2) == 1
	}
	set := func() Value {
		kinds := []int{rng.IntN(7)}
		if rng.IntN(3) == 0 {
			kinds = append(kinds, rng.IntN(7))
		}
		var vs []Value
		for range 1 + rng.IntN(6) {
			vs = append(vs, elem(kinds[rng.IntN(len(kinds))]))
		}
		if rng.IntN(3) == 0 {
			return MakeTuple(vs)
		}
		return MakeSet(vs)
	}
	env := NewEnv(context.Background(), 1<<40)
	for range 3000 {
		a, b := set(), set()
		var pairs []Value
		for _, j := range Elems(b) {
			for _, i := range Elems(a) {
				pairs = append(pairs, contPair(i, j))
			}
		}
		// Of equal pairs, such as (g, False) and (g, 0), Python keeps the
		// first made.
		slices.SortStableFunc(pairs, Compare)
		pairs = slices.CompactFunc(pairs, func(x, y Value) bool { return Compare(x, y) == 0 })
		want := MakeSet(pairs)
		got := contProduct(env, a, b)
		if reflect.TypeOf(got) != reflect.TypeOf(want) || Compare(got, want) != 0 || !reflect.DeepEqual(Elems(got), Elems(want)) {
			t.Fatalf("product(%v, %v) = %#v, want %#v", a, b, got, want)
		}
	}
}
