package enum

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/grid"
	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/arc/sample"
	"github.com/arcflow/arcflow/arc/search"
	"github.com/arcflow/arcflow/arc/task"
)

func sampleTask(t testing.TB, id string) *task.Task {
	t.Helper()
	tk, err := sample.Task(id)
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

func trainInputs(tk *task.Task) []dsl.Value {
	in := make([]dsl.Value, len(tk.Train))
	for i, p := range tk.Train {
		in[i] = p.Input
	}
	return in
}

// runOn runs a program on one input with the default budget.
func runOn(t testing.TB, p *program.Program, in dsl.Value) (dsl.Value, error) {
	t.Helper()
	c, err := program.Compile(p)
	if err != nil {
		t.Fatalf("%s: %v\n%s", p.Name, err, p)
	}
	return c.RunOnce(context.Background(), search.DefaultNodeBudget, in)
}

// solves reports whether p maps every train input of tk to its output.
func solves(t testing.TB, p *program.Program, tk *task.Task) bool {
	for _, pair := range tk.Train {
		out, err := runOn(t, p, pair.Input)
		if err != nil {
			return false
		}
		if g, ok := out.(dsl.Grid); !ok || !g.Equal(pair.Output) {
			return false
		}
	}
	return true
}

// bounds are generous: the tests' small searches never reach them by
// time, so that their results do not depend on the machine's speed.
func bounds(states int) Options {
	opt := DefaultOptions()
	opt.MaxStates = states
	opt.MaxTime = time.Minute
	return opt
}

func TestRunSolvesSampleTasks(t *testing.T) {
	for _, tc := range []struct{ id, want string }{
		{"67a3c6ac", "vmirror(I)"},
		{"68b16354", "hmirror(I)"},
		{"74dd1130", "dmirror(I)"},
		{"3c9b0459", "rot180(I)"},
		{"a416b8f3", "hconcat(I, I)"},
	} {
		t.Run(tc.id, func(t *testing.T) {
			tk := sampleTask(t, tc.id)
			progs, st := Run(context.Background(), trainInputs(tk), bounds(DefaultOptions().MaxStates))
			var found []string
			for _, p := range progs {
				if solves(t, p, tk) {
					found = append(found, program.Canonical(p))
				}
			}
			t.Logf("%d programs, stats %+v, solutions %q", len(progs), st, found)
			if len(found) == 0 {
				t.Fatalf("no enumerated program solves %s", tc.id)
			}
			// Observational equivalence keeps the first of the equal
			// programs, so the shortest solution is found as such, or as
			// one of equal behaviour on the demonstrations.
			if !slices.Contains(found, tc.want) {
				t.Logf("%s not among the solutions (an equivalent one was kept)", tc.want)
			}
		})
	}
}

func TestRunDeterministic(t *testing.T) {
	tk := sampleTask(t, "6d0aefbc")
	opt := bounds(1500)
	opt.NonGrid = true
	texts := func() []string {
		var out []string
		progs, _ := Run(context.Background(), trainInputs(tk), opt)
		for _, p := range progs {
			out = append(out, p.String())
		}
		return out
	}
	a, b := texts(), texts()
	if len(a) != 1500 {
		t.Fatalf("%d programs, want 1500", len(a))
	}
	if !slices.Equal(a, b) {
		for i := range min(len(a), len(b)) {
			if a[i] != b[i] {
				t.Fatalf("runs differ at program %d:\n%s\n%s", i, a[i], b[i])
			}
		}
		t.Fatalf("runs differ in length: %d, %d", len(a), len(b))
	}
	// The order of the primitives given does not matter.
	opt.Primitives = slices.Clone(opt.Primitives)
	slices.Reverse(opt.Primitives)
	if c := texts(); !slices.Equal(a, c) {
		t.Fatal("reversing the primitives changed the enumeration")
	}
}

// TestRunStatesAreDistinct runs every returned program and checks
// that it computes its state's values, that no two states agree on every
// input and that every state is as deep as its program.
func TestRunStatesAreDistinct(t *testing.T) {
	for _, id := range []string{"6d0aefbc", "25ff71a9", "d10ecb37"} {
		tk := sampleTask(t, id)
		inputs := trainInputs(tk)
		opt := withDefaults(bounds(1200))
		opt.NonGrid = true
		en := newEnumerator(context.Background(), inputs, opt)
		en.run()
		progs := en.programs()
		if len(progs) != len(en.states)-1 {
			t.Fatalf("%s: %d programs for %d states", id, len(progs), len(en.states))
		}
		byHash := map[uint64][]int{}
		higher := 0
		for i, p := range progs {
			st := &en.states[i+1]
			if p.Name != "enum_"+strconv.Itoa(i+1) {
				t.Fatalf("%s: program %d is named %s", id, i, p.Name)
			}
			outs := make([]dsl.Value, len(inputs))
			for k, in := range inputs {
				out, err := runOn(t, p, in)
				if err != nil {
					t.Fatalf("%s: %s fails on input %d: %v", id, program.Canonical(p), k, err)
				}
				if !dsl.Equal(out, st.vals[k]) {
					t.Fatalf("%s: %s gives %s on input %d, its state holds %s", id, program.Canonical(p), dsl.String(out), k, dsl.String(st.vals[k]))
				}
				outs[k] = out
			}
			if depth := exprDepth(program.Inline(p)); depth != int(st.depth) || depth > opt.MaxDepth {
				t.Fatalf("%s: %s has depth %d, its state %d", id, program.Canonical(p), depth, st.depth)
			}
			h := search.HashValues(outs)
			for _, j := range byHash[h] {
				if slices.EqualFunc(outs, en.states[j+1].vals, dsl.Equal) {
					t.Fatalf("%s: %s and %s agree on every input", id, program.Canonical(progs[j]), program.Canonical(p))
				}
			}
			byHash[h] = append(byHash[h], i)
			if en.prims[st.prim].ho != nil {
				higher++
			}
		}
		if higher == 0 {
			t.Errorf("%s: no state calls a higher-order primitive", id)
		}
		t.Logf("%s: %d states, %d of them higher-order calls", id, len(progs), higher)
	}
}

func TestJoinTypes(t *testing.T) {
	g := grid.New(1, 2, []int8{1, 2})
	obj := dsl.Object{{I: 0, J: 0, C: 1}}
	ind := dsl.Indices{{I: 0, J: 0}}
	for _, tc := range []struct {
		vs   []dsl.Value
		want dsl.Type
	}{
		{[]dsl.Value{g, g}, dsl.GridType},
		{[]dsl.Value{g, dsl.Tuple{}}, dsl.TupleType}, // totuple of an empty set
		{[]dsl.Value{dsl.Tuple{}, g}, dsl.TupleType},
		{[]dsl.Value{dsl.Set{}, dsl.MakeSet([]dsl.Value{obj})}, dsl.FrozenSet},
		{[]dsl.Value{obj, ind}, dsl.Patch},
		{[]dsl.Value{obj, ind, dsl.Set{}}, dsl.FrozenSet},
		{[]dsl.Value{1, dsl.Point{I: 1, J: 1}}, dsl.Numerical},
		{[]dsl.Value{g, obj}, dsl.Element},
		{[]dsl.Value{g, ind}, dsl.Piece},
		{[]dsl.Value{1, true}, ""},
		{[]dsl.Value{g, 1}, ""},
	} {
		got, ok := joinTypes(tc.vs)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("join of %v: %q, %v; want %q", tc.vs, got, ok, tc.want)
		}
	}
}

func exprDepth(e *program.Expr) int {
	if !e.IsCall() {
		return 0
	}
	d := 0
	for _, a := range e.Args {
		d = max(d, exprDepth(a))
	}
	return d + 1
}

// TestRunGridsOnly checks that by default only grid-valued states
// are returned, each a grid on every input.
func TestRunGridsOnly(t *testing.T) {
	tk := sampleTask(t, "d10ecb37")
	progs, st := Run(context.Background(), trainInputs(tk), bounds(800))
	if len(progs) == 0 || len(progs) >= st.States {
		t.Fatalf("%d programs of %d states", len(progs), st.States)
	}
	for _, p := range progs {
		for _, pair := range tk.Train {
			out, err := runOn(t, p, pair.Input)
			if _, ok := out.(dsl.Grid); err != nil || !ok {
				t.Fatalf("%s gives %s, %v", program.Canonical(p), dsl.String(out), err)
			}
		}
	}
}

func TestRunBounds(t *testing.T) {
	tk := sampleTask(t, "1f85a75f") // 30×30 inputs: slow calls
	inputs := trainInputs(tk)
	ctx := context.Background()

	t.Run("states", func(t *testing.T) {
		opt := bounds(40)
		opt.NonGrid = true
		progs, st := Run(ctx, inputs, opt)
		if st.States != 40 || len(progs) != 40 || st.Stop != "states" {
			t.Fatalf("%d programs, stats %+v; want 40 states", len(progs), st)
		}
	})
	t.Run("depth", func(t *testing.T) {
		opt := bounds(100_000)
		opt.MaxDepth = 1
		opt.NonGrid = true
		progs, st := Run(ctx, inputs, opt)
		if st.Stop != "done" || st.Depth != 1 || len(progs) == 0 {
			t.Fatalf("stats %+v", st)
		}
		for _, p := range progs {
			if len(p.Lines) != 1 {
				t.Fatalf("%s is deeper than 1", program.Canonical(p))
			}
		}
	})
	t.Run("time", func(t *testing.T) {
		opt := bounds(10_000_000)
		opt.MaxTime = 50 * time.Millisecond
		start := time.Now()
		_, st := Run(ctx, inputs, opt)
		if el := time.Since(start); st.Stop != "time" || el > opt.MaxTime+500*time.Millisecond {
			t.Fatalf("took %v, stats %+v", el, st)
		}
		if st.States == 0 {
			t.Fatalf("nothing found in %v: %+v", opt.MaxTime, st)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		c, cancel := context.WithCancel(ctx)
		cancel()
		progs, st := Run(c, inputs, bounds(1000))
		if len(progs) != 0 || st.Stop != "context" {
			t.Fatalf("%d programs, stats %+v", len(progs), st)
		}
	})
	t.Run("cancelled midway", func(t *testing.T) {
		c, cancel := context.WithCancel(ctx)
		defer cancel()
		time.AfterFunc(30*time.Millisecond, cancel)
		start := time.Now()
		_, st := Run(c, inputs, bounds(10_000_000))
		if el := time.Since(start); st.Stop != "context" || el > 530*time.Millisecond {
			t.Fatalf("took %v, stats %+v", el, st)
		}
	})
	t.Run("no inputs", func(t *testing.T) {
		if progs, _ := Run(ctx, nil, DefaultOptions()); progs != nil {
			t.Fatalf("%d programs from no inputs", len(progs))
		}
	})
}

// TestProductDovetails checks the order of argument tuples: each once,
// by their largest index.
func TestProductDovetails(t *testing.T) {
	lists := [][]atom{{0, 1, 2}, {10}, {20, 21, 22, 23}}
	pr := newProduct(lists)
	seen := map[[3]atom]bool{}
	last := 0
	for pr.next() {
		var tup [3]atom
		m := 0
		for i, l := range lists {
			tup[i] = l[pr.idx[i]]
			m = max(m, pr.idx[i])
		}
		if seen[tup] {
			t.Fatalf("%v twice", tup)
		}
		if m < last {
			t.Fatalf("%v (largest index %d) after a tuple of largest index %d", tup, m, last)
		}
		seen[tup], last = true, m
	}
	if len(seen) != 3*1*4 {
		t.Fatalf("%d tuples, want 12", len(seen))
	}
	if newProduct([][]atom{{1}, {}}) != nil {
		t.Fatal("an empty list gives a product")
	}
}

func ExampleRun() {
	tk, _ := sample.Task("67a3c6ac") // the solution mirrors each grid left to right
	var inputs []dsl.Value
	for _, p := range tk.Train {
		inputs = append(inputs, p.Input)
	}
	progs, _ := Run(context.Background(), inputs, DefaultOptions())
	for _, p := range progs {
		c, _ := program.Compile(p)
		ok := true
		for _, pair := range tk.Train {
			out, err := c.RunOnce(context.Background(), 0, pair.Input)
			if g, isGrid := out.(dsl.Grid); err != nil || !isGrid || !g.Equal(pair.Output) {
				ok = false
				break
			}
		}
		if ok {
			fmt.Println(program.Canonical(p))
			break
		}
	}
	// Output:
	// vmirror(I)
}

// BenchmarkRun enumerates with the default options from the train
// inputs of a few sample tasks, small and large.
func BenchmarkRun(b *testing.B) {
	for _, id := range []string{"67a3c6ac", "d10ecb37", "28e73c20", "1f85a75f"} {
		b.Run(id, func(b *testing.B) {
			inputs := trainInputs(sampleTask(b, id))
			var states, calls int
			for b.Loop() {
				_, st := Run(context.Background(), inputs, DefaultOptions())
				states += st.States
				calls += st.Calls
			}
			sec := b.Elapsed().Seconds()
			b.ReportMetric(float64(states)/sec, "states/s")
			b.ReportMetric(float64(calls)/sec, "calls/s")
		})
	}
}

// TestScaledSizeIsExact calls upscale, hupscale and vupscale on grids and
// objects of a sample task and checks that scaledSize, which refuses
// calls before they are made, gives the size of each output exactly, or
// -1 where it does not know it.
func TestScaledSizeIsExact(t *testing.T) {
	tk := sampleTask(t, "1f85a75f")
	env := dsl.NewEnv(context.Background(), 1<<40)
	prim := func(name string) *dsl.Func {
		f, ok := dsl.Primitive(name)
		if !ok {
			t.Fatalf("no primitive %s", name)
		}
		return f
	}
	call := func(name string, args ...dsl.Value) dsl.Value { return prim(name).Call(env, args...) }
	g := dsl.Value(tk.Train[0].Input)
	obj := call("asobject", g)
	small := call("first", call("order", call("objects", g, true, false, true), prim("size")))
	checked := 0
	for _, name := range []string{"upscale", "hupscale", "vupscale"} {
		f := prim(name)
		for _, x := range []dsl.Value{g, obj, small, dsl.Object{}, call("asindices", g)} {
			for _, fac := range []dsl.Value{-1, 0, 1, 2, 3, 5, true} {
				want := -2
				func() {
					defer func() { recover() }()
					want = size(f.Call(env, x, fac))
				}()
				got := scaledSize(name[0], x, fac)
				if got == -1 {
					continue
				}
				if got != want {
					t.Errorf("%s(%s, %v): scaledSize %d, output's size %d", name, dsl.Kind(x), fac, got, want)
				}
				checked++
			}
		}
	}
	if checked < 30 {
		t.Fatalf("only %d calls had a known size", checked)
	}
}
