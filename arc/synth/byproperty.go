package synth

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"

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
	cuts := propertyCuts
	if blackNotCommonest(states[0].vals) {
		cuts = append(slices.Clip(cuts), blackPropertyCuts...)
	}
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
		for _, c := range cuts {
			objs, ok := cutAll(ctx, env, c.tmpl, s.vals)
			if !ok {
				continue
			}
			for _, pt := range painters {
				if !pt.self && c.background {
					continue // the background's regions have nothing round them to paint
				}
				targets, ok := objectTargets(pt, s.vals, objs, trainOut)
				if !ok {
					continue
				}
				// Of the properties that explain the pairs, the one
				// whose table has the fewest values: on 694f12f3 both
				// width (three values) and being the largest (two) fit
				// the train pairs, and only the largest carries over.
				type rule struct {
					e    *program.Expr
					keys int
				}
				var rules []rule
				for _, p := range objectProperties {
					if e, keys, ok := propertyRule(p, pt, c, s.expr, s.vals, objs, targets); ok {
						rules = append(rules, rule{e, keys})
					}
				}
				slices.SortStableFunc(rules, func(a, b rule) int { return cmp.Compare(a.keys, b.keys) })
				for _, r := range rules {
					if !verify(ctx, env, r.e, states[0].vals, trainOut) {
						continue
					}
					found = append(found, Found{Expr: r.e, Cost: s.cost + 1, How: "by property"})
					if len(found) >= opts.MaxFound {
						return found
					}
					break
				}
			}
		}
	}
	return found
}

// objectCut is a way to cut a grid into objects, as a template of X.
type objectCut struct {
	text       string
	tmpl       *Template
	background bool // its objects are regions of the background
}

// propertyCuts: one-colour objects, cut with or without diagonal
// neighbours, and the regions of background the foreground walls off.
var propertyCuts = cutsOf("objects(X, T, F, T)", "objects(X, T, T, T)", "colorfilter(objects(X, T, F, F), mostcolor(X))")

// blackPropertyCuts are the one-colour objects with black as their
// background (see blackCut), for tasks where black is not the commonest
// colour of every input.
var blackPropertyCuts = cutsOf("objects("+blackCut+", T, F, T)", "objects("+blackCut+", T, T, T)")

func cutsOf(texts ...string) []objectCut {
	var out []objectCut
	for _, t := range texts {
		out = append(out, objectCut{t, MustTemplate(t, 1), strings.HasPrefix(t, "colorfilter")})
	}
	return out
}

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

// painter is what a rule colours for each object: the object itself
// (fill), or the background cells of a region round it (underfill), or
// with over every cell of the region (fill), in arc-dsl a function of the
// object, region. cells lists, in Go, the cells the region has in a grid
// of h×w.
type painter struct {
	name   string
	self   bool
	over   bool
	region string
	cells  func(o dsl.Object, h, w int) []int
}

var painters = []painter{
	{name: "the object", self: true},
	// A halo: the cells next to the object, with or without the
	// diagonal ones; tasks that mark round each shape in a colour its
	// colour or size decides.
	{name: "its neighbours", region: "compose(lbind(mapply, neighbors), toindices)", cells: func(o dsl.Object, h, w int) []int { return around(o, h, w, true) }},
	{name: "its side neighbours", region: "compose(lbind(mapply, dneighbors), toindices)", cells: func(o dsl.Object, h, w int) []int { return around(o, h, w, false) }},
	// Lines across the grid through its centre: its row, its column,
	// both; tasks that extend shapes into lines, or cross them.
	{name: "the row through its centre", region: "compose(hfrontier, center)", cells: func(o dsl.Object, h, w int) []int { return crossCells(o, h, w, true, false) }},
	{name: "the column through its centre", region: "compose(vfrontier, center)", cells: func(o dsl.Object, h, w int) []int { return crossCells(o, h, w, false, true) }},
	{name: "the cross through its centre", region: "fork(combine, compose(hfrontier, center), compose(vfrontier, center))", cells: func(o dsl.Object, h, w int) []int { return crossCells(o, h, w, true, true) }},
	// The ring round its box, and the background inside its box.
	{name: "its outbox", region: "outbox", cells: outboxCells},
	{name: "its box's background", region: "delta", cells: func(o dsl.Object, h, w int) []int {
		i0, j0, i1, j1 := bounds(o)
		var out []int
		for i := i0; i <= i1; i++ {
			for j := j0; j <= j1; j++ {
				out = append(out, i*w+j)
			}
		}
		return out
	}},
	// What its box encloses, its own cells included: the inside of a
	// frame or of a solid block; tasks that mark each block's middle in a
	// colour its size decides.
	{name: "its inside", over: true, region: "compose(backdrop, inbox)", cells: insideCells},
}

// insideCells are the cells of backdrop(inbox(o)) in an h×w grid: arc-dsl's
// inbox spans the rows from one below the top to one above the bottom,
// taken in either order, so for an object one or two rows high it spans
// the rows round it or its own (likewise for columns).
func insideCells(o dsl.Object, h, w int) []int {
	i0, j0, i1, j1 := bounds(o)
	si, ei := min(i0+1, i1-1), max(i0+1, i1-1)
	sj, ej := min(j0+1, j1-1), max(j0+1, j1-1)
	var out []int
	for i := max(si, 0); i <= min(ei, h-1); i++ {
		for j := max(sj, 0); j <= min(ej, w-1); j++ {
			out = append(out, i*w+j)
		}
	}
	return out
}

// paint writes the call that colours what the painter colours of the
// objects objs of grid e: fill(e, colour, merge(objs)) for the objects
// themselves, underfill(e, colour, mapply(region, objs)) for regions.
func (pt painter) paint(e, colour, objs string) string {
	if pt.self {
		return "fill(" + e + ", " + colour + ", merge(" + objs + "))"
	}
	if pt.over {
		return "fill(" + e + ", " + colour + ", mapply(" + pt.region + ", " + objs + "))"
	}
	return "underfill(" + e + ", " + colour + ", mapply(" + pt.region + ", " + objs + "))"
}

// bounds is an object's box: its first and last rows and columns.
func bounds(o dsl.Object) (i0, j0, i1, j1 int) {
	i0, i1, j0, j1 = o[0].I, o[0].I, o[0].J, o[0].J
	for _, c := range o[1:] {
		i0, i1 = min(i0, c.I), max(i1, c.I)
		j0, j1 = min(j0, c.J), max(j1, c.J)
	}
	return i0, j0, i1, j1
}

// around lists the cells next to the object's cells, within the grid.
func around(o dsl.Object, h, w int, diagonal bool) []int {
	var out []int
	for _, c := range o {
		for di := -1; di <= 1; di++ {
			for dj := -1; dj <= 1; dj++ {
				if di == 0 && dj == 0 || !diagonal && di != 0 && dj != 0 {
					continue
				}
				if i, j := c.I+di, c.J+dj; i >= 0 && j >= 0 && i < h && j < w {
					out = append(out, i*w+j)
				}
			}
		}
	}
	return out
}

// crossCells lists the cells of the row and (or) the column through the
// object's centre, as arc-dsl's center places it: the top row plus half
// the height, the left column plus half the width, rounded down.
func crossCells(o dsl.Object, h, w int, row, col bool) []int {
	i0, j0, i1, j1 := bounds(o)
	ci, cj := i0+(i1-i0+1)/2, j0+(j1-j0+1)/2
	var out []int
	if row && ci >= 0 && ci < h {
		for j := range w {
			out = append(out, ci*w+j)
		}
	}
	if col && cj >= 0 && cj < w {
		for i := range h {
			out = append(out, i*w+cj)
		}
	}
	return out
}

// outboxCells lists the ring just outside the object's box, within the
// grid.
func outboxCells(o dsl.Object, h, w int) []int {
	i0, j0, i1, j1 := bounds(o)
	i0, j0, i1, j1 = i0-1, j0-1, i1+1, j1+1
	var out []int
	for i := i0; i <= i1; i++ {
		for j := j0; j <= j1; j++ {
			if (i == i0 || i == i1 || j == j0 || j == j1) && i >= 0 && j >= 0 && i < h && j < w {
				out = append(out, i*w+j)
			}
		}
	}
	return out
}

// objectTargets returns, for each train grid's objects, the colour the
// painter's cells of the object take in the output: the object's cells
// (all of them one colour), or its region's background cells (the
// commonest colour they take, when none stays background; else keep). False unless every cell outside what the painter
// colours is already right, and some cell changes.
func objectTargets(pt painter, vals []dsl.Grid, objs [][]dsl.Object, trainOut []*grid.Grid) ([][]int8, bool) {
	targets := make([][]int8, len(trainOut))
	changed := false
	for k, out := range trainOut {
		g := vals[k]
		bg := mostColour(g)
		covered := make([]bool, len(g.Cells))
		targets[k] = make([]int8, len(objs[k]))
		for n, o := range objs[k] {
			for _, c := range o {
				if c.I < 0 || c.J < 0 || c.I >= g.H || c.J >= g.W {
					return nil, false
				}
			}
			var cells []int
			if pt.self {
				for _, c := range o {
					cells = append(cells, c.I*g.W+c.J)
				}
			} else {
				for _, i := range pt.cells(o, g.H, g.W) {
					if g.Cells[i] == bg || pt.over {
						cells = append(cells, i)
					}
				}
			}
			want := int8(keep)
			if pt.self || pt.over {
				// Painted whole, over what is there: one colour; for a
				// region, none where the output leaves every cell as it
				// was.
				same := true
				for m, i := range cells {
					covered[i] = true
					if w := out.Cells[i]; m == 0 {
						want = w
					} else if w != want {
						return nil, false
					}
					same = same && g.Cells[i] == out.Cells[i]
				}
				if pt.over && same {
					want = keep
				}
			} else {
				// A region may overlap another's: a region painted is
				// painted whole, so one with a cell left as background
				// is not painted, and one painted takes the commonest
				// colour of its cells (others may come from an
				// overlapping region); the program found, run through
				// the DSL, tells whether the overlaps work out.
				var n [10]int
				bare := false
				for _, i := range cells {
					covered[i] = true
					switch w := out.Cells[i]; {
					case w == bg:
						bare = true
					case w >= 0 && w <= 9:
						n[w]++
					}
				}
				for c, k := range n {
					if !bare && k > 0 && (want == keep || k > n[want]) {
						want = int8(c)
					}
				}
			}
			if pt.self && len(o) > 0 && int(want) != o[0].C || !pt.self && want != keep {
				changed = true
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

// mostColour is the grid's commonest colour, the smallest on a tie (a
// tie only decides which cells count as background here; the program
// found is run through the DSL before it is kept).
func mostColour(g dsl.Grid) int8 {
	var n [256]int
	for _, c := range g.Cells {
		n[uint8(c)]++
	}
	best := 0
	for c := range n {
		if n[c] > n[best] {
			best = c
		}
	}
	return int8(uint8(best))
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
	// The object's own colour (for the objects themselves this is a
	// mapping of colours; for what is painted round them, a table from
	// each colour to its mark's).
	{"colour", func(o dsl.Object, _ []dsl.Object, _ dsl.Grid) int { return o[0].C }, func(v int, _, _ string) (string, bool) {
		if v < 0 || v > 9 {
			return "", false
		}
		return "matcher(color, " + colourNames[v] + ")", true
	}},
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
	// Whether the width (height, size) is even (1) or odd (0): tasks
	// whose frames take one colour when they have a middle column and
	// another when they do not. Last, so that on a tie of table sizes
	// the properties above come first.
	{"width parity", func(o dsl.Object, _ []dsl.Object, _ dsl.Grid) int { _, w := extent(o); return 1 - w%2 }, parityPred("width")},
	{"height parity", func(o dsl.Object, _ []dsl.Object, _ dsl.Grid) int { h, _ := extent(o); return 1 - h%2 }, parityPred("height")},
	{"size parity", func(o dsl.Object, _ []dsl.Object, _ dsl.Grid) int { return 1 - len(o)%2 }, parityPred("size")},
}

// parityPred picks the objects whose measure is even (v = 1) or odd
// (v = 0).
func parityPred(measure string) func(v int, _, _ string) (string, bool) {
	return func(v int, _, _ string) (string, bool) {
		if v == 1 {
			return "compose(even, " + measure + ")", true
		}
		return "compose(flip, compose(even, " + measure + "))", true
	}
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
	i0, j0, i1, j1 := bounds(o)
	return i1 - i0 + 1, j1 - j0 + 1
}

// keep marks a value whose objects keep their own colours.
const keep = -1

// propertyRule reads the table from p's values to colours off the train
// pairs and writes it as fill calls on the state's expression, with the
// number of values the table holds; false when the pairs contradict it,
// or a test object's value has no colour.
func propertyRule(p objectProperty, pt painter, c objectCut, sExpr *program.Expr, vals []dsl.Grid, objs [][]dsl.Object, targets [][]int8) (e *program.Expr, keys int, ok bool) {
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
			kd.keeps = kd.keeps && (pt.self && want == o[0].C || !pt.self && want == keep)
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
			return nil, 0, false
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
			return nil, 0, false
		}
	}
	hasBase := bases == 1
	for k := len(targets); k < len(vals); k++ {
		for _, o := range objs[k] {
			if _, ok := table[p.value(o, objs[k], vals[k])]; !ok && !hasBase {
				return nil, 0, false
			}
		}
	}
	text := grid
	fills := 0
	if hasBase && base != keep {
		if byColour[keep] > 0 {
			return nil, 0, false // the base fill would paint over objects that keep their colours
		}
		text = pt.paint(text, colourNames[base], cut)
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
			return nil, 0, false
		}
		text = pt.paint(text, colourNames[col], "sfilter("+cut+", "+pr+")")
		fills++
	}
	if fills == 0 {
		return nil, 0, false
	}
	out, err := program.ParseExpr(text)
	if err != nil {
		return nil, 0, false
	}
	return out, len(table), true
}
