package dsl

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// The table tests of prims_container.go and prims_func.go write each call as
// a Python expression over dsl.py's primitives and constants, with the
// result CPython gave for it (in the JSON form of the reference vectors) or
// "error" where CPython raised. hofEval evaluates the expressions here.

// hofCase is one expression and the JSON of its expected value, or "error".
type hofCase struct {
	expr string
	want string
}

// hofParser is a recursive-descent reader of the Python subset used by the
// tables: ints, True/False, tuples, frozenset(...) and set literals, names
// of primitives and constants, and calls (also of call results).
type hofParser struct {
	s   string
	pos int
	e   *Env
}

func (p *hofParser) skip() {
	for p.pos < len(p.s) && p.s[p.pos] == ' ' {
		p.pos++
	}
}

func (p *hofParser) peek() byte {
	p.skip()
	if p.pos < len(p.s) {
		return p.s[p.pos]
	}
	return 0
}

func (p *hofParser) expect(c byte) {
	if p.peek() != c {
		panic(fmt.Sprintf("parse: want %q at %d in %q", c, p.pos, p.s))
	}
	p.pos++
}

// list reads comma-separated expressions up to close, reporting whether a
// trailing comma was seen.
func (p *hofParser) list(close byte) ([]Value, bool) {
	var out []Value
	trailing := false
	for p.peek() != close {
		out = append(out, p.expr())
		trailing = false
		if p.peek() == ',' {
			p.pos++
			trailing = true
		}
	}
	p.pos++
	return out, trailing
}

func (p *hofParser) expr() Value {
	v := p.atom()
	for p.peek() == '(' {
		p.pos++
		args, _ := p.list(')')
		f, ok := v.(*Func)
		if !ok {
			panic(fail("call", "%s object is not callable", Kind(v)))
		}
		v = f.Call(p.e, args...)
	}
	return v
}

func (p *hofParser) atom() Value {
	c := p.peek()
	switch {
	case c == '(':
		p.pos++
		elems, trailing := p.list(')')
		if len(elems) == 1 && !trailing {
			return elems[0]
		}
		return MakeTuple(elems)
	case c == '{':
		p.pos++
		elems, _ := p.list('}')
		return MakeSet(elems)
	case c == '-' || (c >= '0' && c <= '9'):
		start := p.pos
		p.pos++
		for p.pos < len(p.s) && p.s[p.pos] >= '0' && p.s[p.pos] <= '9' {
			p.pos++
		}
		n, err := strconv.Atoi(p.s[start:p.pos])
		if err != nil {
			panic(err)
		}
		return n
	}
	start := p.pos
	for p.pos < len(p.s) && (unicode.IsLetter(rune(p.s[p.pos])) || unicode.IsDigit(rune(p.s[p.pos])) || p.s[p.pos] == '_') {
		p.pos++
	}
	name := p.s[start:p.pos]
	switch name {
	case "":
		panic(fmt.Sprintf("parse: unexpected %q at %d in %q", c, p.pos, p.s))
	case "True":
		return true
	case "False":
		return false
	case "frozenset":
		p.expect('(')
		if p.peek() == ')' {
			p.pos++
			return Set{}
		}
		v := p.expr()
		p.expect(')')
		return MakeSet(contElems("frozenset", v))
	case "tuple":
		p.expect('(')
		v := p.expr()
		p.expect(')')
		return MakeTuple(contElems("tuple", v))
	}
	if f, ok := Primitive(name); ok {
		return f
	}
	if v, ok := Constant(name); ok {
		return v
	}
	panic(fmt.Sprintf("parse: unknown name %q in %q", name, p.s))
}

// hofEval evaluates a table expression; a DSL error is returned as err, a
// malformed expression fails the test.
func hofEval(t *testing.T, expr string) (v Value, err error) {
	t.Helper()
	e := NewEnv(context.Background(), 1_000_000)
	p := &hofParser{s: expr, e: e}
	defer func() {
		r := recover()
		if s, ok := r.(string); ok && strings.HasPrefix(s, "parse:") {
			t.Fatal(s)
		}
		if r != nil {
			err = Recover(r)
		}
	}()
	v = p.expr()
	if p.peek() != 0 {
		t.Fatalf("parse: trailing text at %d in %q", p.pos, expr)
	}
	return v, nil
}

// hofRun checks a table of cases.
func hofRun(t *testing.T, cases []hofCase) {
	t.Helper()
	for _, c := range cases {
		got, err := hofEval(t, c.expr)
		if c.want == "error" {
			if err == nil {
				t.Errorf("%s = %s, want an error", c.expr, String(got))
			}
			continue
		}
		want, jerr := UnmarshalValue([]byte(c.want))
		if jerr != nil {
			t.Fatalf("%s: bad want %s: %v", c.expr, c.want, jerr)
		}
		if err != nil {
			t.Errorf("%s: error %v, want %s", c.expr, err, String(want))
			continue
		}
		if !Equal(got, want) {
			t.Errorf("%s = %s, want %s", c.expr, String(got), String(want))
			continue
		}
		// Equal does not tell the empty set kinds apart, and canonical
		// values must not differ in Go type otherwise.
		if Kind(got) != Kind(want) && !(IsSet(got) && Len(got) == 0) {
			t.Errorf("%s = %s of kind %s, want kind %s", c.expr, String(got), Kind(got), Kind(want))
		}
	}
}

// TestFuncPrimitives checks the higher-order primitives, which have no
// recorded vectors, on cases whose expected values CPython computed with
// dsl.py.
func TestFuncPrimitives(t *testing.T) {
	hofRun(t, []hofCase{
		// compose / chain
		{`compose(increment, double)(3)`, `{"i":7}`},
		{`compose(double, increment)(3)`, `{"i":8}`},
		{`compose(5, identity)(1)`, `error`},   // TypeError
		{`compose(identity, 5)(1)`, `error`},   // TypeError
		{`compose(add, identity)(1)`, `error`}, // TypeError
		{`compose(first, rbind(astuple, 7))(1)`, `{"i":1}`},
		{`chain(increment, double, invert)(3)`, `{"i":-5}`},
		{`chain(size, dedupe, identity)((1, 1, 2))`, `{"i":2}`},
		{`chain(identity, identity, 5)(1)`, `error`}, // TypeError
		// matcher
		{`matcher(first, 1)((1, 2))`, `{"b":true}`},
		{`matcher(size, 2)(frozenset({1}))`, `{"b":false}`},
		{`matcher(identity, (1, 2))((1, 2))`, `{"b":true}`},
		{`matcher(identity, frozenset())(frozenset())`, `{"b":true}`},
		{`matcher(5, 1)(1)`, `error`}, // TypeError
		// rbind / lbind
		{`rbind(subtract, 1)(5)`, `{"i":4}`},
		{`lbind(subtract, 1)(5)`, `{"i":-4}`},
		{`rbind(branch, 9)(True, 8)`, `{"i":8}`},
		{`rbind(branch, 9)(False, 8)`, `{"i":9}`},
		{`lbind(branch, False)(8, 9)`, `{"i":9}`},
		{`rbind(interval, 2)(0, 5)`, `{"t":[{"i":0},{"i":2},{"i":4}]}`},
		{`lbind(interval, 1)(5, 2)`, `{"t":[{"i":1},{"i":3}]}`},
		{`rbind(rbind(branch, 9), 8)(False)`, `{"i":9}`},
		{`lbind(lbind(astuple, 1), 2)()`, `error`},                   // TypeError
		{`rbind(increment, 1)(1, 2, 3)`, `error`},                    // TypeError
		{`lbind(increment, 1)(1, 2, 3)`, `error`},                    // TypeError
		{`rbind(increment, 1)(1)`, `error`},                          // TypeError
		{`rbind(5, 1)`, `error`},                                     // AttributeError
		{`lbind(5, 1)`, `error`},                                     // AttributeError
		{`rbind(subtract, 1)(1, 2)`, `error`},                        // TypeError
		{`rbind(compose(increment, identity), 1)(1, 2, 3)`, `error`}, // TypeError
		// power
		{`power(increment, 3)(0)`, `{"i":3}`},
		{`power(double, 1)(5)`, `{"i":10}`},
		{`power(increment, 2)((1, 1))`, `{"t":[{"i":3},{"i":3}]}`},
		{`power(increment, 0)`, `error`},  // RecursionError
		{`power(increment, -1)`, `error`}, // RecursionError
		{`power(5, 1)`, `{"i":5}`},
		{`power(5, 2)(1)`, `error`},   // TypeError
		{`power(add, 2)(1)`, `error`}, // TypeError
		{`power(increment, True)(1)`, `{"i":2}`},
		{`power(increment, (1, 2))`, `error`}, // TypeError
		{`power(rbind(astuple, 0), 2)(1)`, `{"t":[{"t":[{"i":1},{"i":0}]},{"i":0}]}`},
		{`power(dedupe, 5)((1, 1, 1))`, `{"t":[{"i":1}]}`},
		// fork
		{`fork(add, increment, double)(3)`, `{"i":10}`},
		{`fork(astuple, first, last)((1, 2, 3))`, `{"t":[{"i":1},{"i":3}]}`},
		{`fork(combine, identity, identity)((1,))`, `{"t":[{"i":1},{"i":1}]}`},
		{`fork(increment, identity, identity)(1)`, `error`}, // TypeError
		{`fork(add, 5, identity)(1)`, `error`},              // TypeError
		// apply
		{`apply(increment, (1, 2))`, `{"t":[{"i":2},{"i":3}]}`},
		{`apply(increment, (1, 2, 3))`, `{"t":[{"i":2},{"i":3},{"i":4}]}`},
		{`apply(increment, frozenset({1, 2}))`, `{"s":[{"i":2},{"i":3}]}`},
		{`apply(first, frozenset({(1, 2), (1, 3)}))`, `{"s":[{"i":1}]}`},
		{`apply(size, frozenset({frozenset({(0, 0)}), frozenset({(1, 1)})}))`, `{"s":[{"i":1}]}`},
		{`apply(increment, ())`, `{"t":[]}`},
		{`apply(increment, frozenset())`, `{"s":[]}`},
		{`apply(5, ())`, `{"t":[]}`},
		{`apply(5, (1,))`, `error`},   // TypeError
		{`apply(add, (1,))`, `error`}, // TypeError
		{`apply(identity, ((1, 2), (3, 4)))`, `{"t":[{"t":[{"i":1},{"i":2}]},{"t":[{"i":3},{"i":4}]}]}`},
		{`apply(first, ((1, 2), (3, 4)))`, `{"t":[{"i":1},{"i":3}]}`},
		{`apply(rbind(astuple, 0), (1, 2))`, `{"t":[{"t":[{"i":1},{"i":0}]},{"t":[{"i":2},{"i":0}]}]}`},
		{`apply(rbind(astuple, 0), (1, 2, 300))`, `{"t":[{"t":[{"i":1},{"i":0}]},{"t":[{"i":2},{"i":0}]},{"t":[{"i":300},{"i":0}]}]}`},
		{`apply(lbind(astuple, 5), frozenset({(0, 0), (1, 1)}))`, `{"s":[{"t":[{"i":5},{"t":[{"i":0},{"i":0}]}]},{"t":[{"i":5},{"t":[{"i":1},{"i":1}]}]}]}`},
		{`apply(initset, frozenset({(0, 0), (1, 1)}))`, `{"s":[{"s":[{"t":[{"i":1},{"i":1}]}]},{"s":[{"t":[{"i":0},{"i":0}]}]}]}`},
		{`apply(dedupe, ((1, 1), (2, 2)))`, `{"t":[{"t":[{"i":1}]},{"t":[{"i":2}]}]}`},
		{`apply(identity, (5, (0, 0)))`, `{"t":[{"i":5},{"t":[{"i":0},{"i":0}]}]}`},
		{`apply(identity, 5)`, `error`}, // TypeError
		{`apply(decrement, frozenset({1, True, 2}))`, `{"s":[{"i":0},{"i":1}]}`},
		// rapply
		{`rapply((increment, double), 3)`, `{"t":[{"i":4},{"i":6}]}`},
		{`rapply((increment, double, invert), 3)`, `{"t":[{"i":4},{"i":6},{"i":-3}]}`},
		{`rapply(frozenset({increment, double}), 3)`, `{"s":[{"i":4},{"i":6}]}`},
		{`rapply(frozenset({increment, decrement}), (0, 0))`, `{"s":[{"t":[{"i":1},{"i":1}]},{"t":[{"i":-1},{"i":-1}]}]}`},
		{`rapply((), 3)`, `{"t":[]}`},
		{`rapply((increment, 5), 3)`, `error`}, // TypeError
		{`rapply(5, 3)`, `error`},              // TypeError
		// mapply
		{`mapply(initset, frozenset({(0, 0), (1, 1)}))`, `{"s":[{"t":[{"i":1},{"i":1}]},{"t":[{"i":0},{"i":0}]}]}`},
		{`mapply(initset, (1, 2, 1))`, `{"t":[{"i":1},{"i":2},{"i":1}]}`},
		{`mapply(identity, ((1, 2), (3, 4)))`, `{"t":[{"i":1},{"i":2},{"i":3},{"i":4}]}`},
		{`mapply(increment, (1, 2))`, `error`}, // TypeError
		{`mapply(dedupe, ((1, 1), (2, 2)))`, `{"t":[{"i":1},{"i":2}]}`},
		{`mapply(identity, frozenset({frozenset({(1, (0, 0))}), frozenset({(2, (0, 0))})}))`, `{"s":[{"t":[{"i":2},{"t":[{"i":0},{"i":0}]}]},{"t":[{"i":1},{"t":[{"i":0},{"i":0}]}]}]}`},
		{`mapply(rbind(insert, frozenset({(5, 5)})), frozenset({(0, 0), (1, 1)}))`, `{"s":[{"t":[{"i":1},{"i":1}]},{"t":[{"i":5},{"i":5}]},{"t":[{"i":0},{"i":0}]}]}`},
		{`mapply(rbind(insert, frozenset({(5, (5, 5))})), frozenset({(1, (0, 0)), (1, (1, 1))}))`, `{"s":[{"t":[{"i":5},{"t":[{"i":5},{"i":5}]}]},{"t":[{"i":1},{"t":[{"i":1},{"i":1}]}]},{"t":[{"i":1},{"t":[{"i":0},{"i":0}]}]}]}`},
		{`mapply(identity, ())`, `{"t":[]}`},
		{`mapply(identity, frozenset())`, `{"s":[]}`},
		{`mapply(5, ())`, `{"t":[]}`},
		{`mapply(identity, frozenset({(0, 1), (1, 1)}))`, `{"s":[{"i":0},{"i":1}]}`},
		{`mapply(lbind(repeat, (1, 2)), (1, 2))`, `{"t":[{"t":[{"i":1},{"i":2}]},{"t":[{"i":1},{"i":2}]},{"t":[{"i":1},{"i":2}]}]}`},
		{`mapply(identity, frozenset({frozenset({(0, 0)}), frozenset({(3, (0, 0))})}))`, `{"s":[{"t":[{"i":3},{"t":[{"i":0},{"i":0}]}]},{"t":[{"i":0},{"i":0}]}]}`},
		// papply / mpapply
		{`papply(add, (1, 2, 3), (10, 20))`, `{"t":[{"i":11},{"i":22}]}`},
		{`papply(astuple, (1, 2), (3, 4))`, `{"t":[{"t":[{"i":1},{"i":3}]},{"t":[{"i":2},{"i":4}]}]}`},
		{`papply(add, (), (1,))`, `{"t":[]}`},
		{`papply(5, (1,), (1,))`, `error`}, // TypeError
		{`papply(5, (), (1,))`, `{"t":[]}`},
		{`papply(add, frozenset({1, 2}), (10, 20))`, `{"t":[{"i":11},{"i":22}]}`},
		{`papply(astuple, (1, 2), ((0, 0), (0, 1)))`, `{"t":[{"t":[{"i":1},{"t":[{"i":0},{"i":0}]}]},{"t":[{"i":2},{"t":[{"i":0},{"i":1}]}]}]}`},
		{`papply(increment, (1,), (1,))`, `error`}, // TypeError
		{`papply(add, 1, (1,))`, `error`},          // TypeError
		{`mpapply(astuple, (1, 2), (3, 4))`, `{"t":[{"i":1},{"i":3},{"i":2},{"i":4}]}`},
		{`mpapply(combine, ((1,), (2,)), ((3,), (4,)))`, `{"t":[{"i":1},{"i":3},{"i":2},{"i":4}]}`},
		{`mpapply(add, (1, 2), (3, 4))`, `error`}, // TypeError
		{`mpapply(astuple, (), ())`, `{"t":[]}`},
		{`mpapply(lbind(repeat, (1, 2)), (1, 2), (1, 2))`, `error`}, // TypeError
		{`mpapply(insert, ((0, 0), (1, 1)), (frozenset(), frozenset({(2, 2)})))`, `{"t":[{"t":[{"i":0},{"i":0}]},{"t":[{"i":1},{"i":1}]},{"t":[{"i":2},{"i":2}]}]}`},
		// prapply
		{`prapply(add, (1, 2), (10, 20))`, `{"s":[{"i":11},{"i":12},{"i":21},{"i":22}]}`},
		{`prapply(astuple, frozenset({1}), (2, 3))`, `{"s":[{"t":[{"i":1},{"i":2}]},{"t":[{"i":1},{"i":3}]}]}`},
		{`prapply(add, (), (1,))`, `{"s":[]}`},
		{`prapply(5, (), (1,))`, `{"s":[]}`},
		{`prapply(5, (1,), (1,))`, `error`}, // TypeError
		{`prapply(astuple, (1, 2), ((0, 0),))`, `{"s":[{"t":[{"i":2},{"t":[{"i":0},{"i":0}]}]},{"t":[{"i":1},{"t":[{"i":0},{"i":0}]}]}]}`},
		{`prapply(astuple, ((0, 0), (1, 1)), ((2, 2),))`, `{"s":[{"t":[{"t":[{"i":0},{"i":0}]},{"t":[{"i":2},{"i":2}]}]},{"t":[{"t":[{"i":1},{"i":1}]},{"t":[{"i":2},{"i":2}]}]}]}`},
		{`prapply(add, (1, 2), (2, 1))`, `{"s":[{"i":2},{"i":3},{"i":4}]}`},
		{`prapply(increment, (1,), (1,))`, `error`}, // TypeError
	})
}

// TestBindShapes checks the arity of the closures made by rbind and lbind,
// which follows the bound function's own argument count as in dsl.py, with
// a four-argument function (objects is the only such primitive).
func TestBindShapes(t *testing.T) {
	e := NewEnv(context.Background(), 0)
	four := Fn4("four", func(e *Env, a, b, c, d Value) Value {
		return MakeTuple([]Value{a, b, c, d})
	})
	rbind, _ := Primitive("rbind")
	lbind, _ := Primitive("lbind")
	r := rbind.Call(e, four, 9).(*Func)
	l := lbind.Call(e, four, 9).(*Func)
	if r.Arity != 3 || l.Arity != 3 {
		t.Fatalf("arities %d, %d, want 3", r.Arity, l.Arity)
	}
	if got, want := r.Call(e, 1, 2, 3), (Tuple{1, 2, 3, 9}); !Equal(got, want) {
		t.Errorf("rbind(four, 9)(1, 2, 3) = %s, want %s", String(got), String(want))
	}
	if got, want := l.Call(e, 1, 2, 3), (Tuple{9, 1, 2, 3}); !Equal(got, want) {
		t.Errorf("lbind(four, 9)(1, 2, 3) = %s, want %s", String(got), String(want))
	}
	for name, want := range map[string]int{"subtract": 1, "branch": 2, "increment": 3} {
		f, _ := Primitive(name)
		if got := rbind.Call(e, f, 0).(*Func).Arity; got != want {
			t.Errorf("rbind(%s, 0) has arity %d, want %d", name, got, want)
		}
		if got := lbind.Call(e, f, 0).(*Func).Arity; got != want {
			t.Errorf("lbind(%s, 0) has arity %d, want %d", name, got, want)
		}
	}
}

// TestPowerIdentity checks that power(f, 1) is f itself and that power
// builds no recursion: a large n runs in constant stack and is charged.
func TestPowerIdentity(t *testing.T) {
	e := NewEnv(context.Background(), 0)
	power, _ := Primitive("power")
	inc, _ := Primitive("increment")
	if f := power.Call(e, inc, 1); f != inc {
		t.Errorf("power(increment, 1) is %v, want increment itself", f)
	}
	f := power.Call(e, inc, 100000).(*Func)
	if got := f.Call(e, 0); got != 100000 {
		t.Errorf("power(increment, 100000)(0) = %v", got)
	}
	small := NewEnv(context.Background(), 1000)
	_, err := func() (v Value, err error) {
		defer func() { err = Recover(recover()) }()
		return power.Call(small, inc, 1_000_000_000), nil
	}()
	if err == nil {
		t.Error("power(increment, 10**9) fits a budget of 1000")
	}
}

// TestBudgetLimitsContainers checks that huge sizes run out of budget
// instead of memory.
func TestBudgetLimitsContainers(t *testing.T) {
	for _, expr := range []string{
		`repeat(1, 1000000000000)`,
		`interval(0, 1000000000000, 1)`,
		`interval(-9000000000000000000, 9000000000000000000, 1)`,
		`product(interval(0, 100000, 1), interval(0, 100000, 1))`,
	} {
		if _, err := hofEval(t, expr); err == nil || !errors.Is(err, ErrBudget) {
			t.Errorf("%s: error %v, want the budget error", expr, err)
		}
	}
}
