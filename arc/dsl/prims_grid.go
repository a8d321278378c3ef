package dsl

// Grid primitives: dsl.py's functions on grids (and on the Elements and
// Pieces that may be grids): colours, cropping, rotations and mirrors,
// filling and painting, scaling, splitting and concatenating.
//
// Grids are immutable, so a primitive whose result equals its argument may
// return the argument itself; every other result is a freshly built grid.
// A result with no rows is the empty tuple, Tuple{}.

import (
	"math"
	"slices"
	"sync/atomic"

	"github.com/arcflow/arcflow/arc/grid"
)

func init() {
	def1("mostcolor", func(e *Env, x Value) Value { return gridPickColor(e, "mostcolor", x, true) })
	def1("leastcolor", func(e *Env, x Value) Value { return gridPickColor(e, "leastcolor", x, false) })
	def2("colorcount", gridColorcount)
	def1("asindices", gridAsindices)
	def2("ofcolor", gridOfcolor)
	def3("crop", gridCrop)
	def1("palette", gridPalette)
	def1("numcolors", func(e *Env, x Value) Value { return Len(gridPalette(e, x)) })
	def2("toobject", gridToobject)
	def1("asobject", gridAsobject)
	def1("rot90", gridRot90)
	def1("rot180", gridRot180)
	def1("rot270", gridRot270)
	def1("hmirror", gridHmirror)
	def1("vmirror", gridVmirror)
	def1("dmirror", gridDmirror)
	def1("cmirror", gridCmirror)
	def3("fill", func(e *Env, g, v, p Value) Value { return gridFill(e, "fill", g, v, p, false) })
	def2("paint", func(e *Env, g, o Value) Value { return gridPaint(e, "paint", g, o, false) })
	def3("underfill", func(e *Env, g, v, p Value) Value { return gridFill(e, "underfill", g, v, p, true) })
	def2("underpaint", func(e *Env, g, o Value) Value { return gridPaint(e, "underpaint", g, o, true) })
	def2("hupscale", gridHupscale)
	def2("vupscale", gridVupscale)
	def2("upscale", gridUpscale)
	def2("downscale", gridDownscale)
	def2("hconcat", gridHconcat)
	def2("vconcat", gridVconcat)
	def2("subgrid", gridSubgrid)
	def2("hsplit", func(e *Env, g, n Value) Value { return gridSplit(e, "hsplit", g, n, false) })
	def2("vsplit", func(e *Env, g, n Value) Value { return gridSplit(e, "vsplit", g, n, true) })
	def3("cellwise", gridCellwise)
	def3("replace", gridReplace)
	def3("switch", gridSwitch)
	def2("index", gridIndex)
	def2("canvas", gridCanvas)
	def2("cover", gridCover)
	def1("trim", gridTrim)
	def3("move", gridMove)
	def1("tophalf", func(e *Env, g Value) Value { return gridHalf(e, "tophalf", g, false) })
	def1("bottomhalf", func(e *Env, g Value) Value { return gridHalf(e, "bottomhalf", g, true) })
	def1("lefthalf", func(e *Env, g Value) Value { return gridSideHalf(e, "lefthalf", g, false) })
	def1("righthalf", func(e *Env, g Value) Value { return gridSideHalf(e, "righthalf", g, true) })
	def1("compress", gridCompress)
}

// ---------------------------------------------------------------------------
// Shared helpers.

// gridOf returns v as a grid, or ok=false for the empty tuple (a grid with
// no rows, which some primitives accept); it panics for other values.
func gridOf(op string, v Value) (g Grid, ok bool) {
	switch x := v.(type) {
	case Grid:
		return x, true
	case Tuple:
		if len(x) == 0 {
			return nil, false
		}
	}
	panic(typeError(op, v))
}

// gridNonEmpty returns v as a grid where Python reads grid[0], which raises
// an IndexError for the empty tuple.
func gridNonEmpty(op string, v Value) Grid {
	g, ok := gridOf(op, v)
	if !ok {
		panic(fail(op, "tuple index out of range"))
	}
	return g
}

// gridMake returns an h×w grid of cells, or the empty tuple when h is 0.
func gridMake(h, w int, cells []int8) Value {
	if h == 0 {
		return Tuple{}
	}
	return grid.New(h, w, cells)
}

// gridMulSat multiplies two non-negative ints, saturating instead of
// overflowing.
func gridMulSat(a, b int) int {
	if a == 0 || b == 0 {
		return 0
	}
	if a > math.MaxInt/b {
		return math.MaxInt
	}
	return a * b
}

// gridAddSat is a + b without overflow.
func gridAddSat(a, b int) int {
	s := a + b
	if a > 0 && b > 0 && s < 0 {
		return math.MaxInt
	}
	if a < 0 && b < 0 && s >= 0 {
		return math.MinInt
	}
	return s
}

// gridCharge charges the budget for an h×w allocation (h, w ≥ 0).
func gridCharge(e *Env, h, w int) {
	n := gridMulSat(h, w)
	if n > 1<<52 {
		n = 1 << 52
	}
	e.Charge(n)
}

// gridCellOf returns v as a cell value without panicking; ok is false when
// v cannot be stored in a grid (callers then call cellValue to panic, but
// only once the value is really written, as Python only fails then).
func gridCellOf(v Value) (int8, bool) {
	n, ok := asInt(v)
	if !ok || !fitsCell(n) {
		return 0, false
	}
	return int8(n), true
}

// gridPySlice returns the bounds [lo, hi) of Python's s[start:stop] on a
// sequence of length n.
func gridPySlice(n, start, stop int) (lo, hi int) {
	clamp := func(x int) int {
		if x < 0 {
			x += n
			if x < 0 {
				x = 0
			}
		} else if x > n {
			x = n
		}
		return x
	}
	lo, hi = clamp(start), clamp(stop)
	if hi < lo {
		hi = lo
	}
	return lo, hi
}

// gridSub returns rows [r0, r1) and columns [c0, c1) of g, bounds already
// clamped; the empty tuple when there are no rows.
func gridSub(e *Env, g Grid, r0, r1, c0, c1 int) Value {
	h, w := r1-r0, c1-c0
	if h <= 0 {
		return Tuple{}
	}
	if h == g.H && w == g.W {
		return g
	}
	gridCharge(e, h, w)
	cells := make([]int8, h*w)
	for i := 0; i < h; i++ {
		copy(cells[i*w:(i+1)*w], g.Cells[(r0+i)*g.W+c0:(r0+i)*g.W+c1])
	}
	return grid.New(h, w, cells)
}

// gridPatch returns the cells or locations of a patch for iteration, as
// Python's toindices or `for value, (i, j) in obj` would see them. Besides
// the sets it accepts tuples of locations (a grid of width 2 or a Tuple of
// Points) and tuples of cells, which programs may build; those come back in
// tuple order, possibly unsorted and with repeats. An empty patch of any
// kind gives an empty Indices.
func gridPatch(op string, v Value) (Object, Indices, bool) {
	switch x := v.(type) {
	case Object:
		return x, nil, true
	case Indices:
		return nil, x, false
	case Grid:
		if x.W == 2 {
			ps := make(Indices, x.H)
			for i := range ps {
				ps[i] = Point{int(x.Cells[2*i]), int(x.Cells[2*i+1])}
			}
			return nil, ps, false
		}
	case Tuple:
		if len(x) == 0 {
			return nil, Indices{}, false
		}
		switch x[0].(type) {
		case Point:
			return nil, gridTupleOf[Indices](op, x), false
		case Cell:
			return gridTupleOf[Object](op, x), nil, true
		}
	}
	return patchArg(op, v) // the empty Set, or a panic
}

// gridTupleOf is a tuple of points, or of cells, as a slice of them.
func gridTupleOf[S ~[]E, E patchElem](op string, t Tuple) S {
	out := make(S, len(t))
	for i, v := range t {
		e, ok := v.(E)
		if !ok {
			panic(typeError(op, v))
		}
		out[i] = e
	}
	return out
}

// gridEmptySet is the canonical empty frozenset.
var gridEmptySet = Set{}

// ---------------------------------------------------------------------------
// Colours.

// gridSetEntry is one slot of an emulated CPython set table.
type gridSetEntry struct {
	key  int // index of the key in the caller's list
	hash uint64
	full bool
}

// gridPyHash is CPython's hash of an int: its value modulo 2**61-1, keeping
// the sign, with -1 mapped to -2.
func gridPyHash(k int) uint64 {
	const m = 1<<61 - 1
	var h int64
	if k >= 0 {
		h = int64(uint64(k) % m)
	} else {
		h = -int64((uint64(-(k + 1)) + 1) % m)
	}
	if h == -1 {
		h = -2
	}
	return uint64(h)
}

// gridSetInsert puts a key with hash h in the first free slot of its probe
// sequence, as CPython 3.11's set_add_entry and set_insert_clean do (keys
// are distinct, so the search never stops at an equal key).
func gridSetInsert(table []gridSetEntry, key int, h uint64) {
	mask := uint64(len(table) - 1)
	perturb := h
	i := h & mask
	for {
		if !table[i].full {
			table[i] = gridSetEntry{key, h, true}
			return
		}
		if i+9 <= mask { // LINEAR_PROBES
			for j := i + 1; j <= i+9; j++ {
				if !table[j].full {
					table[j] = gridSetEntry{key, h, true}
					return
				}
			}
		}
		perturb >>= 5 // PERTURB_SHIFT
		i = (i*5 + 1 + perturb) & mask
	}
}

// gridSetOrder returns the positions in keys (distinct ints, in the order
// they were added) in the order CPython 3.11 iterates set(keys): the table
// starts with 8 slots and, after an insertion that makes fill*5 ≥ mask*3,
// is rebuilt with the least power of two above 4×used slots.
func gridSetOrder(keys []int, buf []int) []int {
	n := len(keys)
	out := buf[:0]
	if n >= 5 {
		// The table has at least 32 slots: keys in [0, 32) sit in the slot
		// of their own value, so the order is ascending.
		var pos [32]int8
		small := n <= 32
		for k, v := range keys {
			if !small {
				break
			}
			if v < 0 || v >= 32 {
				small = false
				break
			}
			pos[v] = int8(k + 1)
		}
		if small {
			for _, p := range pos {
				if p != 0 {
					out = append(out, int(p)-1)
				}
			}
			return out
		}
	}
	var first [8]gridSetEntry
	table := first[:]
	fill := 0
	for k, v := range keys {
		gridSetInsert(table, k, gridPyHash(v))
		fill++
		if fill*5 >= (len(table)-1)*3 {
			minused := fill * 4
			if fill > 50000 {
				minused = fill * 2
			}
			size := 8
			for size <= minused {
				size <<= 1
			}
			bigger := make([]gridSetEntry, size)
			for _, s := range table {
				if s.full {
					gridSetInsert(bigger, s.key, s.hash)
				}
			}
			table = bigger
		}
	}
	for _, s := range table {
		if s.full {
			out = append(out, s.key)
		}
	}
	return out
}

// gridTally counts the values of an Element as dsl.py lists them: a
// tuple's cells row by row, a set's first components. keys are the
// distinct values in the order first met, counts their counts.
func gridTally(op string, x Value, keys, counts []int) ([]int, []int) {
	if g, ok := x.(Grid); ok {
		return gridTallyCells(g, keys, counts)
	}
	var small [256]int32 // 1 + position in keys of values that fit int8
	add := func(v int) {
		if fitsCell(v) {
			u := uint8(int8(v))
			if k := small[u]; k != 0 {
				counts[k-1]++
				return
			}
			keys, counts = append(keys, v), append(counts, 1)
			small[u] = int32(len(keys))
			return
		}
		for k, w := range keys {
			if w == v {
				counts[k]++
				return
			}
		}
		keys, counts = append(keys, v), append(counts, 1)
	}
	switch el := x.(type) {
	case Object:
		for _, c := range el {
			add(c.C)
		}
	case Indices:
		for _, p := range el {
			add(p.I)
		}
	case Tuple:
		for _, row := range el {
			if !IsTuple(row) && !IsSet(row) {
				panic(typeError(op, row))
			}
			vals := Elems(row)
			if IsSet(row) {
				vals = contElems(op, row) // in CPython's order
			}
			for _, v := range vals {
				n, ok := asInt(v)
				if !ok {
					// Python would count any hashable value; this port
					// only counts ints.
					panic(typeError(op, v))
				}
				add(n)
			}
		}
	case Set:
		for _, item := range el {
			if Len(item) != 2 || !IsTuple(item) {
				panic(typeError(op, item))
			}
			n, ok := asInt(At(item, 0))
			if !ok {
				panic(typeError(op, At(item, 0)))
			}
			add(n)
		}
	default:
		panic(typeError(op, x))
	}
	return keys, counts
}

// gridTallyCells is gridTally for a grid. The keys come in the order first
// met only where that order can change the set's iteration order;
// otherwise they come in ascending order.
func gridTallyCells(g Grid, keys, counts []int) ([]int, []int) {
	if k, c, ok := gridTallySmall(g.Cells, keys, counts); ok {
		return k, c
	}
	return gridTallyWide(g, keys, counts)
}

// gridTallyWide is gridTallyCells for cells of any int8 value.
func gridTallyWide(g Grid, keys, counts []int) ([]int, []int) {
	var cnt, cnt2, cnt3, cnt4 [256]int32
	cells := g.Cells
	// Four tables cut the chains of dependent increments on one colour.
	for len(cells) >= 128 {
		for range 32 {
			cnt[uint8(cells[0])]++
			cnt2[uint8(cells[1])]++
			cnt3[uint8(cells[2])]++
			cnt4[uint8(cells[3])]++
			cells = cells[4:]
		}
	}
	for len(cells) >= 4 {
		cnt[uint8(cells[0])]++
		cnt2[uint8(cells[1])]++
		cnt3[uint8(cells[2])]++
		cnt4[uint8(cells[3])]++
		cells = cells[4:]
	}
	for _, c := range cells {
		cnt[uint8(c)]++
	}
	for u := range cnt {
		cnt[u] += cnt2[u] + cnt3[u] + cnt4[u]
	}
	var slots uint8 // slots of an 8-slot table taken by the keys' hashes
	collide := false
	for v := -128; v < 128; v++ {
		if n := cnt[uint8(int8(v))]; n != 0 {
			keys, counts = append(keys, v), append(counts, int(n))
			bit := uint8(1) << (gridPyHash(v) & 7)
			collide = collide || slots&bit != 0
			slots |= bit
		}
	}
	// With at most 4 keys the table keeps 8 slots, and keys whose first
	// probe slots differ land there whatever the order; with 5 or more keys
	// in [0, 32) the order is ascending (see gridSetOrder).
	n := len(keys)
	if n <= 4 && !collide || n >= 5 && keys[0] >= 0 && keys[n-1] < 32 {
		return keys, counts
	}
	var seen [256]bool
	k := 0
	for _, c := range g.Cells {
		if u := uint8(c); !seen[u] {
			seen[u] = true
			keys[k], counts[k] = int(c), int(cnt[u])
			k++
			if k == n {
				break
			}
		}
	}
	return keys, counts
}

// gridTallySmall is gridTallyCells for the common grid whose cells all lie
// in [0, 16), ARC's colours among them: tables of 16 counts instead of 256
// to clear, add up and walk. keys and counts come empty, as to
// gridTallyCells; it reports false, having appended nothing, when a cell
// lies outside.
func gridTallySmall(cells []int8, keys, counts []int) ([]int, []int, bool) {
	var cnt, cnt2, cnt3, cnt4 [16]int32
	var seen uint8 // the bits of every cell, ORed: 16 or more, or a sign, shows
	all := cells
	for len(cells) >= 4 {
		a, b, c, d := uint8(cells[0]), uint8(cells[1]), uint8(cells[2]), uint8(cells[3])
		seen |= a | b | c | d
		cnt[a&15]++
		cnt2[b&15]++
		cnt3[c&15]++
		cnt4[d&15]++
		cells = cells[4:]
	}
	for _, c := range cells {
		seen |= uint8(c)
		cnt[uint8(c)&15]++
	}
	if seen >= 16 {
		return keys, counts, false
	}
	var present uint16 // bit v set when value v occurs
	for v := range cnt {
		cnt[v] += cnt2[v] + cnt3[v] + cnt4[v]
		if cnt[v] != 0 {
			present |= 1 << v
			keys, counts = append(keys, v), append(counts, int(cnt[v]))
		}
	}
	// A key v < 16 hashes to v, so its first probe slot in the 8-slot
	// table of at most 4 keys is v&7: v and v+8 collide. With 5 keys or
	// more, all in [0, 32), the order is ascending (see gridTallyCells).
	n := len(keys)
	if n >= 5 || present&(present>>8)&0xff == 0 {
		return keys, counts, true
	}
	var first [16]bool
	k := 0
	for _, c := range all {
		if u := uint8(c); !first[u&15] {
			first[u&15] = true
			keys[k], counts[k] = int(c), int(cnt[u&15])
			k++
			if k == n {
				break
			}
		}
	}
	return keys, counts, true
}

// gridPickColor is mostcolor (most) or leastcolor: Python's max or min of
// set(values) keyed by the count, the first extreme in set order winning.
func gridPickColor(e *Env, op string, x Value, most bool) Value {
	if g, ok := x.(Grid); ok && most {
		e.Charge(len(g.Cells))
		return gridMostcolorOf(e, g)
	}
	var kb, cb, ob [16]int
	keys, counts := gridTally(op, x, kb[:0], cb[:0])
	n := 0
	for _, c := range counts {
		n += c
	}
	e.Charge(n)
	if IsSet(x) && gridExtremeShared(counts, most) {
		// The set of values is built in the order the element's cells
		// come, which for a set is CPython's iteration order.
		gridFirstMet(op, x, keys, counts)
	}
	return gridPick(op, keys, counts, ob[:0], most)
}

// gridExtremeShared reports whether the greatest (most) or least count is
// reached by two keys or more, so that the set's order decides.
func gridExtremeShared(counts []int, most bool) bool {
	best, shared := 0, false
	for k, c := range counts {
		switch {
		case k == 0 || most && c > best || !most && c < best:
			best, shared = c, false
		case c == best:
			shared = true
		}
	}
	return shared
}

// gridFirstMet reorders keys (and their counts) in place to the order in
// which CPython's iteration of the set x first meets them.
func gridFirstMet(op string, x Value, keys, counts []int) {
	var met []int
	add := func(v int) {
		if !slices.Contains(met, v) {
			met = append(met, v)
		}
	}
	switch el := x.(type) {
	case Object:
		for _, k := range pyOrderIdx(el) {
			add(el[k].C)
		}
	case Indices:
		for _, k := range pyOrderIdx(el) {
			add(el[k].I)
		}
	case Set:
		for _, item := range contElems(op, el) {
			v, _ := asInt(At(item, 0))
			add(v)
		}
	}
	if len(met) != len(keys) {
		return
	}
	old := slices.Clone(keys)
	oldCounts := slices.Clone(counts)
	for k, v := range met {
		keys[k] = v
		counts[k] = oldCounts[slices.Index(old, v)]
	}
}

func gridPick(op string, keys, counts, buf []int, most bool) int {
	nonEmpty(op, len(keys))
	order := gridSetOrder(keys, buf)
	best := order[0]
	for _, k := range order[1:] {
		if most && counts[k] > counts[best] || !most && counts[k] < counts[best] {
			best = k
		}
	}
	return keys[best]
}

// gridMostcolorOf is gridMostcolor through e's memory of the last grid
// asked for: the synth search's templates ask it of one grid after
// another (underfill, cover, paint and objects of the same state).
func gridMostcolorOf(e *Env, g Grid) int {
	if g == e.mostGrid && g != nil {
		return e.mostColour
	}
	c := gridMostcolor(g)
	e.mostGrid, e.mostColour = g, c
	return c
}

// gridMostcolor is mostcolor of a grid.
func gridMostcolor(g Grid) int {
	var kb, cb, ob [16]int
	keys, counts := gridTallyCells(g, kb[:0], cb[:0])
	return gridPick("mostcolor", keys, counts, ob[:0], true)
}

func gridColorcount(e *Env, x, value Value) Value {
	key, isInt := asInt(value)
	switch el := x.(type) {
	case Grid:
		if !isInt || !fitsCell(key) {
			return 0
		}
		e.Charge(len(el.Cells))
		c, n := int8(key), 0
		for _, v := range el.Cells {
			if v == c {
				n++
			}
		}
		return n
	case Object:
		e.Charge(len(el))
		n := 0
		if isInt {
			for _, c := range el {
				if c.C == key {
					n++
				}
			}
		}
		return n
	case Tuple:
		n := 0
		for _, row := range el {
			if !IsTuple(row) {
				panic(typeError("colorcount", row))
			}
			for _, v := range Elems(row) {
				if Equal(v, value) {
					n++
				}
			}
		}
		return n
	case Indices, Set:
		n := 0
		for _, item := range Elems(el) {
			if Len(item) != 2 || !IsTuple(item) {
				panic(typeError("colorcount", item))
			}
			v := At(item, 0)
			if Equal(v, value) {
				n++
			}
		}
		return n
	}
	panic(typeError("colorcount", x))
}

func gridPalette(e *Env, x Value) Value {
	if g, ok := x.(Grid); ok {
		var seen [256]bool
		for _, c := range g.Cells {
			seen[uint8(c)] = true
		}
		out := make(Set, 0, 10)
		for v := -128; v < 128; v++ {
			if seen[uint8(int8(v))] {
				out = append(out, v)
			}
		}
		if len(out) == 0 {
			return gridEmptySet
		}
		return out
	}
	if t, ok := x.(Tuple); ok && len(t) == 0 {
		return gridEmptySet
	}
	var kb, cb [16]int
	keys, _ := gridTally("palette", x, kb[:0], cb[:0])
	e.Charge(len(keys))
	vals := make([]Value, len(keys))
	for i, k := range keys {
		vals[i] = k
	}
	return MakeSet(vals)
}

func gridAsindices(e *Env, x Value) Value {
	g, ok := gridOf("asindices", x)
	if !ok || g.W == 0 {
		return gridEmptySet
	}
	e.Charge(g.H * g.W)
	if g.H > 32 || g.W > 32 {
		return gridLocations(g.H, g.W)
	}
	slot := &asindicesMemo[(g.H-1)<<5|(g.W-1)]
	if v := slot.Load(); v != nil {
		return *v
	}
	v := gridLocations(g.H, g.W)
	slot.Store(&v)
	return v
}

// asindicesMemo holds asindices' output for each shape up to 32×32, by
// (h-1)<<5|(w-1), shared by every goroutine: the output depends only on
// the grid's shape, and enumeration asks for it on every grid it holds,
// most of one shape, 5% of the bytes it allocated at 2,000 states a task.
// A value is never modified once built, so one serves every caller.
var asindicesMemo [32 * 32]atomic.Pointer[Value]

// gridLocations is every location of an h×w grid in reading order.
func gridLocations(h, w int) Value {
	out := make(Indices, 0, h*w)
	for i := range h {
		for j := range w {
			out = append(out, Point{i, j})
		}
	}
	return out
}

func gridOfcolor(e *Env, x, value Value) Value {
	g, ok := gridOf("ofcolor", x)
	key, isInt := asInt(value)
	if !ok || !isInt || !fitsCell(key) {
		return gridEmptySet
	}
	e.Charge(len(g.Cells))
	c, n := int8(key), 0
	for _, v := range g.Cells {
		if v == c {
			n++
		}
	}
	if n == 0 {
		return gridEmptySet
	}
	out := make(Indices, 0, n)
	for k, v := range g.Cells {
		if v == c {
			out = append(out, Point{k / g.W, k % g.W})
		}
	}
	return out
}

func gridAsobject(e *Env, x Value) Value {
	g, ok := gridOf("asobject", x)
	if !ok || g.W == 0 {
		return gridEmptySet
	}
	e.Charge(len(g.Cells))
	out := make(Object, len(g.Cells))
	for k, v := range g.Cells {
		out[k] = Cell{I: k / g.W, J: k % g.W, C: int(v)}
	}
	return out
}

func gridToobject(e *Env, patch, x Value) Value {
	g := gridNonEmpty("toobject", x)
	obj, idx, isObj := gridPatch("toobject", patch)
	var out Object
	if isObj {
		out = gridCellsAt(e, g, obj)
	} else {
		out = gridCellsAt(e, g, idx)
	}
	if len(out) == 0 {
		return gridEmptySet
	}
	return NewObject(out)
}

// gridCellsAt is the cells of g at the locations of p's elements that lie
// in g, in p's order.
func gridCellsAt[E patchElem](e *Env, g Grid, p []E) Object {
	e.Charge(len(p))
	out := make(Object, 0, len(p))
	for _, q := range p {
		if l := loc(q); l.I >= 0 && l.I < g.H && l.J >= 0 && l.J < g.W {
			out = append(out, Cell{I: l.I, J: l.J, C: int(g.Cells[l.I*g.W+l.J])})
		}
	}
	return out
}

// ---------------------------------------------------------------------------
// Cropping.

func gridCrop(e *Env, x, startV, dimsV Value) Value {
	start := pointArg("crop", startV)
	dims := pointArg("crop", dimsV)
	g, ok := gridOf("crop", x)
	if !ok {
		return Tuple{}
	}
	return gridCropAt(e, g, start.I, start.J, dims.I, dims.J)
}

// gridCropAt is crop with Python's slicing: negative starts count from the
// end, oversized ranges are clamped.
func gridCropAt(e *Env, g Grid, si, sj, di, dj int) Value {
	r0, r1 := gridPySlice(g.H, si, gridAddSat(si, di))
	c0, c1 := gridPySlice(g.W, sj, gridAddSat(sj, dj))
	return gridSub(e, g, r0, r1, c0, c1)
}

func gridSubgrid(e *Env, patch, x Value) Value {
	// crop(grid, ulcorner(patch), shape(patch)); shape of a tuple is its
	// length and the length of its first element.
	var si, sj, di, dj int
	switch p := patch.(type) {
	case Object, Indices:
		top, left, bottom, right := patchBounds("subgrid", p)
		si, sj, di, dj = top, left, bottom-top+1, right-left+1
	case Grid:
		if p.W < 2 {
			panic(fail("subgrid", "tuple index out of range"))
		}
		si, sj = math.MaxInt, math.MaxInt
		for i := 0; i < p.H; i++ {
			si, sj = min(si, int(p.Cells[i*p.W])), min(sj, int(p.Cells[i*p.W+1]))
		}
		di, dj = p.H, p.W
	case Tuple:
		// A tuple of locations or of cells: ulcorner is the least row and
		// column, shape is (len(patch), len(patch[0])) = (n, 2).
		obj, idx, isObj := gridPatch("subgrid", p)
		if len(p) == 0 {
			panic(fail("subgrid", "tuple index out of range"))
		}
		si, sj = math.MaxInt, math.MaxInt
		for _, q := range idx {
			si, sj = min(si, q.I), min(sj, q.J)
		}
		if isObj {
			for _, c := range obj {
				si, sj = min(si, c.I), min(sj, c.J)
			}
		}
		di, dj = len(p), 2
	default:
		if IsSet(patch) && Len(patch) == 0 {
			panic(fail("subgrid", "tuple index out of range"))
		}
		panic(typeError("subgrid", patch))
	}
	g, ok := gridOf("subgrid", x)
	if !ok {
		return Tuple{}
	}
	return gridCropAt(e, g, si, sj, di, dj)
}

func gridTrim(e *Env, x Value) Value {
	g, ok := gridOf("trim", x)
	if !ok {
		return Tuple{}
	}
	r0, r1 := gridPySlice(g.H, 1, -1)
	c0, c1 := gridPySlice(g.W, 1, -1)
	return gridSub(e, g, r0, r1, c0, c1)
}

// gridHalf is tophalf (bottom false) or bottomhalf, which slice any tuple.
func gridHalf(e *Env, op string, x Value, bottom bool) Value {
	n := 0
	switch t := x.(type) {
	case Grid:
		n = t.H
	case Tuple:
		n = len(t)
	default:
		panic(typeError(op, x))
	}
	lo, hi := 0, n/2
	if bottom {
		lo, hi = n/2+n%2, n
	}
	if g, ok := x.(Grid); ok {
		return gridSub(e, g, lo, hi, 0, g.W)
	}
	return MakeTuple(append([]Value(nil), x.(Tuple)[lo:hi]...))
}

// gridSideHalf is lefthalf (right false) or righthalf:
// rot270(tophalf(rot90(grid))), which is the left W//2 columns, or the
// empty tuple when W//2 is 0.
func gridSideHalf(e *Env, op string, x Value, right bool) Value {
	g, ok := x.(Grid)
	if !ok {
		// Any other tuple: follow dsl.py's definition literally.
		return gridRot270(e, gridHalf(e, op, gridRot90(e, x), right))
	}
	half := g.W / 2
	if half == 0 {
		return Tuple{}
	}
	if right {
		return gridSub(e, g, 0, g.H, g.W-half, g.W)
	}
	return gridSub(e, g, 0, g.H, 0, half)
}

func gridSplit(e *Env, op string, x, nv Value, vertical bool) Value {
	n := intArg(op, nv)
	g := gridNonEmpty(op, x)
	if n == 0 {
		panic(fail(op, "integer division or modulo by zero"))
	}
	if n < 0 {
		return Tuple{}
	}
	size := g.W
	if vertical {
		size = g.H
	}
	part, offset := floorDiv(size, n), 0
	if size%n != 0 {
		offset = 1
	}
	pieces := make([]Value, n)
	for i := range pieces {
		s := part*i + i*offset
		if vertical {
			pieces[i] = gridCropAt(e, g, s, 0, part, g.W)
		} else {
			pieces[i] = gridCropAt(e, g, 0, s, g.H, part)
		}
	}
	return MakeTuple(pieces)
}

func gridCompress(e *Env, x Value) Value {
	g, ok := gridOf("compress", x)
	if !ok {
		return Tuple{}
	}
	h, w := g.H, g.W
	keepRow := make([]bool, h)
	keepCol := make([]bool, w)
	nr, nc := 0, 0
	for i := 0; i < h; i++ {
		r := g.Row(i)
		uniform := w > 0
		for _, v := range r {
			if v != r[0] {
				uniform = false
				break
			}
		}
		if !uniform {
			keepRow[i] = true
			nr++
		}
	}
	for j := 0; j < w; j++ {
		first := g.Cells[j]
		for i := 1; i < h; i++ {
			if g.Cells[i*w+j] != first {
				keepCol[j] = true
				nc++
				break
			}
		}
	}
	if nr == h && nc == w {
		return g
	}
	if nr == 0 {
		return Tuple{}
	}
	gridCharge(e, nr, nc)
	cells := make([]int8, 0, nr*nc)
	for i := 0; i < h; i++ {
		if !keepRow[i] {
			continue
		}
		for j, v := range g.Row(i) {
			if keepCol[j] {
				cells = append(cells, v)
			}
		}
	}
	return grid.New(nr, nc, cells)
}

// ---------------------------------------------------------------------------
// Rotations and mirrors.

// gridRows returns the elements of a non-grid tuple as rows: each must be a
// tuple, whose elements are the row's.
func gridRows(op string, t Tuple) [][]Value {
	rows := make([][]Value, len(t))
	for i, r := range t {
		if !IsTuple(r) {
			panic(typeError(op, r))
		}
		rows[i] = Elems(r)
	}
	return rows
}

// gridZip is tuple(zip(*rows)).
func gridZip(rows [][]Value) Value {
	if len(rows) == 0 {
		return Tuple{}
	}
	n := len(rows[0])
	for _, r := range rows {
		n = min(n, len(r))
	}
	out := make([]Value, n)
	for k := range out {
		col := make([]Value, len(rows))
		for i, r := range rows {
			col[i] = r[k]
		}
		out[k] = MakeTuple(col)
	}
	return MakeTuple(out)
}

func gridReversed[T any](s []T) []T {
	out := make([]T, len(s))
	for i, v := range s {
		out[len(s)-1-i] = v
	}
	return out
}

// gridTupleOfRows is tuple(tuple(r) for r in rows).
func gridTupleOfRows(rows [][]Value) Value {
	out := make([]Value, len(rows))
	for i, r := range rows {
		out[i] = MakeTuple(r)
	}
	return MakeTuple(out)
}

// gridGeneric returns the rows of a tuple that is not a grid, or ok=false
// when v is a grid; the empty tuple gives no rows.
func gridGeneric(op string, v Value) (rows [][]Value, ok bool) {
	switch x := v.(type) {
	case Grid:
		return nil, false
	case Tuple:
		return gridRows(op, x), true
	}
	panic(typeError(op, v))
}

// gridRemap builds an h×w grid whose cell (i, j) is g's cell src(i, j),
// given as a start index and the strides along i and j in g.Cells.
func gridRemap(e *Env, g Grid, h, w, start, di, dj int) Value {
	if h == 0 {
		return Tuple{}
	}
	gridCharge(e, h, w)
	cells := make([]int8, h*w)
	k := 0
	for i := 0; i < h; i++ {
		s := start + i*di
		for j := 0; j < w; j++ {
			cells[k] = g.Cells[s]
			s += dj
			k++
		}
	}
	return grid.New(h, w, cells)
}

func gridRot90(e *Env, x Value) Value {
	if rows, ok := gridGeneric("rot90", x); ok {
		return gridZip(gridReversed(rows))
	}
	g := x.(Grid)
	// out[i][j] = g[H-1-j][i]
	return gridRemap(e, g, g.W, g.H, (g.H-1)*g.W, 1, -g.W)
}

func gridRot180(e *Env, x Value) Value {
	if rows, ok := gridGeneric("rot180", x); ok {
		out := gridReversed(rows)
		for i, r := range out {
			out[i] = gridReversed(r)
		}
		return gridTupleOfRows(out)
	}
	g := x.(Grid)
	return gridRemap(e, g, g.H, g.W, g.H*g.W-1, -g.W, -1)
}

func gridRot270(e *Env, x Value) Value {
	if rows, ok := gridGeneric("rot270", x); ok {
		z := gridZip(gridReversed(rows))
		if t, ok := z.(Tuple); ok && len(t) == 0 {
			return z
		}
		cols := Elems(z)
		out := make([]Value, len(cols))
		for i, c := range cols {
			out[len(cols)-1-i] = MakeTuple(gridReversed(Elems(c)))
		}
		return MakeTuple(out)
	}
	g := x.(Grid)
	// out[i][j] = g[j][W-1-i]
	return gridRemap(e, g, g.W, g.H, g.W-1, -1, g.W)
}

func gridDmirrorGrid(e *Env, x Value) Value {
	if rows, ok := gridGeneric("dmirror", x); ok {
		return gridZip(rows)
	}
	g := x.(Grid)
	return gridRemap(e, g, g.W, g.H, 0, 1, g.W)
}

func gridHmirror(e *Env, x Value) Value {
	switch p := x.(type) {
	case Grid:
		return gridRemap(e, p, p.H, p.W, (p.H-1)*p.W, -p.W, 1)
	case Tuple:
		return MakeTuple(gridReversed(p))
	case Object:
		return gridHmirrorPatch(e, p)
	case Indices:
		return gridHmirrorPatch(e, p)
	}
	return gridBadPatch("hmirror", x)
}

// gridHmirrorPatch is hmirror of a sorted patch: its rows in reverse
// order, each mirrored in the patch's box, which keeps it sorted.
func gridHmirrorPatch[S ~[]E, E patchElem](e *Env, p S) S {
	nonEmpty("hmirror", len(p))
	e.Charge(len(p))
	d := loc(p[0]).I + loc(p[len(p)-1]).I
	out := make(S, 0, len(p))
	for end := len(p); end > 0; {
		row := loc(p[end-1]).I
		start := end - 1
		for start > 0 && loc(p[start-1]).I == row {
			start--
		}
		for _, q := range p[start:end] {
			l := loc(q)
			out = append(out, withLoc(q, Point{d - l.I, l.J}))
		}
		end = start
	}
	return out
}

// gridBadPatch panics as Python does for a Piece that is neither a tuple
// nor a non-empty patch.
func gridBadPatch(op string, x Value) Value {
	if IsSet(x) && Len(x) == 0 {
		panic(fail(op, "tuple index out of range"))
	}
	panic(typeError(op, x))
}

func gridVmirror(e *Env, x Value) Value {
	switch p := x.(type) {
	case Grid:
		return gridRemap(e, p, p.H, p.W, p.W-1, p.W, -1)
	case Tuple:
		rows := gridRows("vmirror", p)
		for i, r := range rows {
			rows[i] = gridReversed(r)
		}
		return gridTupleOfRows(rows)
	case Object:
		// Cells sharing a location came out in descending colour order.
		return NewObject(gridVmirrorPatch(e, p))
	case Indices:
		return gridVmirrorPatch(e, p)
	}
	return gridBadPatch("vmirror", x)
}

// gridVmirrorPatch is vmirror of a sorted patch: each row's elements in
// reverse order, mirrored in the patch's box. Locations stay sorted; the
// cells that share one come out in descending colour order.
func gridVmirrorPatch[S ~[]E, E patchElem](e *Env, p S) S {
	nonEmpty("vmirror", len(p))
	e.Charge(len(p))
	_, left, _, right := sortedBox(p)
	d := left + right
	out := make(S, len(p))
	for start := 0; start < len(p); {
		row := loc(p[start]).I
		end := start + 1
		for end < len(p) && loc(p[end]).I == row {
			end++
		}
		for k := start; k < end; k++ {
			q := p[start+end-1-k]
			l := loc(q)
			out[k] = withLoc(q, Point{l.I, d - l.J})
		}
		start = end
	}
	return out
}

func gridDmirror(e *Env, x Value) Value {
	switch p := x.(type) {
	case Grid, Tuple:
		return gridDmirrorGrid(e, p)
	case Object:
		return NewObject(gridTransposed(e, "dmirror", p, false))
	case Indices:
		return NewIndices(gridTransposed(e, "dmirror", p, false))
	}
	return gridBadPatch("dmirror", x)
}

func gridCmirror(e *Env, x Value) Value {
	switch p := x.(type) {
	case Grid:
		// out[i][j] = g[H-1-j][W-1-i]
		return gridRemap(e, p, p.W, p.H, p.H*p.W-1, -1, -p.W)
	case Tuple:
		rows := gridReversed(gridRows("cmirror", p))
		for i, r := range rows {
			rows[i] = gridReversed(r)
		}
		return gridZip(rows)
	case Object:
		return NewObject(gridTransposed(e, "cmirror", p, true))
	case Indices:
		return NewIndices(gridTransposed(e, "cmirror", p, true))
	}
	return gridBadPatch("cmirror", x)
}

// gridTransposed is dmirror (anti false) or cmirror of a sorted patch, its
// elements mirrored in the main or the anti-diagonal through its box,
// unsorted.
func gridTransposed[S ~[]E, E patchElem](e *Env, op string, p S, anti bool) S {
	nonEmpty(op, len(p))
	e.Charge(len(p))
	top, left, bottom, right := sortedBox(p)
	out := make(S, len(p))
	if anti {
		// vmirror(dmirror(vmirror(piece))) maps (i, j) to
		// (top + right - j, left + bottom - i).
		for k, q := range p {
			l := loc(q)
			out[k] = withLoc(q, Point{top + right - l.J, left + bottom - l.I})
		}
		return out
	}
	for k, q := range p {
		l := loc(q)
		out[k] = withLoc(q, Point{l.J - left + top, l.I - top + left})
	}
	return out
}

// ---------------------------------------------------------------------------
// Filling and painting.

// gridWriter copies a grid's cells on the first write.
type gridWriter struct {
	g     Grid
	cells []int8 // nil until the first write
}

func (w *gridWriter) at(k int) int8 {
	if w.cells != nil {
		return w.cells[k]
	}
	return w.g.Cells[k]
}

func (w *gridWriter) set(e *Env, k int, v int8) {
	if w.cells == nil {
		if w.g.Cells[k] == v {
			return
		}
		w.own(e)
	}
	w.cells[k] = v
}

// own makes the copy of the cells that w writes to.
func (w *gridWriter) own(e *Env) {
	e.Charge(len(w.g.Cells))
	w.cells = make([]int8, len(w.g.Cells))
	copy(w.cells, w.g.Cells)
}

func (w *gridWriter) result() Value {
	if w.cells == nil {
		return w.g
	}
	return grid.New(w.g.H, w.g.W, w.cells)
}

// gridFill is fill, or underfill when under is set (only cells holding the
// grid's most common colour change).
func gridFill(e *Env, op string, x, value, patch Value, under bool) Value {
	g := gridNonEmpty(op, x)
	var bg int8
	if under {
		bg = int8(gridMostcolorOf(e, g))
	}
	obj, idx, isObj := gridPatch(op, patch)
	c, cok := gridCellOf(value)
	if isObj {
		return gridFillLocs(e, op, g, obj, value, c, cok, under, bg)
	}
	return gridFillLocs(e, op, g, idx, value, c, cok, under, bg)
}

// gridFillLocs is gridFill's loop over the patch p: c (cok, else value
// does not fit a cell) at each location of p inside g, where g holds bg
// when under is set. The cells are copied at the first one that changes.
func gridFillLocs[E patchElem](e *Env, op string, g Grid, p []E, value Value, c int8, cok, under bool, bg int8) Value {
	h, w := g.H, g.W
	src := g.Cells
	var dst []int8 // nil until the first change
	for _, q := range p {
		at := loc(q)
		if uint(at.I) >= uint(h) || uint(at.J) >= uint(w) {
			continue
		}
		k := at.I*w + at.J
		if dst == nil {
			old := src[k]
			if under && old != bg {
				continue
			}
			if !cok {
				cellValue(op, value) // panics: Python would store a non-cell
			}
			if old == c {
				continue
			}
			e.Charge(len(src))
			dst = make([]int8, len(src))
			copy(dst, src)
		} else if under && dst[k] != bg {
			continue
		}
		dst[k] = c // cok holds: cellValue has panicked otherwise
	}
	if dst == nil {
		return g
	}
	return grid.New(h, w, dst)
}

// gridEachLoc calls f with the location of each element of p, in order.
func gridEachLoc[E patchElem](p []E, f func(Point)) {
	for _, q := range p {
		f(loc(q))
	}
}

// gridPaint is paint, or underpaint when under is set.
func gridPaint(e *Env, op string, x, objV Value, under bool) Value {
	g := gridNonEmpty(op, x)
	var bg int8
	if under {
		bg = int8(gridMostcolorOf(e, g))
	}
	obj, idx, isObj := gridPatch(op, objV)
	if !isObj {
		if len(idx) > 0 {
			panic(typeError(op, objV)) // `for value, (i, j) in obj` on locations
		}
		return g
	}
	var order []int32
	if _, ok := objV.(Object); ok && gridRepeatsLocation(obj) {
		// Two colours at one location: the one CPython paints last wins.
		order = pyOrderIdx(obj)
	}
	return gridPaintCells(e, op, g, obj, order, 0, 0, under, bg, gridWriter{g: g})
}

// gridRepeatsLocation reports whether a sorted object has two cells at one
// location (they are then adjacent).
func gridRepeatsLocation(obj Object) bool {
	for k := 1; k < len(obj); k++ {
		if obj[k].I == obj[k-1].I && obj[k].J == obj[k-1].J {
			return true
		}
	}
	return false
}

// gridPaintCells paints obj shifted by (di, dj) through wr, its cells in
// the given order (positions in obj; nil for obj's own order).
func gridPaintCells(e *Env, op string, g Grid, obj Object, order []int32, di, dj int, under bool, bg int8, wr gridWriter) Value {
	h, w := g.H, g.W
	n := len(obj)
	if order != nil {
		n = len(order)
	}
	for x := range n {
		cell := obj[x]
		if order != nil {
			cell = obj[order[x]]
		}
		i, j := cell.I+di, cell.J+dj
		if uint(i) >= uint(h) || uint(j) >= uint(w) {
			continue
		}
		k := i*w + j
		if wr.cells == nil {
			old := wr.g.Cells[k]
			if under && old != bg {
				continue
			}
			c := cellInt(op, cell.C)
			if old == c {
				continue
			}
			wr.own(e)
			wr.cells[k] = c
			continue
		}
		if under && wr.cells[k] != bg {
			continue
		}
		wr.cells[k] = cellInt(op, cell.C)
	}
	return wr.result()
}

// gridShiftedOrder returns the order in which paint iterates
// shift(objV, (di, dj)) given as the cells obj, when that order matters: a
// new frozenset of the shifted cells, added in objV's order. nil when no
// location repeats.
func gridShiftedOrder(objV Value, obj Object, di, dj int) []int32 {
	if _, ok := objV.(Object); ok {
		if !gridRepeatsLocation(obj) {
			return nil
		}
		return pyShiftOrder(obj, di, dj)
	}
	// A tuple of cells: added in tuple order, repeats once.
	seen := make(map[Cell]bool, len(obj))
	locs := make(map[Point]bool, len(obj))
	repeats := false
	hashes := make([]uint64, len(obj))
	ins := make([]int32, 0, len(obj))
	for k, c := range obj {
		if seen[c] {
			continue
		}
		seen[c] = true
		p := Point{c.I, c.J}
		repeats = repeats || locs[p]
		locs[p] = true
		hashes[k] = pyHashCell(Cell{I: c.I + di, J: c.J + dj, C: c.C})
		ins = append(ins, int32(k))
	}
	if !repeats {
		return nil
	}
	return pyOrderOf(hashes, ins, false)
}

func gridCover(e *Env, x, patch Value) Value {
	g := gridNonEmpty("cover", x)
	return gridFill(e, "cover", g, gridMostcolorOf(e, g), patch, false)
}

func gridMove(e *Env, x, objV, offV Value) Value {
	g := gridNonEmpty("move", x)
	bg := int8(gridMostcolorOf(e, g))
	obj, idx, isObj := gridPatch("move", objV)
	wr := gridWriter{g: g}
	h, w := g.H, g.W
	cover := func(p Point) {
		if p.I >= 0 && p.I < h && p.J >= 0 && p.J < w {
			wr.set(e, p.I*w+p.J, bg)
		}
	}
	if isObj {
		gridEachLoc(obj, cover)
	} else {
		gridEachLoc(idx, cover)
	}
	if !isObj || len(obj) == 0 {
		if len(idx) > 0 {
			pointArg("move", offV)
			panic(typeError("move", objV)) // paint of shifted locations
		}
		return wr.result() // shift returns an empty patch untouched
	}
	off := pointArg("move", offV)
	order := gridShiftedOrder(objV, obj, off.I, off.J)
	return gridPaintCells(e, "move", g, obj, order, off.I, off.J, false, 0, wr)
}

// ---------------------------------------------------------------------------
// Cell-wise maps.

func gridReplace(e *Env, x, replacee, replacer Value) Value {
	g, ok := gridOf("replace", x)
	if !ok {
		return Tuple{}
	}
	key, isInt := asInt(replacee)
	if !isInt || !fitsCell(key) {
		return g
	}
	old := int8(key)
	first := -1
	for k, v := range g.Cells {
		if v == old {
			first = k
			break
		}
	}
	if first < 0 {
		return g
	}
	c := cellValue("replace", replacer)
	e.Charge(len(g.Cells))
	cells := make([]int8, len(g.Cells))
	copy(cells, g.Cells)
	for k := first; k < len(cells); k++ {
		if cells[k] == old {
			cells[k] = c
		}
	}
	return grid.New(g.H, g.W, cells)
}

func gridSwitch(e *Env, x, a, b Value) Value {
	g, ok := gridOf("switch", x)
	if !ok {
		return Tuple{}
	}
	ka, aInt := asInt(a)
	kb, bInt := asInt(b)
	aInt = aInt && fitsCell(ka)
	bInt = bInt && fitsCell(kb)
	if aInt && bInt && ka == kb {
		return g // {a: b, b: a} maps a to a
	}
	// Cells equal to a become b and cells equal to b become a.
	var ca, cb int8
	if aInt {
		ca = int8(ka)
	}
	if bInt {
		cb = int8(kb)
	}
	e.Charge(len(g.Cells))
	cells := make([]int8, len(g.Cells))
	for k, v := range g.Cells {
		switch {
		case aInt && v == ca:
			v = cellValue("switch", b)
		case bInt && v == cb:
			v = cellValue("switch", a)
		}
		cells[k] = v
	}
	return grid.New(g.H, g.W, cells)
}

func gridCellwise(e *Env, av, bv, fallback Value) Value {
	a := gridNonEmpty("cellwise", av)
	if a.W == 0 {
		return a // b is never read
	}
	b, ok := bv.(Grid)
	if !ok {
		if t, isT := bv.(Tuple); isT && len(t) == 0 {
			panic(fail("cellwise", "tuple index out of range"))
		}
		panic(typeError("cellwise", bv))
	}
	if b.H < a.H || b.W < a.W {
		panic(fail("cellwise", "tuple index out of range"))
	}
	fb, fok := gridCellOf(fallback)
	e.Charge(len(a.Cells))
	cells := make([]int8, len(a.Cells))
	for i := 0; i < a.H; i++ {
		ra, rb := a.Row(i), b.Row(i)
		out := cells[i*a.W : (i+1)*a.W]
		for j, v := range ra {
			if v != rb[j] {
				if !fok {
					cellValue("cellwise", fallback)
				}
				v = fb
			}
			out[j] = v
		}
	}
	return grid.New(a.H, a.W, cells)
}

func gridIndex(e *Env, x, locV Value) Value {
	loc := pointArg("index", locV)
	g := gridNonEmpty("index", x)
	if loc.I < 0 || loc.I >= g.H || loc.J < 0 || loc.J >= g.W {
		return nil
	}
	return int(g.Cells[loc.I*g.W+loc.J])
}

func gridCanvas(e *Env, value, dimsV Value) Value {
	dims := pointArg("canvas", dimsV)
	h, w := max(dims.I, 0), max(dims.J, 0)
	if h == 0 {
		return Tuple{}
	}
	gridCharge(e, h, w)
	if w == 0 {
		return grid.New(h, 0, nil)
	}
	return grid.Filled(h, w, cellValue("canvas", value))
}

// ---------------------------------------------------------------------------
// Scaling.

func gridHupscale(e *Env, x, fv Value) Value {
	f := max(intArg("hupscale", fv), 0)
	g, ok := gridOf("hupscale", x)
	if !ok {
		return Tuple{}
	}
	w := gridMulSat(g.W, f)
	gridCharge(e, g.H, w)
	cells := make([]int8, 0, g.H*w)
	for _, v := range g.Cells {
		for range f {
			cells = append(cells, v)
		}
	}
	return grid.New(g.H, w, cells)
}

func gridVupscale(e *Env, x, fv Value) Value {
	f := max(intArg("vupscale", fv), 0)
	g, ok := gridOf("vupscale", x)
	if !ok || f == 0 {
		return Tuple{}
	}
	h := gridMulSat(g.H, f)
	gridCharge(e, h, g.W)
	cells := make([]int8, 0, h*g.W)
	for i := 0; i < g.H; i++ {
		for range f {
			cells = append(cells, g.Row(i)...)
		}
	}
	return grid.New(h, g.W, cells)
}

func gridUpscale(e *Env, x, fv Value) Value {
	f := max(intArg("upscale", fv), 0)
	switch el := x.(type) {
	case Grid:
		if f == 0 {
			return Tuple{}
		}
		h, w := gridMulSat(el.H, f), gridMulSat(el.W, f)
		gridCharge(e, h, w)
		cells := make([]int8, 0, h*w)
		for i := 0; i < el.H; i++ {
			start := len(cells)
			for _, v := range el.Row(i) {
				for range f {
					cells = append(cells, v)
				}
			}
			row := cells[start:]
			for range f - 1 {
				cells = append(cells, row...)
			}
		}
		return grid.New(h, w, cells)
	case Tuple:
		rows := gridRows("upscale", el)
		out := make([]Value, 0, len(rows)*f)
		for _, r := range rows {
			up := make([]Value, 0, len(r)*f)
			for _, v := range r {
				for range f {
					up = append(up, v)
				}
			}
			row := MakeTuple(up)
			for range f {
				out = append(out, row)
			}
		}
		return MakeTuple(out)
	case Object:
		if len(el) == 0 || f == 0 {
			return gridEmptySet
		}
		gridCharge(e, len(el), gridMulSat(f, f))
		top, left, _, _ := patchBounds("upscale", el)
		out := make(Object, 0, len(el)*f*f)
		for start := 0; start < len(el); {
			end := start + 1
			for end < len(el) && el[end].I == el[start].I {
				end++
			}
			for io := range f {
				for _, c := range el[start:end] {
					i := top + (c.I-top)*f + io
					for jo := range f {
						out = append(out, Cell{I: i, J: left + (c.J-left)*f + jo, C: c.C})
					}
				}
			}
			start = end
		}
		return NewObject(out)
	case Indices:
		if len(el) == 0 {
			return gridEmptySet
		}
		panic(typeError("upscale", x)) // `for value, (i, j) in` locations
	case Set:
		if len(el) == 0 {
			return gridEmptySet
		}
	}
	panic(typeError("upscale", x))
}

func gridDownscale(e *Env, x, fv Value) Value {
	f := intArg("downscale", fv)
	g := gridNonEmpty("downscale", x)
	if f == 0 {
		panic(fail("downscale", "integer division or modulo by zero"))
	}
	if f < 0 {
		f = -f // j % f == 0 does not depend on f's sign
	}
	h, w := (g.H+f-1)/f, (g.W+f-1)/f
	gridCharge(e, h, w)
	cells := make([]int8, 0, h*w)
	for i := 0; i < g.H; i += f {
		r := g.Row(i)
		for j := 0; j < g.W; j += f {
			cells = append(cells, r[j])
		}
	}
	return grid.New(h, w, cells)
}

// ---------------------------------------------------------------------------
// Concatenation.

func gridHconcat(e *Env, av, bv Value) Value {
	a, aok := av.(Grid)
	b, bok := bv.(Grid)
	if aok && bok {
		h, w := min(a.H, b.H), a.W+b.W
		gridCharge(e, h, w)
		cells := make([]int8, 0, h*w)
		for i := 0; i < h; i++ {
			cells = append(cells, a.Row(i)...)
			cells = append(cells, b.Row(i)...)
		}
		return grid.New(h, w, cells)
	}
	if !IsTuple(av) || !(IsTuple(bv) || IsSet(bv)) {
		panic(typeError("hconcat", av, bv))
	}
	ea, eb := contElemsIn(e, "hconcat", av), contElemsIn(e, "hconcat", bv)
	n := min(len(ea), len(eb))
	out := make([]Value, n)
	for i := range out {
		if !IsTuple(ea[i]) || !IsTuple(eb[i]) {
			panic(typeError("hconcat", ea[i], eb[i]))
		}
		out[i] = MakeTuple(append(append([]Value(nil), Elems(ea[i])...), Elems(eb[i])...))
	}
	return MakeTuple(out)
}

func gridVconcat(e *Env, av, bv Value) Value {
	a, aok := av.(Grid)
	b, bok := bv.(Grid)
	if aok && bok && a.W == b.W {
		gridCharge(e, a.H+b.H, a.W)
		cells := make([]int8, 0, len(a.Cells)+len(b.Cells))
		cells = append(append(cells, a.Cells...), b.Cells...)
		return grid.New(a.H+b.H, a.W, cells)
	}
	if !IsTuple(av) || !IsTuple(bv) {
		panic(typeError("vconcat", av, bv))
	}
	if t, ok := av.(Tuple); ok && len(t) == 0 {
		return bv
	}
	if t, ok := bv.(Tuple); ok && len(t) == 0 {
		return av
	}
	ea, eb := contElemsIn(e, "vconcat", av), contElemsIn(e, "vconcat", bv)
	e.Charge(len(ea) + len(eb))
	return MakeTuple(append(append(make([]Value, 0, len(ea)+len(eb)), ea...), eb...))
}
