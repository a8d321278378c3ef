package dsl

import (
	"cmp"
	"math/bits"
	"slices"
)

// rank orders the families of values that Python cannot compare with each
// other, so that sets mixing them still have one deterministic order.
func rank(v Value) int {
	switch v.(type) {
	case nil:
		return 0
	case bool, int:
		return 1
	case Point, Cell, Grid, Tuple:
		return 2
	case Indices, Object, Set:
		return 3
	case *Func:
		return 4
	}
	return 5
}

func setKind(v Value) int {
	switch v.(type) {
	case Indices:
		return 0
	case Object:
		return 1
	}
	return 2
}

// Compare is a total order on values that agrees with Python's < on numbers
// and on tuples (lexicographic, shorter first). Sets are ordered by size,
// then element by element; functions by creation. Compare(a, b) == 0 exactly
// when a and b are equal in Python.
func Compare(a, b Value) int {
	switch x := a.(type) {
	case int:
		switch y := b.(type) {
		case int:
			return cmp.Compare(x, y)
		case bool:
			return cmp.Compare(x, b2i(y))
		}
	case bool:
		switch y := b.(type) {
		case int:
			return cmp.Compare(b2i(x), y)
		case bool:
			return cmp.Compare(b2i(x), b2i(y))
		}
	case Point:
		if y, ok := b.(Point); ok {
			return comparePoints(x, y)
		}
	case Cell:
		if y, ok := b.(Cell); ok {
			if c := cmp.Compare(x.C, y.C); c != 0 {
				return c
			}
			return comparePoints(Point{x.I, x.J}, Point{y.I, y.J})
		}
	case Grid:
		if y, ok := b.(Grid); ok {
			return compareGrids(x, y)
		}
	case Indices:
		if y, ok := b.(Indices); ok {
			if c := cmp.Compare(len(x), len(y)); c != 0 {
				return c
			}
			return slices.CompareFunc(x, y, comparePoints)
		}
	case Object:
		if y, ok := b.(Object); ok {
			if c := cmp.Compare(len(x), len(y)); c != 0 {
				return c
			}
			return slices.CompareFunc(x, y, compareCells)
		}
	case Tuple:
		if y, ok := b.(Tuple); ok {
			return compareElems(x, y)
		}
	case Set:
		if y, ok := b.(Set); ok {
			if c := cmp.Compare(len(x), len(y)); c != 0 {
				return c
			}
			return compareElems(x, y)
		}
	case *Func:
		if y, ok := b.(*Func); ok {
			return cmp.Compare(x.id, y.id)
		}
	}
	ra, rb := rank(a), rank(b)
	if ra != rb {
		return cmp.Compare(ra, rb)
	}
	switch ra {
	case 2:
		return compareTuples(a, b)
	case 3:
		la, lb := Len(a), Len(b)
		if c := cmp.Compare(la, lb); c != 0 || la == 0 {
			return c
		}
		if c := cmp.Compare(setKind(a), setKind(b)); c != 0 {
			return c
		}
		return slices.CompareFunc(Elems(a), Elems(b), Compare)
	}
	return 0
}

// compareElems compares two tuples' or two sets' elements in order, as
// slices.CompareFunc(x, y, Compare) would, comparing ints in place and
// shared storage not at all: sets of grid rows, tuples of ints, are most
// of what enumeration sorts and compares, and slices.CompareFunc calling
// Compare on each int was 7.7% of its CPU at 20,000 states a task.
func compareElems(x, y []Value) int {
	n := min(len(x), len(y))
	if n > 0 && &x[0] == &y[0] {
		return cmp.Compare(len(x), len(y))
	}
	for i := range n {
		if a, ok := x[i].(int); ok {
			if b, ok := y[i].(int); ok {
				if a != b {
					return cmp.Compare(a, b)
				}
				continue
			}
		}
		if c := Compare(x[i], y[i]); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(x), len(y))
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func comparePoints(a, b Point) int {
	if c := cmp.Compare(a.I, b.I); c != 0 {
		return c
	}
	return cmp.Compare(a.J, b.J)
}

// compareCells is the storage order of an Object: location first, so that
// an object's cells are in reading order.
func compareCells(a, b Cell) int {
	if c := cmp.Compare(a.I, b.I); c != 0 {
		return c
	}
	if c := cmp.Compare(a.J, b.J); c != 0 {
		return c
	}
	return cmp.Compare(a.C, b.C)
}

func compareGrids(a, b Grid) int {
	for i := 0; i < a.H && i < b.H; i++ {
		if c := slices.Compare(a.Row(i), b.Row(i)); c != 0 {
			return c
		}
	}
	return cmp.Compare(a.H, b.H)
}

// compareTuples compares two tuple-like values of different Go types the
// slow way, element by element. A grid's rows are compared where they lie:
// building them as tuples made remove and contained, which enumeration
// calls on grids all the time, most of a run's allocation.
func compareTuples(a, b Value) int {
	if g, ok := a.(Grid); ok {
		return compareGridTo(g, b)
	}
	if g, ok := b.(Grid); ok {
		return -compareGridTo(g, a)
	}
	var bufA, bufB [2]Value
	return slices.CompareFunc(pairElems(a, &bufA), pairElems(b, &bufB), Compare)
}

// pairElems is Elems of a Point, a Cell or a Tuple, a Point's or a Cell's
// elements held in buf rather than a new slice: sorting sets that mix
// Points and Tuples built 96 MB of such slices at 20,000 states a task.
func pairElems(v Value, buf *[2]Value) []Value {
	switch x := v.(type) {
	case Point:
		buf[0], buf[1] = x.I, x.J
		return buf[:]
	case Cell:
		buf[0], buf[1] = x.C, boxPoint(Point{x.I, x.J})
		return buf[:]
	case Tuple:
		return x
	}
	return Elems(v)
}

// compareGridTo compares grid g, a tuple of rows to Python, with v, a
// tuple-like value that is not a grid.
func compareGridTo(g Grid, v Value) int {
	n := Len(v)
	for i := 0; i < g.H && i < n; i++ {
		if c := compareRow(g.Row(i), At(v, i)); c != 0 {
			return c
		}
	}
	return cmp.Compare(g.H, n)
}

// compareRow is Compare(gridRow(g, i), v) for r = g.Row(i), without
// building the row when v is a tuple or point.
func compareRow(r []int8, v Value) int {
	switch y := v.(type) {
	case Tuple:
		for k := 0; k < len(r) && k < len(y); k++ {
			if c := Compare(int(r[k]), y[k]); c != 0 {
				return c
			}
		}
		return cmp.Compare(len(r), len(y))
	case Point:
		if len(r) == 2 {
			return comparePoints(Point{int(r[0]), int(r[1])}, y)
		}
	case Grid:
		// The row's first int meets the grid's first row: ints come first.
		if len(r) > 0 && y.H > 0 {
			return -1
		}
		return cmp.Compare(len(r), y.H)
	default:
		if rv := rank(v); rv != 2 {
			return cmp.Compare(2, rv)
		}
	}
	return Compare(rowValue(r), v)
}

// Identical reports whether a and b are the same value held in the same
// storage: one grid, or containers of one kind sharing their elements'
// array and length, or equal scalars. Identical values are Equal; the
// converse does not hold. It costs a few comparisons where Equal may
// compare every element.
func Identical(a, b Value) bool {
	switch x := a.(type) {
	case Grid:
		y, ok := b.(Grid)
		return ok && x == y
	case Tuple:
		y, ok := b.(Tuple)
		return ok && sameBacking(x, y)
	case Set:
		y, ok := b.(Set)
		return ok && sameBacking(x, y)
	case Indices:
		y, ok := b.(Indices)
		return ok && sameBacking(x, y)
	case Object:
		y, ok := b.(Object)
		return ok && sameBacking(x, y)
	case int, bool, Point, Cell:
		return a == b
	}
	return false
}

// sameBacking reports whether two slices have one length and, when not
// empty, one first element in memory.
func sameBacking[S ~[]E, E any](x, y S) bool {
	return len(x) == len(y) && (len(x) == 0 || &x[0] == &y[0])
}

// Equal is Python's ==.
func Equal(a, b Value) bool {
	switch x := a.(type) {
	case int:
		if y, ok := b.(int); ok {
			return x == y
		}
	case bool:
		if y, ok := b.(bool); ok {
			return x == y
		}
	case Point:
		y, ok := b.(Point)
		return ok && x == y
	case Cell:
		y, ok := b.(Cell)
		return ok && x == y
	case Grid:
		y, ok := b.(Grid)
		return ok && x.Equal(y)
	case Indices:
		if y, ok := b.(Indices); ok {
			return slices.Equal(x, y)
		}
	case Object:
		if y, ok := b.(Object); ok {
			return slices.Equal(x, y)
		}
	case Tuple:
		if y, ok := b.(Tuple); ok {
			return equalElems(x, y)
		}
	case Set:
		if y, ok := b.(Set); ok {
			return equalElems(x, y)
		}
	case *Func:
		return a == b
	}
	return Compare(a, b) == 0
}

// equalElems reports whether two tuples, or two sets (whose elements are
// in one order, Compare's), have equal elements in order. Comparing a
// duplicate state's sets of rows through Compare was 6% of enumeration's
// CPU at 20,000 states a task.
func equalElems(x, y []Value) bool {
	if len(x) != len(y) {
		return false
	}
	if len(x) > 0 && &x[0] == &y[0] {
		return true
	}
	for i, a := range x {
		if !Equal(a, y[i]) {
			return false
		}
	}
	return true
}

// sortValues sorts vs by Compare, and returns the comparison it sorted by:
// Compare, or for a set of sets of points (the empty set among them), as
// prapply(connect, …) makes, a comparison that agrees with Compare on
// them and skips its dispatch on kinds. The two give the same comparisons,
// so the same order.
func sortValues(vs []Value) func(a, b Value) int {
	cmpf := Compare
	if allIndices(vs) {
		cmpf = compareIndicesValues
	}
	slices.SortFunc(vs, cmpf)
	return cmpf
}

// allIndices reports whether every value is Indices or an empty set.
func allIndices(vs []Value) bool {
	for _, v := range vs {
		switch x := v.(type) {
		case Indices:
		case Set:
			if len(x) != 0 {
				return false
			}
		case Object:
			if len(x) != 0 {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// compareIndicesValues is Compare of two values that are Indices or empty
// sets: by size, then point by point.
func compareIndicesValues(a, b Value) int {
	x, _ := a.(Indices)
	y, _ := b.(Indices)
	if c := cmp.Compare(len(x), len(y)); c != 0 {
		return c
	}
	if len(x) > 0 && &x[0] == &y[0] {
		return 0 // one piece of a shared line (connect(a, b) and connect(b, a))
	}
	return slices.CompareFunc(x, y, comparePoints)
}

// NewIndices sorts ps and drops repeats in place, returning the set.
func NewIndices(ps []Point) Indices {
	if len(ps) >= denseMin {
		if out, ok := densePoints(ps); ok {
			return out
		}
	}
	if !slices.IsSortedFunc(ps, comparePoints) && !sortPointsPacked(ps) {
		slices.SortFunc(ps, comparePoints)
	}
	return Indices(slices.Compact(ps))
}

// NewObject sorts cs and drops repeats in place, returning the set.
func NewObject(cs []Cell) Object {
	if len(cs) >= denseMin {
		if out, ok := denseCells(cs); ok {
			return out
		}
	}
	if !slices.IsSortedFunc(cs, compareCells) && !sortCellsPacked(cs) {
		slices.SortFunc(cs, compareCells)
	}
	return Object(slices.Compact(cs))
}

// Sets of points and cells are most often merged from many small parts
// that crowd a small box, as mapply(rbind(shoot, DOWN), ofcolor(I, c))
// does with 42 points per cell: sorting 38,000 such points took 41% of a
// grid-transform search. A bitmap of the box sorts them and drops repeats
// in one pass over the points and one over the box.

// denseMin is the smallest set worth a bitmap; below it sorting is cheap.
const denseMin = 64

// denseBox returns the size of the bitmap for a box of h×w×d, or false when
// the box is large against n elements (more than eight bits per element
// and a few words besides).
func denseBox(h, w, d, n int) (int, bool) {
	if h <= 0 || w <= 0 || d <= 0 || h > 1<<12 || w > 1<<12 || d > 1<<8 {
		return 0, false
	}
	area := h * w * d
	return area, area <= 8*n+4096
}

// denseStack is the words of a bitmap kept on the stack: a box of 4,096
// bits, 30×30 cells of up to four colours.
const denseStack = 64

// denseBits returns a clear bitmap of area bits: buf's words when they
// suffice (the caller's buf stays on its stack), else new ones.
func denseBits(buf *[denseStack]uint64, area int) []uint64 {
	if n := (area + 63) / 64; n <= denseStack {
		return buf[:n]
	}
	return make([]uint64, (area+63)/64)
}

// densePoints sorts ps and drops repeats through a bitmap of their
// bounding box, in place; it reports false, leaving ps as it was, when the
// box is too sparse.
func densePoints(ps []Point) (Indices, bool) {
	minI, maxI, minJ, maxJ := ps[0].I, ps[0].I, ps[0].J, ps[0].J
	for _, p := range ps[1:] {
		minI, maxI = min(minI, p.I), max(maxI, p.I)
		minJ, maxJ = min(minJ, p.J), max(maxJ, p.J)
	}
	h, w := maxI-minI+1, maxJ-minJ+1
	area, ok := denseBox(h, w, 1, len(ps))
	if !ok {
		return nil, false
	}
	var buf [denseStack]uint64
	set := denseBits(&buf, area)
	for _, p := range ps {
		k := (p.I-minI)*w + p.J - minJ
		set[k>>6] |= 1 << (k & 63)
	}
	out := appendPointBits(ps[:0], set, minI, minJ, w)
	clear(ps[len(out):])
	return Indices(out), true
}

// denseCells is densePoints for cells, ordered by (I, J, C).
func denseCells(cs []Cell) (Object, bool) {
	minI, maxI, minJ, maxJ, minC, maxC := cs[0].I, cs[0].I, cs[0].J, cs[0].J, cs[0].C, cs[0].C
	for _, c := range cs[1:] {
		minI, maxI = min(minI, c.I), max(maxI, c.I)
		minJ, maxJ = min(minJ, c.J), max(maxJ, c.J)
		minC, maxC = min(minC, c.C), max(maxC, c.C)
	}
	h, w, d := maxI-minI+1, maxJ-minJ+1, maxC-minC+1
	area, ok := denseBox(h, w, d, len(cs))
	if !ok {
		return nil, false
	}
	var buf [denseStack]uint64
	set := denseBits(&buf, area)
	for _, c := range cs {
		k := ((c.I-minI)*w+c.J-minJ)*d + c.C - minC
		set[k>>6] |= 1 << (k & 63)
	}
	out := appendCellBits(cs[:0], set, minI, minJ, minC, w, d)
	clear(cs[len(out):])
	return Object(out), true
}

// appendPointBits appends the points a bitmap of a box holds, in order:
// bit k is the point (minI + k/w, minJ + k%w).
func appendPointBits(dst []Point, set []uint64, minI, minJ, w int) []Point {
	for wi, word := range set {
		for word != 0 {
			k := wi<<6 + bits.TrailingZeros64(word)
			dst = append(dst, Point{I: minI + k/w, J: minJ + k%w})
			word &= word - 1
		}
	}
	return dst
}

// appendCellBits appends the cells a bitmap of a box of colours holds, in
// order: bit k is the cell at (k/d)'s place in a box w wide, of colour
// minC + k%d.
func appendCellBits(dst []Cell, set []uint64, minI, minJ, minC, w, d int) []Cell {
	for wi, word := range set {
		for word != 0 {
			k := wi<<6 + bits.TrailingZeros64(word)
			ij := k / d
			dst = append(dst, Cell{I: minI + ij/w, J: minJ + ij%w, C: minC + k%d})
			word &= word - 1
		}
	}
	return dst
}

// bitCount is the number of bits set.
func bitCount(set []uint64) int {
	n := 0
	for _, word := range set {
		n += bits.OnesCount64(word)
	}
	return n
}

// Merging objects sorts thousands of cells per solver run, and a sort
// through a comparison function was a fifth of the conformance workload.
// Packing each element into one uint64 whose order is the element order
// lets slices.Sort compare machine words instead.

const (
	packBits = 21
	packBias = 1 << (packBits - 1) // coordinates in [-2^20, 2^20) fit
	packMask = 1<<packBits - 1
)

func packable(v int) bool { return v >= -packBias && v < packBias }

// sortPointsPacked sorts ps by (I, J) through packed keys; it reports false,
// leaving ps as it was, when a coordinate is too large to pack.
func sortPointsPacked(ps []Point) bool {
	keys := make([]uint64, len(ps))
	for k, p := range ps {
		if !packable(p.I) || !packable(p.J) {
			return false
		}
		keys[k] = uint64(p.I+packBias)<<packBits | uint64(p.J+packBias)
	}
	slices.Sort(keys)
	for k, key := range keys {
		ps[k] = Point{I: int(key>>packBits) - packBias, J: int(key&packMask) - packBias}
	}
	return true
}

// sortCellsPacked sorts cs by (I, J, C) through packed keys; it reports
// false, leaving cs as it was, when a field is too large to pack.
func sortCellsPacked(cs []Cell) bool {
	keys := make([]uint64, len(cs))
	for k, c := range cs {
		if !packable(c.I) || !packable(c.J) || !packable(c.C) {
			return false
		}
		keys[k] = uint64(c.I+packBias)<<(2*packBits) | uint64(c.J+packBias)<<packBits | uint64(c.C+packBias)
	}
	slices.Sort(keys)
	for k, key := range keys {
		cs[k] = Cell{
			I: int(key>>(2*packBits)) - packBias,
			J: int(key>>packBits&packMask) - packBias,
			C: int(key&packMask) - packBias,
		}
	}
	return true
}

// Contains is Python's `v in container`.
func Contains(container, v Value) bool {
	switch c := container.(type) {
	case Indices:
		p, ok := v.(Point)
		if !ok {
			return false
		}
		_, found := slices.BinarySearchFunc(c, p, comparePoints)
		return found
	case Object:
		x, ok := v.(Cell)
		if !ok {
			return false
		}
		_, found := slices.BinarySearchFunc(c, x, compareCells)
		return found
	case Set:
		_, found := slices.BinarySearchFunc(c, v, Compare)
		return found
	case Grid:
		for i := 0; i < c.H; i++ {
			if compareRow(c.Row(i), v) == 0 {
				return true
			}
		}
		return false
	}
	for _, e := range Elems(container) {
		if Equal(e, v) {
			return true
		}
	}
	return false
}

// unionPoints is the union of parts, sets of points (Indices, or empty
// sets) of total points in all: NewIndices of their concatenation, which
// it builds only when the points are few or spread wide. Else a bitmap of
// their box takes them from the parts where they lie, and the union is
// the one slice allocated.
func unionPoints(parts []Value, total int) Indices {
	minI, maxI, minJ, maxJ, seen := 0, 0, 0, 0, false
	for _, v := range parts {
		ps, _ := v.(Indices)
		if len(ps) == 0 {
			continue
		}
		if !seen {
			minI, maxI, minJ, maxJ, seen = ps[0].I, ps[0].I, ps[0].J, ps[0].J, true
		}
		minI, maxI = min(minI, ps[0].I), max(maxI, ps[len(ps)-1].I) // sorted by I first
		for _, p := range ps {
			minJ, maxJ = min(minJ, p.J), max(maxJ, p.J)
		}
	}
	h, w := maxI-minI+1, maxJ-minJ+1
	area, ok := denseBox(h, w, 1, total)
	if total < denseMin || !ok {
		return NewIndices(contConcat[Indices](parts, total))
	}
	var buf [denseStack]uint64
	set := denseBits(&buf, area)
	for _, v := range parts {
		ps, _ := v.(Indices)
		for _, p := range ps {
			k := (p.I-minI)*w + p.J - minJ
			set[k>>6] |= 1 << (k & 63)
		}
	}
	return appendPointBits(make(Indices, 0, bitCount(set)), set, minI, minJ, w)
}

// unionCells is unionPoints for objects (Object, or empty sets), by
// (I, J, C).
func unionCells(parts []Value, total int) Object {
	minI, maxI, minJ, maxJ, minC, maxC, seen := 0, 0, 0, 0, 0, 0, false
	for _, v := range parts {
		cs, _ := v.(Object)
		if len(cs) == 0 {
			continue
		}
		if !seen {
			minI, maxI, minJ, maxJ, minC, maxC, seen = cs[0].I, cs[0].I, cs[0].J, cs[0].J, cs[0].C, cs[0].C, true
		}
		minI, maxI = min(minI, cs[0].I), max(maxI, cs[len(cs)-1].I)
		for _, c := range cs {
			minJ, maxJ = min(minJ, c.J), max(maxJ, c.J)
			minC, maxC = min(minC, c.C), max(maxC, c.C)
		}
	}
	h, w, d := maxI-minI+1, maxJ-minJ+1, maxC-minC+1
	area, ok := denseBox(h, w, d, total)
	if total < denseMin || !ok {
		return NewObject(contConcat[Object](parts, total))
	}
	var buf [denseStack]uint64
	set := denseBits(&buf, area)
	for _, v := range parts {
		cs, _ := v.(Object)
		for _, c := range cs {
			k := ((c.I-minI)*w+c.J-minJ)*d + c.C - minC
			set[k>>6] |= 1 << (k & 63)
		}
	}
	return appendCellBits(make(Object, 0, bitCount(set)), set, minI, minJ, minC, w, d)
}

// colouredPart is a part of a union of cells: the cells of an object, or
// locations all of colour c (a recoloured patch, not built as an object).
type colouredPart struct {
	c     int
	locs  Indices
	cells Object
}

// colouredValues builds the parts as objects, each a Value.
func colouredValues(parts []colouredPart) []Value {
	out := make([]Value, 0, len(parts))
	for _, p := range parts {
		if p.cells != nil {
			out = append(out, p.cells)
			continue
		}
		obj := make(Object, len(p.locs))
		for k, q := range p.locs {
			obj[k] = Cell{I: q.I, J: q.J, C: p.c}
		}
		out = append(out, obj)
	}
	return out
}

// unionColoured is unionCells of the parts, total cells in all (at least
// one): through a bitmap of their box where it is dense, else the sorted
// concatenation of their cells.
func unionColoured(parts []colouredPart, total int) Object {
	minI, maxI, minJ, maxJ, minC, maxC, seen := 0, 0, 0, 0, 0, 0, false
	see := func(top, bottom, c int) {
		if !seen {
			minI, maxI, minJ, maxJ, minC, maxC, seen = top, bottom, 1<<62, -1<<62, c, c, true
		}
		minI, maxI = min(minI, top), max(maxI, bottom)
		minC, maxC = min(minC, c), max(maxC, c)
	}
	for _, p := range parts {
		if p.cells != nil {
			for _, c := range p.cells {
				see(c.I, c.I, c.C)
				minJ, maxJ = min(minJ, c.J), max(maxJ, c.J)
			}
			continue
		}
		if len(p.locs) == 0 {
			continue
		}
		see(p.locs[0].I, p.locs[len(p.locs)-1].I, p.c)
		for _, q := range p.locs {
			minJ, maxJ = min(minJ, q.J), max(maxJ, q.J)
		}
	}
	h, w, d := maxI-minI+1, maxJ-minJ+1, maxC-minC+1
	area, ok := denseBox(h, w, d, total)
	if total < denseMin || !ok {
		cs := make([]Cell, 0, total)
		for _, p := range parts {
			cs = append(cs, p.cells...)
			for _, q := range p.locs {
				cs = append(cs, Cell{I: q.I, J: q.J, C: p.c})
			}
		}
		return NewObject(cs)
	}
	var buf [denseStack]uint64
	set := denseBits(&buf, area)
	for _, p := range parts {
		for _, c := range p.cells {
			k := ((c.I-minI)*w+c.J-minJ)*d + c.C - minC
			set[k>>6] |= 1 << (k & 63)
		}
		for _, q := range p.locs {
			k := ((q.I-minI)*w+q.J-minJ)*d + p.c - minC
			set[k>>6] |= 1 << (k & 63)
		}
	}
	return appendCellBits(make(Object, 0, bitCount(set)), set, minI, minJ, minC, w, d)
}
