package search

import (
	"testing"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/grid"
)

func hashPrim(t *testing.T, name string) *dsl.Func {
	t.Helper()
	f, ok := dsl.Primitive(name)
	if !ok {
		t.Fatalf("no primitive %s", name)
	}
	return f
}

// TestHashEqualValues builds equal values in different ways: they must
// be dsl.Equal and hash alike.
func TestHashEqualValues(t *testing.T) {
	row := func(vs ...int) dsl.Value {
		es := make([]dsl.Value, len(vs))
		for i, v := range vs {
			es[i] = v
		}
		return dsl.MakeTuple(es)
	}
	cells := func(cs ...dsl.Cell) dsl.Value {
		es := make([]dsl.Value, len(cs))
		for i, c := range cs {
			es[i] = c
		}
		return dsl.MakeSet(es)
	}
	points := func(ps ...dsl.Point) dsl.Value {
		es := make([]dsl.Value, len(ps))
		for i, p := range ps {
			es[i] = p
		}
		return dsl.MakeSet(es)
	}
	vm := hashPrim(t, "vmirror")
	for _, tc := range []struct {
		name string
		a, b dsl.Value
	}{
		{"grid from rows", dsl.MakeTuple([]dsl.Value{row(1, 2, 3), row(4, 5, 6)}),
			grid.New(2, 3, []int8{1, 2, 3, 4, 5, 6})},
		{"wide grid from rows", dsl.MakeTuple([]dsl.Value{row(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, -1), row(9, 8, 7, 6, 5, 4, 3, 2, 1, 0, -2)}),
			grid.New(2, 11, []int8{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, -1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, -2})},
		{"row of eight with a bool", dsl.Tuple{dsl.Tuple{1, 2, 3, 4, 5, 6, 7, true}}, grid.New(1, 8, []int8{1, 2, 3, 4, 5, 6, 7, 1})},
		{"grid of pairs", dsl.MakeTuple([]dsl.Value{row(1, 2), row(3, 4)}),
			grid.MustFromRows([][]int{{1, 2}, {3, 4}})},
		{"grid as tuple of points", dsl.Tuple{dsl.Point{I: 1, J: 2}, dsl.Point{I: 3, J: 4}},
			grid.MustFromRows([][]int{{1, 2}, {3, 4}})},
		{"grid as tuple of bool rows", dsl.Tuple{dsl.Tuple{true, false, true}},
			grid.New(1, 3, []int8{1, 0, 1})},
		{"bool and int", true, 1},
		{"false and zero", false, 0},
		{"bools and ints", dsl.Tuple{true, false, true}, dsl.Tuple{1, 0, 1}},
		{"pair of bools", dsl.MakeTuple([]dsl.Value{true, false}), dsl.Point{I: 1, J: 0}},
		{"cell", dsl.MakeTuple([]dsl.Value{7, dsl.Point{I: 1, J: 2}}), dsl.Cell{I: 1, J: 2, C: 7}},
		{"indices", points(dsl.Point{I: 2, J: 1}, dsl.Point{I: 0, J: 0}, dsl.Point{I: 2, J: 1}),
			dsl.NewIndices([]dsl.Point{{I: 0, J: 0}, {I: 2, J: 1}})},
		{"object", cells(dsl.Cell{I: 1, J: 1, C: 3}, dsl.Cell{I: 0, J: 5, C: 2}),
			dsl.NewObject([]dsl.Cell{{I: 0, J: 5, C: 2}, {I: 1, J: 1, C: 3}})},
		{"empty set and indices", dsl.Set{}, dsl.Indices{}},
		{"empty set and object", dsl.MakeSet(nil), dsl.Object{}},
		{"empty indices and object", dsl.Indices{}, dsl.Object{}},
		{"set of ints", dsl.MakeSet([]dsl.Value{3, 1, 2, 1}), dsl.MakeSet([]dsl.Value{2, 3, 1})},
		{"set of objects", dsl.MakeSet([]dsl.Value{cells(dsl.Cell{C: 1}), cells(dsl.Cell{C: 2}, dsl.Cell{I: 1, C: 2})}),
			dsl.MakeSet([]dsl.Value{cells(dsl.Cell{I: 1, C: 2}, dsl.Cell{C: 2}), cells(dsl.Cell{C: 1})})},
		{"nested tuples", dsl.MakeTuple([]dsl.Value{row(1, 2, 300), row()}), dsl.Tuple{dsl.Tuple{1, 2, 300}, dsl.Tuple{}}},
		{"function", vm, vm},
	} {
		if !dsl.Equal(tc.a, tc.b) {
			t.Errorf("%s: %s and %s are not equal: fix the test", tc.name, dsl.String(tc.a), dsl.String(tc.b))
			continue
		}
		if ha, hb := Hash(tc.a), Hash(tc.b); ha != hb {
			t.Errorf("%s: %s (%T) hashes %#x, %s (%T) %#x", tc.name, dsl.String(tc.a), tc.a, ha, dsl.String(tc.b), tc.b, hb)
		}
	}
}

// TestHashDistinctValues checks that unequal values of a table, many of
// them close to each other, hash apart.
func TestHashDistinctValues(t *testing.T) {
	vs := []dsl.Value{
		nil, 0, 1, -1, 2, 10, 1 << 40,
		dsl.Point{I: 0, J: 1}, dsl.Point{I: 1, J: 0}, dsl.Point{I: 0, J: 0}, dsl.Point{I: -1, J: 1},
		dsl.Cell{I: 0, J: 1, C: 2}, dsl.Cell{I: 0, J: 2, C: 1}, dsl.Cell{I: 1, J: 0, C: 2},
		dsl.Tuple{}, dsl.Tuple{dsl.Tuple{}}, dsl.Tuple{0}, dsl.Tuple{1}, dsl.Tuple{1, 2, 3}, dsl.Tuple{3, 2, 1},
		dsl.Tuple{1, 2, 3, 4}, dsl.Tuple{1, 2, 3, 4, 0}, dsl.Tuple{1, 2, 3, 4, 5, 6, 7, 8}, dsl.Tuple{1, 2, 3, 4, 5, 6, 7, 8, 0},
		dsl.Tuple{0, 0, 0, 0, 0, 0, 0, 0}, dsl.Tuple{0, 0, 0, 0, 0, 0, 0, 0, 0}, dsl.Tuple{1, 128}, dsl.Tuple{1, -128},
		dsl.Point{I: 1, J: 127}, dsl.Point{I: 1, J: -127},
		dsl.Set{}, dsl.MakeSet([]dsl.Value{1}), dsl.MakeSet([]dsl.Value{1, 2, 3}), dsl.MakeSet([]dsl.Value{1, 2, 4}),
		dsl.MakeSet([]dsl.Value{dsl.Set{}}),
		grid.New(1, 1, []int8{0}), grid.New(1, 1, []int8{1}),
		grid.New(1, 2, []int8{1, 2}), grid.New(2, 1, []int8{1, 2}), grid.New(1, 2, []int8{2, 1}),
		grid.New(2, 2, []int8{1, 2, 3, 4}), grid.New(2, 2, []int8{1, 3, 2, 4}), grid.New(1, 4, []int8{1, 2, 3, 4}),
		grid.New(4, 1, []int8{1, 2, 3, 4}), grid.New(2, 3, make([]int8, 6)), grid.New(3, 2, make([]int8, 6)),
		grid.New(1, 3, []int8{-1, 0, 1}), grid.New(2, 0, nil), grid.New(3, 0, nil),
		dsl.Indices{{I: 0, J: 0}}, dsl.Indices{{I: 0, J: 1}}, dsl.Indices{{I: 1, J: 0}},
		dsl.Indices{{I: 0, J: 0}, {I: 1, J: 1}}, dsl.Indices{{I: 0, J: 1}, {I: 1, J: 0}},
		dsl.Object{{I: 0, J: 0, C: 0}}, dsl.Object{{I: 0, J: 0, C: 1}}, dsl.Object{{I: 0, J: 0, C: 1}, {I: 0, J: 1, C: 1}},
		dsl.Object{{I: 0, J: 0, C: 1}, {I: 0, J: 1, C: 2}}, dsl.Object{{I: 0, J: 0, C: 2}, {I: 0, J: 1, C: 1}},
		dsl.MakeSet([]dsl.Value{dsl.Object{{I: 0, J: 0, C: 1}}, dsl.Object{{I: 5, J: 5, C: 1}}}),
		dsl.MakeSet([]dsl.Value{dsl.Indices{{I: 0, J: 0}}, dsl.Indices{{I: 5, J: 5}}}),
		hashPrim(t, "vmirror"), hashPrim(t, "hmirror"),
	}
	seen := map[uint64]int{}
	for i, v := range vs {
		h := Hash(v)
		if j, dup := seen[h]; dup {
			t.Errorf("%s (%T) and %s (%T) both hash %#x", dsl.String(vs[j]), vs[j], dsl.String(v), v, h)
		}
		seen[h] = i
		for j := range i {
			if dsl.Equal(vs[j], v) {
				t.Errorf("values %d and %d are equal: fix the table", j, i)
			}
		}
	}
}

// TestHashGridAllOrders checks that every cell of a grid matters: moving
// one colour to any other cell changes the hash.
func TestHashGridAllOrders(t *testing.T) {
	seen := map[uint64]int{}
	for i := range 30 * 30 {
		cells := make([]int8, 30*30)
		cells[i] = 5
		h := Hash(grid.New(30, 30, cells))
		if j, dup := seen[h]; dup {
			t.Fatalf("a 5 at cell %d and at cell %d hash alike", j, i)
		}
		seen[h] = i
	}
}

func TestHashDoesNotAllocate(t *testing.T) {
	g := grid.New(30, 30, make([]int8, 900))
	ind := make(dsl.Indices, 100)
	obj := make(dsl.Object, 100)
	for i := range 100 {
		ind[i] = dsl.Point{I: i / 10, J: i % 10}
		obj[i] = dsl.Cell{I: i / 10, J: i % 10, C: i % 7}
	}
	for _, v := range []dsl.Value{g, ind, obj, dsl.Point{I: 1, J: 2}, 7} {
		if n := testing.AllocsPerRun(100, func() { Hash(v) }); n != 0 {
			t.Errorf("Hash(%T) allocates %.0f times", v, n)
		}
	}
}

func BenchmarkHashGrid(b *testing.B) {
	cells := make([]int8, 900)
	for i := range cells {
		cells[i] = int8(i % 10)
	}
	var v dsl.Value = grid.New(30, 30, cells)
	b.SetBytes(900)
	for b.Loop() {
		Hash(v)
	}
}
