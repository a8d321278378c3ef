package dsl

// Arithmetic and logic: dsl.py's primitives on Integer, IntegerTuple
// (Numerical) and Boolean.

func init() {
	def1("identity", func(e *Env, x Value) Value { return x })
	def2("add", numeric2("add", func(a, b int) int { return a + b }))
	def2("subtract", numeric2("subtract", func(a, b int) int { return a - b }))
	def2("multiply", numeric2("multiply", func(a, b int) int { return a * b }))
	def2("divide", numeric2("divide", floorDiv))
	def1("invert", numeric1("invert", func(a int) int { return -a }))
	def1("even", func(e *Env, n Value) Value { return floorMod(intArg("even", n), 2) == 0 })
	def1("double", numeric1("double", func(a int) int { return a * 2 }))
	def1("halve", numeric1("halve", func(a int) int { return floorDiv(a, 2) }))
	def1("flip", func(e *Env, b Value) Value { return !boolArg(b) })
	def2("greater", func(e *Env, a, b Value) Value { return intArg("greater", a) > intArg("greater", b) })
	def2("both", func(e *Env, a, b Value) Value {
		// Python's `a and b` returns an operand, not a bool.
		if !boolArg(a) {
			return a
		}
		return b
	})
	def2("either", func(e *Env, a, b Value) Value {
		if boolArg(a) {
			return a
		}
		return b
	})
	def1("increment", numeric1("increment", func(a int) int { return a + 1 }))
	def1("decrement", numeric1("decrement", func(a int) int { return a - 1 }))
	def1("crement", numeric1("crement", func(a int) int {
		switch {
		case a > 0:
			return a + 1
		case a < 0:
			return a - 1
		}
		return 0
	}))
	def1("sign", numeric1("sign", func(a int) int {
		switch {
		case a > 0:
			return 1
		case a < 0:
			return -1
		}
		return 0
	}))
	def1("positive", func(e *Env, x Value) Value { return intArg("positive", x) > 0 })
	def1("toivec", func(e *Env, i Value) Value { return Point{intArg("toivec", i), 0} })
	def1("tojvec", func(e *Env, j Value) Value { return Point{0, intArg("tojvec", j)} })
}

// numeric1 lifts an int function to Numerical: ints and IntegerTuples.
func numeric1(op string, f func(int) int) func(*Env, Value) Value {
	return func(e *Env, x Value) Value {
		if p, ok := x.(Point); ok {
			return Point{f(p.I), f(p.J)}
		}
		return f(intArg(op, x))
	}
}

// numeric2 lifts an int operator to Numerical operands, broadcasting an int
// over a tuple as dsl.py does.
func numeric2(op string, f func(a, b int) int) func(*Env, Value, Value) Value {
	return func(e *Env, a, b Value) Value {
		pa, aIsPoint := a.(Point)
		pb, bIsPoint := b.(Point)
		switch {
		case aIsPoint && bIsPoint:
			return Point{f(pa.I, pb.I), f(pa.J, pb.J)}
		case bIsPoint:
			x := intArg(op, a)
			return Point{f(x, pb.I), f(x, pb.J)}
		case aIsPoint:
			y := intArg(op, b)
			return Point{f(pa.I, y), f(pa.J, y)}
		}
		return f(intArg(op, a), intArg(op, b))
	}
}

// floorDiv is Python's //: it rounds toward negative infinity.
func floorDiv(a, b int) int {
	if b == 0 {
		panic(fail("divide", "integer division or modulo by zero"))
	}
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// floorMod is Python's %: its sign follows the divisor.
func floorMod(a, b int) int {
	if b == 0 {
		panic(fail("modulo", "integer division or modulo by zero"))
	}
	m := a % b
	if m != 0 && ((m < 0) != (b < 0)) {
		m += b
	}
	return m
}
