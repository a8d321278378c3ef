package program_test

import (
	"context"
	"fmt"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/grid"
	"github.com/arcflow/arcflow/arc/program"
)

// A solver file is parsed, each program compiled once and run on grids
// under a work budget.
func Example() {
	f, err := program.ParseString("solvers.py", `
def solve_67a3c6ac(I):
    O = vmirror(I)
    return O
`)
	if err != nil {
		fmt.Println(err)
		return
	}
	p := f.Programs[0]
	c := program.MustCompile(p)
	out, err := c.RunOnce(context.Background(), dsl.DefaultBudget, grid.New(1, 3, []int8{7, 0, 2}))
	fmt.Println(p.TaskID(), dsl.String(out), err)
	// Output:
	// 67a3c6ac ((2, 0, 7),) <nil>
}

// Two programs that compute the same expression have one canonical text,
// and so one key, the md5 the store files it under. Slice drops the lines
// the result does not depend on.
func ExampleCanonical() {
	f, err := program.ParseString("", `
def solve_a(I):
    x1 = vmirror(I)
    x2 = rot90(I)
    O = hconcat(I, x1)
    return O

def solve_b(I):
    x1 = vmirror(I)
    x2 = hconcat(I, x1)
    return x2
`)
	if err != nil {
		fmt.Println(err)
		return
	}
	a, b := f.Programs[0], f.Programs[1]
	fmt.Println(program.Canonical(a))
	fmt.Println(program.Canonical(a) == program.Canonical(b), program.Key(program.Canonical(a)))
	fmt.Print(program.Slice(a))
	// Output:
	// hconcat(I, vmirror(I))
	// true 8ee352886d7f773ab85b23733c9bf7df
	// def solve_a(I):
	//     x1 = vmirror(I)
	//     O = hconcat(I, x1)
	//     return O
}

// Expand writes an expression back as numbered lines, each distinct
// subexpression once: the form programs are stored in.
func ExampleExpand() {
	e, _ := program.ParseExpr("hconcat(rot90(I), rot90(I))")
	fmt.Print(program.Expand("solve_x", e))
	// Output:
	// def solve_x(I):
	//     x1 = rot90(I)
	//     O = hconcat(x1, x1)
	//     return O
}
