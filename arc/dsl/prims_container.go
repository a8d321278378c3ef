package dsl

import (
	"cmp"
	"iter"
	"math"
	"slices"

	"github.com/arcflow/arcflow/arc/grid"
)

// Containers: dsl.py's primitives on tuples and frozensets.
//
// dsl.py often returns type(container)(generator): a tuple for a tuple-like
// input (Point, Cell, Grid, Tuple) and a frozenset for a set-like one
// (Indices, Object, Set). The generic path builds the elements and calls
// MakeTuple or MakeSet; the common cases have fast paths that build the
// canonical value directly.

func init() {
	def2("equality", func(e *Env, a, b Value) Value { return Equal(a, b) })
	def2("contained", func(e *Env, value, container Value) Value {
		e.Charge(0)
		return Contains(container, value)
	})
	def2("combine", contCombine)
	def2("intersection", contIntersection)
	def2("difference", contDifference)
	def1("dedupe", contDedupe)
	def2("order", contOrder)
	def2("repeat", contRepeat)
	def1("size", func(e *Env, c Value) Value { return contLen("size", c) })
	def1("merge", func(e *Env, c Value) Value { return contMerge(e, "merge", c) })
	def1("maximum", func(e *Env, c Value) Value { return contExtremum(e, "maximum", c, true) })
	def1("minimum", func(e *Env, c Value) Value { return contExtremum(e, "minimum", c, false) })
	def2("valmax", func(e *Env, c, f Value) Value { return contValBest(e, "valmax", c, f, true) })
	def2("valmin", func(e *Env, c, f Value) Value { return contValBest(e, "valmin", c, f, false) })
	def2("argmax", func(e *Env, c, f Value) Value { return contArgBest(e, "argmax", c, f, true) })
	def2("argmin", func(e *Env, c, f Value) Value { return contArgBest(e, "argmin", c, f, false) })
	def1("mostcommon", func(e *Env, c Value) Value { return contCommon(e, "mostcommon", c, true) })
	def1("leastcommon", func(e *Env, c Value) Value { return contCommon(e, "leastcommon", c, false) })
	def1("initset", func(e *Env, v Value) Value { return MakeSet([]Value{v}) })
	def2("sfilter", func(e *Env, c, cond Value) Value { return contFilter(e, "sfilter", c, cond) })
	def2("mfilter", func(e *Env, c, cond Value) Value {
		return contMerge(e, "mfilter", contFilter(e, "mfilter", c, cond))
	})
	def2("extract", contExtract)
	def1("totuple", contToTuple)
	def1("first", contFirst)
	def1("last", contLast)
	def2("insert", contInsert)
	def2("remove", func(e *Env, value, c Value) Value { return contRemove(e, "remove", value, c) })
	def2("other", contOther)
	def3("interval", contInterval)
	def2("astuple", func(e *Env, a, b Value) Value { return contPair(a, b) })
	def2("product", contProduct)
	def2("pair", contZip)
	def3("branch", func(e *Env, c, a, b Value) Value {
		if boolArg(c) {
			return a
		}
		return b
	})
	def2("sizefilter", contSizeFilter)
}

// contLen is Python's len, failing in the name of op.
func contLen(op string, v Value) int { return lenOf(op, v) }

// contSeq iterates a container in Python's order (a set in its sorted
// order); it panics, as Python's iter does, for a value that is not one.
func contSeq(op string, v Value) iter.Seq[Value] {
	switch x := v.(type) {
	case Tuple:
		return slices.Values(x)
	case Set:
		return slices.Values(x)
	case Indices:
		return func(yield func(Value) bool) {
			for _, p := range x {
				if !yield(boxPoint(p)) {
					return
				}
			}
		}
	case Object:
		return func(yield func(Value) bool) {
			for _, c := range x {
				if !yield(boxCell(c)) {
					return
				}
			}
		}
	case Grid:
		return func(yield func(Value) bool) {
			for i := 0; i < x.H; i++ {
				if !yield(gridRow(x, i)) {
					return
				}
			}
		}
	case Point:
		return func(yield func(Value) bool) {
			if yield(x.I) {
				yield(x.J)
			}
		}
	case Cell:
		return func(yield func(Value) bool) {
			if yield(x.C) {
				yield(Point{x.I, x.J})
			}
		}
	}
	panic(fail(op, "%s object is not iterable", Kind(v)))
}

// contSeqIn is contSeq, a grid's rows taken from e's memory (gridRowsOf).
func contSeqIn(e *Env, op string, v Value) iter.Seq[Value] {
	if g, ok := v.(Grid); ok {
		return slices.Values(gridRowsOf(e, g))
	}
	return contSeq(op, v)
}

// contElemsIn is contElems, a grid's rows taken from e's memory and a
// tuple's elements its own: the slice may be shared, and must not be
// modified.
func contElemsIn(e *Env, op string, v Value) []Value {
	switch x := v.(type) {
	case Grid:
		return gridRowsOf(e, x)
	case Tuple:
		return x
	}
	return contElems(op, v)
}

// contElems returns a fresh slice of a container's elements in Python's
// iteration order (a set's in CPython's emulated order, see pyOrderIdx),
// which the caller may modify.
func contElems(op string, v Value) []Value {
	switch v.(type) {
	case Indices, Object, Set:
		if contLen(op, v) > 1 {
			return pyElems(op, v)
		}
	}
	out := make([]Value, 0, contLen(op, v))
	for x := range contSeq(op, v) {
		out = append(out, x)
	}
	return out
}

// contBuild is type(like)(elems): a tuple or a frozenset of the elements,
// in canonical form. It may keep elems. When like is a Set whose insertion
// order is known and elems are the images of its elements (apply, rapply),
// the result learns its insertion order from like (see pyMapHint).
func contBuild(like Value, elems []Value) Value {
	if IsSet(like) {
		if s, ok := like.(Set); ok && len(elems) == len(s) && pyHintOf(s) != nil {
			mapped := slices.Clone(elems)
			return pyMapHint(s, mapped, MakeSet(elems))
		}
		return MakeSet(elems)
	}
	return MakeTuple(elems)
}

// contSetOfSorted returns the canonical frozenset of elems, which are
// sorted by Compare and unique (a subsequence of a Set): a Set unless its
// elements are all Points or all Cells. It may keep elems.
func contSetOfSorted(elems []Value) Value {
	if len(elems) == 0 {
		return Set{}
	}
	switch elems[0].(type) {
	case Point, Cell:
		return MakeSet(elems)
	}
	return Set(elems)
}

// contCharge charges n·per units, saturating instead of overflowing.
func contCharge(e *Env, n, per int) {
	const most = 1 << 50
	if n <= 0 {
		e.Charge(0)
		return
	}
	per = max(per, 1)
	if n > most/per {
		e.Charge(most)
		return
	}
	e.Charge(n * per)
}

// contPair is the Python tuple (a, b) in canonical form.
func contPair(a, b Value) Value {
	if x, ok := a.(int); ok {
		switch y := b.(type) {
		case int:
			return Point{x, y}
		case Point:
			return Cell{I: y.I, J: y.J, C: x}
		}
	}
	return MakeTuple([]Value{a, b})
}

// contLess is Python's a < b: numbers by value, tuples lexicographically,
// frozensets by proper inclusion. Other pairs raise a TypeError, as in
// Python. Python's a > b is contLess(b, a).
func contLess(op string, a, b Value) bool {
	switch x := a.(type) {
	case int:
		switch y := b.(type) {
		case int:
			return x < y
		case bool:
			return x < b2i(y)
		}
	case bool:
		switch y := b.(type) {
		case int:
			return b2i(x) < y
		case bool:
			return b2i(x) < b2i(y)
		}
	case Point:
		if y, ok := b.(Point); ok {
			return comparePoints(x, y) < 0
		}
	case Cell:
		if y, ok := b.(Cell); ok {
			return Compare(x, y) < 0
		}
	case Grid:
		if y, ok := b.(Grid); ok {
			return compareGrids(x, y) < 0
		}
	}
	ra, rb := rank(a), rank(b)
	switch {
	case ra == 2 && rb == 2:
		ea, eb := Elems(a), Elems(b)
		for k := 0; k < len(ea) && k < len(eb); k++ {
			if !Equal(ea[k], eb[k]) {
				return contLess(op, ea[k], eb[k])
			}
		}
		return len(ea) < len(eb)
	case ra == 3 && rb == 3:
		if Len(a) >= Len(b) {
			return false
		}
		for x := range contSeq(op, a) {
			if !Contains(b, x) {
				return false
			}
		}
		return true
	}
	panic(fail(op, "'<' not supported between instances of %s and %s", Kind(a), Kind(b)))
}

// contBetter reports whether key k replaces the best key so far in Python's
// max (k > best) or min (k < best), which keep the first extreme element.
func contBetter(op string, k, best Value, wantMax bool) bool {
	if x, ok := k.(int); ok {
		if y, ok := best.(int); ok {
			if wantMax {
				return x > y
			}
			return x < y
		}
	}
	if wantMax {
		return contLess(op, best, k)
	}
	return contLess(op, k, best)
}

// contCombine is combine: type(a)((*a, *b)).
func contCombine(e *Env, a, b Value) Value {
	const op = "combine"
	la, lb := contLen(op, a), contLen(op, b)
	e.Charge(la + lb)
	switch x := a.(type) {
	case Grid:
		switch y := b.(type) {
		case Grid:
			if x.W == y.W {
				cells := make([]int8, 0, len(x.Cells)+len(y.Cells))
				cells = append(append(cells, x.Cells...), y.Cells...)
				return grid.New(x.H+y.H, x.W, cells)
			}
		case Tuple:
			if len(y) == 0 {
				return x
			}
		}
	case Tuple:
		if len(x) == 0 {
			if _, ok := b.(Grid); ok {
				return b
			}
		}
	case Indices:
		if y, ok := b.(Indices); ok {
			return contUnionSorted(x, y)
		}
	case Object:
		if y, ok := b.(Object); ok {
			return contUnionSorted(x, y)
		}
	}
	// A grid's rows come from e's memory: combining grids of two widths,
	// or a grid and a tuple, built every row anew, 10% of a real-size
	// enumeration of 20,000 states.
	out := make([]Value, 0, la+lb)
	for v := range contSeqIn(e, op, a) {
		out = append(out, v)
	}
	if IsSet(a) {
		for v := range contSeqIn(e, op, b) {
			out = append(out, v)
		}
		return MakeSet(out)
	}
	// A tuple lists b's elements in b's iteration order.
	return MakeTuple(append(out, contElemsIn(e, op, b)...))
}

// contUnionSorted merges two sorted sets of points, or of cells.
func contUnionSorted[S ~[]E, E patchElem](a, b S) Value {
	if len(b) == 0 {
		return contEmptyAsSet(a)
	}
	if len(a) == 0 {
		return b
	}
	return S(mergeSorted(a, b))
}

// intersectSorted is the intersection of two sorted slices without
// repeats, sorted.
func intersectSorted[E patchElem](a, b []E) []E {
	out := make([]E, 0, min(len(a), len(b)))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch x, y := a[i], b[j]; {
		case x == y:
			out = append(out, x)
			i++
			j++
		case lessElem(x, y):
			i++
		default:
			j++
		}
	}
	return out
}

// differenceSorted is the elements of a that are not in b, two sorted
// slices without repeats, in order.
func differenceSorted[E patchElem](a, b []E) []E {
	out := make([]E, 0, len(a))
	j := 0
	for _, v := range a {
		for j < len(b) && lessElem(b[j], v) {
			j++
		}
		if j < len(b) && b[j] == v {
			continue
		}
		out = append(out, v)
	}
	return out
}

// mergeSorted is the union of two sorted slices without repeats, sorted.
func mergeSorted[E patchElem](a, b []E) []E {
	out := make([]E, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch x, y := a[i], b[j]; {
		case x == y:
			out = append(out, x)
			i++
			j++
		case lessElem(x, y):
			out = append(out, x)
			i++
		default:
			out = append(out, y)
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

// contEmptyAsSet returns Set{} for an empty Indices or Object, else v.
func contEmptyAsSet(v Value) Value {
	if IsSet(v) && Len(v) == 0 {
		return Set{}
	}
	return v
}

// contIntersection is intersection: a & b, which is frozenset intersection
// for sets and bitwise and for integers.
func contIntersection(e *Env, a, b Value) Value {
	const op = "intersection"
	if !IsSet(a) || !IsSet(b) {
		return contBitAnd(op, a, b)
	}
	la, lb := Len(a), Len(b)
	e.Charge(la + lb)
	if la == 0 || lb == 0 {
		return Set{}
	}
	switch x := a.(type) {
	case Indices:
		if y, ok := b.(Indices); ok {
			return contEmptyAsSet(Indices(intersectSorted(x, y)))
		}
		if _, ok := b.(Object); ok {
			return Set{}
		}
	case Object:
		if y, ok := b.(Object); ok {
			return contEmptyAsSet(Object(intersectSorted(x, y)))
		}
		if _, ok := b.(Indices); ok {
			return Set{}
		}
	}
	small, large := a, b
	if lb < la {
		small, large = b, a
	}
	var out []Value
	for v := range contSeq(op, small) {
		if Contains(large, v) {
			out = append(out, v)
		}
	}
	// CPython adds the elements in the iteration order of b, or of a when
	// a is the smaller.
	iterated := b
	if la < lb {
		iterated = a
	}
	return pySubsetHint(iterated, MakeSet(out))
}

// contBitAnd is Python's & on integers and booleans.
func contBitAnd(op string, a, b Value) Value {
	x, xb := a.(bool)
	y, yb := b.(bool)
	if xb && yb {
		return x && y
	}
	switch a.(type) {
	case int, bool:
		switch b.(type) {
		case int, bool:
			return intArg(op, a) & intArg(op, b)
		}
	}
	panic(fail(op, "unsupported operand type(s) for &: %s and %s", Kind(a), Kind(b)))
}

// contDifference is difference: type(a)(e for e in a if e not in b).
func contDifference(e *Env, a, b Value) Value {
	const op = "difference"
	la := contLen(op, a)
	if la == 0 {
		return contBuild(a, nil)
	}
	e.Charge(la)
	switch x := a.(type) {
	case Indices:
		switch y := b.(type) {
		case Indices:
			return contEmptyAsSet(Indices(differenceSorted(x, y)))
		case Object:
			return x
		}
	case Object:
		switch y := b.(type) {
		case Object:
			return contEmptyAsSet(Object(differenceSorted(x, y)))
		case Indices:
			return x
		}
	}
	// Python raises for a b that is not a container only once it tests an
	// element, which a non-empty a guarantees.
	lb := contLen(op, b)
	switch a.(type) {
	case Indices, Object:
		// A patch loses only the elements of its own kind that b holds.
		// Mutants often take a set of objects, or a tuple, from a patch:
		// finding that b holds no point (or cell) spares boxing every
		// element of a to look for it.
		e.Charge(lb)
		if !contHolds(b, a) {
			return a
		}
	}
	out := make([]Value, 0, la)
	for v := range contSeq(op, a) {
		if !Contains(b, v) {
			out = append(out, v)
		}
	}
	return pySubsetHint(a, contFromSubsequence(a, out))
}

// contHolds reports whether container c holds any element of the Go
// type of patch's elements: a Point for Indices, a Cell for an Object.
func contHolds(c, patch Value) bool {
	_, wantPoint := patch.(Indices)
	if g, ok := c.(Grid); ok {
		return wantPoint && g.W == 2 // its rows are tuples, points when two wide
	}
	for v := range contSeq("difference", c) {
		switch v.(type) {
		case Point:
			if wantPoint {
				return true
			}
		case Cell:
			if !wantPoint {
				return true
			}
		}
	}
	return false
}

// contFromSubsequence is type(like)(elems) where elems are some of like's
// elements in like's order.
func contFromSubsequence(like Value, elems []Value) Value {
	switch x := like.(type) {
	case Set:
		return contSetOfSorted(elems)
	case Indices:
		return contSubsequenceOf(x, elems)
	case Object:
		return contSubsequenceOf(x, elems)
	}
	return MakeTuple(elems)
}

// contSubsequenceOf is contFromSubsequence for a sorted patch.
func contSubsequenceOf[S ~[]E, E patchElem](like S, elems []Value) Value {
	if len(elems) == len(like) {
		return like
	}
	out := make(S, len(elems))
	for i, v := range elems {
		out[i] = v.(E)
	}
	return contEmptyAsSet(out)
}

// contDedupe is dedupe: the elements of a tuple without repeats, first
// occurrences kept, in order. Frozensets have no index method.
func contDedupe(e *Env, t Value) Value {
	const op = "dedupe"
	switch x := t.(type) {
	case Point:
		if x.I == x.J {
			return Tuple{x.I}
		}
		return x
	case Cell:
		return x
	case Grid:
		e.Charge(x.H * x.W)
		keep := make([]int, 0, x.H)
		seen := make(map[string]bool, x.H)
		for i := 0; i < x.H; i++ {
			k := contRowKey(x.Row(i))
			if !seen[k] {
				seen[k] = true
				keep = append(keep, i)
			}
		}
		if len(keep) == x.H {
			return x
		}
		cells := make([]int8, 0, len(keep)*x.W)
		for _, i := range keep {
			cells = append(cells, x.Row(i)...)
		}
		return grid.New(len(keep), x.W, cells)
	case Tuple:
		n := len(x)
		e.Charge(n)
		first := contFirstOccurrences(x)
		out := make([]Value, 0, n)
		for i, v := range x {
			if first[i] {
				out = append(out, v)
			}
		}
		if len(out) == n {
			return x
		}
		return MakeTuple(out)
	}
	panic(fail(op, "%s object has no attribute 'index'", Kind(t)))
}

// contRowKey is a map key for a grid row.
func contRowKey(r []int8) string {
	b := make([]byte, len(r))
	for i, c := range r {
		b[i] = byte(c)
	}
	return string(b)
}

// contFirstOccurrences marks the elements of vs that equal no earlier one.
func contFirstOccurrences(vs []Value) []bool {
	n := len(vs)
	first := make([]bool, n)
	if n <= 32 {
	outer:
		for i, v := range vs {
			for _, w := range vs[:i] {
				if Equal(v, w) {
					continue outer
				}
			}
			first[i] = true
		}
		return first
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return Compare(vs[a], vs[b]) })
	for k, i := range idx {
		if k == 0 || Compare(vs[idx[k-1]], vs[i]) != 0 {
			first[i] = true
		}
	}
	return first
}

// contOrder is order: tuple(sorted(container, key=compfunc)), a stable sort
// on keys compared with Python's <.
func contOrder(e *Env, c, compfunc Value) Value {
	const op = "order"
	n := contLen(op, c)
	if n == 0 {
		return Tuple{}
	}
	e.Charge(n)
	f := hofFn1(compfunc)
	elems := make([]Value, 0, n)
	keys := make([]Value, 0, n)
	allInts := true
	for v := range contSeqIn(e, op, c) {
		k := f(e, v)
		if _, ok := k.(int); !ok {
			allInts = false
		}
		elems = append(elems, v)
		keys = append(keys, k)
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sortIdx := func() {
		if allInts {
			slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(keys[a].(int), keys[b].(int)) })
			return
		}
		slices.SortStableFunc(idx, func(a, b int) int {
			if contLess(op, keys[a], keys[b]) {
				return -1
			}
			if contLess(op, keys[b], keys[a]) {
				return 1
			}
			return 0
		})
	}
	sortIdx()
	if IsSet(c) && n > 1 && (!allInts || contIntTies(keys, idx)) {
		// Equal keys keep the order in which CPython iterates the set.
		for k, i := range pyOrderIdx(c) {
			idx[k] = int(i)
		}
		sortIdx()
	}
	out := make([]Value, n)
	for k, i := range idx {
		out[k] = elems[i]
	}
	return MakeTuple(out)
}

// contIntTies reports whether two int keys, in the sorted order idx, are
// equal.
func contIntTies(keys []Value, idx []int) bool {
	for k := 1; k < len(idx); k++ {
		if keys[idx[k]].(int) == keys[idx[k-1]].(int) {
			return true
		}
	}
	return false
}

// contRepeat is repeat: a tuple of num copies of item.
func contRepeat(e *Env, item, num Value) Value {
	n := intArg("repeat", num)
	if n <= 0 {
		return Tuple{}
	}
	w := 1
	switch x := item.(type) {
	case Tuple:
		w += len(x)
	case Point:
		w += 2
	}
	contCharge(e, n, w)
	if p, ok := item.(Point); ok && fitsCell(p.I) && fitsCell(p.J) {
		cells := make([]int8, 2*n)
		for i := 0; i < n; i++ {
			cells[2*i], cells[2*i+1] = int8(p.I), int8(p.J)
		}
		return grid.New(n, 2, cells)
	}
	out := make([]Value, n)
	for i := range out {
		out[i] = item
	}
	return MakeTuple(out)
}

// contMerge is merge: type(containers)(e for c in containers for e in c).
func contMerge(e *Env, op string, containers Value) Value {
	switch x := containers.(type) {
	case Tuple:
		return contMergeParts(e, op, x, false)
	case Set:
		return contMergeParts(e, op, x, true)
	case Grid:
		e.Charge(len(x.Cells))
		out := make([]Value, len(x.Cells))
		for i, c := range x.Cells {
			out[i] = int(c)
		}
		return MakeTuple(out)
	case Indices:
		e.Charge(2 * len(x))
		out := make([]Value, 0, 2*len(x))
		for _, p := range x {
			out = append(out, p.I, p.J)
		}
		return MakeSet(out)
	case Object:
		e.Charge(2 * len(x))
		out := make([]Value, 0, 2*len(x))
		for _, c := range x {
			out = append(out, c.C, Point{c.I, c.J})
		}
		return MakeSet(out)
	case Point, Cell:
		panic(fail(op, "int object is not iterable"))
	}
	panic(fail(op, "%s object is not iterable", Kind(containers)))
}

// contMergeParts concatenates the elements of parts into a tuple, or unites
// them into a frozenset.
func contMergeParts(e *Env, op string, parts []Value, asSet bool) Value {
	total, cells := 0, 0
	allObj, allIdx, allGrid := true, true, true
	w := -1
	for _, p := range parts {
		switch x := p.(type) {
		case Object:
			total += len(x)
			allIdx, allGrid = false, false
		case Indices:
			total += len(x)
			allObj, allGrid = false, false
		case Grid:
			total += x.H
			cells += len(x.Cells)
			allObj, allIdx = false, false
			if w >= 0 && w != x.W {
				allGrid = false
			}
			w = x.W
		case Set:
			if len(x) > 0 {
				allObj, allIdx, allGrid = false, false, false
				total += len(x)
			}
		case Tuple:
			if len(x) > 0 {
				allObj, allIdx, allGrid = false, false, false
				total += len(x)
			}
		case Point, Cell:
			allObj, allIdx, allGrid = false, false, false
			total += 2
		default:
			panic(fail(op, "%s object is not iterable", Kind(p)))
		}
	}
	e.Charge(total + cells)
	switch {
	case total == 0:
		if asSet {
			return Set{}
		}
		return Tuple{}
	case asSet && allObj:
		return unionCells(parts, total)
	case asSet && allIdx:
		return unionPoints(parts, total)
	case !asSet && allGrid && w >= 0:
		out := make([]int8, 0, cells)
		for _, p := range parts {
			if g, ok := p.(Grid); ok {
				out = append(out, g.Cells...)
			}
		}
		return grid.New(total, w, out)
	}
	out := make([]Value, 0, total)
	for _, p := range parts {
		if !asSet && IsSet(p) {
			// A tuple lists each set's elements in its iteration order.
			out = pyAppendElems(out, p)
			continue
		}
		for v := range contSeq(op, p) {
			out = append(out, v)
		}
	}
	if asSet {
		return MakeSet(out)
	}
	return MakeTuple(out)
}

// contConcat is the elements of the parts of type S, in order; total is
// at least their number.
func contConcat[S ~[]E, E patchElem](parts []Value, total int) S {
	out := make(S, 0, total)
	for _, p := range parts {
		if s, ok := p.(S); ok {
			out = append(out, s...)
		}
	}
	return out
}

// contExtremum is maximum and minimum: max(container, default=0).
func contExtremum(e *Env, op string, c Value, wantMax bool) Value {
	n := contLen(op, c)
	if n == 0 {
		return 0
	}
	e.Charge(n)
	switch x := c.(type) {
	case Set:
		// Numbers sort before every other kind of value; a set of numbers
		// holds no two equal ones.
		if rank(x[0]) == 1 && rank(x[n-1]) == 1 {
			if wantMax {
				return x[n-1]
			}
			return x[0]
		}
	case Indices:
		if wantMax {
			return x[n-1]
		}
		return x[0]
	case Point:
		if wantMax {
			return max(x.I, x.J)
		}
		return min(x.I, x.J)
	}
	seq := contSeq(op, c)
	if x, ok := c.(Set); ok && rank(x[n-1]) == 3 {
		// Frozensets are only partially ordered by inclusion: which one
		// wins depends on the order they come in.
		seq = slices.Values(contElems(op, c))
	}
	var best Value
	found := false
	for v := range seq {
		if !found {
			best, found = v, true
			continue
		}
		if contBetter(op, v, best, wantMax) {
			best = v
		}
	}
	return best
}

// contBest finds the first element of c whose key is maximal (or minimal),
// as Python's max and min with a key do. found is false for an empty c.
//
// Only argmax and argmin (inOrder) need the element CPython meets first: a
// set's elements are then tried in its CPython order. valmax and valmin
// only need the extreme key, which does not depend on the order.
func contBest(e *Env, op string, c, compfunc Value, wantMax, inOrder bool) (best, bestKey Value, found bool) {
	n := contLen(op, c)
	if n == 0 {
		return nil, nil, false
	}
	e.Charge(n)
	f := hofFn1(compfunc)
	if inOrder && IsSet(c) && n > 1 {
		return contBestInSet(e, op, c, f, wantMax)
	}
	for v := range contSeqIn(e, op, c) {
		k := f(e, v)
		if !found {
			best, bestKey, found = v, k, true
			continue
		}
		if contBetter(op, k, bestKey, wantMax) {
			best, bestKey = v, k
		}
	}
	return best, bestKey, true
}

// contBestInSet is contBest for a set of two elements or more: the first
// extreme element in CPython's iteration order. The order is only worked
// out when the extreme int key is shared, or the keys are not ints.
func contBestInSet(e *Env, op string, c Value, f func(*Env, Value) Value, wantMax bool) (best, bestKey Value, found bool) {
	elems := contElemsSorted(c)
	var kb [16]Value
	keys := kb[:0]
	if len(elems) > len(kb) {
		keys = make([]Value, 0, len(elems))
	}
	keys = keys[:len(elems)]
	allInts := true
	for i, v := range elems {
		keys[i] = f(e, v)
		if _, ok := keys[i].(int); !ok {
			allInts = false
		}
	}
	if allInts {
		bi, ties := 0, false
		for i := 1; i < len(keys); i++ {
			k, b := keys[i].(int), keys[bi].(int)
			switch {
			case wantMax && k > b || !wantMax && k < b:
				bi, ties = i, false
			case k == b:
				ties = true
			}
		}
		if !ties {
			return elems[bi], keys[bi], true
		}
	}
	for _, i := range pyOrderIdx(c) {
		if !found {
			best, bestKey, found = elems[i], keys[i], true
			continue
		}
		if contBetter(op, keys[i], bestKey, wantMax) {
			best, bestKey = elems[i], keys[i]
		}
	}
	return best, bestKey, true
}

// contElemsSorted returns a set's elements in storage order; a Set's own
// slice is returned as it is.
func contElemsSorted(c Value) []Value {
	if s, ok := c.(Set); ok {
		return s
	}
	return Elems(c)
}

// contValBest is valmax and valmin: compfunc(max(container, key=compfunc,
// default=0)); for an empty container compfunc is applied to 0.
func contValBest(e *Env, op string, c, compfunc Value, wantMax bool) Value {
	_, k, found := contBest(e, op, c, compfunc, wantMax, false)
	if !found {
		return hofFn1(compfunc)(e, 0)
	}
	// Python applies compfunc to the chosen element again; the primitives
	// are pure, so its key is the same value.
	return k
}

// contArgBest is argmax and argmin.
func contArgBest(e *Env, op string, c, compfunc Value, wantMax bool) Value {
	best, _, found := contBest(e, op, c, compfunc, wantMax, true)
	if !found {
		panic(fail(op, "arg is an empty sequence"))
	}
	return best
}

// contCommon is mostcommon and leastcommon: max(set(container),
// key=container.count). The distinct elements are tried in the order
// CPython iterates the set built from the container (added in the order
// they first occur) and the first with the extreme count wins; the order is
// only worked out when that count is shared. Frozensets have no count
// method.
func contCommon(e *Env, op string, c Value, wantMax bool) Value {
	if IsSet(c) {
		panic(fail(op, "frozenset object has no attribute 'count'"))
	}
	n := contLen(op, c)
	if n == 0 {
		panic(fail(op, "arg is an empty sequence"))
	}
	e.Charge(n)
	// Element k and the comparison of two elements by position. A grid's
	// elements are its rows, compared where they lie, and only the rows
	// returned are built as tuples.
	var at func(k int) Value
	var compareAt func(a, b int) int
	if g, ok := c.(Grid); ok {
		at = func(k int) Value { return gridRow(g, k) }
		compareAt = func(a, b int) int { return slices.Compare(g.Row(a), g.Row(b)) } // rows of one length
	} else {
		elems := contElemsIn(e, op, c) // only read: a tuple's own elements serve
		at = func(k int) Value { return elems[k] }
		compareAt = func(a, b int) int {
			if x, ok := elems[a].(int); ok {
				if y, ok := elems[b].(int); ok {
					return cmp.Compare(x, y)
				}
			}
			return Compare(elems[a], elems[b])
		}
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, compareAt)
	// One group per distinct element: where it first occurs, how often.
	type group struct{ first, count int }
	var groups []group
	for k := 0; k < n; {
		m := k + 1
		for m < n && compareAt(idx[k], idx[m]) == 0 {
			m++
		}
		groups = append(groups, group{idx[k], m - k}) // the stable sort puts the first occurrence first
		k = m
	}
	better := func(cnt, best int) bool {
		if wantMax {
			return cnt > best
		}
		return cnt < best
	}
	bi, ties := 0, false
	for k := 1; k < len(groups); k++ {
		switch {
		case better(groups[k].count, groups[bi].count):
			bi, ties = k, false
		case groups[k].count == groups[bi].count:
			ties = true
		}
	}
	if !ties {
		return at(groups[bi].first)
	}
	slices.SortFunc(groups, func(a, b group) int { return a.first - b.first })
	keys := make([]Value, len(groups))
	for k, g := range groups {
		keys[k] = at(g.first)
	}
	best := -1
	for _, k := range pyValueSetOrder(keys) {
		if best < 0 || better(groups[k].count, groups[best].count) {
			best = int(k)
		}
	}
	return keys[best]
}

// contFilter is sfilter: type(container)(e for e in container if
// condition(e)).
func contFilter(e *Env, op string, c, condition Value) Value {
	n := contLen(op, c)
	if n == 0 {
		return contBuild(c, nil)
	}
	e.Charge(n)
	f := hofFn1(condition)
	switch x := c.(type) {
	case Indices:
		return contFilterSorted(e, x, f)
	case Object:
		return contFilterSorted(e, x, f)
	case Grid:
		cells := make([]int8, 0, len(x.Cells))
		h := 0
		rows := gridRowsOf(e, x)
		for i := 0; i < x.H; i++ {
			if boolArg(f(e, rows[i])) {
				cells = append(cells, x.Row(i)...)
				h++
			}
		}
		if h == 0 {
			return Tuple{}
		}
		if h == x.H {
			return x
		}
		return grid.New(h, x.W, cells)
	}
	out := make([]Value, 0, n)
	for v := range contSeq(op, c) {
		if boolArg(f(e, v)) {
			out = append(out, v)
		}
	}
	return pySubsetHint(c, contFromSubsequence(c, out))
}

// contFilterSorted is sfilter of a sorted patch.
func contFilterSorted[S ~[]E, E patchElem](e *Env, x S, f func(*Env, Value) Value) Value {
	out := make(S, 0, len(x))
	for _, v := range x {
		if boolArg(f(e, v)) {
			out = append(out, v)
		}
	}
	return contEmptyAsSet(out)
}

// contExtract is extract: the first element that satisfies condition, in
// Python's iteration order.
func contExtract(e *Env, c, condition Value) Value {
	const op = "extract"
	n := contLen(op, c)
	if n > 0 {
		e.Charge(n)
		f := hofFn1(condition)
		seq := contSeq(op, c)
		if IsSet(c) && n > 1 {
			seq = slices.Values(contElems(op, c))
		}
		for v := range seq {
			if boolArg(f(e, v)) {
				return v
			}
		}
	}
	panic(fail(op, "StopIteration: no element satisfies the condition"))
}

// contToTuple is totuple: tuple(container).
func contToTuple(e *Env, c Value) Value {
	const op = "totuple"
	switch x := c.(type) {
	case Point, Cell, Grid, Tuple:
		return x
	case Indices:
		e.Charge(2 * len(x))
		cells := make([]int8, 0, 2*len(x))
		for _, k := range pyOrderIdx(x) {
			p := x[k]
			if !fitsCell(p.I) || !fitsCell(p.J) {
				return MakeTuple(contElems(op, x))
			}
			cells = append(cells, int8(p.I), int8(p.J))
		}
		if len(x) == 0 {
			return Tuple{}
		}
		return grid.New(len(x), 2, cells)
	}
	e.Charge(contLen(op, c))
	return MakeTuple(contElems(op, c))
}

// contFirst is first: next(iter(container)).
func contFirst(e *Env, c Value) Value {
	if contLen("first", c) == 0 {
		panic(fail("first", "StopIteration: empty container"))
	}
	switch x := c.(type) {
	case Tuple:
		return x[0]
	case Set, Indices, Object:
		return pyFirst(x)
	}
	return At(c, 0)
}

// contLast is last: max(enumerate(container))[1], the last element.
func contLast(e *Env, c Value) Value {
	n := contLen("last", c)
	if n == 0 {
		panic(fail("last", "max() arg is an empty sequence"))
	}
	switch x := c.(type) {
	case Tuple:
		return x[n-1]
	case Set, Indices, Object:
		return pyLast(x)
	}
	return At(c, n-1)
}

// contInsert is insert: container.union(frozenset({value})); only
// frozensets have union.
func contInsert(e *Env, value, c Value) Value {
	const op = "insert"
	if !IsSet(c) {
		panic(fail(op, "%s object has no attribute 'union'", Kind(c)))
	}
	n := Len(c)
	e.Charge(n)
	switch x := c.(type) {
	case Indices:
		if p, ok := value.(Point); ok {
			return contInsertSorted(x, p, comparePoints)
		}
	case Object:
		if cell, ok := value.(Cell); ok {
			return contInsertSorted(x, cell, compareCells)
		}
	}
	out := make([]Value, 0, n+1)
	for v := range contSeq(op, c) {
		out = append(out, v)
	}
	return MakeSet(append(out, value))
}

// contInsertSorted is insert of v into a sorted patch.
func contInsertSorted[S ~[]E, E patchElem](x S, v E, cmp func(E, E) int) Value {
	i, found := slices.BinarySearchFunc(x, v, cmp)
	if found {
		return x
	}
	out := make(S, 0, len(x)+1)
	return append(append(append(out, x[:i]...), v), x[i:]...)
}

// contRemove is remove: type(container)(e for e in container if e !=
// value).
func contRemove(e *Env, op string, value, c Value) Value {
	n := contLen(op, c)
	e.Charge(n)
	switch x := c.(type) {
	case Indices:
		if p, ok := value.(Point); ok {
			return contRemoveSorted(x, p, comparePoints)
		}
		return contEmptyAsSet(x)
	case Object:
		if cell, ok := value.(Cell); ok {
			return contRemoveSorted(x, cell, compareCells)
		}
		return contEmptyAsSet(x)
	case Grid, Tuple:
		// A grid (its rows compared where they lie) or tuple that does not
		// hold value comes back as it is, which the enumeration then knows
		// for a repeat of its argument without hashing it (remove was 2%
		// of a real-size enumeration, nearly every call a repeat).
		if !Contains(c, value) {
			return c
		}
	}
	out := make([]Value, 0, n)
	for v := range contSeq(op, c) {
		if !Equal(v, value) {
			out = append(out, v)
		}
	}
	return pySubsetHint(c, contFromSubsequence(c, out))
}

// contRemoveSorted is remove of v from a sorted patch.
func contRemoveSorted[S ~[]E, E patchElem](x S, v E, cmp func(E, E) int) Value {
	i, found := slices.BinarySearchFunc(x, v, cmp)
	if !found {
		return x
	}
	out := make(S, 0, len(x)-1)
	return contEmptyAsSet(append(append(out, x[:i]...), x[i+1:]...))
}

// contOther is other: first(remove(value, container)).
func contOther(e *Env, c, value Value) Value {
	const op = "other"
	if IsSet(c) {
		// first(remove(value, container)): the first element of the new
		// set, whose order may differ from the container's.
		r := contRemove(e, op, value, c)
		if Len(r) > 0 {
			return pyFirst(r)
		}
		panic(fail(op, "StopIteration: no other element"))
	}
	e.Charge(contLen(op, c))
	for v := range contSeq(op, c) {
		if !Equal(v, value) {
			return v
		}
	}
	panic(fail(op, "StopIteration: no other element"))
}

// contInterval is interval: tuple(range(start, stop, step)).
func contInterval(e *Env, start, stop, step Value) Value {
	const op = "interval"
	a, b, s := intArg(op, start), intArg(op, stop), intArg(op, step)
	if s == 0 {
		panic(fail(op, "range() arg 3 must not be zero"))
	}
	var n uint64
	switch {
	case s > 0 && a < b:
		n = (uint64(b)-uint64(a)-1)/uint64(s) + 1
	case s < 0 && a > b:
		n = (uint64(a)-uint64(b)-1)/(-uint64(s)) + 1
	}
	if n == 0 {
		return Tuple{}
	}
	contCharge(e, int(min(n, math.MaxInt32)), 1)
	if n == 2 {
		return Point{a, a + s}
	}
	out := make(Tuple, n)
	for i := range out {
		out[i] = a + i*s
	}
	return out
}

// contProduct is product: frozenset((i, j) for j in b for i in a).
func contProduct(e *Env, a, b Value) Value {
	const op = "product"
	la, lb := contLen(op, a), contLen(op, b)
	if la == 0 || lb == 0 {
		return Set{}
	}
	contCharge(e, la, lb)
	if ia, ok := contInts(a); ok {
		if ib, ok := contInts(b); ok {
			out := make(Indices, 0, la*lb)
			for _, i := range ia {
				for _, j := range ib {
					out = append(out, Point{i, j})
				}
			}
			return NewIndices(out)
		}
	}
	// Pairs of two sorted sets, the first element varying slowest, are in
	// the order of Compare (lexicographic), with no repeats: they need no
	// sort. Sorting them was 89% of MakeSet's time and a quarter of the
	// scoring of real-size tasks with arc-dsl's solvers as seeds, pairs of
	// grids compared cell by cell (BenchmarkRealSizeScoring). Checking
	// that each operand is sorted costs la+lb comparisons, against
	// la·lb·log(la·lb) for the sort.
	if pa, ok := a.(Indices); ok {
		if pb, ok := b.(Indices); ok {
			if out, ok := productOfIndices(pa, pb); ok {
				return out
			}
		}
	}
	if sa, sb := contElemsSorted(a), contElemsSorted(b); strictlyIncreasing(sa) && strictlyIncreasing(sb) {
		out := make([]Value, 0, la*lb)
		for _, i := range sa {
			for _, j := range sb {
				out = append(out, contPair(i, j))
			}
		}
		return makeSet(out, true)
	}
	// Other operands (tuples, a grid's rows) are put in order and rid of
	// repeats first, so that their pairs come out in order too: sorting
	// la+lb elements instead of la·lb pairs. Before, product was 30% of
	// a real-size enumeration of 20,000 states, much of it this sort.
	ea, eb := sortedDistinct(contElems(op, a)), sortedDistinct(contElems(op, b))
	out := make([]Value, 0, len(ea)*len(eb))
	for _, i := range ea {
		for _, j := range eb {
			out = append(out, contPair(i, j))
		}
	}
	return makeSet(out, true)
}

// sortedDistinct sorts vs in Compare's order and drops repeats, in place,
// keeping the first of equal values as Python's set keeps the first added
// (of False and 0, whichever came first).
func sortedDistinct(vs []Value) []Value {
	slices.SortStableFunc(vs, Compare)
	return slices.CompactFunc(vs, func(a, b Value) bool { return Compare(a, b) == 0 })
}

// productOfIndices is product(a, b) for two sets of points: a set of
// pairs of points, each a 2×2 grid, in order. The grids and their cells
// are cut from two allocations instead of two each: after product stopped
// sorting, building its pairs one by one was 8.5% of the real-size
// scoring with arc-dsl's solvers as seeds, most of it in grid.New. It
// reports false when a coordinate does not fit a grid cell (the pairs are
// then tuples of points) or a set is not in order.
func productOfIndices(a, b Indices) (Value, bool) {
	for _, s := range [2]Indices{a, b} {
		for k, p := range s {
			if !fitsCell(p.I) || !fitsCell(p.J) || k > 0 && comparePoints(s[k-1], p) >= 0 {
				return nil, false
			}
		}
	}
	n := len(a) * len(b)
	gs := make([]grid.Grid, n)
	cells := make([]int8, 4*n)
	out := make([]Value, 0, n)
	for _, p := range a {
		for _, q := range b {
			k := len(out)
			c := cells[4*k : 4*k+4 : 4*k+4]
			c[0], c[1], c[2], c[3] = int8(p.I), int8(p.J), int8(q.I), int8(q.J)
			gs[k] = grid.Grid{H: 2, W: 2, Cells: c}
			out = append(out, &gs[k])
		}
	}
	return Set(out), true
}

// strictlyIncreasing reports whether vs is in Compare's order with no two
// elements equal.
func strictlyIncreasing(vs []Value) bool {
	for k := 1; k < len(vs); k++ {
		if Compare(vs[k-1], vs[k]) >= 0 {
			return false
		}
	}
	return true
}

// contInts returns the elements of a container when all are ints.
func contInts(v Value) ([]int, bool) {
	switch x := v.(type) {
	case Point:
		return []int{x.I, x.J}, true
	case Tuple:
		return contIntsOf(x)
	case Set:
		return contIntsOf(x)
	}
	return nil, false
}

// contIntsOf is contInts for the elements of a tuple or a set.
func contIntsOf(vs []Value) ([]int, bool) {
	out := make([]int, len(vs))
	for k, e := range vs {
		i, ok := e.(int)
		if !ok {
			return nil, false
		}
		out[k] = i
	}
	return out, true
}

// contZip is pair: tuple(zip(a, b)).
func contZip(e *Env, a, b Value) Value {
	const op = "pair"
	ea, eb := contElemsIn(e, op, a), contElemsIn(e, op, b)
	n := min(len(ea), len(eb))
	e.Charge(n)
	out := make([]Value, n)
	for i := range out {
		out[i] = contPair(ea[i], eb[i])
	}
	return MakeTuple(out)
}

// contSizeFilter is sizefilter: frozenset(item for item in container if
// len(item) == n).
func contSizeFilter(e *Env, c, n Value) Value {
	const op = "sizefilter"
	want, ok := -1, false
	switch x := n.(type) {
	case int:
		want, ok = x, true
	case bool:
		want, ok = b2i(x), true
	}
	size := contLen(op, c)
	if size == 0 {
		return Set{}
	}
	e.Charge(size)
	switch x := c.(type) {
	case Indices, Object:
		if ok && want == 2 {
			return x
		}
		return Set{}
	case Grid:
		if ok && want == x.W {
			return MakeSet(contElems(op, x))
		}
		return Set{}
	case Set:
		out := make([]Value, 0, size)
		for _, v := range x {
			if contLen(op, v) == want && ok {
				out = append(out, v)
			}
		}
		return pySubsetHint(x, contSetOfSorted(out))
	}
	out := make([]Value, 0, size)
	for v := range contSeq(op, c) {
		if contLen(op, v) == want && ok {
			out = append(out, v)
		}
	}
	return MakeSet(out)
}
