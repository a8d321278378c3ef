package search

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/program"
)

// Rates are the probabilities of each kind of mutation, per opportunity:
// Swap per line whose callee is a primitive, Rewire per argument that is
// I or a variable (and per callee that is a variable), Constant per
// argument that is a constant or a primitive used as a value. A rate of 0
// disables that kind; a rate of 1 attempts it at every opportunity.
type Rates struct {
	Swap     float64 // replace a line's primitive by one of compatible signature
	Rewire   float64 // replace a variable argument by an earlier value of compatible type
	Constant float64 // replace a constant by another of its class
}

// DefaultRates are about 1% of each kind, as the Python tool mutated.
// Mutate still changes at least one thing per mutant.
func DefaultRates() Rates { return Rates{Swap: 0.01, Rewire: 0.01, Constant: 0.01} }

// growTries bounds Grow's attempts per mutant asked for.
const growTries = 20

// Mutator makes mutants of programs. Its choices come from one PCG stream
// seeded by NewMutator and never from map order, so a given seed, rates
// and sequence of calls give byte-identical mutants. A Mutator is not safe
// for concurrent use.
type Mutator struct {
	rates Rates
	rng   *rand.Rand
	count int // mutants made, numbering their names
}

// NewMutator returns a Mutator drawing from a PCG stream seeded by seed.
func NewMutator(seed uint64, r Rates) *Mutator {
	return &Mutator{rates: r, rng: rand.New(rand.NewPCG(seed, 0x6d75746174696f6e))}
}

// The kinds of mutation.
type mutKind uint8

const (
	mutSwap mutKind = iota
	mutRewire
	mutConstant
)

// site is one opportunity for a mutation: a line and an argument index,
// -1 for the callee.
type site struct {
	kind mutKind
	line int
	arg  int
}

// Constant classes, in the order of constants.py, and the primitives of
// each arity, sorted by name: the lists every choice is drawn from.
var (
	colorConsts  []string // ZERO … NINE
	intConsts    []string // NEG_TWO … TEN
	vectorConsts []string // DOWN … THREE_BY_THREE
	boolConsts   []string // T, F
	primsByArity = map[int][]dsl.Signature{}
)

func init() {
	for _, name := range dsl.Constants() {
		v, _ := dsl.Constant(name)
		switch x := v.(type) {
		case bool:
			boolConsts = append(boolConsts, name)
		case int:
			intConsts = append(intConsts, name)
			if x >= 0 && x <= 9 {
				colorConsts = append(colorConsts, name)
			}
		case dsl.Point:
			vectorConsts = append(vectorConsts, name)
		}
	}
	for _, s := range dsl.Signatures() {
		if _, ok := dsl.Primitive(s.Name); ok {
			primsByArity[s.Arity()] = append(primsByArity[s.Arity()], s)
		}
	}
	for _, sigs := range primsByArity {
		slices.SortFunc(sigs, func(a, b dsl.Signature) int { return strings.Compare(a.Name, b.Name) })
	}
}

// isColorParam reports whether a primitive's parameter holds a colour.
func isColorParam(prim, param string) bool {
	switch param {
	case "value", "replacee", "replacer", "fallback":
		return true
	case "a", "b":
		return prim == "switch"
	}
	return false
}

// mutant is a program under mutation with the inferred type of each line.
type mutant struct {
	p     *program.Program
	types []dsl.Type     // the type of each line's variable
	def   map[string]int // variable → its line
}

func newMutant(p *program.Program) *mutant {
	mu := &mutant{p: p.Clone(), types: make([]dsl.Type, len(p.Lines)), def: make(map[string]int, len(p.Lines))}
	for i, l := range mu.p.Lines {
		mu.types[i] = dsl.Any
		if _, isVar := mu.def[l.Fn]; !isVar {
			if s, ok := dsl.SignatureOf(l.Fn); ok {
				mu.types[i] = s.Returns
			}
		}
		mu.def[l.Var] = i
	}
	return mu
}

// isVar reports whether name is a variable assigned before line i.
func (mu *mutant) isVar(name string, i int) bool {
	j, ok := mu.def[name]
	return ok && j < i
}

// typeOf infers the type of name as an argument of line i: I is a Grid, S
// the demonstration pairs, a variable its line's type, a constant the type
// of its value and a primitive Callable.
func (mu *mutant) typeOf(name string, i int) dsl.Type {
	switch {
	case mu.isVar(name, i):
		return mu.types[mu.def[name]]
	case name == program.Input:
		return dsl.GridType
	case name == DemosName:
		return dsl.TupleTuple
	}
	if v, ok := dsl.Constant(name); ok {
		return TypeOf(v)
	}
	if _, ok := dsl.Primitive(name); ok {
		return dsl.Callable
	}
	return dsl.Any
}

// signature returns the signature of line i's callee when it is a
// primitive.
func (mu *mutant) signature(i int) (dsl.Signature, bool) {
	l := mu.p.Lines[i]
	if mu.isVar(l.Fn, i) {
		return dsl.Signature{}, false
	}
	return dsl.SignatureOf(l.Fn)
}

// paramOf returns the declared type of argument k of line i (-1 for the
// callee), Any when the callee is a variable.
func (mu *mutant) paramOf(i, k int) dsl.Param {
	if k < 0 {
		return dsl.Param{Type: dsl.Callable}
	}
	if s, ok := mu.signature(i); ok && k < len(s.Params) {
		return s.Params[k]
	}
	return dsl.Param{Type: dsl.Any}
}

// sites lists every opportunity for a mutation of an enabled kind, in
// line and argument order.
func (mu *mutant) sites(r Rates) []site {
	var out []site
	for i, l := range mu.p.Lines {
		if _, ok := mu.signature(i); ok && r.Swap > 0 {
			out = append(out, site{mutSwap, i, -1})
		}
		if mu.isVar(l.Fn, i) && r.Rewire > 0 {
			out = append(out, site{mutRewire, i, -1})
		}
		for k, a := range l.Args {
			switch {
			case a == program.Input || mu.isVar(a, i):
				if r.Rewire > 0 {
					out = append(out, site{mutRewire, i, k})
				}
			case a == DemosName:
			default:
				if r.Constant > 0 {
					out = append(out, site{mutConstant, i, k})
				}
			}
		}
	}
	return out
}

func (r Rates) of(k mutKind) float64 {
	switch k {
	case mutSwap:
		return r.Swap
	case mutRewire:
		return r.Rewire
	}
	return r.Constant
}

// Mutate returns a mutant of p, which it leaves alone: the same lines,
// variables and result, with at least one callee or argument changed and
// every argument still I, an earlier variable, a constant or a primitive.
// Each opportunity is taken at its kind's rate; if none was taken, one
// opportunity, drawn with weight its kind's rate, is forced. The mutant is
// named after p with a suffix _m<n>. Mutate returns nil if no mutation of
// an enabled kind applies to p.
func (m *Mutator) Mutate(p *program.Program) *program.Program {
	mu := newMutant(p)
	sites := mu.sites(m.rates)
	changed := false
	for _, s := range sites {
		if m.rng.Float64() < m.rates.of(s.kind) && m.apply(mu, s) {
			changed = true
		}
	}
	// Force one change: draw sites by weight without replacement until one
	// applies.
	for !changed && len(sites) > 0 {
		total := 0.0
		for _, s := range sites {
			total += m.rates.of(s.kind)
		}
		x := m.rng.Float64() * total
		j := len(sites) - 1
		for k, s := range sites {
			if x -= m.rates.of(s.kind); x < 0 {
				j = k
				break
			}
		}
		changed = m.apply(mu, sites[j])
		sites = slices.Delete(sites, j, j+1)
	}
	if !changed {
		return nil
	}
	m.count++
	mu.p.Name = baseName(p.Name) + "_m" + strconv.Itoa(m.count)
	return mu.p
}

// baseName strips a mutant suffix _m<n> from a program's name.
func baseName(name string) string {
	i := strings.LastIndex(name, "_m")
	if i < 0 || i+2 == len(name) {
		return name
	}
	for _, c := range name[i+2:] {
		if c < '0' || c > '9' {
			return name
		}
	}
	return name[:i]
}

// apply makes one mutation at s, reporting whether anything changed.
func (m *Mutator) apply(mu *mutant, s site) bool {
	var choices []string
	switch s.kind {
	case mutSwap:
		choices = mu.swaps(s.line)
	case mutRewire:
		choices = mu.rewires(s.line, s.arg)
	case mutConstant:
		choices = mu.substitutes(s.line, s.arg)
	}
	if len(choices) == 0 {
		return false
	}
	pick := choices[m.rng.IntN(len(choices))]
	l := &mu.p.Lines[s.line]
	switch {
	case s.kind == mutSwap:
		l.Fn = pick
		sig, _ := dsl.SignatureOf(pick)
		mu.types[s.line] = sig.Returns
	case s.arg < 0:
		l.Fn = pick
	default:
		l.Args[s.arg] = pick
	}
	return true
}

// uses lists the types the variable of line i is used at after it: the
// parameter types of the calls taking it, Callable where it is called, and
// Grid where it is the result.
func (mu *mutant) uses(i int) []dsl.Type {
	v := mu.p.Lines[i].Var
	var out []dsl.Type
	for j := i + 1; j < len(mu.p.Lines); j++ {
		l := mu.p.Lines[j]
		if l.Fn == v {
			out = append(out, dsl.Callable)
		}
		for k, a := range l.Args {
			if a == v {
				out = append(out, mu.paramOf(j, k).Type)
			}
		}
	}
	if mu.p.Result == v {
		out = append(out, dsl.GridType)
	}
	return out
}

// swaps lists, by name, the primitives that may replace line i's callee:
// the same arity, parameters accepting the arguments' types, and the same
// return type or one every later use accepts.
func (mu *mutant) swaps(i int) []string {
	old, ok := mu.signature(i)
	if !ok {
		return nil
	}
	l := mu.p.Lines[i]
	argTypes := make([]dsl.Type, len(l.Args))
	for k, a := range l.Args {
		argTypes[k] = mu.typeOf(a, i)
	}
	uses := mu.uses(i)
	var out []string
next:
	for _, s := range primsByArity[len(l.Args)] {
		if s.Name == old.Name {
			continue
		}
		for k, p := range s.Params {
			if !Accepts(p.Type, argTypes[k]) {
				continue next
			}
		}
		for _, u := range uses {
			if s.Returns != old.Returns && !Accepts(u, s.Returns) {
				continue next
			}
		}
		out = append(out, s.Name)
	}
	return out
}

// rewires lists the values that may replace argument k of line i (-1 for
// a variable callee): I and the earlier variables, in line order, whose
// type the parameter accepts.
func (mu *mutant) rewires(i, k int) []string {
	l := mu.p.Lines[i]
	cur := l.Fn
	if k >= 0 {
		cur = l.Args[k]
	}
	want := mu.paramOf(i, k).Type
	var out []string
	if k >= 0 && cur != program.Input && Accepts(want, dsl.GridType) {
		out = append(out, program.Input)
	}
	for j := range i {
		if v := mu.p.Lines[j].Var; v != cur && Accepts(want, mu.types[j]) {
			out = append(out, v)
		}
	}
	return out
}

// substitutes lists the constants that may replace argument k of line i,
// from the class of the current one: colours where the parameter is a
// colour, small integers for other integers, vectors, booleans; and for a
// primitive used as a value, the primitives of its arity that can stand in
// for it.
func (mu *mutant) substitutes(i, k int) []string {
	cur := mu.p.Lines[i].Args[k]
	var class []string
	if v, ok := dsl.Constant(cur); ok {
		switch v.(type) {
		case bool:
			class = boolConsts
		case dsl.Point:
			class = vectorConsts
		case int:
			class = intConsts
			if s, ok := mu.signature(i); ok && isColorParam(s.Name, s.Params[k].Name) {
				class = colorConsts
			}
		}
	} else if old, ok := dsl.SignatureOf(cur); ok {
		for _, s := range primsByArity[old.Arity()] {
			if s.Name != cur && standsIn(s, old) {
				class = append(class, s.Name)
			}
		}
		return class
	}
	out := make([]string, 0, len(class))
	for _, c := range class {
		if c != cur {
			out = append(out, c)
		}
	}
	return out
}

// standsIn reports whether primitive s can be passed where old was: its
// parameters accept old's, and old's return type accepts its own.
func standsIn(s, old dsl.Signature) bool {
	for k, p := range s.Params {
		if !Accepts(p.Type, old.Params[k].Type) {
			return false
		}
	}
	return Accepts(old.Returns, s.Returns)
}

// Grow adds up to n new mutants of the candidates parents to pop, with
// Parent set and the given origin ("mutant" if empty), and returns how
// many it added. Parents are taken in turn, so one listed twice is
// mutated twice as often. A mutant already in pop (by canonical form) or
// that pop rejects is skipped; after growTries·n attempts Grow gives up.
func (m *Mutator) Grow(pop *Population, parents []int, n int, origin string) (added int) {
	if n <= 0 || len(parents) == 0 {
		return 0
	}
	if origin == "" {
		origin = "mutant"
	}
	for try := 0; added < n && try < growTries*n; try++ {
		parent := parents[try%len(parents)]
		child := m.Mutate(pop.Candidates[parent].Program)
		if child == nil {
			continue
		}
		if _, ok, err := pop.Add(child, origin, parent); err == nil && ok {
			added++
		}
	}
	return added
}
