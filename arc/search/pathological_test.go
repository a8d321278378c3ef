package search

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/grid"
	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/arc/sample"
)

// pathological are programs that would run for hours or take all memory
// without a budget: upscaling raised to a power, powers nested in powers,
// canvases and ranges of astronomical size, a tuple doubled forty times.
var pathological = map[string]string{
	"upscale_power": `
    x1 = rbind(upscale, TWO)
    x2 = power(x1, TEN)
    O = x2(I)`,
	"deep_power": `
    x1 = rbind(upscale, ONE)
    x2 = power(x1, NINE)
    x3 = power(x2, NINE)
    x4 = power(x3, NINE)
    x5 = power(x4, NINE)
    x6 = power(x5, NINE)
    x7 = power(x6, NINE)
    x8 = power(x7, NINE)
    O = x8(I)`,
	"huge_canvas": `
    x1 = rbind(multiply, TEN)
    x2 = power(x1, SIX)
    x3 = x2(TEN)
    x4 = astuple(x3, x3)
    O = canvas(ZERO, x4)`,
	"huge_upscale": `
    x1 = rbind(multiply, TEN)
    x2 = power(x1, FIVE)
    x3 = x2(TEN)
    O = upscale(I, x3)`,
	"huge_interval": `
    x1 = rbind(multiply, TEN)
    x2 = power(x1, EIGHT)
    x3 = x2(TEN)
    x4 = interval(ZERO, x3, ONE)
    O = size(x4)`,
	"hupscale_power": `
    x1 = rbind(hupscale, THREE)
    x2 = power(x1, TEN)
    x3 = power(x2, TEN)
    O = x3(I)`,
}

// doubling returns a program that concatenates a grid with itself n times
// over, so that its value doubles at every line; each line is cheap until
// the last ones, and the program's text, once inlined, doubles too.
func doubling(n int) string {
	var b strings.Builder
	b.WriteString("\n    x1 = hconcat(I, I)")
	for k := 2; k <= n; k++ {
		fmt.Fprintf(&b, "\n    x%d = vconcat(x%d, x%d)", k, k-1, k-1)
	}
	fmt.Fprintf(&b, "\n    O = identity(x%d)", n)
	return b.String()
}

// TestPathologicalPopulation evaluates a population of runaway programs,
// beside sound ones that share their nodes, on real inputs: every runaway
// candidate ends with a budget error, not a crash, the whole evaluation
// takes milliseconds per node, the sound candidates still get their
// outputs, and the memory the evaluation allocates and keeps is bounded
// by the per-node budget.
func TestPathologicalPopulation(t *testing.T) {
	progs := map[string]string{}
	for name, body := range pathological {
		progs[name] = body
	}
	progs["doubling_14"] = doubling(14) // within MaxCanonicalLen: evaluated
	progs["sound_mirror"] = "\n    x1 = rbind(upscale, TWO)\n    x2 = vmirror(I)\n    O = x1(x2)"
	var src strings.Builder
	for name, body := range progs {
		fmt.Fprintf(&src, "def solve_%s(I):%s\n    return O\n\n\n", name, body)
	}
	f, err := program.ParseString("pathological.py", src.String())
	if err != nil {
		t.Fatal(err)
	}
	pop := NewPopulation()
	ids := map[string]int{}
	for _, p := range f.Programs {
		id, added, err := pop.Add(p, "test", -1)
		if err != nil || !added {
			t.Fatalf("%s: added %v, %v", p.Name, added, err)
		}
		ids[strings.TrimPrefix(p.Name, "solve_")] = id
	}
	// A program whose key alone would take gigabytes is refused whole.
	long, err := program.ParseString("long.py", "def solve_doubling_40(I):"+doubling(40)+"\n    return O\n")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := pop.Add(long.Programs[0], "test", -1); err == nil || !strings.Contains(err.Error(), "canonical text") {
		t.Errorf("a program with a 2^40-byte canonical text: %v", err)
	}

	tk, _ := sample.Task("007bbfb7")  // 3×3 inputs
	big, _ := sample.Task("1e32b0e9") // 17×17 inputs
	for _, in := range []dsl.Value{tk.Train[0].Input, big.Train[0].Input} {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		vals := pop.Evaluate(context.Background(), in, nil, DefaultNodeBudget)
		took := time.Since(start)
		runtime.ReadMemStats(&after)
		allocated := after.TotalAlloc - before.TotalAlloc
		runtime.GC()
		runtime.ReadMemStats(&after)
		kept := int64(after.HeapAlloc) - int64(before.HeapAlloc)
		runtime.KeepAlive(vals)
		g := in.(*grid.Grid)
		t.Logf("%d call nodes on a %dx%d input: %v, %d evaluated, %.1f MB allocated, %.1f MB kept",
			pop.Calls(), g.H, g.W, took.Round(time.Millisecond), vals.Evaluated, float64(allocated)/1e6, float64(kept)/1e6)
		for name := range progs {
			c := pop.Candidates[ids[name]]
			out, _ := vals.Output(c)
			err := cause(pop, vals, c.Output)
			switch {
			case name == "sound_mirror":
				if err != nil || out == nil {
					t.Errorf("%s: %v", name, err)
				}
			case name == "doubling_14":
				// 2^13 copies of the input: within the budget for a small
				// input, not for a large one.
				if err != nil && !errors.Is(err, dsl.ErrBudget) {
					t.Errorf("%s: want an output or a budget error, got %v", name, err)
				}
			default:
				if !errors.Is(err, dsl.ErrBudget) {
					t.Errorf("%s: want a budget error, got %v (%v)", name, err, out)
				}
			}
		}
		// Each runaway node stops after DefaultNodeBudget units of work, a
		// few milliseconds; allow for the race detector and a loaded machine.
		if took > 20*time.Second {
			t.Errorf("evaluation took %v", took)
		}
		// A unit of work is a cell or an element: a few bytes. Every call
		// node may allocate up to its budget, and the values kept are what
		// the nodes returned.
		perNode := uint64(64 * DefaultNodeBudget)
		if limit := uint64(pop.Calls()) * perNode; allocated > limit {
			t.Errorf("allocated %d bytes, over %d for %d call nodes", allocated, limit, pop.Calls())
		}
		if kept > 256<<20 {
			t.Errorf("evaluation keeps %d MB", kept>>20)
		}
	}
}

// cause follows a failed node's failed arguments back to the node whose
// own call failed, and returns that error.
func cause(p *Population, v *Values, id NodeID) error {
	for errors.Is(v.Errs[id], ErrUpstream) {
		nd := p.Nodes[id]
		next := nd.Fn
		if v.Errs[next] == nil {
			for _, a := range nd.Args {
				if v.Errs[a] != nil {
					next = a
					break
				}
			}
		}
		id = next
	}
	return v.Errs[id]
}
