package search

import (
	"testing"

	"github.com/arcflow/arcflow/arc/dsl"
)

func TestAccepts(t *testing.T) {
	cases := []struct {
		param, have dsl.Type
		want        bool
	}{
		{dsl.GridType, dsl.GridType, true},
		{dsl.Patch, dsl.ObjectType, true},
		{dsl.GridType, dsl.Piece, true}, // vmirror(I) may be a grid
		{dsl.Integer, dsl.Numerical, true},
		{dsl.Container, dsl.Objects, true},
		{dsl.GridType, dsl.Integer, false},
		{dsl.Integer, dsl.GridType, false},
		{dsl.ObjectType, dsl.IndicesType, false},
		{dsl.Boolean, dsl.IntegerTuple, false},
		{dsl.Callable, dsl.GridType, false},
		{dsl.Any, dsl.Callable, true},
	}
	for _, c := range cases {
		if got := Accepts(c.param, c.have); got != c.want {
			t.Errorf("Accepts(%s, %s) = %v", c.param, c.have, got)
		}
	}
}

func TestTypeOf(t *testing.T) {
	cases := []struct {
		v    dsl.Value
		want dsl.Type
	}{
		{3, dsl.Integer},
		{true, dsl.Boolean},
		{dsl.Point{I: 1, J: 2}, dsl.IntegerTuple},
		{dsl.Object{{I: 0, J: 0, C: 1}}, dsl.ObjectType},
		{dsl.MakeSet([]dsl.Value{1, 2}), dsl.IntegerSet},
		{dsl.MakeSet([]dsl.Value{dsl.Object{{I: 0, J: 0, C: 1}}}), dsl.Objects},
		{dsl.MakeSet(nil), dsl.FrozenSet},
		{dsl.MakeTuple([]dsl.Value{1, 2, 3}), dsl.TupleType},
	}
	for _, c := range cases {
		if got := TypeOf(c.v); got != c.want {
			t.Errorf("TypeOf(%s) = %s, want %s", dsl.String(c.v), got, c.want)
		}
	}
}
