package dsl

import "sync/atomic"

// Func is a function value: a primitive, or a closure made by a primitive
// such as compose or rbind. Exactly the field FArity matching Arity is set.
type Func struct {
	Name  string
	Arity int
	id    uint64 // creation order, which orders functions inside sets

	F1 func(e *Env, a Value) Value
	F2 func(e *Env, a, b Value) Value
	F3 func(e *Env, a, b, c Value) Value
	F4 func(e *Env, a, b, c, d Value) Value

	fork *hofForkOf // what fork built this function from, or nil
}

var funcIDs atomic.Uint64

// Fn1 returns a one-argument function value.
func Fn1(name string, f func(*Env, Value) Value) *Func {
	return &Func{Name: name, Arity: 1, id: funcIDs.Add(1), F1: f}
}

// Fn2 returns a two-argument function value.
func Fn2(name string, f func(*Env, Value, Value) Value) *Func {
	return &Func{Name: name, Arity: 2, id: funcIDs.Add(1), F2: f}
}

// Fn3 returns a three-argument function value.
func Fn3(name string, f func(*Env, Value, Value, Value) Value) *Func {
	return &Func{Name: name, Arity: 3, id: funcIDs.Add(1), F3: f}
}

// Fn4 returns a four-argument function value.
func Fn4(name string, f func(*Env, Value, Value, Value, Value) Value) *Func {
	return &Func{Name: name, Arity: 4, id: funcIDs.Add(1), F4: f}
}

// Call applies f to args, charging one unit of work. It panics with a
// TypeError, as Python would, when the number of arguments is wrong.
func (f *Func) Call(e *Env, args ...Value) Value {
	if len(args) != f.Arity {
		panic(fail(f.Name, "takes %d arguments, %d given", f.Arity, len(args)))
	}
	e.Charge(0)
	switch f.Arity {
	case 1:
		return f.F1(e, args[0])
	case 2:
		return f.F2(e, args[0], args[1])
	case 3:
		return f.F3(e, args[0], args[1], args[2])
	}
	return f.F4(e, args[0], args[1], args[2], args[3])
}

// asFunc returns v as a function of the given arity, or panics as Python
// does when it calls what is not callable or passes the wrong count.
func asFunc(op string, v Value, arity int) *Func {
	f, ok := v.(*Func)
	if !ok {
		panic(fail(op, "%s object is not callable", Kind(v)))
	}
	if f.Arity != arity {
		panic(fail(op, "%s takes %d arguments, %d given", f.Name, f.Arity, arity))
	}
	return f
}

// Call1 calls the function value fv with one argument.
func Call1(e *Env, fv Value, a Value) Value {
	e.Charge(0)
	return asFunc("call", fv, 1).F1(e, a)
}

// Call2 calls the function value fv with two arguments.
func Call2(e *Env, fv Value, a, b Value) Value {
	e.Charge(0)
	return asFunc("call", fv, 2).F2(e, a, b)
}

// Call3 calls the function value fv with three arguments.
func Call3(e *Env, fv Value, a, b, c Value) Value {
	e.Charge(0)
	return asFunc("call", fv, 3).F3(e, a, b, c)
}
