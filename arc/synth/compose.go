package synth

import (
	"context"
	"math/bits"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/grid"
	"github.com/arcflow/arcflow/arc/program"
)

// bitset is a set of cells of the train outputs, laid end to end.
type bitset []uint64

func newBitset(n int) bitset { return make(bitset, (n+63)/64) }

func (b bitset) set(i int) { b[i>>6] |= 1 << (i & 63) }

// subset reports whether every cell of b is in o.
func (b bitset) subset(o bitset) bool {
	for i, w := range b {
		if w&^o[i] != 0 {
			return false
		}
	}
	return true
}

func (b bitset) count() int {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return n
}

// piece is a state whose grids have the train outputs' shapes, with the
// cells where it is right and, per colour, the cells of that colour.
type piece struct {
	s       *state
	right   bitset
	colours [10]bitset
}

// compose overlays one state on another: the top state's cells of one
// colour, c, are transparent and show the bottom state's. In arc-dsl,
//
//	paint(bottom, difference(asobject(top), recolor(c, ofcolor(top, c))))
//
// This is how icecuber's search stacks partial images: a top that is right
// wherever it is not c, on a bottom that is right wherever the top is c.
// Tasks that complete a picture by symmetry, add shapes to the input, or
// paint one extracted part over another are of this kind. Both layers come
// from the states, simplest first, so the simplest pair is found first.
func compose(ctx context.Context, states []*state, trainOut []*grid.Grid, clk *clock, opts Options) []Found {
	total := 0
	for _, o := range trainOut {
		total += o.H * o.W
	}
	var pieces []*piece
	for _, s := range states {
		if p := newPiece(s, trainOut, total); p != nil {
			pieces = append(pieces, p)
		}
	}
	env := dsl.NewEnv(ctx, opts.Budget)
	found := overlayPairs(ctx, env, pieces, states[0].vals, trainOut, total, clk, opts)
	if len(found) == 0 && !opts.NoStack && !clk.over() {
		if f, ok := stack(ctx, env, pieces, states[0].vals, trainOut, total, clk, opts); ok {
			found = append(found, f)
		}
	}
	return found
}

// overlayPairs finds tops and bottoms that make the outputs together,
// the simplest bottom for each top, up to MaxFound.
func overlayPairs(ctx context.Context, env *dsl.Env, pieces []*piece, inputs []dsl.Grid, trainOut []*grid.Grid, total int, clk *clock, opts Options) []Found {
	var found []Found
	checks := 0
	for _, top := range pieces {
		for c := 0; c < 10; c++ {
			clear := top.colours[c]
			if clear == nil {
				continue
			}
			// The top must be right wherever it shows, and must show
			// something and hide something.
			if !wrongWithin(top, clear, total) || clear.count() == total {
				continue
			}
			for _, bottom := range pieces {
				if bottom == top {
					continue
				}
				checks++
				if checks&1023 == 0 && clk.over() {
					return found
				}
				if !clear.subset(bottom.right) {
					continue
				}
				e := overlayExpr(top.s.expr, bottom.s.expr, c)
				if !verify(ctx, env, e, inputs, trainOut) {
					continue
				}
				found = append(found, Found{Expr: e,
					Cost: top.s.cost + bottom.s.cost + 1, How: "overlay"})
				if len(found) >= opts.MaxFound {
					return found
				}
				break // the simplest bottom for this top
			}
		}
	}
	return found
}

// stack builds the outputs from several layers, greedily, as icecuber
// does when no pair will do: it takes, among the pieces that are right
// wherever they show on the cells still undecided, the one that decides the
// most of them (the simplest on a tie), and makes its colour c transparent
// for the next layer, until one piece is right on every undecided cell and
// lies at the bottom. It stops after maxLayers layers above the bottom.
func stack(ctx context.Context, env *dsl.Env, pieces []*piece, inputs []dsl.Grid, trainOut []*grid.Grid, total int, clk *clock, opts Options) (Found, bool) {
	const maxLayers = 4
	open := newBitset(total) // cells no layer has decided yet
	for i := 0; i < total; i++ {
		open.set(i)
	}
	type layer struct {
		p *piece
		c int
	}
	var layers []layer
	target := make([]int8, 0, total) // the outputs' cells, laid end to end
	for _, o := range trainOut {
		target = append(target, o.Cells...)
	}
	for len(layers) < maxLayers {
		if clk.over() {
			return Found{}, false
		}
		// A bottom right on every open cell ends the stack; so does a
		// plain canvas when every open cell wants one colour (the
		// background the layers are drawn on).
		var bottoms []*program.Expr
		var bottomCost []int
		for _, b := range pieces {
			if open.subset(b.right) {
				bottoms, bottomCost = append(bottoms, b.s.expr), append(bottomCost, b.s.cost)
				break
			}
		}
		if k, ok := uniform(open, target); ok && len(layers) > 0 {
			canvas := &program.Expr{Fn: &program.Expr{Name: "canvas"}, Args: []*program.Expr{
				{Name: colourNames[k]},
				{Fn: &program.Expr{Name: "shape"}, Args: []*program.Expr{layers[0].p.s.expr}},
			}}
			bottoms, bottomCost = append(bottoms, canvas), append(bottomCost, 1)
		}
		for bi, bottom := range bottoms {
			e := bottom
			cost := bottomCost[bi]
			for k := len(layers) - 1; k >= 0; k-- {
				e = overlayExpr(layers[k].p.s.expr, e, layers[k].c)
				cost += layers[k].p.s.cost + 1
			}
			if len(layers) == 0 {
				return Found{}, false // exact alone: the transform search has it
			}
			if verify(ctx, env, e, inputs, trainOut) {
				return Found{Expr: e, Cost: cost, How: "stack"}, true
			}
		}
		if len(bottoms) > 0 && len(layers) == 0 {
			return Found{}, false
		}
		best, bestGain := layer{}, 0
		for _, p := range pieces {
			for c := 0; c < 10; c++ {
				clear := p.colours[c]
				if clear == nil {
					continue
				}
				// shows = open cells where p is not c; all must be right.
				gain := 0
				ok := true
				for i := range open {
					w := open[i] &^ clear[i]
					if w&^p.right[i] != 0 {
						ok = false
						break
					}
					gain += bits.OnesCount64(w)
				}
				if ok && gain > bestGain {
					best, bestGain = layer{p, c}, gain
				}
			}
		}
		if bestGain == 0 {
			return Found{}, false
		}
		layers = append(layers, best)
		for i := range open {
			open[i] &= best.p.colours[best.c][i]
		}
	}
	return Found{}, false
}

// uniform reports whether every cell of the set wants one colour, and
// which.
func uniform(set bitset, target []int8) (int, bool) {
	k := -1
	for wi, w := range set {
		for w != 0 {
			c := int(target[wi<<6+bits.TrailingZeros64(w)])
			if c < 0 || c > 9 || (k >= 0 && c != k) {
				return 0, false
			}
			k = c
			w &= w - 1
		}
	}
	return k, k >= 0
}

// wrongWithin reports whether every cell where the piece is wrong lies in
// the set; total is the number of cells, past which no bit counts.
func wrongWithin(p *piece, within bitset, total int) bool {
	for i, w := range p.right {
		miss := ^w &^ within[i]
		if i == len(p.right)-1 && total%64 != 0 {
			miss &= 1<<(total%64) - 1
		}
		if miss != 0 {
			return false
		}
	}
	return true
}

func newPiece(s *state, trainOut []*grid.Grid, total int) *piece {
	for k, o := range trainOut {
		if s.vals[k].H != o.H || s.vals[k].W != o.W {
			return nil
		}
	}
	p := &piece{s: s, right: newBitset(total)}
	at := 0
	for k, o := range trainOut {
		g := s.vals[k]
		for i, v := range g.Cells {
			if v == o.Cells[i] {
				p.right.set(at + i)
			}
			if v >= 0 && v < 10 {
				if p.colours[v] == nil {
					p.colours[v] = newBitset(total)
				}
				p.colours[v].set(at + i)
			}
		}
		at += len(g.Cells)
	}
	return p
}

// overlayExpr is top painted over bottom with top's colour c transparent.
func overlayExpr(top, bottom *program.Expr, c int) *program.Expr {
	col := name(colourNames[c])
	return call("paint", bottom, call("difference", call("asobject", top), call("recolor", col, call("ofcolor", top, col))))
}

// verify runs e on every input through the DSL: it must give the train
// outputs and a grid on every test input.
func verify(ctx context.Context, env *dsl.Env, e *program.Expr, inputs []dsl.Grid, trainOut []*grid.Grid) bool {
	return verifyEach(ctx, env, e, inputs, trainOut, nil)
}

// verifyEach is verify with a further check, when not nil, that every
// grid e gives, test inputs' included, must pass.
func verifyEach(ctx context.Context, env *dsl.Env, e *program.Expr, inputs []dsl.Grid, trainOut []*grid.Grid, check func(dsl.Grid) bool) bool {
	t, err := NewTemplate(e.String(), 1)
	if err != nil {
		return false
	}
	for k, in := range inputs {
		env.Reset(ctx)
		g, ok := apply(env, t, in)
		if !ok || (k < len(trainOut) && !g.Equal(trainOut[k])) || (check != nil && !check(g)) {
			return false
		}
	}
	return true
}
