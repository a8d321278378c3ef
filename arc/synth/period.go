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

// edgeRows and edgeCols are the lines a period is read from.
var (
	edgeRows = []edgeLine{
		{"crop(X, ORIGIN, astuple(ONE, width(X)))", true, false},
		{"crop(X, toivec(decrement(height(X))), astuple(ONE, width(X)))", true, true},
	}
	edgeCols = []edgeLine{
		{"crop(X, ORIGIN, astuple(height(X), ONE))", false, false},
		{"crop(X, tojvec(decrement(width(X))), astuple(height(X), ONE))", false, true},
	}
)

// edgeLine is an edge row or column of a grid: the expression that cuts
// it out, and which it is.
type edgeLine struct {
	expr string
	row  bool // a row, else a column
	last bool // the last row (column), else the first
}

// clean reports whether the line holds no mask cell in g.
func (l edgeLine) clean(g dsl.Grid, mask int8) bool {
	if l.row {
		i := 0
		if l.last {
			i = g.H - 1
		}
		return !slices.Contains(g.Cells[i*g.W:(i+1)*g.W], mask)
	}
	j := 0
	if l.last {
		j = g.W - 1
	}
	for i := range g.H {
		if g.Cells[i*g.W+j] == mask {
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
			in := name(program.Input)
			e := in
			for range maxPeriodSteps {
				e = step.Substitute(e)
				full := e
				if crop {
					full = call("subgrid", call("ofcolor", in, name(m)), e)
				}
				// No train output has a cell of the mask colour (maskOf),
				// so a test output that kept one is unfinished.
				if verifyEach(ctx, env, full, inputs, trainOut, func(g dsl.Grid) bool { return !slices.Contains(g.Cells, mask) }) {
					return []Found{{Expr: full, Cost: opts.MaxCost, How: "completion"}}
				}
			}
		}
	}
	return nil
}
