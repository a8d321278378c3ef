// Package dsl is a Go implementation of Michael Hodel's arc-dsl: its values,
// its 160 primitives with the semantics of dsl.py, its constants and a
// registry of their signatures.
//
// Python's values are modelled by a small closed set of Go types, each held
// in a Value:
//
//	bool        Boolean
//	int         Integer
//	Point       IntegerTuple, a pair of ints (i, j)
//	Cell        (colour, (i, j))
//	*grid.Grid  Grid: a non-empty tuple of equal-length tuples of ints
//	Tuple       any other tuple, the empty one included
//	Indices     frozenset of Points
//	Object      frozenset of Cells
//	Set         any other frozenset, the empty one included
//	*Func       a primitive or a closure built by compose, rbind, fork, …
//
// Python does not tell a pair of ints from a grid row of width 2, nor a tuple
// of such pairs from a grid: they are all tuples. To keep equality a plain
// comparison, every value is kept in one canonical form: MakeTuple and
// MakeSet choose the most specific type for their elements, so that two
// values equal in Python are equal here with the same Go type, the empty
// sets excepted (see Equal). Sets are kept sorted by Compare and free of
// repeats, which makes equality and membership plain comparisons; Elems,
// String and the primitives whose results do not depend on order go
// through a set in this sorted order.
//
// Where a result does depend on the order in which CPython 3.11 iterates a
// frozenset, that order is emulated (prims_pyorder.go): first, last,
// extract, argmax, argmin, order (ties), totuple, other, merge of a tuple
// of sets, pair and papply of sets, combine of a tuple with a set, maximum
// and minimum of frozensets of frozensets, color and colorfilter (an
// object's first cell), paint, underpaint and move (cells sharing a
// location), mostcolor and leastcolor of a patch (ties), mostcommon and
// leastcommon (ties, in the set of a tuple's elements). The emulation has
// CPython's hashes of ints, tuples and frozensets, its set table (8 slots
// to start, 9 linear probes then perturbed jumps, rebuilt with the least
// power of two above 4·used slots once fill·5 ≥ mask·3) and the copy made
// by frozenset(a_set). It needs a set's insertion order, which is known
// exactly for the results of objects, partition and fgpartition and for
// the sets that sfilter, colorfilter, sizefilter, difference,
// intersection, remove, apply and rapply make from them (a hint kept in
// the Set's spare capacity, outside the value), and for the sets dsl.py
// builds in reading order (asindices, ofcolor, asobject, backdrop, …).
// Any other set is taken to have been built by adding its elements in
// sorted order: that gives CPython's order when the set was so built, and
// otherwise whenever its elements do not collide in the table. Functions
// and None hash by address in CPython: sets of them cannot follow its
// order.
package dsl

import (
	"fmt"
	"slices"
	"strings"

	"github.com/arcflow/arcflow/arc/grid"
)

// Value is one value of the DSL: one of the types listed in the package doc.
type Value = any

// Point is an IntegerTuple: a location (i, j), a direction or a shape.
type Point struct{ I, J int }

// Cell is a coloured location, Python's (value, (i, j)).
type Cell struct {
	I, J int
	C    int
}

// Tuple is a Python tuple that is neither a Point, a Cell nor a Grid.
type Tuple []Value

// Indices is a frozenset of Points, sorted by (I, J), without repeats.
type Indices []Point

// Object is a frozenset of Cells, sorted by (I, J, C), without repeats. Two
// cells may share a location with different colours, as in Python.
type Object []Cell

// Set is a frozenset that is neither Indices nor an Object, sorted by
// Compare, without repeats. The empty frozenset is an empty Set.
type Set []Value

// Grid is the DSL's grid type, shared with the task model.
type Grid = *grid.Grid

// Kind names the dynamic type of a value, for error messages and dispatch.
func Kind(v Value) string {
	switch v.(type) {
	case bool:
		return "bool"
	case int:
		return "int"
	case Point:
		return "point"
	case Cell:
		return "cell"
	case Grid:
		return "grid"
	case Tuple:
		return "tuple"
	case Indices:
		return "indices"
	case Object:
		return "object"
	case Set:
		return "set"
	case *Func:
		return "function"
	case nil:
		return "None"
	}
	return fmt.Sprintf("%T", v)
}

// MakeTuple returns the canonical value of a Python tuple with these
// elements; it may keep elems.
func MakeTuple(elems []Value) Value {
	switch len(elems) {
	case 0:
		return Tuple{}
	case 2:
		// Python's bools are ints: astuple(T, F) is the IntegerTuple (1, 0).
		if a, ok := asInt(elems[0]); ok {
			if b, ok := asInt(elems[1]); ok {
				return Point{a, b}
			}
			if b, ok := elems[1].(Point); ok {
				return Cell{I: b.I, J: b.J, C: a}
			}
		}
	}
	if g, ok := rowsAsGrid(elems); ok {
		return g
	}
	return Tuple(elems)
}

// rowsAsGrid reports whether elems are rows of ints of one length that fit
// grid cells, and if so returns them as a grid.
func rowsAsGrid(elems []Value) (Grid, bool) {
	w := -1
	for _, e := range elems {
		n := -1
		switch r := e.(type) {
		case Point:
			if !fitsCell(r.I) || !fitsCell(r.J) {
				return nil, false
			}
			n = 2
		case Tuple:
			for _, x := range r {
				v, ok := x.(int)
				if !ok || !fitsCell(v) {
					return nil, false
				}
			}
			n = len(r)
		default:
			return nil, false
		}
		if w >= 0 && n != w {
			return nil, false
		}
		w = n
	}
	cells := make([]int8, 0, len(elems)*w)
	for _, e := range elems {
		switch r := e.(type) {
		case Point:
			cells = append(cells, int8(r.I), int8(r.J))
		case Tuple:
			for _, x := range r {
				cells = append(cells, int8(x.(int)))
			}
		}
	}
	return grid.New(len(elems), w, cells), true
}

// asInt returns v as an int where Python's v is one (bools are ints): the
// int a grid cell must equal to equal v. ok is false when no int equals v.
func asInt(v Value) (int, bool) {
	switch x := v.(type) {
	case int:
		return x, true
	case bool:
		return b2i(x), true
	}
	return 0, false
}

func fitsCell(v int) bool { return v >= -128 && v <= 127 }

// MakeSet returns the canonical value of a Python frozenset of these
// elements; it sorts elems in place and may keep it.
func MakeSet(elems []Value) Value { return makeSet(elems, false) }

// makeSet is MakeSet; sorted says that elems are already in Compare's
// order with no repeats, so that a Set of them needs no sort.
func makeSet(elems []Value, sorted bool) Value {
	if len(elems) == 0 {
		return Set{}
	}
	allPoints, allCells := true, true
	for _, e := range elems {
		switch e.(type) {
		case Point:
			allCells = false
		case Cell:
			allPoints = false
		default:
			allPoints, allCells = false, false
		}
		if !allPoints && !allCells {
			break
		}
	}
	switch {
	case allPoints:
		ps := make(Indices, len(elems))
		for i, e := range elems {
			ps[i] = e.(Point)
		}
		return NewIndices(ps)
	case allCells:
		cs := make(Object, len(elems))
		for i, e := range elems {
			cs[i] = e.(Cell)
		}
		return NewObject(cs)
	}
	if sorted {
		return Set(elems)
	}
	if out, ok := makeSetOfIndices(elems); ok {
		return out
	}
	cmpf := sortValues(elems)
	out := elems[:1]
	for _, e := range elems[1:] {
		if cmpf(out[len(out)-1], e) != 0 {
			out = append(out, e)
		}
	}
	return Set(out)
}

// makeSetOfIndices is makeSet of non-empty Indices and empty Sets, as
// prapply(connect, …) makes, mostly empty: the empty sets, all equal and
// the least, are set aside before the sort instead of sorted with the
// rest. It reports false for other elements.
func makeSetOfIndices(elems []Value) (Value, bool) {
	empty := 0
	for _, v := range elems {
		switch x := v.(type) {
		case Indices:
			if len(x) == 0 {
				return nil, false
			}
		case Set:
			if len(x) != 0 {
				return nil, false
			}
			empty++
		default:
			return nil, false
		}
	}
	if empty == 0 {
		return nil, false
	}
	var first Value // the first empty set, kept
	rest := elems[:0]
	for _, v := range elems {
		if _, ok := v.(Set); ok {
			if first == nil {
				first = v
			}
			continue
		}
		rest = append(rest, v)
	}
	slices.SortFunc(rest, compareIndicesValues)
	rest = slices.CompactFunc(rest, func(a, b Value) bool { return compareIndicesValues(a, b) == 0 })
	out := elems[:len(rest)+1] // room: an empty set was set aside
	copy(out[1:], rest)
	out[0] = first
	return Set(out), true
}

// Len is Python's len for containers; it panics with a TypeError for other
// values.
func Len(v Value) int { return lenOf("len", v) }

func lenOf(op string, v Value) int {
	switch x := v.(type) {
	case Point, Cell:
		return 2
	case Grid:
		return x.H
	case Tuple:
		return len(x)
	case Indices:
		return len(x)
	case Object:
		return len(x)
	case Set:
		return len(x)
	}
	panic(typeError(op, v))
}

// IsSet reports whether v is a frozenset of any kind.
func IsSet(v Value) bool {
	switch v.(type) {
	case Indices, Object, Set:
		return true
	}
	return false
}

// IsTuple reports whether v is a Python tuple of any kind.
func IsTuple(v Value) bool {
	switch v.(type) {
	case Point, Cell, Grid, Tuple:
		return true
	}
	return false
}

// Elems returns the elements of a container in iteration order: a tuple's
// in order, a set's in its sorted order, a grid's rows. It allocates for
// the specialised kinds; hot primitives should switch on the type instead.
func Elems(v Value) []Value {
	switch x := v.(type) {
	case Point:
		return []Value{x.I, x.J}
	case Cell:
		return []Value{x.C, Point{x.I, x.J}}
	case Grid:
		out := make([]Value, x.H)
		for i := range out {
			out[i] = gridRow(x, i)
		}
		return out
	case Tuple:
		return x
	case Indices:
		out := make([]Value, len(x))
		for i, p := range x {
			out[i] = boxPoint(p)
		}
		return out
	case Object:
		out := make([]Value, len(x))
		for i, c := range x {
			out[i] = boxCell(c)
		}
		return out
	case Set:
		return x
	}
	panic(typeError("iterate over", v))
}

// gridRow returns row i of g as the value Python would see: a tuple of ints.
func gridRow(g Grid, i int) Value { return rowValue(g.Row(i)) }

// gridRowsOf is every row of g as gridRow gives it, through e's memory of
// the grids iterated since it last filled (rowsMemory of them): enumeration
// calls argmax, apply, pair, combine and the like on its states' grids
// over and over, each call building every row as a tuple of ints. The
// slice and its rows are shared: do not modify them. Holding the grids
// keeps their addresses from being reused for others while they are
// remembered.
func gridRowsOf(e *Env, g Grid) []Value {
	if rows, ok := e.rows[g]; ok {
		return rows
	}
	rows := make([]Value, g.H)
	for i := range rows {
		rows[i] = gridRow(g, i)
	}
	if e.rows == nil || len(e.rows) >= rowsMemory {
		e.rows = make(map[Grid][]Value, rowsMemory)
	}
	e.rows[g] = rows
	return rows
}

// rowsMemory bounds the grids an Env remembers the rows of. A real-size
// enumeration of 20,000 states takes some 150 primitives in turn over
// thousands of grids: remembering the last 32 left gridRow 8% of its CPU.
const rowsMemory = 256

// rowValue is a grid row as Python sees it: a tuple of ints, or a Point
// when the row has two cells.
func rowValue(r []int8) Value {
	if len(r) == 2 {
		return boxPoint(Point{int(r[0]), int(r[1])})
	}
	if len(r) > 0 && len(r) <= rowCacheMax {
		return cachedRow(r)
	}
	return buildRow(r)
}

// buildRow is rowValue of a row of other than two cells, built anew.
func buildRow(r []int8) Value {
	t := make(Tuple, len(r))
	for j, c := range r {
		t[j] = int(c)
	}
	return t
}

// At returns element k of a tuple-like value, Python's t[k] for k ≥ 0.
func At(v Value, k int) Value {
	switch x := v.(type) {
	case Point:
		if k == 0 {
			return x.I
		} else if k == 1 {
			return x.J
		}
	case Cell:
		if k == 0 {
			return x.C
		} else if k == 1 {
			return Point{x.I, x.J}
		}
	case Grid:
		if k >= 0 && k < x.H {
			return gridRow(x, k)
		}
	case Tuple:
		if k >= 0 && k < len(x) {
			return x[k]
		}
	default:
		panic(typeError("index", v))
	}
	panic(&Error{Op: "index", Msg: "tuple index out of range"})
}

// String renders a value in Python's syntax, sets in their sorted order.
func String(v Value) string {
	var b strings.Builder
	writeValue(&b, v)
	return b.String()
}

func writeValue(b *strings.Builder, v Value) {
	switch x := v.(type) {
	case bool:
		if x {
			b.WriteString("True")
		} else {
			b.WriteString("False")
		}
	case int:
		fmt.Fprintf(b, "%d", x)
	case Point:
		fmt.Fprintf(b, "(%d, %d)", x.I, x.J)
	case Cell:
		fmt.Fprintf(b, "(%d, (%d, %d))", x.C, x.I, x.J)
	case nil:
		b.WriteString("None")
	case *Func:
		b.WriteString(x.Name)
	case Indices, Object, Set:
		es := Elems(x)
		if len(es) == 0 {
			b.WriteString("frozenset()")
			return
		}
		b.WriteString("frozenset({")
		for i, e := range es {
			if i > 0 {
				b.WriteString(", ")
			}
			writeValue(b, e)
		}
		b.WriteString("})")
	default:
		es := Elems(x)
		b.WriteByte('(')
		for i, e := range es {
			if i > 0 {
				b.WriteString(", ")
			}
			writeValue(b, e)
		}
		if len(es) == 1 {
			b.WriteByte(',')
		}
		b.WriteByte(')')
	}
}
