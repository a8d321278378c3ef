package synth

import (
	"fmt"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/program"
)

// Hole is the name a template uses for the grid it transforms; I, the
// name of a program's input, is one too, so that a found program's
// expression compiles as a template of its input.
const Hole = "X"

// Template is a grid-to-grid transform written as an arc-dsl expression
// with one hole, X: "subgrid(argmax(objects(X, T, F, T), size), X)".
// Substituting a program's expression for X composes the two, so every
// state the search reaches is an arc-dsl program.
type Template struct {
	Text string // the expression, with X for the transformed grid
	Cost int    // what it adds to a state's cost: 1 for a plain transform

	expr   *program.Expr
	root   *tnode
	shape  *shapeRule // nil: unknown
	locals int        // its calls no other template has: its scratch slots
	space  *slotSpace // the shared slots of the templates compiled with it
	mine   []*tnode   // its calls, until the compiler assigns slots
}

// slotSpace counts the shared memo slots of the templates one compiler
// made: the calls two or more of them have in common.
type slotSpace struct{ n int }

// tnode is a compiled template: the hole, a constant or primitive value, or
// a call. Templates are evaluated directly on dsl values, without building
// a program per state. A subexpression written twice (lefthalf(X) in the
// mask templates, hconcat(X, X) in the tilings) is one node, computed once
// per application into its slot.
type tnode struct {
	hole bool
	val  dsl.Value
	fn   *dsl.Func // the callee of a call, when it is a primitive
	call *tnode    // the callee of a call, when it is computed (rbind(…)(x))
	args []*tnode
	// slot is the call's place in the shared memo, when shared (another
	// template has it too), or else in its template's scratch slots.
	// Only shared values outlive an application: with every call's value
	// kept for a state, the default run's peak RSS had doubled (970 MB
	// against 438).
	slot   int
	shared bool
}

// memo holds the values of calls on one grid, by slot. A slot is
// filled when its generation is the memo's: clear starts a new
// generation, so a memo serves one grid for as many templates as are
// applied to it, and the calls they share (objects(X, T, F, T) in
// dozens of the library's templates, mostcolor(X) in more) run once.
type memo struct {
	vals []dsl.Value
	gen  []uint32
	cur  uint32
}

func newMemo(n int) *memo {
	return &memo{vals: make([]dsl.Value, n), gen: make([]uint32, n), cur: 1}
}

// failed marks a slot whose call failed on the memo's grid.
var failed dsl.Value = &struct{ failed bool }{}

// errFailedBefore is the failure of a call that failed before on the
// same grid.
var errFailedBefore = &dsl.Error{Op: "call", Msg: "failed on this grid before"}

// clear forgets every value: the memo's grid is about to change.
func (m *memo) clear() {
	m.cur++
	if m.cur == 0 { // wrapped: old generations could match again
		clear(m.gen)
		m.cur = 1
	}
}

// scratch holds one application's values of the calls only its template
// has.
type scratch struct {
	vals []dsl.Value
	done []bool
}

// NewTemplate parses and compiles a template. Every name in it must be X,
// a constant of constants.py or a primitive.
func NewTemplate(text string, cost int) (*Template, error) {
	c := newCompiler()
	t, err := c.compile(text, cost)
	if err != nil {
		return nil, err
	}
	c.assignSlots()
	return t, nil
}

// MustTemplate is NewTemplate for templates written in the source.
func MustTemplate(text string, cost int) *Template {
	t, err := NewTemplate(text, cost)
	if err != nil {
		panic("synth: " + err.Error())
	}
	return t
}

// compiler turns expressions into nodes, one per distinct subexpression
// of all the templates it compiles.
type compiler struct {
	byText    map[string]*tnode
	space     *slotSpace
	mine      map[*tnode]bool // the calls of the template being compiled
	claims    map[*tnode]int  // how many templates have each call
	templates []*Template
}

func newCompiler() *compiler {
	return &compiler{byText: map[string]*tnode{}, space: &slotSpace{}, claims: map[*tnode]int{}}
}

// assignSlots gives each call of the templates compiled so far its slot:
// shared if two templates have it, else one of its template's scratch
// slots. It is called once, after the last compile.
func (c *compiler) assignSlots() {
	for _, t := range c.templates {
		for _, n := range t.mine {
			switch {
			case c.claims[n] < 2:
				n.slot = t.locals
				t.locals++
			case !n.shared:
				n.shared, n.slot = true, c.space.n
				c.space.n++
			}
		}
		t.mine = nil
	}
	c.templates = nil
}

// compile compiles one template, sharing nodes with those compiled before.
func (c *compiler) compile(text string, cost int) (*Template, error) {
	e, err := program.ParseExpr(text)
	if err != nil {
		return nil, fmt.Errorf("template %q: %w", text, err)
	}
	c.mine = map[*tnode]bool{}
	root, err := c.node(e)
	if err != nil {
		return nil, fmt.Errorf("template %q: %w", text, err)
	}
	if cost < 1 {
		cost = 1
	}
	t := &Template{Text: e.String(), Cost: cost, expr: e, root: root, shape: ruleOf(e), space: c.space}
	for n := range c.mine {
		t.mine = append(t.mine, n)
		c.claims[n]++
	}
	c.templates = append(c.templates, t)
	return t, nil
}

// claim counts a shared node's calls as the current template's.
func (c *compiler) claim(n *tnode) {
	if n.args == nil || c.mine[n] {
		return
	}
	c.mine[n] = true
	for _, a := range n.args {
		c.claim(a)
	}
	if n.call != nil {
		c.claim(n.call)
	}
}

func (c *compiler) node(e *program.Expr) (*tnode, error) {
	if !e.IsCall() {
		switch {
		case e.Name == Hole || e.Name == program.Input:
			return &tnode{hole: true}, nil
		default:
			if v, ok := dsl.Constant(e.Name); ok {
				return &tnode{val: v}, nil
			}
			if f, ok := dsl.Primitive(e.Name); ok {
				return &tnode{val: f}, nil
			}
			return nil, fmt.Errorf("unknown name %q", e.Name)
		}
	}
	text := e.String()
	if n, ok := c.byText[text]; ok {
		c.claim(n)
		return n, nil
	}
	n := &tnode{args: make([]*tnode, len(e.Args))}
	for i, a := range e.Args {
		an, err := c.node(a)
		if err != nil {
			return nil, err
		}
		n.args[i] = an
	}
	if !e.Fn.IsCall() {
		f, ok := dsl.Primitive(e.Fn.Name)
		if !ok {
			return nil, fmt.Errorf("unknown primitive %q", e.Fn.Name)
		}
		if sig, ok := dsl.SignatureOf(f.Name); ok && sig.Arity() != len(e.Args) {
			return nil, fmt.Errorf("%s takes %d arguments, %d given", f.Name, sig.Arity(), len(e.Args))
		}
		n.fn = f
	} else {
		cn, err := c.node(e.Fn)
		if err != nil {
			return nil, err
		}
		n.call = cn
	}
	c.byText[text] = n
	c.mine[n] = true
	return n, nil
}

// Apply evaluates the template on x. A primitive's failure (a Python
// exception in arc-dsl, a spent budget) panics as in the dsl package;
// apply recovers it.
func (t *Template) Apply(env *dsl.Env, x dsl.Value) dsl.Value {
	return t.applyMemo(env, x, newMemo(t.space.n))
}

// applyMemo evaluates the template with its shared calls' values in m.
func (t *Template) applyMemo(env *dsl.Env, x dsl.Value, m *memo) dsl.Value {
	var vals [32]dsl.Value
	var done [32]bool
	l := scratch{vals: vals[:], done: done[:]}
	if t.locals > len(vals) {
		l = scratch{vals: make([]dsl.Value, t.locals), done: make([]bool, t.locals)}
	}
	return t.root.eval(env, x, m, &l)
}

func (n *tnode) eval(env *dsl.Env, x dsl.Value, m *memo, l *scratch) dsl.Value {
	if n.hole {
		return x
	}
	if n.args == nil {
		return n.val
	}
	if n.shared && m.gen[n.slot] == m.cur {
		if m.vals[n.slot] == failed {
			panic(errFailedBefore)
		}
		return m.vals[n.slot]
	}
	if !n.shared && l.done[n.slot] {
		return l.vals[n.slot]
	}
	var buf [4]dsl.Value
	args := buf[:len(n.args)]
	if len(n.args) > len(buf) {
		args = make([]dsl.Value, len(n.args))
	}
	for i, a := range n.args {
		args[i] = a.eval(env, x, m, l)
	}
	f := n.fn
	if f == nil {
		fv, ok := n.call.eval(env, x, m, l).(*dsl.Func)
		if !ok {
			panic(&dsl.Error{Op: "call", Msg: "callee is not callable"})
		}
		f = fv
	}
	// Marked failed until the call returns: if it panics, the templates
	// that share it on this grid fail at once instead of again. Only
	// this call is marked, since its arguments are done and a call runs
	// no node.
	if !n.shared {
		v := f.Call(env, args...)
		l.vals[n.slot], l.done[n.slot] = v, true
		return v
	}
	m.vals[n.slot], m.gen[n.slot] = failed, m.cur
	v := f.Call(env, args...)
	m.vals[n.slot] = v
	return v
}

// apply runs t on x and returns the result if it is an ARC-sized grid.
func apply(env *dsl.Env, t *Template, x dsl.Value) (g dsl.Grid, ok bool) {
	return applyMemo(env, t, x, newMemo(t.space.n))
}

// applyMemo is apply with the calls' values kept in m, which holds x's
// (m is cleared when x changes) and is shared by templates compiled
// together.
func applyMemo(env *dsl.Env, t *Template, x dsl.Value, m *memo) (g dsl.Grid, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			_ = dsl.Recover(r) // a primitive's failure is this state's, nothing more
			g, ok = nil, false
		}
	}()
	out, isGrid := t.applyMemo(env, x, m).(dsl.Grid)
	if !isGrid || out.H < 1 || out.W < 1 || out.H > maxSide || out.W > maxSide {
		return nil, false
	}
	return out, true
}

// maxSide bounds the grids states hold: ARC's largest side.
const maxSide = 30

// name is the expression of a constant or primitive named n.
func name(n string) *program.Expr { return &program.Expr{Name: n} }

// call is the expression of fn applied to args: the finishing techniques
// build their programs with it.
func call(fn string, args ...*program.Expr) *program.Expr {
	return &program.Expr{Fn: name(fn), Args: args}
}

// Substitute returns the template's expression with sub in place of X.
func (t *Template) Substitute(sub *program.Expr) *program.Expr { return substitute(t.expr, sub) }

func substitute(e, sub *program.Expr) *program.Expr {
	if !e.IsCall() {
		if e.Name == Hole {
			return sub
		}
		return e
	}
	out := &program.Expr{Fn: substitute(e.Fn, sub), Args: make([]*program.Expr, len(e.Args))}
	for i, a := range e.Args {
		out.Args[i] = substitute(a, sub)
	}
	return out
}
