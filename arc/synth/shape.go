package synth

import (
	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/grid"
	"github.com/arcflow/arcflow/arc/program"
)

// shapeRule is what a template does to its grid's shape, read off its
// outer calls: "tophalf(X)" halves the height, "hconcat(X, X)" doubles the
// width, "fill(X, …)" keeps the shape. At the search's last cost only a
// grid of the outputs' shapes is kept, so a template whose rule gives
// another shape is not run there. Of 12.0M calls at the last cost on 57
// training tasks, 8.0M gave grids of the wrong shape; the rules of the
// crops, scalings, tilings and splits skip most of those.
//
// A nil rule is unknown (subgrid, crop, compress: the shape depends on the
// grid's content), and such a template is always run.
type shapeRule struct {
	op   shapeOp
	k    int // a factor or a divisor
	h, w int // opFixed's shape
	// anyPart: opSplitW or opSplitH picks any part, not surely the first;
	// hsplit skips a column between parts when k does not divide the
	// width, and then the last part can come out narrower.
	anyPart bool
	a, b    *shapeRule
}

type shapeOp uint8

const (
	opHole   shapeOp = iota // X's shape
	opSame                  // a's shape
	opTurn                  // a's shape turned a quarter
	opFixed                 // h×w whatever the grid
	opScale                 // a's height and width times k
	opScaleW                // a's width times k
	opScaleH                // a's height times k
	opDown                  // downscale: every k-th row and column
	opSplitW                // a part of hsplit(a, k), or a half's width (k = 2)
	opSplitH                // a part of vsplit(a, k), or a half's height
	opTrim                  // a less its border
	opBeside                // hconcat(a, b)
	opAbove                 // vconcat(a, b)
)

// sameShape lists the primitives whose result has the shape of their
// first argument, a grid.
var sameShape = map[string]bool{
	"replace": true, "switch": true, "fill": true, "underfill": true, "paint": true,
	"underpaint": true, "cover": true, "hmirror": true, "vmirror": true, "rot180": true,
	"cellwise": true,
}

// turnsShape lists the primitives that turn a grid's shape.
var turnsShape = map[string]bool{"rot90": true, "rot270": true, "dmirror": true, "cmirror": true}

// scaleOps are the rules of the primitives that scale a grid by k.
var scaleOps = map[string]shapeOp{"upscale": opScale, "hupscale": opScaleW, "vupscale": opScaleH, "downscale": opDown}

// pickPart lists the primitives that pick one element of a container: of
// the parts of hsplit or vsplit, all of one shape, any is of that shape.
var pickPart = map[string]bool{
	"first": true, "last": true, "argmax": true, "argmin": true,
	"leastcommon": true, "mostcommon": true,
}

// ruleOf reads the shape rule off an expression of X, or nil.
func ruleOf(e *program.Expr) *shapeRule {
	if !e.IsCall() {
		if e.Name == Hole || e.Name == program.Input {
			return &shapeRule{op: opHole}
		}
		return nil
	}
	if e.Fn.IsCall() || len(e.Args) == 0 {
		return nil
	}
	fn, args := e.Fn.Name, e.Args
	unary := func(op shapeOp) *shapeRule {
		if a := ruleOf(args[0]); a != nil {
			return &shapeRule{op: op, a: a}
		}
		return nil
	}
	withK := func(op shapeOp) *shapeRule {
		k, ok := intConst(args[1])
		a := ruleOf(args[0])
		if !ok || k < 1 || a == nil {
			return nil
		}
		return &shapeRule{op: op, k: k, a: a}
	}
	switch {
	case sameShape[fn]:
		return unary(opSame)
	case turnsShape[fn]:
		return unary(opTurn)
	}
	switch fn {
	case "tophalf", "bottomhalf":
		if a := ruleOf(args[0]); a != nil {
			return &shapeRule{op: opSplitH, k: 2, a: a}
		}
	case "lefthalf", "righthalf":
		if a := ruleOf(args[0]); a != nil {
			return &shapeRule{op: opSplitW, k: 2, a: a}
		}
	case "trim":
		return unary(opTrim)
	case "upscale", "hupscale", "vupscale", "downscale":
		if len(args) == 2 {
			return withK(scaleOps[fn])
		}
	case "hconcat", "vconcat":
		if len(args) == 2 {
			a, b := ruleOf(args[0]), ruleOf(args[1])
			if a != nil && b != nil {
				op := opBeside
				if fn == "vconcat" {
					op = opAbove
				}
				return &shapeRule{op: op, a: a, b: b}
			}
		}
	case "canvas":
		// canvas(c, shape(a)), canvas(c, multiply(shape(a), k)), canvas(c, UNITY)
		if len(args) != 2 {
			return nil
		}
		dims := args[1]
		if !dims.IsCall() {
			if v, ok := dsl.Constant(dims.Name); ok {
				if p, ok := v.(dsl.Point); ok && p.I > 0 && p.J > 0 {
					return &shapeRule{op: opFixed, h: p.I, w: p.J}
				}
			}
			return nil
		}
		if dims.Fn.IsCall() {
			return nil
		}
		switch {
		case dims.Fn.Name == "shape" && len(dims.Args) == 1:
			if a := ruleOf(dims.Args[0]); a != nil {
				return &shapeRule{op: opSame, a: a}
			}
		case dims.Fn.Name == "multiply" && len(dims.Args) == 2:
			sh, kx := dims.Args[0], dims.Args[1]
			k, ok := intConst(kx)
			if ok && k >= 1 && sh.IsCall() && !sh.Fn.IsCall() && sh.Fn.Name == "shape" && len(sh.Args) == 1 {
				if a := ruleOf(sh.Args[0]); a != nil {
					return &shapeRule{op: opScale, k: k, a: a}
				}
			}
		}
	}
	if pickPart[fn] {
		parts := args[0]
		if parts.IsCall() && !parts.Fn.IsCall() && len(parts.Args) == 2 {
			k, ok := intConst(parts.Args[1])
			a := ruleOf(parts.Args[0])
			if ok && k >= 1 && a != nil {
				switch parts.Fn.Name {
				case "hsplit":
					return &shapeRule{op: opSplitW, k: k, a: a, anyPart: fn != "first"}
				case "vsplit":
					return &shapeRule{op: opSplitH, k: k, a: a, anyPart: fn != "first"}
				}
			}
		}
	}
	return nil
}

// intConst is the value of a constant naming an integer.
func intConst(e *program.Expr) (int, bool) {
	if e.IsCall() {
		return 0, false
	}
	v, ok := dsl.Constant(e.Name)
	if !ok {
		return 0, false
	}
	n, ok := v.(int)
	return n, ok
}

// shape is the rule's output shape for a grid of h×w, false when the rule
// cannot tell (two grids beside each other of different heights).
func (r *shapeRule) shape(h, w int) (int, int, bool) {
	switch r.op {
	case opHole:
		return h, w, true
	case opFixed:
		return r.h, r.w, true
	}
	ah, aw, ok := r.a.shape(h, w)
	if !ok {
		return 0, 0, false
	}
	switch r.op {
	case opSame:
		return ah, aw, true
	case opTurn:
		return aw, ah, true
	case opScale:
		return ah * r.k, aw * r.k, true
	case opScaleW:
		return ah, aw * r.k, true
	case opScaleH:
		return ah * r.k, aw, true
	case opDown:
		return (ah + r.k - 1) / r.k, (aw + r.k - 1) / r.k, true
	case opSplitW:
		return ah, aw / r.k, !r.anyPart || whole(aw, r.k)
	case opSplitH:
		return ah / r.k, aw, !r.anyPart || whole(ah, r.k)
	case opTrim:
		return ah - 2, aw - 2, true
	}
	bh, bw, ok := r.b.shape(h, w)
	if !ok {
		return 0, 0, false
	}
	switch r.op {
	case opBeside:
		if ah == bh {
			return ah, aw + bw, true
		}
	case opAbove:
		if aw == bw {
			return ah + bh, aw, true
		}
	}
	return 0, 0, false
}

// whole reports whether every part of a side of n cells split in k has
// n/k cells: the last part, after the k-1 skipped separators hsplit
// assumes when k does not divide n, still ends within the side.
func whole(n, k int) bool {
	if n%k == 0 {
		return true
	}
	return n/k*k+k-1 <= n
}

// mayFit reports whether the template can turn each train grid into a
// grid of its output's shape: false only when its rule says otherwise
// for some pair.
func (t *Template) mayFit(vals []dsl.Grid, trainOut []*grid.Grid) bool {
	if t.shape == nil {
		return true
	}
	for k, out := range trainOut {
		h, w, ok := t.shape.shape(vals[k].H, vals[k].W)
		if ok && (h != out.H || w != out.W) {
			return false
		}
	}
	return true
}
