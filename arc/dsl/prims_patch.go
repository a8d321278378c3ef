package dsl

import (
	"slices"
	"sync/atomic"
)

// Patches and pieces: dsl.py's primitives on the locations of objects and
// indices (toindices, shift, normalize, the corners and extremes, boxes,
// lines, frontiers, distances and periods), and height, width and shape,
// which take grids too.
//
// A patch is normally an Object or Indices (or the empty set). Python's
// functions accept any iterable of cells or pairs, and the reference data
// holds a few of those: a tuple of cells, a tuple of pairs (a grid of width
// two here, or a Tuple when the numbers do not fit grid cells), a pair with
// a bool in it. The fast paths switch on Object and Indices, written once
// for both over patchElem (patchelem.go); patchLocs covers the rest the
// way toindices does.

// The empty frozenset and tuple, boxed once: returning Set{} or Tuple{}
// as a Value would allocate each time.
var (
	patchEmptySet   Value = Set{}
	patchEmptyTuple Value = Tuple{}
)

func init() {
	def1("height", func(e *Env, p Value) Value { return patchHeight("height", p) })
	def1("width", func(e *Env, p Value) Value { return patchWidth("width", p) })
	def1("shape", func(e *Env, p Value) Value {
		return Point{patchHeight("shape", p), patchWidth("shape", p)}
	})
	def1("portrait", func(e *Env, p Value) Value {
		return patchHeight("portrait", p) > patchWidth("portrait", p)
	})
	def2("colorfilter", patchColorfilter)
	def1("ulcorner", func(e *Env, p Value) Value { return patchCorner("ulcorner", p, false, false) })
	def1("urcorner", func(e *Env, p Value) Value { return patchCorner("urcorner", p, false, true) })
	def1("llcorner", func(e *Env, p Value) Value { return patchCorner("llcorner", p, true, false) })
	def1("lrcorner", func(e *Env, p Value) Value { return patchCorner("lrcorner", p, true, true) })
	def1("toindices", patchToindices)
	def2("recolor", patchRecolor)
	def2("shift", patchShift)
	def1("normalize", func(e *Env, p Value) Value { return patchNormalize(e, "normalize", p) })
	def1("dneighbors", func(e *Env, loc Value) Value {
		i, j := patchIndexPair("dneighbors", loc)
		return Indices{{i - 1, j}, {i, j - 1}, {i, j + 1}, {i + 1, j}}
	})
	def1("ineighbors", func(e *Env, loc Value) Value {
		i, j := patchIndexPair("ineighbors", loc)
		return Indices{{i - 1, j - 1}, {i - 1, j + 1}, {i + 1, j - 1}, {i + 1, j + 1}}
	})
	def1("neighbors", func(e *Env, loc Value) Value {
		i, j := patchIndexPair("neighbors", loc)
		return Indices{
			{i - 1, j - 1}, {i - 1, j}, {i - 1, j + 1},
			{i, j - 1}, {i, j + 1},
			{i + 1, j - 1}, {i + 1, j}, {i + 1, j + 1},
		}
	})
	def1("uppermost", func(e *Env, p Value) Value {
		switch x := p.(type) {
		case Object:
			nonEmpty("uppermost", len(x))
			return x[0].I
		case Indices:
			nonEmpty("uppermost", len(x))
			return x[0].I
		}
		top, _, _, _ := patchExtentOf("uppermost", p)
		return top
	})
	def1("lowermost", func(e *Env, p Value) Value {
		switch x := p.(type) {
		case Object:
			nonEmpty("lowermost", len(x))
			return x[len(x)-1].I
		case Indices:
			nonEmpty("lowermost", len(x))
			return x[len(x)-1].I
		}
		_, _, bottom, _ := patchExtentOf("lowermost", p)
		return bottom
	})
	def1("leftmost", func(e *Env, p Value) Value {
		_, left, _, _ := patchExtentOf("leftmost", p)
		return left
	})
	def1("rightmost", func(e *Env, p Value) Value {
		_, _, _, right := patchExtentOf("rightmost", p)
		return right
	})
	def1("square", patchSquare)
	def1("vline", func(e *Env, p Value) Value {
		// height(patch) == len(patch) and width(patch) == 1
		if patchHeight("vline", p) != Len(p) {
			return false
		}
		return patchWidth("vline", p) == 1
	})
	def1("hline", func(e *Env, p Value) Value {
		if patchWidth("hline", p) != Len(p) {
			return false
		}
		return patchHeight("hline", p) == 1
	})
	def2("hmatching", func(e *Env, a, b Value) Value { return patchMatching(e, "hmatching", a, b, false) })
	def2("vmatching", func(e *Env, a, b Value) Value { return patchMatching(e, "vmatching", a, b, true) })
	def2("manhattan", patchManhattan)
	def2("adjacent", func(e *Env, a, b Value) Value {
		var bufA, bufB [64]Point
		sa, sb := newPatchLocSet("adjacent", a, bufA[:0]), newPatchLocSet("adjacent", b, bufB[:0])
		nonEmpty("adjacent", len(sa.pts))
		nonEmpty("adjacent", len(sb.pts))
		e.Charge(len(sa.pts) + len(sb.pts))
		return patchAdjacent(&sa, &sb, 0, 0)
	})
	def2("bordering", patchBordering)
	def1("centerofmass", patchCenterofmass)
	def1("color", func(e *Env, obj Value) Value {
		switch x := obj.(type) {
		case Object:
			if len(x) > 0 {
				return pyObjectFirstColor(x)
			}
		case Tuple:
			if len(x) > 0 {
				if c, ok := x[0].(Cell); ok {
					return c.C
				}
			}
		}
		return At(patchFirst("color", obj), 0)
	})
	def1("center", func(e *Env, p Value) Value {
		i, j := patchCenter("center", p, false)
		return Point{i, j}
	})
	def2("position", patchPosition)
	def1("corners", patchCorners)
	def2("connect", func(e *Env, a, b Value) Value {
		ai, aj := patchPairArg("connect", a)
		bi, bj := patchPairArg("connect", b)
		return patchConnect(e, ai, aj, bi, bj)
	})
	def2("shoot", func(e *Env, start, direction Value) Value {
		if s, ok := start.(Point); ok {
			if d, ok := direction.(Point); ok {
				if line, n, ok := patchShootShared(s, d); ok {
					e.Charge(n)
					return line
				}
			}
		}
		si, sj := patchIndexPair("shoot", start)
		di, dj := patchIndexPair("shoot", direction)
		ai, aj := patchPairArg("shoot", start) // connect unpacks start
		return patchConnect(e, ai, aj, si+42*di, sj+42*dj)
	})
	def1("vfrontier", patchVfrontier)
	def1("hfrontier", patchHfrontier)
	def1("backdrop", patchBackdrop)
	def1("delta", patchDelta)
	def2("gravitate", patchGravitate)
	def1("inbox", func(e *Env, p Value) Value {
		top, left, bottom, right := patchExtentOf("inbox", p)
		return patchBoxOutline(e, top+1, left+1, bottom-1, right-1)
	})
	def1("outbox", func(e *Env, p Value) Value {
		top, left, bottom, right := patchExtentOf("outbox", p)
		return patchBoxOutline(e, top-1, left-1, bottom+1, right+1)
	})
	def1("box", func(e *Env, p Value) Value {
		if Len(p) == 0 {
			return p
		}
		top, left, bottom, right := patchExtentOf("box", p)
		return patchBoxOutline(e, top, left, bottom, right)
	})
	def1("hperiod", func(e *Env, obj Value) Value { return patchPeriod(e, "hperiod", obj, true) })
	def1("vperiod", func(e *Env, obj Value) Value { return patchPeriod(e, "vperiod", obj, false) })
}

// patchPairArg unpacks v as Python's `a, b = v` does for a pair of ints.
func patchPairArg(op string, v Value) (int, int) {
	switch x := v.(type) {
	case Point:
		return x.I, x.J
	case Tuple:
		if len(x) != 2 {
			panic(fail(op, "cannot unpack %d values into 2", len(x)))
		}
		return intArg(op, x[0]), intArg(op, x[1])
	}
	panic(typeError(op, v))
}

// patchIndexPair returns the ints v[0] and v[1], as Python's loc[0] and
// loc[1] would give them.
func patchIndexPair(op string, v Value) (int, int) {
	switch x := v.(type) {
	case Point:
		return x.I, x.J
	case Tuple:
		if len(x) < 2 {
			panic(fail(op, "tuple index out of range"))
		}
		return intArg(op, x[0]), intArg(op, x[1])
	}
	panic(typeError(op, v))
}

// patchFirst is Python's next(iter(v)), a set's first element in CPython's
// emulated order.
func patchFirst(op string, v Value) Value {
	switch x := v.(type) {
	case Object:
		if len(x) > 0 {
			return pyFirst(x)
		}
	case Indices:
		if len(x) > 0 {
			return pyFirst(x)
		}
	case Set:
		if len(x) > 0 {
			return pyFirst(x)
		}
	case Tuple:
		if len(x) > 0 {
			return x[0]
		}
	case Grid:
		return gridRow(x, 0)
	case Point:
		return x.I
	case Cell:
		return x.C
	default:
		panic(typeError(op, v))
	}
	panic(fail(op, "StopIteration"))
}

// patchLocs returns the locations that toindices(v) iterates over and
// len(v). For a set, or a tuple of cells (which toindices turns into a
// set), the locations are sorted and unique and set is true; for a tuple of
// pairs they are in tuple order, repeats kept. An Object's locations are
// appended to buf, which the caller may pass to avoid an allocation; an
// Indices is returned as it is. The result must not be modified.
func patchLocs(op string, v Value, buf []Point) (locs []Point, n int, set bool) {
	switch x := v.(type) {
	case Indices:
		return x, len(x), true
	case Object:
		return objectLocs(x, buf), len(x), true
	case Grid:
		// A tuple of pairs: toindices returns it as it is.
		if x.W != 2 {
			panic(fail(op, "grid rows of width %d are not locations", x.W))
		}
		locs = make([]Point, x.H)
		for k := range locs {
			locs[k] = Point{int(x.Cells[2*k]), int(x.Cells[2*k+1])}
		}
		return locs, x.H, false
	case Tuple:
		return patchLocsOf(op, x, false)
	case Set:
		return patchLocsOf(op, x, true)
	}
	panic(typeError(op, v))
}

// patchLocsOf is patchLocs for a generic tuple or set of elements.
func patchLocsOf(op string, elems []Value, isSet bool) ([]Point, int, bool) {
	if len(elems) == 0 {
		return nil, 0, true
	}
	locs := make([]Point, len(elems))
	if IsTuple(At(elems[0], 1)) {
		// Cells: toindices makes the frozenset of their locations.
		for k, el := range elems {
			if Len(el) != 2 {
				panic(fail(op, "cannot unpack %d values into 2", Len(el)))
			}
			i, j := patchPairArg(op, At(el, 1))
			locs[k] = Point{i, j}
		}
		return NewIndices(locs), len(elems), true
	}
	for k, el := range elems {
		i, j := patchPairArg(op, el)
		locs[k] = Point{i, j}
	}
	if isSet {
		return NewIndices(locs), len(elems), true
	}
	return locs, len(elems), false
}

// patchExtent returns the bounding box of toindices(v); ok is false when
// the patch is empty.
func patchExtent(op string, v Value) (top, left, bottom, right int, ok bool) {
	switch x := v.(type) {
	case Object:
		if len(x) == 0 {
			return
		}
		top, left, bottom, right = sortedBox(x)
		return top, left, bottom, right, true
	case Indices:
		if len(x) == 0 {
			return
		}
		top, left, bottom, right = sortedBox(x)
		return top, left, bottom, right, true
	}
	locs, _, _ := patchLocs(op, v, nil)
	if len(locs) == 0 {
		return
	}
	top, left, bottom, right = locs[0].I, locs[0].J, locs[0].I, locs[0].J
	for _, p := range locs[1:] {
		top, bottom = min(top, p.I), max(bottom, p.I)
		left, right = min(left, p.J), max(right, p.J)
	}
	return top, left, bottom, right, true
}

// patchExtentOf is patchExtent that raises, as Python's min does, on an
// empty patch.
func patchExtentOf(op string, v Value) (top, left, bottom, right int) {
	top, left, bottom, right, ok := patchExtent(op, v)
	if !ok {
		panic(fail(op, "empty sequence"))
	}
	return
}

// patchHeight is dsl.py's height: a tuple's length, a patch's row span.
func patchHeight(op string, v Value) int {
	switch x := v.(type) {
	case Grid:
		return x.H
	case Tuple:
		return len(x)
	case Point, Cell:
		return 2
	case Object:
		return sortedHeight(x)
	case Indices:
		return sortedHeight(x)
	case Set:
		return patchSpan(op, v, false)
	}
	panic(typeError(op, v))
}

// patchWidth is dsl.py's width: the length of a tuple's first element, a
// patch's column span.
func patchWidth(op string, v Value) int {
	switch x := v.(type) {
	case Grid:
		return x.W
	case Tuple:
		if len(x) == 0 {
			return 0
		}
		return Len(x[0])
	case Point, Cell:
		panic(typeError(op, 0)) // len of an int
	case Object:
		return sortedWidth(x)
	case Indices:
		return sortedWidth(x)
	case Set:
		return patchSpan(op, v, true)
	}
	panic(typeError(op, v))
}

// patchSpan is the row span (cols false) or the column span of a Set, 0
// when it is empty.
func patchSpan(op string, v Value, cols bool) int {
	if Len(v) == 0 {
		return 0
	}
	top, left, bottom, right := patchExtentOf(op, v)
	if cols {
		return right - left + 1
	}
	return bottom - top + 1
}

func patchSquare(e *Env, v Value) Value {
	switch x := v.(type) {
	case Grid:
		return x.H == x.W
	case Tuple:
		if len(x) == 0 {
			panic(fail("square", "tuple index out of range"))
		}
		return len(x) == Len(x[0])
	case Point, Cell:
		panic(typeError("square", 0))
	}
	h, w := patchHeight("square", v), patchWidth("square", v)
	return h*w == Len(v) && h == w
}

func patchColorfilter(e *Env, objs, value Value) Value {
	const op = "colorfilter"
	want, wantInt := value.(int)
	keep := func(obj Value) bool {
		if o, ok := obj.(Object); ok && len(o) > 0 && wantInt {
			return pyObjectFirstColor(o) == want
		}
		return Equal(At(patchFirst(op, obj), 0), value)
	}
	if s, ok := objs.(Set); ok {
		e.Charge(len(s))
		out := make(Set, 0, len(s))
		plain := true // no pairs or cells, so a Set is canonical
		for _, obj := range s {
			if keep(obj) {
				switch obj.(type) {
				case Point, Cell:
					plain = false
				}
				out = append(out, obj)
			}
		}
		switch {
		case len(out) == 0:
			return patchEmptySet
		case len(out) == len(s) && pyHintOf(s) == nil:
			return objs
		case plain:
			// A new set, built by iterating objs.
			return pySubsetHint(s, out)
		}
		return MakeSet(out)
	}
	elems := Elems(objs)
	e.Charge(len(elems))
	var out []Value
	for _, obj := range elems {
		if keep(obj) {
			out = append(out, obj)
		}
	}
	return MakeSet(out)
}

// patchCorner implements ulcorner and its kin, Python's
// tuple(map(min or max, zip(*toindices(patch)))): maxI and maxJ choose
// max for the rows and the columns.
func patchCorner(op string, v Value, maxI, maxJ bool) Value {
	if g, ok := v.(Grid); ok && g.W != 2 {
		// toindices returns a grid as it is, and zip gives its columns.
		if g.W < 2 {
			panic(fail(op, "tuple index out of range"))
		}
		if maxI != maxJ {
			panic(fail(op, "KeyError: 2"))
		}
		out := make([]Value, g.W)
		for j := range out {
			m := g.At(0, j)
			for i := 1; i < g.H; i++ {
				if c := g.At(i, j); (maxI && c > m) || (!maxI && c < m) {
					m = c
				}
			}
			out[j] = int(m)
		}
		return MakeTuple(out)
	}
	top, left, bottom, right, ok := patchExtent(op, v)
	if !ok {
		return patchEmptyTuple
	}
	p := Point{top, left}
	if maxI {
		p.I = bottom
	}
	if maxJ {
		p.J = right
	}
	return p
}

func patchToindices(e *Env, v Value) Value {
	const op = "toindices"
	var elems []Value
	switch x := v.(type) {
	case Indices:
		return v // not x, which would box the slice again
	case Object:
		e.Charge(len(x))
		locs, _, _ := patchLocs(op, v, nil) // v: passing x would box it again
		return Indices(locs)
	case Grid:
		if x.W < 2 {
			panic(fail(op, "tuple index out of range"))
		}
		return x
	case Tuple:
		elems = x
	case Set:
		elems = x
	default:
		panic(typeError(op, v))
	}
	if len(elems) == 0 {
		return patchEmptySet
	}
	if !IsTuple(At(elems[0], 1)) {
		return v
	}
	e.Charge(len(elems))
	out := make([]Value, len(elems))
	for k, el := range elems {
		if Len(el) != 2 {
			panic(fail(op, "cannot unpack %d values into 2", Len(el)))
		}
		out[k] = At(el, 1)
	}
	return MakeSet(out)
}

func patchRecolor(e *Env, value, patch Value) Value {
	const op = "recolor"
	c, isInt := 0, true
	switch x := value.(type) {
	case int:
		c = x
	case bool:
		c = b2i(x)
	default:
		isInt = false
	}
	if isInt {
		switch p := patch.(type) {
		case Indices:
			if len(p) == 0 {
				return patchEmptySet
			}
			e.Charge(len(p))
			out := make(Object, len(p))
			for k, q := range p {
				out[k] = Cell{I: q.I, J: q.J, C: c}
			}
			return out
		case Object:
			if len(p) == 0 {
				return patchEmptySet
			}
			e.Charge(len(p))
			out := make(Object, 0, len(p))
			for _, q := range p {
				if k := len(out); k > 0 && out[k-1].I == q.I && out[k-1].J == q.J {
					continue
				}
				out = append(out, Cell{I: q.I, J: q.J, C: c})
			}
			return out
		}
	}
	idx := patchToindices(e, patch)
	if Len(idx) == 0 {
		return patchEmptySet
	}
	es := Elems(idx)
	e.Charge(len(es))
	out := make([]Value, len(es))
	for k, x := range es {
		out[k] = MakeTuple([]Value{value, x})
	}
	return MakeSet(out)
}

func patchShift(e *Env, patch, directions Value) Value {
	const op = "shift"
	if Len(patch) == 0 {
		return patch
	}
	switch patch.(type) {
	case Object, Indices:
		di, dj := patchPairArg(op, directions)
		if di == 0 && dj == 0 {
			return patch // values are immutable
		}
		return shiftPatch(e, op, patch, di, dj)
	}
	di, dj := patchPairArg(op, directions)
	return patchShiftGeneric(e, op, patch, di, dj)
}

// patchShiftGeneric is shift for a non-empty patch that is neither an
// Object nor Indices: a tuple of cells or of pairs, or an odd set.
func patchShiftGeneric(e *Env, op string, patch Value, di, dj int) Value {
	elems := Elems(patch)
	e.Charge(len(elems))
	if IsTuple(At(elems[0], 1)) {
		out := make([]Value, len(elems))
		for k, el := range elems {
			if Len(el) != 2 {
				panic(fail(op, "cannot unpack %d values into 2", Len(el)))
			}
			i, j := patchPairArg(op, At(el, 1))
			out[k] = MakeTuple([]Value{At(el, 0), Point{i + di, j + dj}})
		}
		return MakeSet(out)
	}
	out := make([]Point, len(elems))
	for k, el := range elems {
		i, j := patchPairArg(op, el)
		out[k] = Point{i + di, j + dj}
	}
	return NewIndices(out)
}

func patchNormalize(e *Env, op string, patch Value) Value {
	if Len(patch) == 0 {
		return patch
	}
	top, left, _, _ := patchExtentOf(op, patch)
	switch patch.(type) {
	case Object, Indices:
		if top == 0 && left == 0 {
			return patch
		}
		return shiftPatch(e, op, patch, -top, -left)
	}
	return patchShiftGeneric(e, op, patch, -top, -left)
}

// patchCoords appends the rows (or, with cols, the columns) of the
// locations of toindices(v) to buf, repeats included.
func patchCoords(op string, v Value, cols bool, buf []int) []int {
	switch x := v.(type) {
	case Object:
		return patchCoordsOf(x, cols, buf)
	case Indices:
		return patchCoordsOf(x, cols, buf)
	}
	locs, _, _ := patchLocs(op, v, nil)
	return patchCoordsOf(locs, cols, buf)
}

// patchCoordsOf is patchCoords for a slice of points or cells.
func patchCoordsOf[E patchElem](p []E, cols bool, buf []int) []int {
	for _, q := range p {
		if l := loc(q); cols {
			buf = append(buf, l.J)
		} else {
			buf = append(buf, l.I)
		}
	}
	return buf
}

// patchMatching is hmatching (rows) or vmatching (cols): whether the two
// patches share a row or a column.
func patchMatching(e *Env, op string, a, b Value, cols bool) bool {
	var bufA, bufB [128]int
	as := patchCoords(op, a, cols, bufA[:0])
	bs := patchCoords(op, b, cols, bufB[:0])
	e.Charge(len(as) + len(bs))
	if len(as) == 0 || len(bs) == 0 {
		return false
	}
	lo, hi := as[0], as[0]
	for _, x := range as[1:] {
		lo, hi = min(lo, x), max(hi, x)
	}
	if hi-lo < 4096 {
		var bits [64]uint64
		for _, x := range as {
			d := x - lo
			bits[d>>6] |= 1 << (d & 63)
		}
		for _, x := range bs {
			if x < lo || x > hi {
				continue
			}
			d := x - lo
			if bits[d>>6]&(1<<(d&63)) != 0 {
				return true
			}
		}
		return false
	}
	seen := make(map[int]struct{}, len(as))
	for _, x := range as {
		seen[x] = struct{}{}
	}
	for _, x := range bs {
		if _, ok := seen[x]; ok {
			return true
		}
	}
	return false
}

// patchLocSet is the set of locations of a patch, sorted and unique, with
// its bounding box.
type patchLocSet struct {
	pts                      []Point
	top, left, bottom, right int
}

func newPatchLocSet(op string, v Value, buf []Point) patchLocSet {
	locs, _, set := patchLocs(op, v, buf)
	if !set {
		locs = NewIndices(slices.Clone(locs))
	}
	s := patchLocSet{pts: locs}
	if len(locs) > 0 {
		s.top, s.bottom = locs[0].I, locs[len(locs)-1].I
		s.left, s.right = locs[0].J, locs[0].J
		for _, p := range locs[1:] {
			s.left, s.right = min(s.left, p.J), max(s.right, p.J)
		}
	}
	return s
}

func (s *patchLocSet) has(p Point) bool {
	if p.I < s.top || p.I > s.bottom || p.J < s.left || p.J > s.right {
		return false
	}
	_, found := slices.BinarySearchFunc(s.pts, p, comparePoints)
	return found
}

// patchBoxGap is a lower bound of the Manhattan distance between a point
// and any point of a box.
func patchBoxGap(p Point, top, left, bottom, right int) int {
	g := 0
	if p.I < top {
		g += top - p.I
	} else if p.I > bottom {
		g += p.I - bottom
	}
	if p.J < left {
		g += left - p.J
	} else if p.J > right {
		g += p.J - right
	}
	return g
}

// patchAdjacent reports whether the least Manhattan distance between a
// shifted by (di, dj) and b is 1. Both must be non-empty.
func patchAdjacent(a, b *patchLocSet, di, dj int) bool {
	// Boxes more than one step apart hold no adjacent pair.
	gi := max(0, b.top-(a.bottom+di), (a.top+di)-b.bottom)
	gj := max(0, b.left-(a.right+dj), (a.left+dj)-b.right)
	if gi+gj > 1 {
		return false
	}
	// A shared location makes the distance 0. Shifting keeps a sorted.
	for x, y := 0, 0; x < len(a.pts) && y < len(b.pts); {
		p := Point{a.pts[x].I + di, a.pts[x].J + dj}
		switch c := comparePoints(p, b.pts[y]); {
		case c < 0:
			x++
		case c > 0:
			y++
		default:
			return false
		}
	}
	steps := [4]Point{{-1, 0}, {0, -1}, {0, 1}, {1, 0}}
	if len(a.pts) <= len(b.pts) {
		for _, q := range a.pts {
			for _, d := range steps {
				if b.has(Point{q.I + di + d.I, q.J + dj + d.J}) {
					return true
				}
			}
		}
		return false
	}
	for _, q := range b.pts {
		for _, d := range steps {
			if a.has(Point{q.I - di + d.I, q.J - dj + d.J}) {
				return true
			}
		}
	}
	return false
}

func patchManhattan(e *Env, a, b Value) Value {
	const op = "manhattan"
	var bufA, bufB [64]Point
	sa, sb := newPatchLocSet(op, a, bufA[:0]), newPatchLocSet(op, b, bufB[:0])
	nonEmpty(op, len(sa.pts))
	nonEmpty(op, len(sb.pts))
	e.Charge(len(sa.pts) + len(sb.pts))
	// A shared location gives 0; otherwise 1 is the least possible.
	for x, y := 0, 0; x < len(sa.pts) && y < len(sb.pts); {
		switch c := comparePoints(sa.pts[x], sb.pts[y]); {
		case c < 0:
			x++
		case c > 0:
			y++
		default:
			return 0
		}
	}
	best := -1
	for _, p := range sa.pts {
		if best >= 0 && patchBoxGap(p, sb.top, sb.left, sb.bottom, sb.right) >= best {
			continue
		}
		e.Charge(len(sb.pts))
		for _, q := range sb.pts {
			d := p.I - q.I
			if d < 0 {
				d = -d
			}
			dj := p.J - q.J
			if dj < 0 {
				dj = -dj
			}
			if d += dj; best < 0 || d < best {
				best = d
				if best == 1 {
					return 1
				}
			}
		}
	}
	return best
}

func patchBordering(e *Env, patch, g Value) Value {
	const op = "bordering"
	top, left, bottom, right := patchExtentOf(op, patch)
	if top == 0 || left == 0 {
		return true
	}
	if x, ok := g.(Grid); ok {
		return bottom == x.H-1 || right == x.W-1
	}
	if bottom == Len(g)-1 {
		return true
	}
	return right == Len(At(g, 0))-1
}

func patchCenterofmass(e *Env, patch Value) Value {
	const op = "centerofmass"
	switch x := patch.(type) {
	case Object:
		if len(x) == 0 {
			return patchEmptyTuple
		}
		si, sj := x[0].I, x[0].J
		for k := 1; k < len(x); k++ {
			if x[k].I == x[k-1].I && x[k].J == x[k-1].J {
				continue
			}
			si += x[k].I
			sj += x[k].J
		}
		return Point{floorDiv(si, len(x)), floorDiv(sj, len(x))}
	case Indices:
		if len(x) == 0 {
			return patchEmptyTuple
		}
		si, sj := 0, 0
		for _, p := range x {
			si += p.I
			sj += p.J
		}
		return Point{floorDiv(si, len(x)), floorDiv(sj, len(x))}
	case Grid:
		if x.W != 2 {
			if x.W < 2 {
				panic(fail(op, "tuple index out of range"))
			}
			out := make([]Value, x.W)
			for j := range out {
				s := 0
				for i := 0; i < x.H; i++ {
					s += int(x.At(i, j))
				}
				out[j] = floorDiv(s, x.H)
			}
			return MakeTuple(out)
		}
	}
	locs, n, _ := patchLocs(op, patch, nil)
	if len(locs) == 0 {
		return patchEmptyTuple
	}
	si, sj := 0, 0
	for _, p := range locs {
		si += p.I
		sj += p.J
	}
	return Point{floorDiv(si, n), floorDiv(sj, n)}
}

// patchCenter is dsl.py's center: (uppermost + height // 2, leftmost +
// width // 2). Height and width of a tuple are its length and the length of
// its first element, which for a tuple of pairs or cells is 2. With
// viaToindices the patch is first passed through toindices, which turns a
// tuple of cells into a set, as position does.
func patchCenter(op string, v Value, viaToindices bool) (int, int) {
	switch v.(type) {
	case Object, Indices, Set:
		top, left, bottom, right := patchExtentOf(op, v)
		return top + (bottom-top+1)/2, left + (right-left+1)/2
	case Grid, Tuple:
		locs, n, set := patchLocs(op, v, nil)
		nonEmpty(op, len(locs))
		top, left, bottom, right := locs[0].I, locs[0].J, locs[0].I, locs[0].J
		for _, p := range locs[1:] {
			top, bottom = min(top, p.I), max(bottom, p.I)
			left, right = min(left, p.J), max(right, p.J)
		}
		if viaToindices && set {
			return top + (bottom-top+1)/2, left + (right-left+1)/2
		}
		return top + n/2, left + 1
	}
	panic(typeError(op, v))
}

func patchPosition(e *Env, a, b Value) Value {
	const op = "position"
	ia, ja := patchCenter(op, a, true)
	ib, jb := patchCenter(op, b, true)
	dj := -1
	if ja < jb {
		dj = 1
	}
	switch {
	case ia == ib:
		return Point{0, dj}
	case ja == jb:
		if ia < ib {
			return Point{1, 0}
		}
		return Point{-1, 0}
	case ia < ib:
		return Point{1, dj}
	}
	return Point{-1, dj}
}

func patchCorners(e *Env, patch Value) Value {
	const op = "corners"
	if g, ok := patch.(Grid); ok && g.W > 2 {
		panic(fail(op, "KeyError: 2")) // urcorner of a grid wider than 2
	}
	top, left, bottom, right, ok := patchExtent(op, patch)
	if !ok {
		return Set{Tuple{}} // every corner of an empty patch is ()
	}
	return NewIndices([]Point{{top, left}, {top, right}, {bottom, left}, {bottom, right}})
}

// patchConnect is dsl.py's connect: the horizontal, vertical or diagonal
// line from a to b, or the empty set.
func patchConnect(e *Env, ai, aj, bi, bj int) Value {
	n := patchLineLen(ai, aj, bi, bj)
	if n == 0 {
		return patchEmptySet
	}
	e.Charge(n)
	if line, ok := patchSharedLine(ai, aj, bi, bj, n); ok {
		return line
	}
	return patchLine(ai, aj, bi, bj, n)
}

// patchLineLen is the number of points of connect(a, b): 0 when a and b
// lie on no common row, column or diagonal.
func patchLineLen(ai, aj, bi, bj int) int {
	switch {
	case ai == bi:
		return max(aj, bj) - min(aj, bj) + 1
	case aj == bj, bi-ai == bj-aj, bi-ai == aj-bj:
		return max(ai, bi) - min(ai, bi) + 1
	}
	return 0
}

// patchLine is connect(a, b), of n > 0 points, in order.
func patchLine(ai, aj, bi, bj, n int) Indices {
	si, sj := min(ai, bi), min(aj, bj)
	ej := max(aj, bj)
	out := make(Indices, n)
	switch {
	case ai == bi:
		for k := range out {
			out[k] = Point{ai, sj + k}
		}
	case aj == bj:
		for k := range out {
			out[k] = Point{si + k, aj}
		}
	case bi-ai == bj-aj:
		for k := range out {
			out[k] = Point{si + k, sj + k}
		}
	default:
		for k := range out {
			out[k] = Point{si + k, ej - k}
		}
	}
	return out
}

// Lines from the cells of a grid are the same few sets over and over:
// mapply(rbind(shoot, d), ofcolor(I, c)) asks for one per cell of colour c,
// and hfrontier and vfrontier for one per row or column. A value is never
// changed once built, so these are built once, boxed, and shared.

// patchSide bounds the locations whose lines are shared: 0 ≤ i, j < 30.
const patchSide = 30

// patchShoots holds shoot(start, direction) for a start in the 30×30 box
// and a direction of -1, 0 or 1 along each axis, built on first use.
var patchShoots [patchSide * patchSide * 9]atomic.Pointer[Value]

// patchShootShared returns the shared shoot(s, d) and its size, or false
// when s or d lies outside the shared ones.
func patchShootShared(s, d Point) (Value, int, bool) {
	if uint(s.I) >= patchSide || uint(s.J) >= patchSide || uint(d.I+1) > 2 || uint(d.J+1) > 2 {
		return nil, 0, false
	}
	slot := &patchShoots[(s.I*patchSide+s.J)*9+(d.I+1)*3+d.J+1]
	if v := slot.Load(); v != nil {
		return *v, Len(*v), true
	}
	bi, bj := s.I+42*d.I, s.J+42*d.J
	n := patchLineLen(s.I, s.J, bi, bj) // a unit step: always a line
	var v Value = patchLine(s.I, s.J, bi, bj, n)
	slot.Store(&v) // two goroutines may both build it: equal values
	return v, n, true
}

// patchFrontiers holds hfrontier ([0]) and vfrontier ([1]) of rows and
// columns from -30 to 59, built at start.
var patchFrontiers [2][3 * patchSide]Value

// patchDiagonals holds the diagonals of the 30×30 box, in order: [0][d+29]
// the points (i, i+d), [1][s] the points (i, s-i).
var patchDiagonals [2][2*patchSide - 1]Indices

// init builds patchFrontiers and patchDiagonals, each line a clipped piece
// of one array: a slice for each frontier and appends for the diagonals
// were 900 allocations, 0.2 ms of every arcflow process's start.
func init() {
	points := make(Indices, 3*patchSide*patchSide*2)
	for k := range patchFrontiers {
		for x := range patchFrontiers[k] {
			line := points[:patchSide:patchSide]
			points = points[patchSide:]
			for n := range line {
				line[n] = Point{n, x - patchSide}
				if k == 0 {
					line[n] = Point{x - patchSide, n}
				}
			}
			patchFrontiers[k][x] = line
		}
	}
	for k := range patchDiagonals {
		points := make(Indices, patchSide*patchSide)
		for x := range patchDiagonals[k] {
			// Diagonal x of either kind has min(x, 2·29-x)+1 points:
			// (i, i+d), d = x-29, from row max(0, 29-x); (i, s-i),
			// s = x, from row max(0, x-29).
			n := min(x, 2*(patchSide-1)-x) + 1
			line := points[:n:n]
			points = points[n:]
			i0 := max(0, x-(patchSide-1))
			if k == 0 {
				i0 = max(0, (patchSide-1)-x)
			}
			for m := range line {
				i := i0 + m
				if k == 0 {
					line[m] = Point{i, i + x - (patchSide - 1)}
				} else {
					line[m] = Point{i, x - i}
				}
			}
			patchDiagonals[k][x] = line
		}
	}
}

// patchSharedLine is connect(a, b), a line of n points, as a piece of a
// shared row, column or diagonal of the 30×30 box: false when a or b lies
// outside. The piece has no room to grow into the rest.
func patchSharedLine(ai, aj, bi, bj, n int) (Indices, bool) {
	if uint(ai) >= patchSide || uint(aj) >= patchSide || uint(bi) >= patchSide || uint(bj) >= patchSide {
		return nil, false
	}
	var line Indices
	var at int // the position of the line's first point in line
	switch si := min(ai, bi); {
	case ai == bi:
		line, at = patchFrontiers[0][ai+patchSide].(Indices), min(aj, bj)
	case aj == bj:
		line, at = patchFrontiers[1][aj+patchSide].(Indices), si
	case bi-ai == bj-aj:
		d := aj - ai
		line, at = patchDiagonals[0][d+patchSide-1], si-max(0, -d)
	default:
		s := ai + aj
		line, at = patchDiagonals[1][s], si-max(0, s-(patchSide-1))
	}
	return line[at : at+n : at+n], true
}

// patchFrontierOf is hfrontier (k = 0) or vfrontier (k = 1) of row or
// column x.
func patchFrontierOf(x, k int) Indices {
	out := make(Indices, 30)
	for n := range out {
		out[n] = Point{n, x}
		if k == 0 {
			out[n] = Point{x, n}
		}
	}
	return out
}

func patchVfrontier(e *Env, loc Value) Value { return patchFrontier(e, loc, 1) }

func patchHfrontier(e *Env, loc Value) Value { return patchFrontier(e, loc, 0) }

// patchFrontier is vfrontier (k = 1) or hfrontier (k = 0): the 30
// locations from 0 to 29 along the column loc[1], or along the row loc[0].
func patchFrontier(e *Env, loc Value, k int) Value {
	var x Value
	if p, ok := loc.(Point); ok {
		c := p.I
		if k == 1 {
			c = p.J
		}
		x = c
	} else {
		x = At(loc, k)
	}
	e.Charge(30)
	if b, ok := x.(bool); ok {
		x = b2i(b)
	}
	if xi, ok := x.(int); ok {
		if uint(xi+patchSide) < uint(len(patchFrontiers[k])) {
			return patchFrontiers[k][xi+patchSide]
		}
		return patchFrontierOf(xi, k)
	}
	out := make([]Value, 30)
	for n := range out {
		pair := []Value{n, x}
		if k == 0 {
			pair[0], pair[1] = x, n
		}
		out[n] = MakeTuple(pair)
	}
	return MakeSet(out)
}

// patchRect returns the locations of the rectangle from (top, left) to
// (bottom, right), in order.
func patchRect(e *Env, top, left, bottom, right int) Indices {
	h, w := bottom-top+1, right-left+1
	e.Charge(h * w)
	out := make(Indices, 0, h*w)
	for i := top; i <= bottom; i++ {
		for j := left; j <= right; j++ {
			out = append(out, Point{i, j})
		}
	}
	return out
}

func patchBackdrop(e *Env, patch Value) Value {
	if Len(patch) == 0 {
		return patchEmptySet
	}
	top, left, bottom, right := patchExtentOf("backdrop", patch)
	return patchRect(e, top, left, bottom, right)
}

func patchDelta(e *Env, patch Value) Value {
	const op = "delta"
	if Len(patch) == 0 {
		return patchEmptySet
	}
	var buf [64]Point
	locs, _, set := patchLocs(op, patch, buf[:0])
	if !set {
		// toindices returned the tuple itself: frozenset - tuple raises.
		panic(typeError(op, Set{}, patch))
	}
	nonEmpty(op, len(locs))
	top, bottom := locs[0].I, locs[len(locs)-1].I
	left, right := locs[0].J, locs[0].J
	for _, p := range locs[1:] {
		left, right = min(left, p.J), max(right, p.J)
	}
	h, w := bottom-top+1, right-left+1
	e.Charge(h * w)
	n := h*w - len(locs)
	if n == 0 {
		return patchEmptySet
	}
	out := make(Indices, 0, n)
	k := 0
	for i := top; i <= bottom; i++ {
		for j := left; j <= right; j++ {
			p := Point{i, j}
			if k < len(locs) && locs[k] == p {
				k++
				continue
			}
			out = append(out, p)
		}
	}
	return out
}

func patchGravitate(e *Env, source, destination Value) Value {
	const op = "gravitate"
	si, sj := patchCenter(op, source, false)
	di, dj := patchCenter(op, destination, false)
	i, j := 0, 0
	if patchMatching(e, op, source, destination, true) {
		i = -1
		if si < di {
			i = 1
		}
	} else {
		j = -1
		if sj < dj {
			j = 1
		}
	}
	var bufA, bufB [64]Point
	a, b := newPatchLocSet(op, source, bufA[:0]), newPatchLocSet(op, destination, bufB[:0])
	nonEmpty(op, len(a.pts))
	nonEmpty(op, len(b.pts))
	gi, gj := i, j
	oi, oj := 0, 0 // how far source has moved
	for c := 0; c < 42; c++ {
		e.Charge(len(a.pts) + len(b.pts))
		if patchAdjacent(&a, &b, oi, oj) {
			break
		}
		gi, gj = gi+i, gj+j
		oi, oj = oi+i, oj+j
	}
	return Point{gi - i, gj - j}
}

// patchBoxOutline returns the outline of the box spanned by rows a and b
// and columns c and d, in any order, as inbox, outbox and box build it.
func patchBoxOutline(e *Env, ai, aj, bi, bj int) Indices {
	si, ei := min(ai, bi), max(ai, bi)
	sj, ej := min(aj, bj), max(aj, bj)
	w := ej - sj + 1
	n := w
	if ei > si {
		n = 2*w + (ei-si-1)*min(w, 2)
	}
	e.Charge(n)
	out := make(Indices, 0, n)
	for j := sj; j <= ej; j++ {
		out = append(out, Point{si, j})
	}
	for i := si + 1; i < ei; i++ {
		out = append(out, Point{i, sj})
		if ej != sj {
			out = append(out, Point{i, ej})
		}
	}
	if ei > si {
		for j := sj; j <= ej; j++ {
			out = append(out, Point{ei, j})
		}
	}
	return out
}

// patchPeriod is hperiod (horizontal) or vperiod: the least p ≥ 1 such
// that the normalized object shifted back by p, cut to the non-negative
// columns (rows), is part of itself; the width (height) if none is.
func patchPeriod(e *Env, op string, obj Value, horizontal bool) Value {
	norm := patchNormalize(e, op, obj)
	var n int
	if horizontal {
		n = patchWidth(op, norm)
	} else {
		n = patchHeight(op, norm)
	}
	if n <= 1 {
		return n
	}
	o, ok := norm.(Object)
	if !ok {
		// Python unpacks each element as (c, (i, j)).
		panic(fail(op, "cannot unpack %s elements as cells", Kind(norm)))
	}
	look := newPatchCellLookup(e, o)
	for p := 1; p < n; p++ {
		e.Charge(len(o))
		sub := true
		for _, c := range o {
			if horizontal {
				if c.J >= p && !look.has(Cell{I: c.I, J: c.J - p, C: c.C}) {
					sub = false
					break
				}
			} else if c.I >= p && !look.has(Cell{I: c.I - p, J: c.J, C: c.C}) {
				sub = false
				break
			}
		}
		if sub {
			return p
		}
	}
	return n
}

// patchCellLookup answers membership in a normalized object: through a
// dense table of its locations when they are unique and the box is small,
// else by binary search.
type patchCellLookup struct {
	obj   Object
	dense []int32 // 1 + the index in obj of the cell at each location, or 0
	w     int
}

func newPatchCellLookup(e *Env, o Object) patchCellLookup {
	l := patchCellLookup{obj: o}
	h := o[len(o)-1].I + 1
	w := 0
	for k, c := range o {
		w = max(w, c.J+1)
		if k > 0 && c.I == o[k-1].I && c.J == o[k-1].J {
			return l // two colours at one location
		}
	}
	if h*w > 4096 && h*w > 8*len(o) {
		return l
	}
	e.Charge(h * w)
	l.dense, l.w = make([]int32, h*w), w
	for k, c := range o {
		l.dense[c.I*w+c.J] = int32(k + 1)
	}
	return l
}

func (l *patchCellLookup) has(c Cell) bool {
	if l.dense != nil {
		k := l.dense[c.I*l.w+c.J]
		return k > 0 && l.obj[k-1].C == c.C
	}
	_, found := slices.BinarySearchFunc(l.obj, c, compareCells)
	return found
}
