package dsl_test

import (
	"context"
	"fmt"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/grid"
)

// A primitive is looked up by its name in dsl.py and called under an Env,
// which holds the run's context and work budget.
func Example() {
	g := grid.New(2, 3, []int8{
		1, 2, 3,
		4, 5, 5,
	})
	e := dsl.NewEnv(context.Background(), dsl.DefaultBudget)
	vmirror, _ := dsl.Primitive("vmirror")
	fmt.Println(dsl.String(vmirror.Call(e, g)))
	ofcolor, _ := dsl.Primitive("ofcolor")
	five, _ := dsl.Constant("FIVE")
	fmt.Println(dsl.String(ofcolor.Call(e, g, five)))
	// Output:
	// ((3, 2, 1), (5, 5, 4))
	// frozenset({(1, 1), (1, 2)})
}

// Every Python value has one Go form: a pair of ints is a Point, a tuple of
// equal rows of ints a grid, a frozenset of pairs Indices, whatever built
// it, so that equal values compare equal.
func ExampleMakeTuple() {
	pair := dsl.MakeTuple([]dsl.Value{1, 2})
	rows := dsl.MakeTuple([]dsl.Value{pair, dsl.MakeTuple([]dsl.Value{3, 4})})
	set := dsl.MakeSet([]dsl.Value{dsl.Point{I: 1, J: 0}, dsl.Point{I: 0, J: 1}, dsl.Point{I: 0, J: 1}})
	for _, v := range []dsl.Value{pair, rows, set} {
		fmt.Println(dsl.Kind(v), dsl.String(v))
	}
	fmt.Println(dsl.Equal(set, dsl.NewIndices([]dsl.Point{{I: 0, J: 1}, {I: 1, J: 0}})))
	// Output:
	// point (1, 2)
	// grid ((1, 2), (3, 4))
	// indices frozenset({(0, 1), (1, 0)})
	// true
}

// A primitive raises what Python would raise as a panic of a *dsl.Error;
// dsl.Recover turns it into an error.
func ExampleRecover() {
	e := dsl.NewEnv(context.Background(), dsl.DefaultBudget)
	first, _ := dsl.Primitive("first")
	err := func() (err error) {
		defer func() { err = dsl.Recover(recover()) }()
		first.Call(e, dsl.Tuple{})
		return nil
	}()
	fmt.Println(err)
	// Output:
	// first: StopIteration: empty container
}

// The registry gives every primitive's parameters and return type, as
// dsl.py's annotations name them.
func ExampleSignatureOf() {
	s, _ := dsl.SignatureOf("crop")
	fmt.Println(s.Name, s.Params, s.Returns)
	// Output:
	// crop [{grid Grid} {start IntegerTuple} {dims IntegerTuple}] Grid
}
