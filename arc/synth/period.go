package synth

import (
	"context"
	"slices"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/grid"
	"github.com/arcflow/arcflow/arc/program"
)

// Periodic completion: the covered picture repeats with a period of its
// own in each grid, so no offset is a constant of the program. arc-dsl
// measures a period with hperiod and vperiod, which need lines without a
// covered cell (a cover breaks the subset test they make), so the
// program reads the periods off an edge row and an edge column that no
// input covers, and paints the uncovered cells shifted by every multiple
// (a, b) of the periods with a and b in −2…2:
//
//	paint(X, mapply(lbind(shift, toobject(difference(asindices(X),
//	    ofcolor(X, M)), X)), apply(lbind(multiply, astuple(vperiod(C),
//	    hperiod(R))), mapply(neighbors, neighbors(ORIGIN)))))
//
// where R is the object of the first or last row and C of the first or
// last column. A cover wider than two periods takes a second step. A
// picture periodic one way only still fits: the period of the other way
// is then its whole side, and those shifts leave the grid.

// edgeRows and edgeCols are the lines a period is read from, with how
// each picks its line out of an h×w grid.
var (
	edgeRows = []edgeLine{
		{"crop(X, ORIGIN, astuple(ONE, width(X)))", func(h, w int) (int, int, int, int) { return 0, 0, 0, w }},
		{"crop(X, toivec(decrement(height(X))), astuple(ONE, width(X)))", func(h, w int) (int, int, int, int) { return h - 1, 0, 0, w }},
	}
	edgeCols = []edgeLine{
		{"crop(X, ORIGIN, astuple(height(X), ONE))", func(h, w int) (int, int, int, int) { return 0, 0, h, 0 }},
		{"crop(X, tojvec(decrement(width(X))), astuple(height(X), ONE))", func(h, w int) (int, int, int, int) { return 0, w - 1, h, 0 }},
	}
)

// edgeLine is an edge row or column: its expression, and its first cell
// and extent (a row has n = 0 rows to step, a column m = 0 columns).
type edgeLine struct {
	expr string
	cell func(h, w int) (i, j, rows, cols int)
}

// clean reports whether the line holds no mask cell in g.
func (l edgeLine) clean(g dsl.Grid, mask int8) bool {
	i, j, rows, cols := l.cell(g.H, g.W)
	for k := range max(rows, cols) {
		ii, jj := i, j
		if rows > 0 {
			ii += k
		} else {
			jj += k
		}
		if g.Cells[ii*g.W+jj] == mask {
			return false
		}
	}
	return true
}

// maxPeriodSteps bounds the steps of a periodic fill: each reaches two
// periods each way.
const maxPeriodSteps = 2

// byPeriod finds a periodic fill of the covered cells, reading the
// periods from an edge row and column uncovered in every input.
func byPeriod(ctx context.Context, env *dsl.Env, inputs []dsl.Grid, trainOut []*grid.Grid, mask int8, crop bool, opts Options) []Found {
	cleanIn := func(l edgeLine) bool {
		return !slices.ContainsFunc(inputs, func(g dsl.Grid) bool { return !l.clean(g, mask) })
	}
	m := colourNames[mask]
	for _, row := range edgeRows {
		if !cleanIn(row) {
			continue
		}
		for _, col := range edgeCols {
			if !cleanIn(col) {
				continue
			}
			step, err := NewTemplate("paint(X, mapply(lbind(shift, toobject(difference(asindices(X), ofcolor(X, "+m+")), X)), "+
				"apply(lbind(multiply, astuple(vperiod(asobject("+col.expr+")), hperiod(asobject("+row.expr+")))), "+
				"mapply(neighbors, neighbors(ORIGIN)))))", opts.MaxCost)
			if err != nil {
				return nil
			}
			e := name(Hole)
			for range maxPeriodSteps {
				e = step.Substitute(e)
				full := e
				if crop {
					full = call("subgrid", call("ofcolor", name(Hole), name(m)), e)
				}
				t, err := NewTemplate(full.String(), opts.MaxCost)
				if err != nil {
					return nil
				}
				if fillsAll(ctx, env, t, inputs, trainOut, mask) {
					return []Found{{Expr: t.Substitute(name(program.Input)), Cost: opts.MaxCost, How: "completion"}}
				}
			}
		}
	}
	return nil
}

// fillsAll reports whether t gives every train output and leaves no cell
// of the mask colour in any output, test inputs' included: no train
// output has one (maskOf), so a test output that kept one is unfinished.
func fillsAll(ctx context.Context, env *dsl.Env, t *Template, inputs []dsl.Grid, trainOut []*grid.Grid, mask int8) bool {
	for k, in := range inputs {
		env.Reset(ctx)
		g, ok := apply(env, t, in)
		if !ok || slices.Contains(g.Cells, mask) || (k < len(trainOut) && !g.Equal(trainOut[k])) {
			return false
		}
	}
	return true
}
