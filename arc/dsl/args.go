package dsl

// Argument coercions shared by the primitives. Each panics with a TypeError
// naming the primitive when Python would have raised one, so primitives can
// be written for the types they expect and stay short.

// intArg returns v as an int; Python's bools are ints too.
func intArg(op string, v Value) int {
	switch x := v.(type) {
	case int:
		return x
	case bool:
		return b2i(x)
	}
	panic(typeError(op, v))
}

// boolArg returns Python's truth value of v.
func boolArg(v Value) bool {
	switch x := v.(type) {
	case bool:
		return x
	case int:
		return x != 0
	case nil:
		return false
	case *Func:
		return true
	}
	return Len(v) > 0
}

// pointArg returns v as an IntegerTuple.
func pointArg(op string, v Value) Point {
	if p, ok := v.(Point); ok {
		return p
	}
	panic(typeError(op, v))
}

// gridArg returns v as a grid.
func gridArg(op string, v Value) Grid {
	if g, ok := v.(Grid); ok {
		return g
	}
	panic(typeError(op, v))
}

// cellValue returns an int that a grid cell can hold.
func cellValue(op string, v Value) int8 { return cellInt(op, intArg(op, v)) }

// cellInt is cellValue of an int, small enough to inline.
func cellInt(op string, n int) int8 {
	if !fitsCell(n) {
		cellRangeError(op, n)
	}
	return int8(n)
}

//go:noinline
func cellRangeError(op string, n int) {
	panic(fail(op, "value %d does not fit a grid cell", n))
}

// patchArg returns the cells of an Object or the locations of Indices; the
// empty set of any kind is an empty Indices. It panics for other values.
func patchArg(op string, v Value) (Object, Indices, bool) {
	switch x := v.(type) {
	case Object:
		return x, nil, true
	case Indices:
		return nil, x, false
	case Set:
		if len(x) == 0 {
			return nil, Indices{}, false
		}
	}
	panic(typeError(op, v))
}

// indicesOf is arc-dsl's toindices: the locations of a patch, in order.
func indicesOf(op string, v Value) Indices {
	obj, idx, isObj := patchArg(op, v)
	if !isObj {
		return idx
	}
	return objectLocs(obj, make(Indices, 0, len(obj)))
}

// nonEmpty panics as Python's min or max of an empty sequence does.
func nonEmpty(op string, n int) {
	if n == 0 {
		panic(fail(op, "empty sequence"))
	}
}

// patchBounds returns the bounding box of a patch: its least and greatest
// row and column. It panics, as Python's min does, on an empty patch.
func patchBounds(op string, v Value) (top, left, bottom, right int) {
	obj, idx, isObj := patchArg(op, v)
	if isObj {
		nonEmpty(op, len(obj))
		return sortedBox(obj)
	}
	nonEmpty(op, len(idx))
	return sortedBox(idx)
}

// shiftPatch moves a patch by (di, dj); the order of a sorted patch is kept.
func shiftPatch(e *Env, op string, v Value, di, dj int) Value {
	obj, idx, isObj := patchArg(op, v)
	if isObj {
		return shifted(e, obj, di, dj)
	}
	if len(idx) == 0 {
		return v
	}
	return shifted(e, idx, di, dj)
}

// shifted is a sorted patch moved by (di, dj).
func shifted[S ~[]E, E patchElem](e *Env, p S, di, dj int) S {
	e.Charge(len(p))
	out := make(S, len(p))
	for k, q := range p {
		l := loc(q)
		out[k] = withLoc(q, Point{l.I + di, l.J + dj})
	}
	return out
}
