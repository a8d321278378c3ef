// Package search builds and evaluates candidate populations: many programs
// merged into one DAG in which an identical call on identical arguments is
// computed once per input, together with the mutation and enumeration that
// produce candidates and the scores that rank them.
package search

import "github.com/arcflow/arcflow/arc/dsl"

// TypeOf returns the most specific arc_types name of a run-time value:
// what a type-directed step may assume of it.
func TypeOf(v dsl.Value) dsl.Type {
	switch x := v.(type) {
	case bool:
		return dsl.Boolean
	case int:
		return dsl.Integer
	case dsl.Point:
		return dsl.IntegerTuple
	case dsl.Cell:
		return dsl.CellType
	case dsl.Grid:
		return dsl.GridType
	case dsl.Object:
		return dsl.ObjectType
	case dsl.Indices:
		return dsl.IndicesType
	case *dsl.Func:
		return dsl.Callable
	case dsl.Tuple:
		if allOf(x, func(e dsl.Value) bool { return dsl.IsTuple(e) }) && len(x) > 0 {
			return dsl.TupleTuple
		}
		return dsl.TupleType
	case dsl.Set:
		switch {
		case len(x) == 0:
			return dsl.FrozenSet
		case allOf(x, func(e dsl.Value) bool { _, ok := e.(dsl.Object); return ok }):
			return dsl.Objects
		case allOf(x, func(e dsl.Value) bool { _, ok := e.(dsl.Indices); return ok }):
			return dsl.IndicesSet
		case allOf(x, func(e dsl.Value) bool { _, ok := e.(int); return ok }):
			return dsl.IntegerSet
		}
		return dsl.FrozenSet
	}
	return dsl.Any
}

func allOf(vs []dsl.Value, f func(dsl.Value) bool) bool {
	for _, v := range vs {
		if !f(v) {
			return false
		}
	}
	return true
}

// subtypes lists, for each union or abstract type of arc_types.py, the
// types it admits. A type always admits itself.
var subtypes = map[dsl.Type][]dsl.Type{
	dsl.Numerical:          {dsl.Integer, dsl.IntegerTuple},
	dsl.Patch:              {dsl.ObjectType, dsl.IndicesType},
	dsl.Element:            {dsl.ObjectType, dsl.GridType},
	dsl.Piece:              {dsl.GridType, dsl.ObjectType, dsl.IndicesType, dsl.Patch},
	dsl.FrozenSet:          {dsl.ObjectType, dsl.IndicesType, dsl.Objects, dsl.IndicesSet, dsl.IntegerSet},
	dsl.TupleType:          {dsl.TupleTuple, dsl.GridType},
	dsl.ContainerContainer: {dsl.Objects, dsl.IndicesSet, dsl.TupleTuple, dsl.GridType},
	dsl.Container: {dsl.TupleType, dsl.TupleTuple, dsl.GridType, dsl.FrozenSet, dsl.ObjectType,
		dsl.IndicesType, dsl.Objects, dsl.IndicesSet, dsl.IntegerSet, dsl.ContainerContainer,
		dsl.Patch, dsl.Element, dsl.Piece},
}

// Accepts reports whether a parameter declared as param can take a value of
// type have. Any takes everything, and a value typed Any (the result of
// identity, first, branch, …) is allowed anywhere: whether it fits is only
// known when it runs, and a misfit is that candidate's error. For the same
// reason a union is allowed where one of its members is wanted: vmirror
// returns a Piece, which is a Grid when it was given one.
func Accepts(param, have dsl.Type) bool {
	if param == dsl.Any || have == dsl.Any || param == have || admits(param, have) {
		return true
	}
	for _, t := range subtypes[have] {
		if t == param || admits(param, t) {
			return true
		}
	}
	return false
}

func admits(union, t dsl.Type) bool {
	for _, s := range subtypes[union] {
		if s == t {
			return true
		}
	}
	return false
}
