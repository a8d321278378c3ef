package search

import (
	"context"
	"errors"
	"slices"

	"github.com/arcflow/arcflow/arc/dsl"
)

// ErrUpstream is the error of a node one of whose arguments failed: the
// node is not evaluated, as its program would have raised earlier.
var ErrUpstream = errors.New("an argument failed")

// Values holds every node's value on one input; Errs[i] is non-nil where
// node i failed.
type Values struct {
	Vals []dsl.Value
	Errs []error
	// Evaluated counts the call nodes actually run (failed upstream nodes
	// are skipped).
	Evaluated int
}

// Output returns candidate c's value and error.
func (v *Values) Output(c Candidate) (dsl.Value, error) {
	return v.Vals[c.Output], v.Errs[c.Output]
}

// DefaultNodeBudget is the work budget of one node on one input. Every
// arc-dsl solver runs whole, on every training example, within 1,000,000
// units (arcflow conform --budget), so twice that is ample for one line,
// while a runaway mutant stops after a few milliseconds.
const DefaultNodeBudget = 2_000_000

// Evaluate computes every node of the population on one input, each at
// most once, in id order. demos is the value of S. A failing node fails
// only its dependents; each node runs under its own budget (nodeBudget, or
// DefaultNodeBudget if ≤ 0). Evaluate only reads the population, so
// several goroutines may evaluate it on different inputs at once. It keeps
// every node's value; EvaluateEach keeps only those still needed.
func (p *Population) Evaluate(ctx context.Context, input, demos dsl.Value, nodeBudget int64) *Values {
	return p.evaluate(ctx, input, demos, nodeBudget, nil)
}

// EvaluateEach evaluates the population as Evaluate does and calls each
// with every candidate's output as soon as it is computed (candidates in
// the order of their output nodes). A node's value is dropped once the
// last node that uses it has run and the candidates it is the output of
// have been handed to each, so that memory holds the values still to be
// used rather than all of them: a node's value is bounded by its budget,
// and a candidate's values by its lines. It returns the number of call
// nodes run.
func (p *Population) EvaluateEach(ctx context.Context, input, demos dsl.Value, nodeBudget int64, each func(c int, out dsl.Value, err error)) int {
	return p.evaluate(ctx, input, demos, nodeBudget, each).Evaluated
}

func (p *Population) evaluate(ctx context.Context, input, demos dsl.Value, nodeBudget int64, each func(int, dsl.Value, error)) *Values {
	if nodeBudget <= 0 {
		nodeBudget = DefaultNodeBudget
	}
	n := len(p.Nodes)
	v := &Values{Vals: make([]dsl.Value, n), Errs: make([]error, n)}
	var (
		lastUse []int32 // the last node that takes node i as callee or argument; -1 for none
		byOut   []int32 // candidates in the order of their output nodes
		next    int     // the first candidate of byOut not yet handed to each
	)
	if each != nil {
		lastUse = make([]int32, n)
		for i := range lastUse {
			lastUse[i] = -1
		}
		for i := range p.Nodes {
			if nd := &p.Nodes[i]; nd.Op == OpCall {
				lastUse[nd.Fn] = int32(i)
				for _, a := range nd.Args {
					lastUse[a] = int32(i)
				}
			}
		}
		byOut = make([]int32, len(p.Candidates))
		for c := range byOut {
			byOut[c] = int32(c)
		}
		slices.SortStableFunc(byOut, func(a, b int32) int {
			return int(p.Candidates[a].Output) - int(p.Candidates[b].Output)
		})
	}
	// emit hands on the candidates whose output is node i, then drops the
	// values that no later node needs.
	emit := func(i int) {
		for next < len(byOut) && int(p.Candidates[byOut[next]].Output) <= i {
			c := p.Candidates[byOut[next]]
			each(int(byOut[next]), v.Vals[c.Output], v.Errs[c.Output])
			next++
		}
		nd := &p.Nodes[i]
		if nd.Op != OpCall {
			return
		}
		if lastUse[nd.Fn] == int32(i) {
			v.Vals[nd.Fn] = nil
		}
		for _, a := range nd.Args {
			if lastUse[a] == int32(i) {
				v.Vals[a] = nil
			}
		}
		if lastUse[i] < 0 {
			v.Vals[i] = nil
		}
	}
	env := dsl.NewEnv(ctx, nodeBudget)
	calls := 0
	for i := range p.Nodes {
		nd := &p.Nodes[i]
		switch nd.Op {
		case OpInput:
			v.Vals[i] = input
		case OpDemos:
			v.Vals[i] = demos
		case OpConst, OpPrim:
			v.Vals[i] = nd.Value
		default:
			// Poll the context before the first call and every 64 after.
			if calls++; calls&63 == 1 {
				if err := ctx.Err(); err != nil {
					for j := i; j < n; j++ {
						v.Errs[j] = err
					}
					if each != nil {
						emit(n - 1)
					}
					return v
				}
			}
			if v.Errs[nd.Fn] != nil || anyFailed(v.Errs, nd.Args) {
				v.Errs[i] = ErrUpstream
			} else {
				env.Reset(ctx)
				v.Vals[i], v.Errs[i] = evalNode(env, nd, v.Vals)
				v.Evaluated++
			}
		}
		if each != nil {
			emit(i)
		}
	}
	return v
}

func anyFailed(errs []error, args []NodeID) bool {
	for _, a := range args {
		if errs[a] != nil {
			return true
		}
	}
	return false
}

// evalNode runs one call, turning a panic into the node's error.
func evalNode(env *dsl.Env, nd *Node, vals []dsl.Value) (out dsl.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, dsl.Recover(r)
		}
	}()
	f := nd.Prim
	if f == nil {
		fv, ok := vals[nd.Fn].(*dsl.Func)
		if !ok {
			return nil, &dsl.Error{Op: "call", Msg: dsl.Kind(vals[nd.Fn]) + " object is not callable"}
		}
		f = fv
	}
	switch len(nd.Args) {
	case 1:
		return f.Call(env, vals[nd.Args[0]]), nil
	case 2:
		return f.Call(env, vals[nd.Args[0]], vals[nd.Args[1]]), nil
	case 3:
		return f.Call(env, vals[nd.Args[0]], vals[nd.Args[1]], vals[nd.Args[2]]), nil
	}
	args := make([]dsl.Value, len(nd.Args))
	for k, a := range nd.Args {
		args[k] = vals[a]
	}
	return f.Call(env, args...), nil
}
