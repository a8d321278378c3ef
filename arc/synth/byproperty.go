package synth

import (
	"context"
	"slices"
	"strconv"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/grid"
	"github.com/arcflow/arcflow/arc/program"
)

// byProperty finds states that differ from the outputs only in the colour
// of whole objects, each object turned into one colour that a property of
// the object decides, the same way in every pair: objects of size 2 become
// red and those of size 3 blue, the largest becomes blue and the rest
// keep their colour, the shapes touching the border turn grey. The rule is
// read off the train pairs as a table from the property's values to
// colours, and written as fill calls, one per value:
//
//	fill(S, TWO, mfilter(objects(S, T, F, T), matcher(size, THREE)))
//
// A test object whose value the table lacks takes the colour that two or
// more values share, when one colour does; otherwise the rule answers
// nothing and is not kept (a table fitted to the train pairs is not a
// rule for values they never showed).
func byProperty(ctx context.Context, states []*state, trainOut []*grid.Grid, clk *clock, opts Options) []Found {
	env := dsl.NewEnv(ctx, opts.Budget)
	var found []Found
	for n, s := range states {
		if n&63 == 0 && clk.over() {
			break
		}
		if s.cost > 1 {
			break // states come by cost
		}
		if !shaped(s.vals, trainOut) {
			continue
		}
		for _, c := range propertyCuts {
			objs, ok := cutAll(ctx, env, c.tmpl, s.vals)
			if !ok {
				continue
			}
			targets, ok := objectTargets(s.vals, objs, trainOut)
			if !ok {
				continue
			}
			for _, p := range objectProperties {
				e, ok := propertyRule(p, c, s.expr, s.vals, objs, targets)
				if !ok || !verify(ctx, env, e, states[0].vals, trainOut) {
					continue
				}
				found = append(found, Found{Expr: e, Cost: s.cost + 1, How: "by property"})
				if len(found) >= opts.MaxFound {
					return found
				}
				break // the first property that explains the pairs
			}
		}
	}
	return found
}

// objectCut is a way to cut a grid into objects, as a template of X.
type objectCut struct {
	text string
	tmpl *Template
}

// propertyCuts: one-colour objects, cut with or without diagonal
// neighbours, and the regions of background the foreground walls off.
var propertyCuts = func() []objectCut {
	var out []objectCut
	for _, t := range []string{
		"objects(X, T, F, T)",
		"objects(X, T, T, T)",
		"colorfilter(objects(X, T, F, F), mostcolor(X))",
	} {
		out = append(out, objectCut{t, MustTemplate(t, 1)})
	}
	return out
}()

// cutAll cuts every grid; false when the cut fails on one or yields no
// objects on a train grid... or on any grid.
func cutAll(ctx context.Context, env *dsl.Env, t *Template, vals []dsl.Grid) ([][]dsl.Object, bool) {
	out := make([][]dsl.Object, len(vals))
	for k, v := range vals {
		env.Reset(ctx)
		set, ok := safeApply(env, t, v).(dsl.Set)
		if !ok {
			return nil, false
		}
		for _, o := range set {
			obj, ok := o.(dsl.Object)
			if !ok || len(obj) == 0 {
				return nil, false
			}
			out[k] = append(out[k], obj)
		}
	}
	return out, true
}

// safeApply is t on x, nil when it fails.
func safeApply(env *dsl.Env, t *Template, x dsl.Value) (v dsl.Value) {
	defer func() {
		if recover() != nil {
			v = nil
		}
	}()
	return t.Apply(env, x)
}

// objectTargets returns, for each train grid's objects, the colour every
// cell of the object has in the output; false unless each object's cells
// share one output colour, every cell outside the objects is already
// right, and some object changes colour.
func objectTargets(vals []dsl.Grid, objs [][]dsl.Object, trainOut []*grid.Grid) ([][]int8, bool) {
	targets := make([][]int8, len(trainOut))
	changed := false
	for k, out := range trainOut {
		g := vals[k]
		covered := make([]bool, len(g.Cells))
		targets[k] = make([]int8, len(objs[k]))
		for n, o := range objs[k] {
			want := int8(-1)
			for _, c := range o {
				if c.I < 0 || c.J < 0 || c.I >= g.H || c.J >= g.W {
					return nil, false
				}
				i := c.I*g.W + c.J
				covered[i] = true
				switch w := out.Cells[i]; {
				case want < 0:
					want = w
				case w != want:
					return nil, false
				}
				if int(want) != c.C {
					changed = true
				}
			}
			targets[k][n] = want
		}
		for i, v := range g.Cells {
			if !covered[i] && v != out.Cells[i] {
				return nil, false
			}
		}
	}
	return targets, changed
}

// objectProperty is something an object has that can decide its colour:
// a number, or a class (the largest, the smallest, the rest). value
// computes it for an object among the objects of its grid; pred writes
// the predicate that picks the objects of one value, in arc-dsl, given
// the cut's expression (objs) and the grid's (grid).
type objectProperty struct {
	name  string
	value func(o dsl.Object, all []dsl.Object, g dsl.Grid) int
	pred  func(v int, objs, grid string) (string, bool)
}

var objectProperties = []objectProperty{
	{"size", func(o dsl.Object, _ []dsl.Object, _ dsl.Grid) int { return len(o) }, matchInt("size")},
	{"height", func(o dsl.Object, _ []dsl.Object, _ dsl.Grid) int { h, _ := extent(o); return h }, matchInt("height")},
	{"width", func(o dsl.Object, _ []dsl.Object, _ dsl.Grid) int { _, w := extent(o); return w }, matchInt("width")},
	// The largest and the smallest by size, apart from the rest (2: the
	// largest, 1: the smallest, 0: neither). A lone object is the largest.
	{"extreme size", func(o dsl.Object, all []dsl.Object, _ dsl.Grid) int {
		lo, hi := len(o), len(o)
		for _, x := range all {
			lo, hi = min(lo, len(x)), max(hi, len(x))
		}
		switch len(o) {
		case hi:
			return 2
		case lo:
			return 1
		}
		return 0
	}, func(v int, objs, _ string) (string, bool) {
		switch v {
		case 2:
			return "matcher(size, valmax(" + objs + ", size))", true
		case 1:
			return "matcher(size, valmin(" + objs + ", size))", true
		}
		return "", false // the rest: a default fill, before the extremes
	}},
	// The rank of the size among the sizes the objects have, from the
	// largest (1) and from the smallest; beyond the fourth, no predicate
	// (those take the base colour).
	{"size rank from the largest", func(o dsl.Object, all []dsl.Object, _ dsl.Grid) int {
		return sizeRank(o, all, func(a, b int) bool { return a > b })
	}, rankPred("maximum")},
	{"size rank from the smallest", func(o dsl.Object, all []dsl.Object, _ dsl.Grid) int {
		return sizeRank(o, all, func(a, b int) bool { return a < b })
	}, rankPred("minimum")},
	// Touching the grid's border or not.
	{"bordering", func(o dsl.Object, _ []dsl.Object, g dsl.Grid) int {
		for _, c := range o {
			if c.I == 0 || c.J == 0 || c.I == g.H-1 || c.J == g.W-1 {
				return 1
			}
		}
		return 0
	}, func(v int, _, grid string) (string, bool) {
		if v == 1 {
			return "rbind(bordering, " + grid + ")", true
		}
		return "compose(flip, rbind(bordering, " + grid + "))", true
	}},
}

// sizeRank is 1 plus the number of distinct sizes before o's in the
// order before gives.
func sizeRank(o dsl.Object, all []dsl.Object, before func(a, b int) bool) int {
	seen := map[int]bool{}
	for _, x := range all {
		if before(len(x), len(o)) {
			seen[len(x)] = true
		}
	}
	return len(seen) + 1
}

// rankPred is the predicate "the object's size is the v-th of the
// distinct sizes", taking the sizes' maximum (or minimum) and removing
// it v-1 times.
func rankPred(pick string) func(int, string, string) (string, bool) {
	return func(v int, objs, _ string) (string, bool) {
		if v < 1 || v > 4 {
			return "", false
		}
		sizes := "apply(size, " + objs + ")"
		for range v - 1 {
			sizes = "remove(" + pick + "(" + sizes + "), " + sizes + ")"
		}
		return "matcher(size, " + pick + "(" + sizes + "))", true
	}
}

// matchInt is the predicate "f of the object is v", for values that
// constants.py names.
func matchInt(f string) func(int, string, string) (string, bool) {
	return func(v int, _, _ string) (string, bool) {
		if v < 0 || v > 10 {
			return "", false
		}
		return "matcher(" + f + ", " + intName(v) + ")", true
	}
}

func intName(v int) string {
	switch v {
	case 0:
		return "ZERO"
	case 1:
		return "ONE"
	}
	if s, ok := intNames[v]; ok {
		return s
	}
	return strconv.Itoa(v)
}

// extent is an object's height and width.
func extent(o dsl.Object) (int, int) {
	i0, i1, j0, j1 := o[0].I, o[0].I, o[0].J, o[0].J
	for _, c := range o[1:] {
		i0, i1 = min(i0, c.I), max(i1, c.I)
		j0, j1 = min(j0, c.J), max(j1, c.J)
	}
	return i1 - i0 + 1, j1 - j0 + 1
}

// keep marks a value whose objects keep their own colours.
const keep = -1

// propertyRule reads the table from p's values to colours off the train
// pairs and writes it as fill calls on the state's expression; false
// when the pairs contradict it, or a test object's value has no colour.
func propertyRule(p objectProperty, c objectCut, sExpr *program.Expr, vals []dsl.Grid, objs [][]dsl.Object, targets [][]int8) (*program.Expr, bool) {
	// Each value's objects all take one colour, or all keep their own.
	type seen struct{ colour, keeps bool }
	colours := map[int]int{}
	kinds := map[int]*seen{}
	for k, ts := range targets {
		for n, o := range objs[k] {
			v, want := p.value(o, objs[k], vals[k]), int(ts[n])
			kd := kinds[v]
			if kd == nil {
				kd = &seen{colour: true, keeps: true}
				kinds[v] = kd
				colours[v] = want
			}
			kd.colour = kd.colour && colours[v] == want
			kd.keeps = kd.keeps && want == o[0].C
		}
	}
	table := map[int]int{} // value → colour, or keep
	for v, kd := range kinds {
		switch {
		case kd.keeps: // also when they all have the one colour: no call
			table[v] = keep
		case kd.colour:
			table[v] = colours[v]
		default:
			return nil, false
		}
	}
	// The base, filled first: the one colour that two values or more
	// share (a test value the table lacks takes it), else the colour of
	// the value no predicate picks ("neither the largest nor the
	// smallest").
	byColour := map[int]int{}
	for _, col := range table {
		byColour[col]++
	}
	base, bases := 0, 0
	for col, n := range byColour {
		if n >= 2 {
			base, bases = col, bases+1
		}
	}
	grid := sExpr.String()
	cut := substitute(c.tmpl.expr, sExpr).String()
	preds := map[int]string{}
	for v := range table {
		if pr, ok := p.pred(v, cut, grid); ok {
			preds[v] = pr
		} else if bases == 0 || base == table[v] {
			base, bases = table[v], 1
		} else {
			return nil, false
		}
	}
	hasBase := bases == 1
	for k := len(targets); k < len(vals); k++ {
		for _, o := range objs[k] {
			if _, ok := table[p.value(o, objs[k], vals[k])]; !ok && !hasBase {
				return nil, false
			}
		}
	}
	e := grid
	fills := 0
	if hasBase && base != keep {
		if byColour[keep] > 0 {
			return nil, false // the base fill would paint over objects that keep their colours
		}
		e = "fill(" + e + ", " + colourNames[base] + ", merge(" + cut + "))"
		fills++
	}
	values := make([]int, 0, len(table))
	for v := range table {
		values = append(values, v)
	}
	slices.Sort(values)
	for _, v := range values {
		col := table[v]
		if col == keep || hasBase && col == base {
			continue
		}
		pr, ok := preds[v]
		if !ok {
			return nil, false
		}
		e = "fill(" + e + ", " + colourNames[col] + ", mfilter(" + cut + ", " + pr + "))"
		fills++
	}
	if fills == 0 {
		return nil, false
	}
	out, err := program.ParseExpr(e)
	if err != nil {
		return nil, false
	}
	return out, true
}
