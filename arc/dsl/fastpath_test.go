package dsl

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/arcflow/arcflow/arc/grid"
)

// TestGridTallySmall checks the tally of grids of small colours against
// the general one, key order included, on random grids: few colours (where
// v and v+8 collide in CPython's 8-slot table and the order is the order
// first met), many, and lengths that leave a tail after the unrolled loop.
func TestGridTallySmall(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 13))
	for range 20000 {
		h, w := 1+r.IntN(12), 1+r.IntN(12)
		colours := 1 + r.IntN(16)
		palette := r.Perm(16)[:colours]
		cells := make([]int8, h*w)
		for k := range cells {
			cells[k] = int8(palette[r.IntN(colours)])
		}
		g := grid.New(h, w, cells)
		wantK, wantC := gridTallyWide(g, nil, nil)
		gotK, gotC, ok := gridTallySmall(g.Cells, nil, nil)
		if !ok || !slices.Equal(gotK, wantK) || !slices.Equal(gotC, wantC) {
			t.Fatalf("%v: small tally %v %v (%v), want %v %v", cells, gotK, gotC, ok, wantK, wantC)
		}
	}
	for _, cells := range [][]int8{{16}, {0, 1, 2, 3, -1}, {9, 9, 9, 9, 9, 127}, {-128}} {
		if k, c, ok := gridTallySmall(cells, nil, nil); ok || len(k) != 0 || len(c) != 0 {
			t.Errorf("%v: small tally %v %v, want it refused", cells, k, c)
		}
	}
}

// TestSortValuesIndices: sets of sets of points, some empty (as Set,
// Object or Indices), sort to the very order Compare gives, each empty
// set where Compare leaves it.
func TestSortValuesIndices(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 13))
	for range 2000 {
		vs := make([]Value, r.IntN(60))
		for k := range vs {
			switch r.IntN(5) {
			case 0:
				vs[k] = Set{}
			case 1:
				vs[k] = Object{}
			default:
				ps := make([]Point, r.IntN(4))
				for m := range ps {
					ps[m] = Point{r.IntN(3), r.IntN(3)}
				}
				vs[k] = NewIndices(ps)
			}
		}
		want := slices.Clone(vs)
		slices.SortFunc(want, Compare)
		got := slices.Clone(vs)
		sortValues(got)
		for k := range got {
			if fmt.Sprintf("%T%v", got[k], got[k]) != fmt.Sprintf("%T%v", want[k], want[k]) {
				t.Fatalf("sorted %v\nto %v\nwant %v", vs, got, want)
			}
		}
		if !Equal(MakeSet(slices.Clone(vs)), makeSetByCompare(slices.Clone(vs))) {
			t.Fatalf("MakeSet(%v) = %v", vs, MakeSet(slices.Clone(vs)))
		}
		// Without empty objects, as prapply(connect, …) makes them: the
		// very elements, empty set first.
		lines := slices.DeleteFunc(slices.Clone(vs), func(v Value) bool { _, ok := v.(Object); return ok })
		set, byCompare := MakeSet(slices.Clone(lines)), makeSetByCompare(slices.Clone(lines))
		if fmt.Sprintf("%T%v", set, set) != fmt.Sprintf("%T%v", byCompare, byCompare) {
			t.Fatalf("MakeSet(%v) = %v, want %v", lines, set, byCompare)
		}
	}
}

// makeSetByCompare is MakeSet of sets sorted and deduplicated by Compare.
func makeSetByCompare(vs []Value) Value {
	if len(vs) == 0 {
		return Set{}
	}
	slices.SortFunc(vs, Compare)
	return Set(slices.CompactFunc(vs, func(a, b Value) bool { return Compare(a, b) == 0 }))
}

// TestSharedLines: the shared shoots and frontiers are the sets connect
// builds, for every start and unit direction, and cost the same work.
func TestSharedLines(t *testing.T) {
	shoot, _ := Primitive("shoot")
	for i := -1; i <= patchSide; i++ {
		for j := -1; j <= patchSide; j++ {
			for d := range 9 {
				s, dir := Point{i, j}, Point{d/3 - 1, d%3 - 1}
				e1, e2 := NewEnv(context.Background(), 0), NewEnv(context.Background(), 0)
				want := patchConnect(e1, i, j, i+42*dir.I, j+42*dir.J)
				got := shoot.Call(e2, s, dir)
				if !Equal(got, want) || e2.Used() != e1.Used()+1 {
					t.Fatalf("shoot(%v, %v) = %v after %d units, want %v after %d", s, dir, got, e2.Used(), want, e1.Used()+1)
				}
			}
		}
	}
	for k, name := range []string{"hfrontier", "vfrontier"} {
		f, _ := Primitive(name)
		for x := -2 * patchSide; x < 3*patchSide; x++ {
			got := f.Call(NewEnv(context.Background(), 0), Point{x, x})
			if want := patchFrontierOf(x, k); !Equal(got, want) {
				t.Fatalf("%s((%d, %d)) = %v, want %v", name, x, x, got, want)
			}
		}
	}
}

// TestUnionParts: the union of sets of points or cells through a bitmap
// is the sorted concatenation's, for parts crowded and spread, with empty
// sets among them.
func TestUnionParts(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 13))
	for range 3000 {
		spread := []int{3, 30, 200, 1 << 20}[r.IntN(4)]
		var ip, op []Value
		it, ot := 0, 0
		for range r.IntN(12) {
			ps := make([]Point, r.IntN(40))
			cs := make([]Cell, len(ps))
			for k := range ps {
				ps[k] = Point{r.IntN(spread) - spread/3, r.IntN(spread)}
				cs[k] = Cell{I: ps[k].I, J: ps[k].J, C: r.IntN(4) - 1}
			}
			if len(ps) == 0 {
				ip, op = append(ip, Set{}), append(op, Set{})
				continue
			}
			ip, op = append(ip, NewIndices(ps)), append(op, NewObject(cs))
			it, ot = it+len(ip[len(ip)-1].(Indices)), ot+len(op[len(op)-1].(Object))
		}
		if got, want := unionPoints(ip, it), NewIndices(contConcat[Indices](ip, it)); !slices.Equal(got, want) {
			t.Fatalf("union of %v = %v, want %v", ip, got, want)
		}
		if got, want := unionCells(op, ot), NewObject(contConcat[Object](op, ot)); !slices.Equal(got, want) {
			t.Fatalf("union of %v = %v, want %v", op, got, want)
		}
	}
}

// TestSortedSetOps: union, intersection and difference of sorted sets of
// points and of cells, against the same through a sort by comparePoints
// and compareCells.
func TestSortedSetOps(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 13))
	cells := func() Object {
		cs := make([]Cell, r.IntN(30))
		for k := range cs {
			cs[k] = Cell{I: r.IntN(4), J: r.IntN(4) - 2, C: r.IntN(3)}
		}
		return NewObject(cs)
	}
	for range 3000 {
		a, b := cells(), cells()
		in := map[Cell]bool{}
		for _, c := range b {
			in[c] = true
		}
		var union, inter, diff []Cell
		union = append(slices.Clone(a), b...)
		slices.SortFunc(union, compareCells)
		union = slices.Compact(union)
		for _, c := range a {
			if in[c] {
				inter = append(inter, c)
			} else {
				diff = append(diff, c)
			}
		}
		if got := mergeSorted(a, b); !slices.Equal(got, union) {
			t.Fatalf("%v | %v = %v, want %v", a, b, got, union)
		}
		if got := intersectSorted(a, b); !slices.Equal(got, inter) {
			t.Fatalf("%v & %v = %v, want %v", a, b, got, inter)
		}
		if got := differenceSorted(a, b); !slices.Equal(got, diff) {
			t.Fatalf("%v - %v = %v, want %v", a, b, got, diff)
		}
		pa, pb := objectLocs(a, nil), objectLocs(b, nil)
		pu := append(slices.Clone(pa), pb...)
		slices.SortFunc(pu, comparePoints)
		if got := mergeSorted(pa, pb); !slices.Equal(got, slices.Compact(pu)) {
			t.Fatalf("%v | %v = %v", pa, pb, got)
		}
	}
}

// TestSharedConnect: connect between any two cells of the 30×30 box, and
// a little beyond, is the line patchLine builds, with no room to grow.
func TestSharedConnect(t *testing.T) {
	for ai := -1; ai <= patchSide; ai++ {
		for aj := -1; aj <= patchSide; aj++ {
			for bi := -1; bi <= patchSide; bi++ {
				for bj := -1; bj <= patchSide; bj++ {
					n := patchLineLen(ai, aj, bi, bj)
					if n == 0 {
						continue
					}
					got := patchConnect(NewEnv(context.Background(), 0), ai, aj, bi, bj).(Indices)
					if want := patchLine(ai, aj, bi, bj, n); !slices.Equal(got, want) || cap(got) != len(got) {
						t.Fatalf("connect((%d, %d), (%d, %d)) = %v (cap %d), want %v", ai, aj, bi, bj, got, cap(got), want)
					}
				}
			}
		}
	}
}

// TestMapplyForkCombine: mapply(fork(combine, a, b), s) is merge(apply(…))
// built the long way, for functions whose results are points, cells, or
// one of each.
func TestMapplyForkCombine(t *testing.T) {
	g := grid.MustFromRows([][]int{{0, 2, 0, 3}, {2, 2, 0, 0}, {0, 0, 3, 3}, {1, 0, 0, 3}})
	env := NewEnv(context.Background(), 0)
	call := primCaller(t, env)
	prim := func(name string) Value { return mustPrim(t, name) }
	cells, objs := call("ofcolor", g, 2), call("objects", g, true, false, true)
	cases := []struct {
		a, b Value
		s    Value
	}{
		{prim("hfrontier"), prim("vfrontier"), cells},
		{call("rbind", prim("shoot"), Point{1, 1}), call("rbind", prim("shoot"), Point{-1, -1}), cells},
		{prim("dneighbors"), prim("ineighbors"), call("asindices", g)},
		{prim("backdrop"), prim("box"), objs},
		{prim("identity"), prim("toindices"), objs}, // cells and points: combined as one part
		{prim("identity"), call("fork", prim("recolor"), prim("color"), prim("backdrop")), objs},
		{prim("hfrontier"), prim("vfrontier"), Set{}},
		// Forks of forks: the eight directions' shoots; kinds mixed below.
		{call("fork", prim("combine"), call("rbind", prim("shoot"), Point{1, 1}), call("rbind", prim("shoot"), Point{-1, -1})),
			call("fork", prim("combine"), call("rbind", prim("shoot"), Point{1, -1}), call("rbind", prim("shoot"), Point{-1, 1})), cells},
		{call("fork", prim("combine"), prim("identity"), prim("toindices")), prim("backdrop"), objs},
		{call("fork", prim("combine"), prim("backdrop"), prim("box")), call("fork", prim("combine"), prim("identity"), prim("identity")), objs},
		{call("fork", prim("combine"), prim("identity"), prim("identity")), call("fork", prim("combine"), prim("identity"), prim("identity")), objs},
	}
	for _, c := range cases {
		fork := call("fork", prim("combine"), c.a, c.b)
		got := call("mapply", fork, c.s)
		var parts []Value
		for _, v := range Elems(c.s) {
			parts = append(parts, call("combine", Call1(env, c.a, v), Call1(env, c.b, v)))
		}
		want := call("merge", MakeSet(parts))
		if len(parts) == 0 {
			want = Set{}
		}
		if !Equal(got, want) || fmt.Sprintf("%T", got) != fmt.Sprintf("%T", want) {
			t.Errorf("mapply(fork(combine, %v, %v), %v) = %v, want %v", c.a, c.b, c.s, got, want)
		}
	}
}

// TestCommonRows: mostcommon and leastcommon of a grid, which compare its
// rows where they lie, pick the row that they pick of the same rows as a
// tuple of tuples, ties included.
func TestCommonRows(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 13))
	env := NewEnv(context.Background(), 0)
	for range 3000 {
		h, w := 1+r.IntN(7), 1+r.IntN(4)
		kinds := make([][]int8, 1+r.IntN(4))
		for k := range kinds {
			kinds[k] = make([]int8, w)
			for j := range kinds[k] {
				kinds[k][j] = int8(r.IntN(3) * 8) // 0, 8, 16: colliding hashes
			}
		}
		cells := make([]int8, 0, h*w)
		rows := make(Tuple, h)
		for i := range rows {
			row := kinds[r.IntN(len(kinds))]
			cells = append(cells, row...)
			rows[i] = rowValue(row)
		}
		g := grid.New(h, w, cells)
		for _, most := range []bool{true, false} {
			got, want := contCommon(env, "mostcommon", g, most), contCommon(env, "mostcommon", rows, most)
			if !Equal(got, want) {
				t.Fatalf("common(%v, most %v) = %v, want %v", g, most, got, want)
			}
		}
	}
}

// TestMapplyForkRecolor: mapply(fork(recolor, a, b), s) is merge(apply(…))
// built the long way: colours read off each element or fixed (an int, a
// bool, a tuple), patches of points, of cells, cut by combine, or empty.
func TestMapplyForkRecolor(t *testing.T) {
	g := grid.MustFromRows([][]int{{0, 2, 0, 3}, {2, 2, 0, 0}, {0, 0, 3, 3}, {1, 0, 0, 3}})
	env := NewEnv(context.Background(), 0)
	call := primCaller(t, env)
	prim := func(name string) Value { return mustPrim(t, name) }
	objs := call("objects", g, true, false, true)
	cells := call("merge", call("fgpartition", g))
	cases := []struct {
		a, b Value
		s    Value
	}{
		{prim("color"), prim("backdrop"), objs},
		{prim("color"), prim("outbox"), objs},
		{prim("first"), call("compose", prim("hfrontier"), prim("last")), cells},
		{prim("first"), call("compose", call("fork", prim("combine"), prim("hfrontier"), prim("vfrontier")), prim("last")), cells},
		{prim("first"), call("compose", call("fork", prim("combine"), call("rbind", prim("shoot"), Point{1, 1}), call("rbind", prim("shoot"), Point{-1, 1})), prim("last")), cells},
		{call("rbind", prim("contained"), objs), prim("toindices"), objs}, // a bool colour
		{prim("identity"), prim("backdrop"), objs},                                          // colour not an int
		{prim("color"), prim("identity"), objs},                                             // a patch of cells
		{prim("color"), prim("delta"), objs},                                                // empty patches among them
		{prim("color"), call("fork", prim("combine"), prim("identity"), prim("box")), objs}, // cells and points
	}
	for _, c := range cases {
		fork := call("fork", prim("recolor"), c.a, c.b)
		got, gerr := func() (v Value, err any) {
			defer func() { err = recover() }()
			return call("mapply", fork, c.s), nil
		}()
		want, werr := func() (v Value, err any) {
			defer func() { err = recover() }()
			var parts []Value
			for _, v := range Elems(c.s) {
				parts = append(parts, call("recolor", Call1(env, c.a, v), Call1(env, c.b, v)))
			}
			return call("merge", MakeSet(parts)), nil
		}()
		if (gerr != nil) != (werr != nil) || gerr == nil && (!Equal(got, want) || fmt.Sprintf("%T", got) != fmt.Sprintf("%T", want)) {
			t.Errorf("mapply(fork(recolor, %v, %v), %v) = %v (%v), want %v (%v)", c.a, c.b, c.s, got, gerr, want, werr)
		}
	}
}

// TestMostcolorMemory: the colour an Env remembers is the grid's own, from
// one grid to another and back, at the work mostcolor always charged.
func TestMostcolorMemory(t *testing.T) {
	a := grid.MustFromRows([][]int{{1, 1, 2}, {3, 1, 2}})
	b := grid.MustFromRows([][]int{{5, 5}, {5, 7}})
	mostcolor, _ := Primitive("mostcolor")
	env := NewEnv(context.Background(), 0)
	for _, c := range []struct {
		g    Grid
		want int
	}{{a, 1}, {b, 5}, {b, 5}, {a, 1}} {
		before := env.Used()
		if got := mostcolor.Call(env, c.g); got != c.want || env.Used()-before != int64(len(c.g.Cells))+2 {
			t.Errorf("mostcolor(%v) = %v after %d units, want %d after %d", c.g, got, env.Used()-before, c.want, len(c.g.Cells)+2)
		}
		if got := gridMostcolorOf(env, c.g); got != c.want {
			t.Errorf("remembered mostcolor(%v) = %d, want %d", c.g, got, c.want)
		}
	}
}

// TestGridRowsMemory: the rows an Env remembers are the grid's own, as more
// grids than it holds come and go, widths 2 (points) and others alike.
func TestGridRowsMemory(t *testing.T) {
	env := NewEnv(context.Background(), 0)
	var grids []Grid
	for k := range 6 {
		grids = append(grids, grid.MustFromRows([][]int{{k, 1, 2}, {3, k, 5}}), grid.MustFromRows([][]int{{k, 7}, {8, k}, {1, 1}}))
	}
	for range 3 {
		for _, g := range grids {
			rows := gridRowsOf(env, g)
			if len(rows) != g.H {
				t.Fatalf("%v: %d rows", g, len(rows))
			}
			for i, r := range rows {
				if want := gridRow(g, i); !Equal(r, want) || fmt.Sprintf("%T", r) != fmt.Sprintf("%T", want) {
					t.Fatalf("%v: row %d = %v, want %v", g, i, r, want)
				}
			}
		}
	}
}
