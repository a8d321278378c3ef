package dsl

// Higher-order primitives: dsl.py's function builders (compose, rbind,
// fork, …) and the primitives that apply a function over containers.
//
// Python checks that a value is callable, and with how many arguments, only
// when it calls it; so do these: a builder accepts any value and the
// closure it returns fails when it makes the call. rbind and lbind are the
// exception: they read function.__code__ at once.

func init() {
	def2("compose", func(e *Env, outer, inner Value) Value {
		f, g := hofFn1(outer), hofFn1(inner)
		return Fn1("compose", func(e *Env, x Value) Value {
			e.Charge(1)
			return f(e, g(e, x))
		})
	})
	def3("chain", func(e *Env, h, g, f Value) Value {
		hf, gf, ff := hofFn1(h), hofFn1(g), hofFn1(f)
		return Fn1("chain", func(e *Env, x Value) Value {
			e.Charge(2)
			return hf(e, gf(e, ff(e, x)))
		})
	})
	def2("matcher", func(e *Env, function, target Value) Value {
		f := hofFn1(function)
		return Fn1("matcher", func(e *Env, x Value) Value {
			e.Charge(0)
			return Equal(f(e, x), target)
		})
	})
	def2("rbind", func(e *Env, function, fixed Value) Value { return hofBind(e, "rbind", function, fixed, true) })
	def2("lbind", func(e *Env, function, fixed Value) Value { return hofBind(e, "lbind", function, fixed, false) })
	def2("power", hofPower)
	def3("fork", func(e *Env, outer, a, b Value) Value {
		of, af, bf := hofFn2(outer), hofFn1(a), hofFn1(b)
		f := Fn1("fork", func(e *Env, x Value) Value {
			e.Charge(2)
			return of(e, af(e, x), bf(e, x))
		})
		f.fork = &hofForkOf{outer, a, b, af, bf}
		return f
	})
	def2("apply", func(e *Env, function, c Value) Value {
		out, _ := hofApply(e, "apply", function, c)
		return contBuild(c, out)
	})
	def2("rapply", hofRapply)
	def2("mapply", func(e *Env, function, c Value) Value {
		// merge(apply(function, c)): the results' elements, concatenated
		// into a tuple for a tuple c, united into a frozenset for a set c.
		if parts, ok := hofApplyCombined(e, function, c); ok {
			return contMergeParts(e, "mapply", parts, true)
		}
		if out, ok := hofApplyRecolored(e, function, c); ok {
			return out
		}
		out, asSet := hofApply(e, "mapply", function, c)
		return contMergeParts(e, "mapply", out, asSet)
	})
	def3("papply", func(e *Env, function, a, b Value) Value {
		return MakeTuple(hofPapply(e, "papply", function, a, b))
	})
	def3("mpapply", func(e *Env, function, a, b Value) Value {
		return contMergeParts(e, "mpapply", hofPapply(e, "mpapply", function, a, b), false)
	})
	def3("prapply", hofPrapply)
}

// hofFn1 returns fv as a Go function of one argument. For a value that is
// not a one-argument function it returns a function that fails when called,
// as Python does.
func hofFn1(fv Value) func(*Env, Value) Value {
	if f, ok := fv.(*Func); ok && f.Arity == 1 {
		return f.F1
	}
	return func(e *Env, x Value) Value { return Call1(e, fv, x) }
}

// hofFn2 is hofFn1 for two arguments.
func hofFn2(fv Value) func(*Env, Value, Value) Value {
	if f, ok := fv.(*Func); ok && f.Arity == 2 {
		return f.F2
	}
	return func(e *Env, x, y Value) Value { return Call2(e, fv, x, y) }
}

// hofFn3 is hofFn1 for three arguments.
func hofFn3(fv Value) func(*Env, Value, Value, Value) Value {
	if f, ok := fv.(*Func); ok && f.Arity == 3 {
		return f.F3
	}
	return func(e *Env, x, y, z Value) Value { return Call3(e, fv, x, y, z) }
}

// hofFn4 is hofFn1 for four arguments.
func hofFn4(fv Value) func(*Env, Value, Value, Value, Value) Value {
	if f, ok := fv.(*Func); ok && f.Arity == 4 {
		return f.F4
	}
	return func(e *Env, x, y, z, w Value) Value {
		f, ok := fv.(*Func)
		if !ok {
			panic(fail("call", "%s object is not callable", Kind(fv)))
		}
		return f.Call(e, x, y, z, w)
	}
}

// hofBind is rbind (right) and lbind: it fixes the last or the first
// argument. Like dsl.py it dispatches on the function's own argument count:
// 2 gives a one-argument closure, 3 a two-argument one, anything else a
// three-argument one that calls the function with four arguments.
func hofBind(e *Env, op string, function, fixed Value, right bool) Value {
	f, ok := function.(*Func)
	if !ok {
		panic(fail(op, "%s object has no attribute '__code__'", Kind(function)))
	}
	switch f.Arity {
	case 2:
		g := f.F2
		if right {
			return Fn1(op, func(e *Env, x Value) Value { e.Charge(0); return g(e, x, fixed) })
		}
		return Fn1(op, func(e *Env, y Value) Value { e.Charge(0); return g(e, fixed, y) })
	case 3:
		g := f.F3
		if right {
			return Fn2(op, func(e *Env, x, y Value) Value { e.Charge(0); return g(e, x, y, fixed) })
		}
		return Fn2(op, func(e *Env, y, z Value) Value { e.Charge(0); return g(e, fixed, y, z) })
	}
	g := hofFn4(f)
	if right {
		return Fn3(op, func(e *Env, x, y, z Value) Value { e.Charge(0); return g(e, x, y, z, fixed) })
	}
	return Fn3(op, func(e *Env, y, z, a Value) Value { e.Charge(0); return g(e, fixed, y, z, a) })
}

// hofPower is power: function itself for n == 1, else function composed
// with itself n times. Python recurses for ever on n < 1 (a RecursionError
// when the closure is built).
func hofPower(e *Env, function, n Value) Value {
	const op = "power"
	k := intArg(op, n)
	if k == 1 {
		return function
	}
	if k < 1 {
		panic(fail(op, "maximum recursion depth exceeded (n = %d)", k))
	}
	contCharge(e, k, 1)
	f := hofFn1(function)
	return Fn1(op, func(e *Env, x Value) Value {
		for range k {
			e.Charge(0)
			x = f(e, x)
		}
		return x
	})
}

// hofForkOf is what fork(outer, a, b) was built from: the three values,
// and a and b as Go functions.
type hofForkOf struct {
	outer, a, b Value
	af, bf      func(*Env, Value) Value
}

// hofCombineFork returns what v was built from when v is fork(combine, a,
// b), else nil.
func hofCombineFork(v Value) *hofForkOf {
	f, ok := v.(*Func)
	if !ok || f.fork == nil || f.fork.outer != Value(primitives["combine"]) {
		return nil
	}
	return f.fork
}

// hofApplyCombined is apply(function, c) for mapply when function is
// fork(combine, a, b) and c a set, the union of its results being what
// mapply wants: where a(x) and b(x) are sets of points, or of cells, it
// lists them as parts, not merged into one set that mapply would take
// apart again, and so on down a or b that are such forks themselves
// (mapply(fork(combine, hfrontier, vfrontier), …) built a cross per cell,
// the eight directions' shoots three sets per cell). It charges the work
// the calls would, the sizes of the parts for their unions. It reports
// false, having done nothing, for another function or container.
func hofApplyCombined(e *Env, function, c Value) ([]Value, bool) {
	fk := hofCombineFork(function)
	if fk == nil || !IsSet(c) {
		return nil, false
	}
	n := contLen("mapply", c)
	if n == 0 {
		return nil, false
	}
	e.Charge(n)
	parts := make([]Value, 0, 2*n)
	for v := range contSeq("mapply", c) {
		parts = hofCombinePieces(e, fk, v, parts)
	}
	return parts, true
}

// hofCombinePieces appends to parts pieces whose union is combine(a(x),
// b(x)) for the fork fk: all the pieces of a(x) and of b(x) when they are
// all sets of points or all sets of cells, else that one set.
func hofCombinePieces(e *Env, fk *hofForkOf, x Value, parts []Value) []Value {
	e.Charge(2) // the fork's
	start := len(parts)
	parts = hofPiecesOf(e, fk.a, fk.af, x, parts)
	mid := len(parts)
	parts = hofPiecesOf(e, fk.b, fk.bf, x, parts)
	if hofOneSetKind(parts[start:]) {
		n := 0
		for _, p := range parts[start:] {
			n += Len(p)
		}
		e.Charge(n) // combine's
		return parts
	}
	a, b := hofJoinPieces(parts[start:mid]), hofJoinPieces(parts[mid:])
	return append(parts[:start], contCombine(e, a, b))
}

// hofPiecesOf appends f(x) to parts, in pieces when f (the value v) is
// fork(combine, …).
func hofPiecesOf(e *Env, v Value, f func(*Env, Value) Value, x Value, parts []Value) []Value {
	if fk := hofCombineFork(v); fk != nil {
		return hofCombinePieces(e, fk, x, parts)
	}
	return append(parts, f(e, x))
}

// hofOneSetKind reports whether the pieces are all Indices or all Object.
func hofOneSetKind(pieces []Value) bool {
	_, idx := pieces[0].(Indices)
	_, obj := pieces[0].(Object)
	for _, p := range pieces[1:] {
		switch p.(type) {
		case Indices:
			obj = false
		case Object:
			idx = false
		default:
			return false
		}
	}
	return idx || obj
}

// hofJoinPieces is the set that hofCombinePieces cut into pieces: the
// one piece, or the union of pieces of one kind, as combine gives it.
func hofJoinPieces(pieces []Value) Value {
	if len(pieces) == 1 {
		return pieces[0]
	}
	n := 0
	for _, p := range pieces {
		n += Len(p)
	}
	if _, ok := pieces[0].(Indices); ok {
		return contEmptyAsSet(unionPoints(pieces, n))
	}
	return contEmptyAsSet(unionCells(pieces, n))
}

// hofApplyRecolored is mapply(function, c) when function is fork(recolor,
// a, b) and c a set: the union of recolor(a(x), b(x)), the cells of each
// recoloured patch set straight into the union's bitmap instead of built
// as an object first (mapply(fork(recolor, first, compose(hfrontier,
// last)), cells) built 30 cells per cell). b(x) may be cut into pieces as
// hofApplyCombined cuts it. It charges the work the calls would, the
// sizes of the pieces for recolor and the union. It reports false, having
// done nothing, for another function or container.
func hofApplyRecolored(e *Env, function, c Value) (Value, bool) {
	f, ok := function.(*Func)
	if !ok || f.fork == nil || !IsSet(c) || f.fork.outer != Value(primitives["recolor"]) {
		return nil, false
	}
	n := contLen("mapply", c)
	if n == 0 {
		return nil, false
	}
	e.Charge(n)
	var parts []colouredPart
	var pieces, others []Value
	total := 0
	for x := range contSeq("mapply", c) {
		e.Charge(2) // the fork's
		colour := f.fork.af(e, x)
		pieces = hofPiecesOf(e, f.fork.b, f.fork.bf, x, pieces[:0])
		col, isInt := colour.(int)
		if b, ok := colour.(bool); ok {
			col, isInt = b2i(b), true
		}
		if isInt && hofOneSetKind(pieces) {
			if _, ok := pieces[0].(Indices); ok {
				for _, p := range pieces {
					e.Charge(len(p.(Indices))) // recolor's
					parts = append(parts, colouredPart{c: col, locs: p.(Indices)})
					total += len(p.(Indices))
				}
				continue
			}
		}
		obj := patchRecolor(e, colour, hofJoinPieces(pieces))
		others = append(others, obj)
		total += Len(obj)
	}
	for _, o := range others {
		switch x := o.(type) {
		case Object:
			parts = append(parts, colouredPart{cells: x})
		case Set:
			if len(x) != 0 {
				// Not cells: unite the parts as mapply does.
				return contMergeParts(e, "mapply", append(colouredValues(parts), others...), true), true
			}
		default:
			return contMergeParts(e, "mapply", append(colouredValues(parts), others...), true), true
		}
	}
	e.Charge(total) // the union's
	if total == 0 {
		return Set{}, true
	}
	return unionColoured(parts, total), true
}

// hofApply calls function on each element of c in order and reports
// whether c is a set.
func hofApply(e *Env, op string, function, c Value) (out []Value, isSet bool) {
	n := contLen(op, c)
	isSet = IsSet(c)
	if n == 0 {
		return nil, isSet
	}
	e.Charge(n)
	f := hofFn1(function)
	out = make([]Value, 0, n)
	switch x := c.(type) {
	case Tuple:
		for _, v := range x {
			out = append(out, f(e, v))
		}
	case Set:
		for _, v := range x {
			out = append(out, f(e, v))
		}
	default:
		for v := range contSeqIn(e, op, c) {
			out = append(out, f(e, v))
		}
	}
	return out, isSet
}

// hofRapply is rapply: type(functions)(function(value) for function in
// functions).
func hofRapply(e *Env, functions, value Value) Value {
	const op = "rapply"
	n := contLen(op, functions)
	e.Charge(n)
	out := make([]Value, 0, n)
	for f := range contSeq(op, functions) {
		out = append(out, hofFn1(f)(e, value))
	}
	return contBuild(functions, out)
}

// hofPapply is the elements of papply: function(i, j) for i, j in zip(a, b).
func hofPapply(e *Env, op string, function, a, b Value) []Value {
	ea, eb := contElemsIn(e, op, a), contElemsIn(e, op, b)
	n := min(len(ea), len(eb))
	if n == 0 {
		return nil
	}
	e.Charge(n)
	f := hofFn2(function)
	out := make([]Value, n)
	for i := range out {
		out[i] = f(e, ea[i], eb[i])
	}
	return out
}

// hofPrapply is prapply: frozenset(function(i, j) for j in b for i in a).
func hofPrapply(e *Env, function, a, b Value) Value {
	const op = "prapply"
	ea, eb := contElems(op, a), contElems(op, b)
	if len(ea) == 0 || len(eb) == 0 {
		return Set{}
	}
	contCharge(e, len(ea), len(eb))
	f := hofFn2(function)
	out := make([]Value, 0, len(ea)*len(eb))
	for _, j := range eb {
		for _, i := range ea {
			out = append(out, f(e, i, j))
		}
	}
	return MakeSet(out)
}
