package search

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/program"
)

// NodeID names a node of a population's DAG. Nodes only refer to nodes
// with smaller ids, so id order is a topological order.
type NodeID int32

// Op is what a node does.
type Op uint8

// The kinds of nodes.
const (
	OpInput Op = iota // the input grid, I
	OpDemos           // the task's demonstration pairs, S
	OpConst           // a constant of constants.py
	OpPrim            // a primitive used as a value
	OpCall            // a call of Fn on Args
)

// DemosName is the name under which programs may read the task's
// demonstration pairs: a tuple of (input, output) grid pairs.
const DemosName = "S"

// Node is one value of the DAG: a leaf or a call.
type Node struct {
	Op    Op
	Name  string    // the leaf's name: I, S, a constant or a primitive
	Value dsl.Value // the leaf's value, for constants and primitives
	Fn    NodeID    // the callee of a call
	Prim  *dsl.Func // the callee when it is a primitive: called directly
	Args  []NodeID
	Type  dsl.Type // the declared return type, Any when unknown
}

// Candidate is one program of the population.
type Candidate struct {
	ID      int
	Program *program.Program // sliced: only the lines its result needs
	Output  NodeID
	Parent  int    // the candidate it was mutated from, or -1
	Origin  string // where it came from: "seed", "store", "enum", "mutant", …
}

// Population is a set of candidate programs merged into one DAG, in which
// an identical call on identical arguments is one node.
type Population struct {
	Nodes      []Node
	Candidates []Candidate
	index      map[string]NodeID
	byProgram  map[string]int // canonical text → candidate id
}

// NewPopulation returns an empty population holding the leaves I and S.
func NewPopulation() *Population {
	p := &Population{index: map[string]NodeID{}, byProgram: map[string]int{}}
	p.leaf(OpInput, program.Input, nil, dsl.GridType)
	p.leaf(OpDemos, DemosName, nil, dsl.TupleTuple)
	return p
}

func (p *Population) leaf(op Op, name string, v dsl.Value, t dsl.Type) NodeID {
	key := name
	if id, ok := p.index[key]; ok {
		return id
	}
	id := NodeID(len(p.Nodes))
	p.Nodes = append(p.Nodes, Node{Op: op, Name: name, Value: v, Type: t})
	p.index[key] = id
	return id
}

func (p *Population) call(fn NodeID, args []NodeID) NodeID {
	var b strings.Builder
	b.WriteString(strconv.Itoa(int(fn)))
	b.WriteByte('(')
	for i, a := range args {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(int(a)))
	}
	b.WriteByte(')')
	key := b.String()
	if id, ok := p.index[key]; ok {
		return id
	}
	n := Node{Op: OpCall, Fn: fn, Args: append([]NodeID(nil), args...), Type: dsl.Any}
	if callee := p.Nodes[fn]; callee.Op == OpPrim {
		n.Prim = callee.Value.(*dsl.Func)
		if sig, ok := dsl.SignatureOf(n.Prim.Name); ok {
			n.Type = sig.Returns
		}
	}
	id := NodeID(len(p.Nodes))
	p.Nodes = append(p.Nodes, n)
	p.index[key] = id
	return id
}

// MaxCanonicalLen bounds the canonical text of a candidate, its key, which
// can grow exponentially with the program's length (each line that uses the
// previous one twice doubles it). The longest of arc-dsl's 400 solvers has
// 21,807 bytes.
const MaxCanonicalLen = 1 << 20

// Add slices prog and merges it into the DAG as a new candidate, returning
// its id. A program whose canonical form is already present is not added
// again: the id of the existing candidate is returned with added false. A
// program whose canonical text would exceed MaxCanonicalLen is refused.
func (p *Population) Add(prog *program.Program, origin string, parent int) (id int, added bool, err error) {
	sliced := program.Slice(prog)
	if n := program.CanonicalLen(sliced); n > MaxCanonicalLen {
		return -1, false, fmt.Errorf("%s: canonical text of %d bytes, over %d", prog.Name, n, MaxCanonicalLen)
	}
	canon := program.Canonical(sliced)
	if id, ok := p.byProgram[canon]; ok {
		return id, false, nil
	}
	names := map[string]NodeID{program.Input: 0, DemosName: 1}
	resolve := func(name string) (NodeID, error) {
		if id, ok := names[name]; ok {
			return id, nil
		}
		if v, ok := dsl.Constant(name); ok {
			return p.leaf(OpConst, name, v, TypeOf(v)), nil
		}
		if f, ok := dsl.Primitive(name); ok {
			return p.leaf(OpPrim, name, f, dsl.Callable), nil
		}
		return 0, fmt.Errorf("%s: undefined name %q", prog.Name, name)
	}
	// Build into a scratch list first so that a bad program leaves no
	// nodes behind in the shared DAG's index.
	mark := len(p.Nodes)
	fail := func(err error) (int, bool, error) {
		for _, n := range p.Nodes[mark:] {
			delete(p.index, p.keyOf(n))
		}
		p.Nodes = p.Nodes[:mark]
		return -1, false, err
	}
	for _, l := range sliced.Lines {
		fn, err := resolve(l.Fn)
		if err != nil {
			return fail(err)
		}
		if n := p.Nodes[fn]; n.Op == OpPrim && n.Value.(*dsl.Func).Arity != len(l.Args) {
			return fail(fmt.Errorf("%s: %s: %s takes %d arguments, %d given", prog.Name, l.Var, l.Fn, n.Value.(*dsl.Func).Arity, len(l.Args)))
		}
		args := make([]NodeID, len(l.Args))
		for i, a := range l.Args {
			if args[i], err = resolve(a); err != nil {
				return fail(err)
			}
		}
		names[l.Var] = p.call(fn, args)
	}
	out, err := resolve(sliced.Result)
	if err != nil {
		return fail(err)
	}
	id = len(p.Candidates)
	p.Candidates = append(p.Candidates, Candidate{ID: id, Program: sliced, Output: out, Parent: parent, Origin: origin})
	p.byProgram[canon] = id
	return id, true, nil
}

// keyOf recomputes the index key of a node, to undo a failed Add.
func (p *Population) keyOf(n Node) string {
	if n.Op != OpCall {
		return n.Name
	}
	var b strings.Builder
	b.WriteString(strconv.Itoa(int(n.Fn)))
	b.WriteByte('(')
	for i, a := range n.Args {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(int(a)))
	}
	b.WriteByte(')')
	return b.String()
}

// Calls is the number of call nodes: the evaluations one input costs.
func (p *Population) Calls() int {
	n := 0
	for _, nd := range p.Nodes {
		if nd.Op == OpCall {
			n++
		}
	}
	return n
}

// Unshared is the number of calls the candidates would make if each ran
// on its own: the sum of their sliced programs' lengths.
func (p *Population) Unshared() int {
	n := 0
	for _, c := range p.Candidates {
		n += len(c.Program.Lines)
	}
	return n
}

// SharingRatio is Unshared / Calls: how many calls sharing saves per call
// made.
func (p *Population) SharingRatio() float64 {
	if c := p.Calls(); c > 0 {
		return float64(p.Unshared()) / float64(c)
	}
	return 1
}

// Clone returns an independent copy that shares the (immutable) node
// argument lists and programs, so that a task can add its own candidates
// to a population built once for all tasks.
func (p *Population) Clone() *Population {
	q := &Population{
		Nodes:      append([]Node(nil), p.Nodes...),
		Candidates: append([]Candidate(nil), p.Candidates...),
		index:      make(map[string]NodeID, len(p.index)),
		byProgram:  make(map[string]int, len(p.byProgram)),
	}
	for k, v := range p.index {
		q.index[k] = v
	}
	for k, v := range p.byProgram {
		q.byProgram[k] = v
	}
	return q
}
