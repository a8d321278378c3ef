package synth

import (
	"context"
	"slices"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/grid"
	"github.com/arcflow/arcflow/arc/program"
)

// Completion: a picture with a symmetry (a mirror, a turn or a shift that
// maps it onto itself) has some of its cells covered by one colour, the
// mask, and the output is the picture whole, or only what the mask hid.
// Each covered cell is filled from the cell a symmetry maps it to, as
//
//	paint(X, shift(toobject(shift(ofcolor(X, M), E), K(X)), −E))
//
// where K is a mirror or turn (or nothing, for a shift alone) and E the
// offset that puts K(X) onto X; steps follow each other until no covered
// cell is left. The symmetries are those every grid shows on the cells it
// does not hide (train and test inputs, and train outputs when they are
// the whole picture); K and E are constants of the program, so the
// pictures of a task must share their symmetry's place.

// maxOffset bounds the offsets tried, each way: half of a 30×30 grid.
const maxOffset = 15

// maxFillSteps bounds the steps of one program.
const maxFillSteps = 8

// symmetry is K(X) shifted by −E: a cell p of X is filled from K(X) at p+E.
type symmetry struct {
	turn   string // a mirror or turn primitive, "" for none
	di, dj int    // E
}

// turns are the mirrors and turns of the DSL a symmetry may use.
var turns = []string{"", "vmirror", "hmirror", "dmirror", "cmirror", "rot90", "rot180", "rot270"}

// complete finds programs that fill the covered cells of the inputs from
// a symmetry they share (bySymmetry) or, failing that, from the periods
// each picture shows on its edges (byPeriod). It looks at the input only:
// the states the search made are for the other techniques. It took at
// most 14 ms a task on the 400 training tasks; the clock still bounds it,
// for larger ones.
func complete(ctx context.Context, states []*state, trainOut []*grid.Grid, clk *clock, opts Options) []Found {
	inputs := states[0].vals
	mask, crop, ok := maskOf(inputs, trainOut)
	if !ok {
		return nil
	}
	env := dsl.NewEnv(ctx, opts.Budget)
	if f := bySymmetry(ctx, env, inputs, trainOut, mask, crop, clk, opts); f != nil {
		return f
	}
	if clk.over() {
		return nil
	}
	return byPeriod(ctx, env, inputs, trainOut, mask, crop, opts)
}

// bySymmetry fills the covered cells from symmetries of constant place
// that every grid shows, greedily.
func bySymmetry(ctx context.Context, env *dsl.Env, inputs []dsl.Grid, trainOut []*grid.Grid, mask int8, crop bool, clk *clock, opts Options) []Found {
	// The symmetries every grid shows.
	var syms []symmetry
	for _, t := range turns {
		turnedIn := turnAll(ctx, env, t, inputs)
		var turnedOut []dsl.Grid
		if !crop {
			turnedOut = turnAll(ctx, env, t, trainOut)
		}
		if turnedIn == nil || (!crop && turnedOut == nil) {
			continue
		}
		for di := -maxOffset; di <= maxOffset; di++ {
			for dj := -maxOffset; dj <= maxOffset; dj++ {
				if t == "" && di == 0 && dj == 0 {
					continue
				}
				s := symmetry{t, di, dj}
				// Whole outputs are the evidence for a symmetry; without
				// them (crop) the inputs' uncovered cells must be.
				if shows(s, inputs, turnedIn, mask, crop) && (crop || showsWhole(s, trainOut, turnedOut)) {
					syms = append(syms, s)
				}
			}
		}
		if clk.over() {
			return nil
		}
	}
	if len(syms) == 0 {
		return nil
	}
	// Greedy: each step the symmetry that fills the most covered cells
	// over all grids, until none is left.
	grids := make([][]int8, len(inputs))
	for k, g := range inputs {
		grids[k] = append([]int8(nil), g.Cells...)
	}
	var steps []symmetry
	for len(steps) < maxFillSteps && covered(grids, mask) > 0 {
		if clk.over() {
			return nil
		}
		best, bestN := -1, 0
		for i, s := range syms {
			if c := fillCount(s, inputs, grids, mask); c > bestN {
				best, bestN = i, c
			}
		}
		if best < 0 {
			break
		}
		grids = fillAll(syms[best], inputs, grids, mask)
		steps = append(steps, syms[best])
	}
	if covered(grids, mask) > 0 {
		return nil
	}
	e := &program.Expr{Name: program.Input}
	for _, s := range steps {
		e = fillExpr(e, s, mask)
	}
	if crop {
		e = call("subgrid", call("ofcolor", &program.Expr{Name: program.Input}, name(colourNames[mask])), e)
	}
	if !verify(ctx, env, e, inputs, trainOut) {
		return nil
	}
	// Its steps are several calls each: as costly as the search's
	// deepest transforms, behind which the ranking puts it.
	return []Found{{Expr: e, Cost: opts.MaxCost, How: "completion"}}
}

// maskOf finds the colour that covers part of each input: with outputs of
// the inputs' shapes, the input colour of exactly the cells the output
// changes; with smaller outputs (crop), a colour whose cells in each
// train input make a full rectangle of the output's shape. The colour
// must be in every input, test inputs too.
func maskOf(inputs []dsl.Grid, trainOut []*grid.Grid) (mask int8, crop bool, ok bool) {
	n := len(trainOut)
	same := true
	for k, out := range trainOut {
		if inputs[k].H != out.H || inputs[k].W != out.W {
			same = false
		}
	}
	mask = -1
	if same {
		for k, out := range trainOut {
			for p, c := range inputs[k].Cells {
				if c == out.Cells[p] {
					continue
				}
				if mask >= 0 && c != mask {
					return 0, false, false
				}
				mask = c
			}
		}
		if mask < 0 {
			return 0, false, false
		}
		for k, out := range trainOut {
			for p, c := range inputs[k].Cells {
				if c == mask && out.Cells[p] == mask {
					return 0, false, false // a covered cell left covered
				}
			}
		}
	} else {
		for c := int8(0); c < 10 && mask < 0; c++ {
			fits := true
			for k, out := range trainOut {
				if !isRect(inputs[k], c, out.H, out.W) {
					fits = false
					break
				}
			}
			if fits {
				mask = c
			}
		}
		if mask < 0 {
			return 0, false, false
		}
	}
	for _, g := range inputs[n:] {
		if !slices.Contains(g.Cells, mask) {
			return 0, false, false
		}
	}
	return mask, !same, true
}

// isRect reports whether c's cells in g fill an h×w rectangle exactly.
func isRect(g dsl.Grid, c int8, h, w int) bool {
	i0, j0, i1, j1, count := g.H, g.W, -1, -1, 0
	for p, v := range g.Cells {
		if v != c {
			continue
		}
		i, j := p/g.W, p%g.W
		i0, j0, i1, j1 = min(i0, i), min(j0, j), max(i1, i), max(j1, j)
		count++
	}
	return count == h*w && i1-i0+1 == h && j1-j0+1 == w
}

// turnAll applies a mirror or turn to every grid; nil if it fails on one.
func turnAll(ctx context.Context, env *dsl.Env, turn string, gs []dsl.Grid) []dsl.Grid {
	if turn == "" {
		return gs
	}
	t, err := NewTemplate(turn+"("+Hole+")", 1)
	if err != nil {
		return nil
	}
	out := make([]dsl.Grid, len(gs))
	for k, g := range gs {
		env.Reset(ctx)
		turned, ok := apply(env, t, g)
		if !ok {
			return nil
		}
		out[k] = turned
	}
	return out
}

// shows reports whether s maps every input's uncovered cells onto equal
// uncovered cells; with quarter, over at least a quarter of each grid, so
// that a symmetry seen on a few cells is not taken for one.
func shows(s symmetry, inputs, turned []dsl.Grid, mask int8, quarter bool) bool {
	for k, g := range inputs {
		seen, ok := agree(s, g, turned[k], mask)
		if !ok || (quarter && 4*seen < g.H*g.W) {
			return false
		}
	}
	return true
}

// showsWhole reports whether s maps every train output onto itself where
// it overlaps, over at least a quarter of each; turned are the outputs
// turned by s.turn.
func showsWhole(s symmetry, outs, turned []dsl.Grid) bool {
	for k, g := range outs {
		if seen, ok := agree(s, g, turned[k], -1); !ok || 4*seen < g.H*g.W {
			return false
		}
	}
	return true
}

// agree compares g with t, g's turn, shifted by s's offset: it reports
// how many cells, neither of them mask, the two overlap on, and false if
// two of those differ.
func agree(s symmetry, g, t dsl.Grid, mask int8) (seen int, ok bool) {
	for i := 0; i < g.H; i++ {
		ti := i + s.di
		if ti < 0 || ti >= t.H {
			continue
		}
		for j := 0; j < g.W; j++ {
			tj := j + s.dj
			if tj < 0 || tj >= t.W {
				continue
			}
			a, b := g.Cells[i*g.W+j], t.Cells[ti*t.W+tj]
			if a == mask || b == mask {
				continue
			}
			if a != b {
				return 0, false
			}
			seen++
		}
	}
	return seen, true
}

// source is the colour that fills cell (i, j) of input k under s, read
// from cells, the input as filled so far turned by s; ok is false when
// the source is outside the grid or covered.
func source(s symmetry, inputs []dsl.Grid, cells []int8, k, i, j int, mask int8) (int8, bool) {
	g := inputs[k]
	h, w := g.H, g.W
	if s.turn != "" {
		h, w = turnedShape(s.turn, g.H, g.W)
	}
	ti, tj := i+s.di, j+s.dj
	if ti < 0 || ti >= h || tj < 0 || tj >= w {
		return 0, false
	}
	si, sj := unturn(s.turn, ti, tj, g.H, g.W)
	c := cells[si*g.W+sj]
	return c, c != mask
}

// turnedShape is the shape of an h×w grid after a mirror or turn.
func turnedShape(turn string, h, w int) (int, int) {
	switch turn {
	case "dmirror", "cmirror", "rot90", "rot270":
		return w, h
	}
	return h, w
}

// unturn maps a cell (i, j) of the turned grid to the cell of the h×w
// grid it came from, as arc-dsl's mirrors and turns move cells.
func unturn(turn string, i, j, h, w int) (int, int) {
	switch turn {
	case "vmirror":
		return i, w - 1 - j
	case "hmirror":
		return h - 1 - i, j
	case "dmirror":
		return j, i
	case "cmirror":
		return h - 1 - j, w - 1 - i
	case "rot90":
		return h - 1 - j, i
	case "rot180":
		return h - 1 - i, w - 1 - j
	case "rot270":
		return j, w - 1 - i
	}
	return i, j
}

// fillCount is how many covered cells one step of s would fill.
func fillCount(s symmetry, inputs []dsl.Grid, grids [][]int8, mask int8) int {
	n := 0
	for k, g := range inputs {
		for p, c := range grids[k] {
			if c != mask {
				continue
			}
			if _, ok := source(s, inputs, grids[k], k, p/g.W, p%g.W, mask); ok {
				n++
			}
		}
	}
	return n
}

// fillAll is one step of s on every grid: each covered cell takes its
// source's colour as it was before the step.
func fillAll(s symmetry, inputs []dsl.Grid, grids [][]int8, mask int8) [][]int8 {
	out := make([][]int8, len(grids))
	for k, g := range inputs {
		next := append([]int8(nil), grids[k]...)
		for p, c := range grids[k] {
			if c != mask {
				continue
			}
			if v, ok := source(s, inputs, grids[k], k, p/g.W, p%g.W, mask); ok {
				next[p] = v
			}
		}
		out[k] = next
	}
	return out
}

func covered(grids [][]int8, mask int8) int {
	n := 0
	for _, g := range grids {
		for _, c := range g {
			if c == mask {
				n++
			}
		}
	}
	return n
}

// fillExpr is one step of s on x, written as a function applied to x,
// fork(paint, identity, G)(x) with G the cells to paint,
// compose(rbind(shift, −E), fork(toobject, compose(rbind(shift, E),
// rbind(ofcolor, M)), K)), so that x is named once: written out as
// paint(x, shift(toobject(shift(ofcolor(x, M), E), K(x)), −E)) it is named
// three times, and a program's text (which verify parses) grew threefold
// a step.
func fillExpr(x *program.Expr, s symmetry, mask int8) *program.Expr {
	turn := name("identity")
	if s.turn != "" {
		turn = name(s.turn)
	}
	holes := call("rbind", name("ofcolor"), name(colourNames[mask]))
	var cells *program.Expr
	if s.di == 0 && s.dj == 0 {
		cells = call("fork", name("toobject"), holes, turn)
	} else {
		at := call("compose", call("rbind", name("shift"), vecExpr(s.di, s.dj)), holes)
		cells = call("compose", call("rbind", name("shift"), vecExpr(-s.di, -s.dj)), call("fork", name("toobject"), at, turn))
	}
	return &program.Expr{Fn: call("fork", name("paint"), name("identity"), cells), Args: []*program.Expr{x}}
}

// vecExpr is the vector (i, j): a named constant when one is, else
// astuple of two integers.
func vecExpr(i, j int) *program.Expr {
	for _, c := range dsl.Constants() {
		if v, _ := dsl.Constant(c); v == (dsl.Point{I: i, J: j}) {
			return name(c)
		}
	}
	return call("astuple", intExpr(i), intExpr(j))
}

// intExpr is the integer n: a named constant when one is, else invert or
// add of constants.
func intExpr(n int) *program.Expr {
	for _, c := range dsl.Constants() {
		if v, _ := dsl.Constant(c); v == n {
			return name(c)
		}
	}
	if n < 0 {
		return call("invert", intExpr(-n))
	}
	return call("add", name("TEN"), intExpr(n-10))
}
