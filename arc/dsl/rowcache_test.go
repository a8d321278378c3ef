package dsl

import (
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/arcflow/arcflow/arc/grid"
)

// TestRowCache: a grid's rows built as values hold its cells whatever the
// table held before (rows that differ in one cell, collide in a slot or
// are too wide to be remembered), a row met again in another grid is the
// value built the first time, and goroutines building rows at once get
// right rows (run under -race).
func TestRowCache(t *testing.T) {
	check := func(t *testing.T, g Grid) {
		for i := 0; i < g.H; i++ {
			row := gridRow(g, i)
			if g.W == 2 {
				if row != (Point{int(g.Row(i)[0]), int(g.Row(i)[1])}) {
					t.Errorf("row %d of %v: %v", i, g.Cells, row)
					return
				}
				continue
			}
			tup, ok := row.(Tuple)
			if !ok || len(tup) != g.W {
				t.Errorf("row %d of %v: %v", i, g.Cells, String(row))
				return
			}
			for j, c := range g.Row(i) {
				if tup[j] != Value(int(c)) {
					t.Errorf("row %d of %v: %v", i, g.Cells, String(row))
					return
				}
			}
		}
	}
	randGrid := func(rng *rand.Rand) Grid {
		h, w := 1+rng.IntN(3), 1+rng.IntN(40)
		cells := make([]int8, h*w)
		for k := range cells {
			cells[k] = int8(rng.IntN(3) - 1)
		}
		return grid.New(h, w, cells)
	}
	rng := rand.New(rand.NewPCG(7, 8))
	for range 20_000 { // five times the slots: rows are evicted
		check(t, randGrid(rng))
	}
	a := grid.New(1, 5, []int8{1, 2, 3, 4, 5})
	b := grid.New(2, 5, []int8{0, 0, 0, 0, 0, 1, 2, 3, 4, 5})
	if !Identical(gridRow(a, 0), gridRow(b, 1)) {
		t.Errorf("a row met again was built again")
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(9, uint64(w)))
			for range 5_000 {
				check(t, randGrid(rng))
			}
		}()
	}
	wg.Wait()
}

// TestBoxes: points and cells boxed through the tables are the values
// boxed afresh, inside the tables' box and outside it, and iterating a
// set of points or cells of the box as values allocates nothing but the
// slice.
func TestBoxes(t *testing.T) {
	for _, p := range []Point{{0, 0}, {31, 31}, {5, 17}, {-1, 3}, {3, 32}, {40, 40}} {
		if got := boxPoint(p); got != Value(p) {
			t.Errorf("boxPoint(%v) = %v", p, got)
		}
		for _, c := range []int{0, 9, 10, -1} {
			cell := Cell{I: p.I, J: p.J, C: c}
			if got := boxCell(cell); got != Value(cell) {
				t.Errorf("boxCell(%v) = %v", cell, got)
			}
		}
	}
	var ind Value = Indices{{0, 1}, {2, 3}, {29, 29}} // boxed once: boxing a slice allocates
	var obj Value = Object{{I: 0, J: 1, C: 2}, {I: 3, J: 4, C: 9}}
	if n := testing.AllocsPerRun(100, func() { Elems(ind); Elems(obj) }); n != 2 {
		t.Errorf("Elems of a set of points and of cells: %v allocations, want 2 (the slices)", n)
	}
}

// TestAsindicesShared: asindices gives every location in reading order,
// one value for grids of one shape, another for another shape, and the
// grids above 32 cells a side are built each time, as right.
func TestAsindicesShared(t *testing.T) {
	env := NewEnv(nil, 0)
	want := func(h, w int) Indices {
		var out Indices
		for i := range h {
			for j := range w {
				out = append(out, Point{i, j})
			}
		}
		return out
	}
	for _, s := range [][2]int{{1, 1}, {3, 5}, {5, 3}, {30, 30}, {32, 32}, {33, 2}, {2, 40}} {
		a := gridAsindices(env, grid.New(s[0], s[1], make([]int8, s[0]*s[1])))
		b := gridAsindices(env, grid.Filled(s[0], s[1], 7))
		for _, v := range []Value{a, b} {
			if !Equal(v, want(s[0], s[1])) {
				t.Fatalf("asindices of a %d×%d grid: %v", s[0], s[1], String(v))
			}
		}
		if shared := Identical(a, b); shared != (s[0] <= 32 && s[1] <= 32) {
			t.Errorf("%d×%d: asindices of two grids shared %v", s[0], s[1], shared)
		}
	}
}
