// Package enum enumerates a task's short programs: it builds every
// program of a few calls from I, breadth first, and keeps one program per
// behaviour: two programs whose outputs are equal on every input are one
// state, as in icecuber's ARC search. A state is an expression and its
// values on the inputs; the states of depth d+1 are the calls of a
// primitive on states of depth ≤ d and on constants, at least one argument
// being of depth exactly d so that nothing is rebuilt.
//
// Arguments are chosen by type: a state's type is the search.TypeOf its
// values (the same on every input, or one that admits them all), and it is
// only passed to parameters whose type search.Accepts it. Constants are
// chosen by the parameter's role: colours ZERO…NINE for colour parameters
// (value, replacee, replacer, fallback, switch's a and b), the small
// integers of constants.py for other Integer parameters, its vectors for
// IntegerTuple parameters, both for Numerical ones, T and F for Boolean
// ones, and primitives as function values for the Callable parameters of
// apply, sfilter, argmax and the like.
//
// The order is deterministic. Within one depth the primitives take turns,
// one call each per round in signature order, so that a bound cuts every
// primitive's share short rather than the primitives late in dsl.py; the
// calls of one primitive come in order of the largest index among their
// arguments (dovetailing), where each parameter lists its constants in
// constants.py's order and then the states in creation order, so that
// simple arguments are combined with each other first.
package enum

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/arc/search"
)

// Options bounds an enumeration. A zero or negative field takes its
// value from DefaultOptions.
type Options struct {
	// MaxDepth is the deepest nesting of calls: 1 allows f(I, …) only.
	MaxDepth int
	// MaxStates bounds the number of states kept besides I.
	MaxStates int
	// MaxTime bounds the whole enumeration's wall-clock time.
	MaxTime time.Duration
	// NodeBudget is the work budget of one call on one input.
	NodeBudget int64
	// MaxValueSize drops values larger than this: grids by cell count,
	// containers by element count. It bounds the memory states hold.
	MaxValueSize int
	// Primitives are the primitives that may be called; the first-order
	// ones among them are also the function values passed to the
	// higher-order ones (apply, sfilter, argmax, …). They are tried in
	// signature order whatever the order given; unknown names, identity
	// and primitives that build functions (compose, rbind, …) or need
	// containers of functions (rapply) are ignored.
	Primitives []string
	// NonGrid also returns the states whose values are not all grids.
	// Such states always take part in the search; by default only the
	// grid-valued ones, the candidate outputs, are returned.
	NonGrid bool
}

// DefaultOptions returns the bounds used for every task: depth 3, 2000
// states, 2 s, a budget of 250,000 units per call (four times what the
// heaviest call whose value was kept, a gravitate, used on the sample
// tasks), values of at most 3600 cells or elements (four 30×30 grids),
// and every primitive except identity, branch and the function builders.
// On the embedded sample tasks the states bound ends the search, after
// 10 to 200 ms, holding at most 23 MB.
//
// identity only rebuilds its argument. branch selects between two states
// per input, which on a handful of demonstrations fits anything and
// generalises nothing. compose, chain, matcher, rbind, lbind, power and
// fork return closures, which compare by identity, so no two of them are
// ever one state; rapply needs a container of functions, which no state
// holds. The higher-order primitives (apply, mapply, sfilter, mfilter,
// extract, order, valmax, valmin, argmax, argmin, papply, mpapply,
// prapply) are kept, with the other primitives as their function
// arguments.
func DefaultOptions() Options {
	var prims []string
	for _, s := range dsl.Signatures() {
		if s.Name == "branch" || !canCall(s) {
			continue
		}
		prims = append(prims, s.Name)
	}
	return Options{
		MaxDepth:     3,
		MaxStates:    2000,
		MaxTime:      2 * time.Second,
		NodeBudget:   250_000,
		MaxValueSize: 3600,
		Primitives:   prims,
	}
}

// canCall reports whether the enumeration can call a primitive.
func canCall(s dsl.Signature) bool {
	if s.Name == "identity" || s.Name == "rapply" || s.Returns == dsl.Callable {
		return false
	}
	if _, ok := higherOrder[s.Name]; ok {
		return true
	}
	return !takesCallable(s)
}

func takesCallable(s dsl.Signature) bool {
	for _, p := range s.Params {
		if p.Type == dsl.Callable {
			return true
		}
	}
	return false
}

// hoSpec describes the function parameter of a higher-order primitive:
// which parameter it is, how many arguments the function takes, the
// parameters whose elements it is called on (-1: none) and what it must
// return.
type hoSpec struct {
	fn, arity int
	elems     [2]int
	returns   dsl.Type
}

var higherOrder = map[string]hoSpec{
	"apply":   {fn: 0, arity: 1, elems: [2]int{1, -1}, returns: dsl.Any},
	"mapply":  {fn: 0, arity: 1, elems: [2]int{1, -1}, returns: dsl.Container},
	"sfilter": {fn: 1, arity: 1, elems: [2]int{0, -1}, returns: dsl.Boolean},
	"mfilter": {fn: 1, arity: 1, elems: [2]int{0, -1}, returns: dsl.Boolean},
	"extract": {fn: 1, arity: 1, elems: [2]int{0, -1}, returns: dsl.Boolean},
	"order":   {fn: 1, arity: 1, elems: [2]int{0, -1}, returns: dsl.Integer},
	"valmax":  {fn: 1, arity: 1, elems: [2]int{0, -1}, returns: dsl.Integer},
	"valmin":  {fn: 1, arity: 1, elems: [2]int{0, -1}, returns: dsl.Integer},
	"argmax":  {fn: 1, arity: 1, elems: [2]int{0, -1}, returns: dsl.Integer},
	"argmin":  {fn: 1, arity: 1, elems: [2]int{0, -1}, returns: dsl.Integer},
	"papply":  {fn: 0, arity: 2, elems: [2]int{1, 2}, returns: dsl.Any},
	"mpapply": {fn: 0, arity: 2, elems: [2]int{1, 2}, returns: dsl.Container},
	"prapply": {fn: 0, arity: 2, elems: [2]int{1, 2}, returns: dsl.Any},
}

// Stats reports what an enumeration did.
type Stats struct {
	States     int           // states found besides I
	Depth      int           // the deepest depth begun
	Calls      int           // argument tuples tried, each call made on every input
	Failed     int           // tuples rejected by type, calls that raised, ran out of budget or gave an unusable value
	Duplicates int           // calls that gave an existing state's outputs
	Elapsed    time.Duration // wall-clock time
	Stop       string        // why it ended: "done", "states", "time" or "context"
}

// Run enumerates the programs of up to opt.MaxDepth calls from I on the
// given inputs (a task's demonstration inputs, perhaps with its test
// inputs) and returns one program per state, in creation order, named
// enum_<n> after the state's number, the bare I excepted, and what it did.
// Only states whose value is a grid on every input are returned unless
// opt.NonGrid. It stops at opt.MaxStates states, after opt.MaxTime or when
// ctx is done, returning what it has found.
func Run(ctx context.Context, inputs []dsl.Value, opt Options) ([]*program.Program, Stats) {
	start := time.Now()
	en := newEnumerator(ctx, inputs, opt)
	if en == nil {
		return nil, Stats{Stop: "done"}
	}
	defer en.cancel()
	en.run()
	en.stats.States = len(en.states) - 1
	en.stats.Elapsed = time.Since(start)
	return en.programs(), en.stats
}

// atom is an argument: a state if ≥ 0, else the constant ^atom.
type atom int32

// constant is a constant argument: a named constant or a primitive used
// as a function value.
type constant struct {
	name   string
	val    dsl.Value
	params []dsl.Type // a function's parameter types
}

type param struct {
	typ   dsl.Type
	class int // its constants: en.classes[class]
}

type primitive struct {
	name   string
	f      *dsl.Func
	params []param
	ho     *hoSpec // nil for a first-order primitive
	// sized is the first of the two parameters outSize reads.
	sized int
	// outSize is the size of the output a call on the arguments sized
	// and sized+1 will have on one input (or, for product and prapply,
	// the pairs it will build), -1 when not known: calls whose output
	// would be dropped as too large on some input are not made. It is
	// nil for the primitives whose output's size is never known before
	// the call.
	outSize func(a, b dsl.Value) int
}

// pairsSize is the number of pairs product and prapply build: building
// and sorting them would cost more than the budget charges for.
func pairsSize(a, b dsl.Value) int { return size(a) * size(b) }

// scaledSize is the size of upscale's, hupscale's or vupscale's output
// (by kind) of a grid or, for upscale, an object scaled by an int, -1 for
// other arguments. It is exact: a grid grows by the factor in each scaled
// dimension, and an object's cells stay distinct, each one becoming f×f.
// At 20,000 states a task on the real-size tasks, 13,500 of their 58,000
// calls built outputs above the 3,600 cells bound only to drop them; the
// three allocated 13% of the enumeration's bytes.
func scaledSize(kind byte, x, fv dsl.Value) int {
	f, ok := fv.(int)
	if !ok {
		return -1
	}
	f = max(f, 0)
	switch v := x.(type) {
	case dsl.Grid:
		switch kind {
		case 'h':
			return v.H * v.W * f
		case 'v':
			return v.H * f * v.W
		}
		return v.H * f * v.W * f
	case dsl.Object:
		if kind == 'u' {
			return len(v) * f * f
		}
	}
	return -1
}

type state struct {
	vals  []dsl.Value // one per input
	args  []atom
	typ   dsl.Type
	elem  dsl.Type // the type of a container's elements, "" if unknown
	prim  int32    // index into en.prims; -1 for I
	next  int32    // the next state with the same hash, or -1
	depth int32
}

type enumerator struct {
	ctx      context.Context // the caller's context with the deadline
	parent   context.Context
	cancel   context.CancelFunc
	deadline time.Time
	opt      Options
	inputs   []dsl.Value
	env      *dsl.Env

	prims   []primitive
	consts  []constant
	classes [][]atom

	states []state
	heads  map[uint64]int32
	outs   []dsl.Value // the outputs of the call being tried
	argv   [4]dsl.Value
	slab   []dsl.Value // storage carved into states' values
	aslab  []atom      // storage carved into states' arguments

	stats Stats
	stop  bool
}

func withDefaults(opt Options) Options {
	def := DefaultOptions()
	if opt.MaxDepth <= 0 {
		opt.MaxDepth = def.MaxDepth
	}
	if opt.MaxStates <= 0 {
		opt.MaxStates = def.MaxStates
	}
	if opt.MaxTime <= 0 {
		opt.MaxTime = def.MaxTime
	}
	if opt.NodeBudget <= 0 {
		opt.NodeBudget = def.NodeBudget
	}
	if opt.MaxValueSize <= 0 {
		opt.MaxValueSize = def.MaxValueSize
	}
	if opt.Primitives == nil {
		opt.Primitives = def.Primitives
	}
	return opt
}

func newEnumerator(ctx context.Context, inputs []dsl.Value, opt Options) *enumerator {
	if len(inputs) == 0 {
		return nil
	}
	if ctx == nil {
		ctx = context.Background()
	}
	opt = withDefaults(opt)
	en := &enumerator{
		parent:   ctx,
		deadline: time.Now().Add(opt.MaxTime),
		opt:      opt,
		inputs:   inputs,
		heads:    make(map[uint64]int32, min(opt.MaxStates, 1<<16)+1),
		outs:     make([]dsl.Value, len(inputs)),
	}
	en.ctx, en.cancel = context.WithDeadline(ctx, en.deadline)
	en.env = dsl.NewEnv(en.ctx, opt.NodeBudget)
	en.setup()
	// The state I.
	copy(en.outs, inputs)
	typ, ok := joinTypes(en.outs)
	if !ok {
		typ = dsl.Any
	}
	en.add(-1, nil, 0, typ, search.HashValues(en.outs))
	return en
}

// setup resolves the primitives and their parameters' constants.
func (en *enumerator) setup() {
	wanted := make(map[string]bool, len(en.opt.Primitives))
	for _, name := range en.opt.Primitives {
		wanted[name] = true
	}
	// Named constants, in constants.py's order, by class.
	var colours, ints, vecs, nums, bools []atom
	for _, name := range dsl.Constants() {
		v, _ := dsl.Constant(name)
		a := atom(^len(en.consts))
		en.consts = append(en.consts, constant{name: name, val: v})
		switch x := v.(type) {
		case bool:
			bools = append(bools, a)
		case int:
			ints = append(ints, a)
			nums = append(nums, a)
			if x >= 0 && x <= 9 {
				colours = append(colours, a)
			}
		case dsl.Point:
			vecs = append(vecs, a)
			nums = append(nums, a)
		}
	}
	const (
		clNone = iota
		clColour
		clInt
		clVec
		clNum
		clBool
	)
	en.classes = [][]atom{clNone: nil, clColour: colours, clInt: ints, clVec: vecs, clNum: nums, clBool: bools}
	// Primitives, in signature order; first-order ones are also function
	// values for the higher-order ones.
	var firstOrder []dsl.Signature
	for _, s := range dsl.Signatures() {
		if !wanted[s.Name] || !canCall(s) {
			continue
		}
		f, ok := dsl.Primitive(s.Name)
		if !ok {
			continue
		}
		p := primitive{name: s.Name, f: f, params: make([]param, len(s.Params))}
		switch s.Name {
		case "product":
			p.sized, p.outSize = 0, pairsSize
		case "prapply":
			p.sized, p.outSize = 1, pairsSize
		case "upscale", "hupscale", "vupscale":
			kind := s.Name[0]
			p.sized, p.outSize = 0, func(x, f dsl.Value) int { return scaledSize(kind, x, f) }
		}
		if spec, ok := higherOrder[s.Name]; ok {
			p.ho = &spec
		} else {
			firstOrder = append(firstOrder, s)
		}
		for i, prm := range s.Params {
			c := clNone
			switch prm.Type {
			case dsl.Integer:
				c = clInt
				switch prm.Name {
				case "value", "replacee", "replacer", "fallback":
					c = clColour
				case "a", "b":
					if s.Name == "switch" {
						c = clColour
					}
				}
			case dsl.IntegerTuple:
				c = clVec
			case dsl.Numerical:
				c = clNum
			case dsl.Boolean:
				if s.Name != "branch" { // a constant condition only repeats a or b
					c = clBool
				}
			}
			p.params[i] = param{typ: prm.Type, class: c}
		}
		en.prims = append(en.prims, p)
	}
	// Function values for each higher-order primitive's function parameter.
	for i := range en.prims {
		p := &en.prims[i]
		if p.ho == nil {
			continue
		}
		var fns []atom
		for _, s := range firstOrder {
			if s.Arity() != p.ho.arity || !search.Accepts(p.ho.returns, s.Returns) {
				continue
			}
			f, _ := dsl.Primitive(s.Name)
			types := make([]dsl.Type, len(s.Params))
			for k, prm := range s.Params {
				types[k] = prm.Type
			}
			fns = append(fns, atom(^len(en.consts)))
			en.consts = append(en.consts, constant{name: s.Name, val: f, params: types})
		}
		p.params[p.ho.fn].class = len(en.classes)
		en.classes = append(en.classes, fns)
	}
}

// run builds the depths one after the other.
func (en *enumerator) run() {
	en.stats.Stop = "done"
	for d := 0; d < en.opt.MaxDepth && !en.stop; d++ {
		if en.checkStop() {
			break
		}
		if !en.layer(d) {
			break
		}
	}
}

// checkStop polls the bounds, recording the first that ends the search.
func (en *enumerator) checkStop() bool {
	if en.stop {
		return true
	}
	switch {
	case en.parent.Err() != nil:
		en.stats.Stop = "context"
	case !time.Now().Before(en.deadline):
		en.stats.Stop = "time"
	default:
		return false
	}
	en.stop = true
	return true
}

// argLists are one parameter's candidate arguments at one depth: old are
// its constants and the states of depth < d, new the states of depth d.
type argLists struct{ old, new, all []atom }

type listKey struct {
	typ   dsl.Type
	class int
}

// layer builds the states of depth d+1. It reports false when depth d
// produced no state, so that no deeper state can be built either.
func (en *enumerator) layer(d int) bool {
	en.stats.Depth = d + 1
	lo, hi := -1, len(en.states) // the states of depth d: [lo, hi)
	for i, s := range en.states {
		if int(s.depth) == d {
			lo = i
			break
		}
	}
	if lo < 0 {
		return false
	}
	cache := map[listKey]*argLists{}
	listsFor := func(p param) *argLists {
		k := listKey{p.typ, p.class}
		if l, ok := cache[k]; ok {
			return l
		}
		l := &argLists{}
		l.old = append(l.old, en.classes[p.class]...)
		if p.typ != dsl.Callable {
			for i := range hi {
				if !search.Accepts(p.typ, en.states[i].typ) {
					continue
				}
				if i < lo {
					l.old = append(l.old, atom(i))
				} else {
					l.new = append(l.new, atom(i))
				}
			}
		}
		l.all = append(append(make([]atom, 0, len(l.old)+len(l.new)), l.old...), l.new...)
		cache[k] = l
		return l
	}
	var iters []*argIter
	for i := range en.prims {
		p := &en.prims[i]
		it := &argIter{prim: int32(i), args: make([]atom, len(p.params))}
		lists := make([]*argLists, len(p.params))
		for k, prm := range p.params {
			lists[k] = listsFor(prm)
		}
		// One product per position of the first argument of depth d.
		for k := range p.params {
			prod := make([][]atom, len(p.params))
			for j := range prod {
				switch {
				case j < k:
					prod[j] = lists[j].old
				case j == k:
					prod[j] = lists[j].new
				default:
					prod[j] = lists[j].all
				}
			}
			if pr := newProduct(prod); pr != nil {
				it.subs = append(it.subs, pr)
			}
		}
		if len(it.subs) > 0 {
			iters = append(iters, it)
		}
	}
	// Round robin: one call of each primitive in turn.
	for len(iters) > 0 {
		live := iters[:0]
		for _, it := range iters {
			if !it.next() {
				continue
			}
			live = append(live, it)
			en.try(&en.prims[it.prim], it.prim, it.args, int32(d+1))
			if en.stop {
				return true
			}
		}
		iters = live
	}
	return true
}

// argIter yields a primitive's argument tuples at one depth, taking its
// products in turn.
type argIter struct {
	prim int32
	subs []*product
	cur  int
	args []atom
}

func (it *argIter) next() bool {
	for len(it.subs) > 0 {
		if it.cur >= len(it.subs) {
			it.cur = 0
		}
		pr := it.subs[it.cur]
		if pr.next() {
			for j, l := range pr.lists {
				it.args[j] = l[pr.idx[j]]
			}
			it.cur++
			return true
		}
		it.subs = append(it.subs[:it.cur], it.subs[it.cur+1:]...)
	}
	return false
}

// product enumerates the tuples of a Cartesian product of lists in order
// of their largest index m; among the tuples of one m, by the first
// position j holding m, then with the last position varying fastest.
type product struct {
	lists  [][]atom
	idx    []int
	lo, hi []int
	m, j   int
	maxLen int
	active bool // idx holds a tuple of the current (m, j)
}

// newProduct returns nil for an empty product.
func newProduct(lists [][]atom) *product {
	pr := &product{lists: lists, j: -1}
	for _, l := range lists {
		if len(l) == 0 {
			return nil
		}
		pr.maxLen = max(pr.maxLen, len(l))
	}
	n := len(lists)
	pr.idx, pr.lo, pr.hi = make([]int, n), make([]int, n), make([]int, n)
	return pr
}

func (pr *product) next() bool {
	if pr.active {
		for i := len(pr.idx) - 1; i >= 0; i-- {
			if pr.idx[i]++; pr.idx[i] < pr.hi[i] {
				return true
			}
			pr.idx[i] = pr.lo[i]
		}
		pr.active = false
	}
	n := len(pr.lists)
	for {
		if pr.j++; pr.j == n {
			pr.j = 0
			pr.m++
		}
		if pr.m >= pr.maxLen {
			return false
		}
		m, j := pr.m, pr.j
		if m >= len(pr.lists[j]) {
			continue
		}
		ok := true
		for i, l := range pr.lists {
			switch {
			case i < j:
				pr.lo[i], pr.hi[i] = 0, min(m, len(l))
			case i == j:
				pr.lo[i], pr.hi[i] = m, m+1
			default:
				pr.lo[i], pr.hi[i] = 0, min(m+1, len(l))
			}
			if pr.hi[i] <= pr.lo[i] {
				ok = false
				break
			}
			pr.idx[i] = pr.lo[i]
		}
		if ok {
			pr.active = true
			return true
		}
	}
}

// value is an argument's value on input k.
func (en *enumerator) value(a atom, k int) dsl.Value {
	if a >= 0 {
		return en.states[a].vals[k]
	}
	return en.consts[^a].val
}

// try calls a primitive on arguments over every input and keeps the
// outputs as a new state if no state has them already.
func (en *enumerator) try(p *primitive, pi int32, args []atom, depth int32) {
	en.stats.Calls++
	if en.stats.Calls&63 == 0 && en.checkStop() {
		return
	}
	if p.ho != nil && !en.fits(p, args) {
		en.stats.Failed++
		return
	}
	if p.outSize != nil && en.tooLarge(p, args) {
		en.stats.Failed++
		return
	}
	for k := range en.inputs {
		for i, a := range args {
			en.argv[i] = en.value(a, k)
		}
		out, ok := en.call(p.f, en.argv[:len(args)])
		if !ok || !en.usable(out) {
			en.stats.Failed++
			clear(en.argv[:])
			return
		}
		en.outs[k] = out
	}
	clear(en.argv[:])
	if en.echoesArgument(args) {
		en.stats.Duplicates++
		return
	}
	h := search.HashValues(en.outs)
	head, seen := en.heads[h]
	if seen {
		for id := head; id >= 0; id = en.states[id].next {
			if en.sameOutputs(id) {
				en.stats.Duplicates++
				return
			}
		}
	}
	typ, ok := joinTypes(en.outs)
	if !ok {
		en.stats.Failed++
		return
	}
	en.add(pi, args, depth, typ, h)
	if len(en.states)-1 >= en.opt.MaxStates {
		en.stats.Stop = "states"
		en.stop = true
	}
}

// tooLarge reports whether a call of a primitive with an outSize would
// give an output larger than MaxValueSize on some input. It looks at every
// input before any call is made: at 20,000 states, product spent a third
// of its time on calls whose first inputs were paired in full before a
// later input's pairs were found too many.
func (en *enumerator) tooLarge(p *primitive, args []atom) bool {
	for k := range en.inputs {
		if p.outSize(en.value(args[p.sized], k), en.value(args[p.sized+1], k)) > en.opt.MaxValueSize {
			return true
		}
	}
	return false
}

// echoesArgument reports whether the outputs just computed are, on every
// input, the very values of one state among the arguments: the call
// returned its argument unchanged (remove of an absent element, replace
// of an absent colour, a filter that keeps everything), so it duplicates
// that state, and hashing and comparing its outputs would only find so.
func (en *enumerator) echoesArgument(args []atom) bool {
	for _, a := range args {
		if a < 0 {
			continue
		}
		vals := en.states[a].vals
		same := true
		for k, v := range en.outs {
			if !dsl.Identical(v, vals[k]) {
				same = false
				break
			}
		}
		if same {
			return true
		}
	}
	return false
}

// fits checks a higher-order call's function against the elements it
// will be called on, so that calls Python would reject are not made.
func (en *enumerator) fits(p *primitive, args []atom) bool {
	fa := args[p.ho.fn]
	if fa >= 0 {
		return false
	}
	fn := en.consts[^fa]
	for i, e := range p.ho.elems {
		if e < 0 || args[e] < 0 {
			continue
		}
		if et := en.states[args[e]].elem; et != "" && !search.Accepts(fn.params[i], et) {
			return false
		}
	}
	return true
}

// call runs one primitive on one input's arguments under a fresh budget.
func (en *enumerator) call(f *dsl.Func, args []dsl.Value) (out dsl.Value, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			out, ok = nil, false
		}
	}()
	en.env.Reset(en.ctx)
	return f.Call(en.env, args...), true
}

// usable reports whether a call's output may become part of a state: not
// None, not a function (closures never compare equal) and not too large.
func (en *enumerator) usable(v dsl.Value) bool {
	switch v.(type) {
	case nil, *dsl.Func:
		return false
	}
	return size(v) <= en.opt.MaxValueSize
}

// size is the measure of a value that MaxValueSize bounds: a grid's cell
// count, a container's element count, 1 for anything else.
func size(v dsl.Value) int {
	switch x := v.(type) {
	case dsl.Grid:
		return x.H * x.W
	case dsl.Tuple:
		return len(x)
	case dsl.Set:
		return len(x)
	case dsl.Indices:
		return len(x)
	case dsl.Object:
		return len(x)
	}
	return 1
}

func (en *enumerator) sameOutputs(id int32) bool {
	for k, v := range en.states[id].vals {
		if !dsl.Equal(v, en.outs[k]) {
			return false
		}
	}
	return true
}

// joinTypes returns the type of a state with these values: their common
// search.TypeOf, or else the most specific type of joins that admits them
// all; false if there is none.
func joinTypes(vs []dsl.Value) (dsl.Type, bool) {
	t := search.TypeOf(vs[0])
	var mixed []dsl.Type
	for _, v := range vs[1:] {
		if u := search.TypeOf(v); u != t && !slices.Contains(mixed, u) {
			mixed = append(mixed, u)
		}
	}
	if len(mixed) == 0 {
		return t, true
	}
	mixed = append(mixed, t)
	for _, j := range joins {
		if !slices.ContainsFunc(mixed, func(u dsl.Type) bool { return !slices.Contains(j.members, u) }) {
			return j.union, true
		}
	}
	return "", false
}

// joins are the unions a state's type may be when its values differ
// in type from input to input, most specific first. (search.Accepts cannot
// decide this: it lets a union stand for a member.)
var joins = []struct {
	union   dsl.Type
	members []dsl.Type
}{
	{dsl.Patch, []dsl.Type{dsl.ObjectType, dsl.IndicesType}},
	{dsl.Numerical, []dsl.Type{dsl.Integer, dsl.IntegerTuple}},
	{dsl.TupleType, []dsl.Type{dsl.TupleType, dsl.TupleTuple, dsl.GridType}},
	{dsl.FrozenSet, []dsl.Type{dsl.FrozenSet, dsl.ObjectType, dsl.IndicesType, dsl.Objects, dsl.IndicesSet, dsl.IntegerSet, dsl.Patch}},
	{dsl.Element, []dsl.Type{dsl.ObjectType, dsl.GridType}},
	{dsl.Piece, []dsl.Type{dsl.GridType, dsl.ObjectType, dsl.IndicesType, dsl.Patch}},
	{dsl.Container, []dsl.Type{dsl.TupleType, dsl.TupleTuple, dsl.GridType, dsl.FrozenSet, dsl.ObjectType,
		dsl.IndicesType, dsl.Objects, dsl.IndicesSet, dsl.IntegerSet, dsl.Patch}},
}

// elemType is the type of the first element of a container on the first
// input, or "" when that is not known.
func elemType(v dsl.Value) dsl.Type {
	switch x := v.(type) {
	case dsl.Grid:
		if x.H > 0 {
			if x.W == 2 {
				return dsl.IntegerTuple
			}
			return dsl.TupleType
		}
	case dsl.Tuple:
		if len(x) > 0 {
			return search.TypeOf(x[0])
		}
	case dsl.Set:
		if len(x) > 0 {
			return search.TypeOf(x[0])
		}
	case dsl.Indices:
		if len(x) > 0 {
			return dsl.IntegerTuple
		}
	case dsl.Object:
		if len(x) > 0 {
			return dsl.CellType
		}
	case dsl.Point:
		return dsl.Integer
	}
	return ""
}

// add keeps en.outs, whose hash is h, as a new state.
func (en *enumerator) add(prim int32, args []atom, depth int32, typ dsl.Type, h uint64) {
	n := len(en.outs)
	if len(en.slab) < n {
		en.slab = make([]dsl.Value, n*256)
	}
	vals := en.slab[:n:n]
	en.slab = en.slab[n:]
	copy(vals, en.outs)
	clear(en.outs)
	var as []atom
	if len(args) > 0 {
		if len(en.aslab) < len(args) {
			en.aslab = make([]atom, 1024)
		}
		as = en.aslab[:len(args):len(args)]
		en.aslab = en.aslab[len(args):]
		copy(as, args)
	}
	next, ok := en.heads[h]
	if !ok {
		next = -1
	}
	id := int32(len(en.states))
	en.states = append(en.states, state{
		vals: vals, args: as, typ: typ, elem: elemType(vals[0]),
		prim: prim, next: next, depth: depth,
	})
	en.heads[h] = id
}

// programs turns the states into programs, I excepted.
func (en *enumerator) programs() []*program.Program {
	exprs := make([]*program.Expr, len(en.states))
	var exprOf func(a atom) *program.Expr
	exprOf = func(a atom) *program.Expr {
		if a < 0 {
			return &program.Expr{Name: en.consts[^a].name}
		}
		if e := exprs[a]; e != nil {
			return e
		}
		s := &en.states[a]
		var e *program.Expr
		if s.prim < 0 {
			e = &program.Expr{Name: program.Input}
		} else {
			e = &program.Expr{Fn: &program.Expr{Name: en.prims[s.prim].name}, Args: make([]*program.Expr, len(s.args))}
			for i, b := range s.args {
				e.Args[i] = exprOf(b)
			}
		}
		exprs[a] = e
		return e
	}
	var out []*program.Program
	for i := 1; i < len(en.states); i++ {
		if !en.opt.NonGrid && en.states[i].typ != dsl.GridType {
			continue
		}
		out = append(out, program.Expand("enum_"+strconv.Itoa(i), exprOf(atom(i))))
	}
	return out
}
