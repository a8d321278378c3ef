package synth

import (
	"context"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/grid"
	"github.com/arcflow/arcflow/arc/program"
)

// recolour finds states that have the outputs' shapes and differ from them
// only by a mapping of colours, the same in every pair, and finishes them
// with that mapping, written as a chain of replace calls. A task that
// recolours by a rule of its own (a palette permuted, colours merged)
// needs this after its transform; the templates' single replace calls
// would need one cost level per colour. Every state is tried, simplest
// first, up to MaxFound programs.
func recolour(ctx context.Context, states []*state, trainOut []*grid.Grid, clk *clock, opts Options) []Found {
	env := dsl.NewEnv(ctx, opts.Budget)
	var found []Found
	for n, s := range states {
		if n&255 == 0 && clk.over() {
			break
		}
		if !shaped(s.vals, trainOut) {
			continue
		}
		m, ok := colourMap(s.vals, trainOut)
		if !ok || !covers(m, s.vals[len(trainOut):]) {
			continue
		}
		e, steps, ok := replaceChain(s.expr, m)
		if !ok || steps == 0 {
			continue
		}
		if !verify(ctx, env, e, states[0].vals, trainOut) {
			continue
		}
		found = append(found, Found{Expr: e, Cost: s.cost + steps, How: "recolour"})
		if len(found) >= opts.MaxFound {
			break
		}
	}
	return found
}

// colourMap returns the mapping of the grids' colours onto the outputs'
// colours, cell by cell, if there is one: each colour of the grids goes to
// one colour only. Colours outside 0…9 have no mapping.
func colourMap(vals []dsl.Grid, trainOut []*grid.Grid) ([10]int8, bool) {
	var m [10]int8
	for c := range m {
		m[c] = -1
	}
	for k, o := range trainOut {
		for i, v := range vals[k].Cells {
			if v < 0 || v > 9 {
				return m, false
			}
			want := o.Cells[i]
			switch m[v] {
			case -1:
				m[v] = want
			case want:
			default:
				return m, false
			}
		}
	}
	return m, true
}

// covers reports whether the mapping says where every colour of the test
// grids goes. A mapping read off the train pairs that meets a colour they
// never showed is a table fitted to them, not a rule: on the training
// tasks such programs answered no test input right.
func covers(m [10]int8, test []dsl.Grid) bool {
	for _, g := range test {
		for _, v := range g.Cells {
			if v < 0 || v > 9 || m[v] < 0 {
				return false
			}
		}
	}
	return true
}

// temporaries are the integers of constants.py that no colour is: a cycle
// of colours (3→4, 4→3) passes through one of them.
var temporaries = []struct {
	name  string
	value int8
}{{"NEG_ONE", -1}, {"NEG_TWO", -2}, {"TEN", 10}}

// replaceChain wraps e in replace calls that apply m (-1: no mapping, the
// colour is kept), ordered so that no replaced colour is replaced again:
// a colour is replaced once its target is no longer waiting to be replaced
// itself, and a cycle is broken through a temporary. It returns the number
// of calls added, and false when the cycles need more temporaries than
// there are.
func replaceChain(e *program.Expr, m [10]int8) (*program.Expr, int, bool) {
	type edge struct {
		from, to         int8
		fromName, toName string
	}
	var pending []edge
	for c, to := range m {
		if to >= 0 && int(to) != c {
			pending = append(pending, edge{int8(c), to, colourNames[c], colourNames[to]})
		}
	}
	replace := func(e *program.Expr, from, to string) *program.Expr {
		return call("replace", e, name(from), name(to))
	}
	steps, temps := 0, 0
	for len(pending) > 0 {
		progressed := false
		for i := 0; i < len(pending); i++ {
			p := pending[i]
			blocked := false
			for _, q := range pending {
				if q.from == p.to {
					blocked = true
					break
				}
			}
			if blocked {
				continue
			}
			e = replace(e, p.fromName, p.toName)
			steps++
			pending = append(pending[:i], pending[i+1:]...)
			i--
			progressed = true
		}
		if progressed {
			continue
		}
		// Every pending colour waits on another: a cycle. Move one
		// colour aside to a temporary; it goes to its target last.
		if temps == len(temporaries) {
			return nil, 0, false
		}
		t := temporaries[temps]
		temps++
		p := pending[0]
		e = replace(e, p.fromName, t.name)
		steps++
		pending[0] = edge{t.value, p.to, t.name, p.toName}
	}
	return e, steps, true
}
