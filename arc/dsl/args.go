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
func cellValue(op string, v Value) int8 {
	n := intArg(op, v)
	if !fitsCell(n) {
		panic(fail(op, "value %d does not fit a grid cell", n))
	}
	return int8(n)
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
	out := make(Indices, 0, len(obj))
	for _, c := range obj {
		p := Point{c.I, c.J}
		// Cells are sorted by location first, so repeats are adjacent.
		if n := len(out); n > 0 && out[n-1] == p {
			continue
		}
		out = append(out, p)
	}
	return out
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
		top, left, bottom, right = obj[0].I, obj[0].J, obj[len(obj)-1].I, obj[0].J
		for _, c := range obj {
			left, right = min(left, c.J), max(right, c.J)
		}
		return
	}
	nonEmpty(op, len(idx))
	top, left, bottom, right = idx[0].I, idx[0].J, idx[len(idx)-1].I, idx[0].J
	for _, p := range idx {
		left, right = min(left, p.J), max(right, p.J)
	}
	return
}

// shiftPatch moves a patch by (di, dj); the order of a sorted patch is kept.
func shiftPatch(e *Env, op string, v Value, di, dj int) Value {
	obj, idx, isObj := patchArg(op, v)
	if isObj {
		e.Charge(len(obj))
		out := make(Object, len(obj))
		for k, c := range obj {
			out[k] = Cell{I: c.I + di, J: c.J + dj, C: c.C}
		}
		return out
	}
	if len(idx) == 0 {
		return v
	}
	e.Charge(len(idx))
	out := make(Indices, len(idx))
	for k, p := range idx {
		out[k] = Point{p.I + di, p.J + dj}
	}
	return out
}
