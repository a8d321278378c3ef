package search

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/program"
)

// mutSolvers exercise every kind of mutation: colours and small integers,
// vectors and booleans, primitives as values and variables as callees.
const mutSolvers = `def solve_flip(I):
    x1 = vmirror(I)
    x2 = hmirror(I)
    x3 = hconcat(x1, x2)
    O = replace(x3, ZERO, FIVE)
    return O


def solve_objs(I):
    x1 = objects(I, T, F, T)
    x2 = argmax(x1, size)
    x3 = shift(x2, DOWN)
    x4 = fill(I, TWO, x3)
    O = upscale(x4, TWO)
    return O


def solve_fn(I):
    x1 = compose(vmirror, hmirror)
    x2 = x1(I)
    x3 = lbind(colorcount, I)
    x4 = x3(ONE)
    x5 = astuple(x4, x4)
    O = canvas(x4, x5)
    return O
`

func mutPrograms(t testing.TB, src string) []*program.Program {
	t.Helper()
	f, err := program.ParseString("mutate_test.py", src)
	if err != nil {
		t.Fatal(err)
	}
	return f.Programs
}

// mutTexts makes n mutants of progs in turn and returns their texts.
func mutTexts(t *testing.T, m *Mutator, progs []*program.Program, n int) []string {
	t.Helper()
	out := make([]string, 0, n)
	for i := range n {
		c := m.Mutate(progs[i%len(progs)])
		if c == nil {
			t.Fatalf("no mutant of %s", progs[i%len(progs)].Name)
		}
		out = append(out, c.String())
	}
	return out
}

func TestMutateDeterministic(t *testing.T) {
	progs := mutPrograms(t, mutSolvers)
	for _, r := range []Rates{DefaultRates(), {Swap: 0.3, Rewire: 0.3, Constant: 0.3}} {
		a := strings.Join(mutTexts(t, NewMutator(7, r), progs, 200), "\n")
		b := strings.Join(mutTexts(t, NewMutator(7, r), progs, 200), "\n")
		if a != b {
			t.Errorf("rates %+v: seed 7 gave different mutants on two runs", r)
		}
		if c := strings.Join(mutTexts(t, NewMutator(8, r), progs, 200), "\n"); c == a {
			t.Errorf("rates %+v: seeds 7 and 8 gave the same mutants", r)
		}
	}
}

func TestMutateWellFormed(t *testing.T) {
	progs := mutPrograms(t, mutSolvers)
	before := make([]string, len(progs))
	for i, p := range progs {
		before[i] = p.String()
	}
	for _, r := range []Rates{DefaultRates(), {Swap: 1, Rewire: 1, Constant: 1}, {Swap: 0.2, Rewire: 0.5, Constant: 0.1}} {
		m := NewMutator(1, r)
		for i := range 300 {
			p := progs[i%len(progs)]
			c := m.Mutate(p)
			if c == nil {
				t.Fatalf("rates %+v: no mutant of %s", r, p.Name)
			}
			text := c.String()
			f, err := program.ParseString("mutant.py", text)
			if err != nil {
				t.Fatalf("rates %+v: mutant does not parse: %v\n%s", r, err, text)
			}
			if _, err := program.Compile(f.Programs[0]); err != nil {
				t.Fatalf("rates %+v: mutant does not compile: %v\n%s", r, err, text)
			}
			if len(c.Lines) != len(p.Lines) || c.Result != p.Result {
				t.Fatalf("shape changed:\n%s\n%s", p, c)
			}
			same := true
			for k, l := range c.Lines {
				pl := p.Lines[k]
				if l.Var != pl.Var || len(l.Args) != len(pl.Args) {
					t.Fatalf("line %d changed shape:\n%s\n%s", k, p, c)
				}
				same = same && l.Fn == pl.Fn && slices.Equal(l.Args, pl.Args)
			}
			if same {
				t.Fatalf("rates %+v: mutant equals its parent:\n%s", r, c)
			}
			if !strings.HasPrefix(c.Name, p.Name+"_m") {
				t.Errorf("mutant of %s named %s", p.Name, c.Name)
			}
		}
	}
	for i, p := range progs {
		if p.String() != before[i] {
			t.Errorf("Mutate modified its argument:\n%s", p)
		}
	}
}

// mutChange is one difference between a program and its mutant.
type mutChange struct {
	kind     mutKind
	line     int
	arg      int // -1 for the callee
	old, new string
}

// mutDiff classifies the differences of c from p by what p had there.
func mutDiff(p, c *program.Program) []mutChange {
	mu := newMutant(p)
	var out []mutChange
	for i, l := range p.Lines {
		cl := c.Lines[i]
		if cl.Fn != l.Fn {
			k := mutSwap
			if mu.isVar(l.Fn, i) {
				k = mutRewire
			}
			out = append(out, mutChange{k, i, -1, l.Fn, cl.Fn})
		}
		for k, a := range l.Args {
			if cl.Args[k] == a {
				continue
			}
			kind := mutConstant
			if a == program.Input || mu.isVar(a, i) {
				kind = mutRewire
			}
			out = append(out, mutChange{kind, i, k, a, cl.Args[k]})
		}
	}
	return out
}

func TestMutateKinds(t *testing.T) {
	progs := mutPrograms(t, mutSolvers)
	kinds := []struct {
		name  string
		kind  mutKind
		rates Rates
	}{
		{"swap", mutSwap, Rates{Swap: 1}},
		{"rewire", mutRewire, Rates{Rewire: 1}},
		{"constant", mutConstant, Rates{Constant: 1}},
	}
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			m := NewMutator(3, k.rates)
			const n = 150
			changes := 0
			for i := range n {
				p := progs[i%len(progs)]
				c := m.Mutate(p)
				for _, d := range mutDiff(p, c) {
					if d.kind != k.kind {
						t.Fatalf("rates %+v made a change of kind %d at line %d: %s → %s", k.rates, d.kind, d.line, d.old, d.new)
					}
					changes++
				}
			}
			// At rate 1 every opportunity with a choice is taken: well
			// over the one change forced per mutant.
			if changes < 2*n {
				t.Errorf("%d changes in %d mutants at rate 1", changes, n)
			}
		})
	}
}

func TestMutateSwapCompatible(t *testing.T) {
	progs := mutPrograms(t, `def solve_v(I):
    O = vmirror(I)
    return O
`)
	m := NewMutator(11, Rates{Swap: 1})
	seen := map[string]bool{}
	for range 200 {
		c := m.Mutate(progs[0])
		fn := c.Lines[0].Fn
		s, ok := dsl.SignatureOf(fn)
		if !ok || s.Arity() != 1 || !Accepts(s.Params[0].Type, dsl.GridType) {
			t.Fatalf("vmirror(I) swapped for %s", fn)
		}
		// The result must be able to be a grid: Grid, a union holding
		// Grid (Piece, Tuple, …) or Any; never an Integer or an Object.
		if !Accepts(dsl.GridType, s.Returns) {
			t.Fatalf("vmirror(I) as the result swapped for %s, returning %s", fn, s.Returns)
		}
		seen[fn] = true
	}
	if seen["size"] || seen["vmirror"] {
		t.Errorf("swapped for size or for itself: %v", seen)
	}
	for _, want := range []string{"hmirror", "dmirror", "rot90"} {
		if !seen[want] {
			t.Errorf("%s never chosen in 200 swaps; chose %v", want, seen)
		}
	}
}

func TestMutateConstantClasses(t *testing.T) {
	progs := mutPrograms(t, mutSolvers)
	isIn := func(class []string, name string) bool { return slices.Contains(class, name) }
	m := NewMutator(5, Rates{Constant: 1})
	for i := range 300 {
		p := progs[i%len(progs)]
		c := m.Mutate(p)
		for _, d := range mutDiff(p, c) {
			var ok bool
			switch {
			case d.old == "ZERO" || d.old == "FIVE" || d.old == "TWO" && d.line == 3:
				ok = isIn(colorConsts, d.new) // replace's and fill's colours
			case d.old == "TWO" || d.old == "ONE":
				ok = isIn(intConsts, d.new) // upscale's factor; a called variable's argument
			case d.old == "T" || d.old == "F":
				ok = isIn(boolConsts, d.new)
			case d.old == "DOWN":
				ok = isIn(vectorConsts, d.new)
			default: // a primitive as a value
				olds, _ := dsl.SignatureOf(d.old)
				news, found := dsl.SignatureOf(d.new)
				ok = found && news.Arity() == olds.Arity()
			}
			if !ok {
				t.Fatalf("%s: line %d: %s replaced by %s", p.Name, d.line, d.old, d.new)
			}
		}
	}
	if len(colorConsts) != 10 || len(intConsts) != 13 || len(vectorConsts) != 13 || len(boolConsts) != 2 {
		t.Errorf("classes: %d colours, %d integers, %d vectors, %d booleans", len(colorConsts), len(intConsts), len(vectorConsts), len(boolConsts))
	}
}

func TestMutateNothingToDo(t *testing.T) {
	progs := mutPrograms(t, mutSolvers+`

def solve_id(I):
    return I
`)
	if c := NewMutator(1, DefaultRates()).Mutate(progs[3]); c != nil {
		t.Errorf("mutant of a program without lines:\n%s", c)
	}
	if c := NewMutator(1, Rates{}).Mutate(progs[0]); c != nil {
		t.Errorf("mutant with every rate 0:\n%s", c)
	}
	// Only solve_flip's later lines have an earlier value to rewire to.
	if c := NewMutator(1, Rates{Rewire: 1}).Mutate(progs[0]); c == nil || c.Lines[0].Args[0] != "I" {
		t.Fatalf("rewire of solve_flip:\n%s", c)
	}
}

func TestMutateBaseName(t *testing.T) {
	for in, want := range map[string]string{
		"solve_x": "solve_x", "solve_x_m3": "solve_x", "solve_x_m": "solve_x_m",
		"solve_x_mz": "solve_x_mz", "solve_x_m3_m12": "solve_x_m3",
	} {
		if got := baseName(in); got != want {
			t.Errorf("baseName(%q) = %q, want %q", in, got, want)
		}
	}
}

func mutGrow(t *testing.T, seed uint64) *Population {
	t.Helper()
	pop := NewPopulation()
	var ids []int
	for _, p := range mutPrograms(t, mutSolvers) {
		id, _, err := pop.Add(p, "seed", -1)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if got := NewMutator(seed, DefaultRates()).Grow(pop, ids, 40, ""); got != 40 {
		t.Fatalf("Grow added %d of 40", got)
	}
	return pop
}

func TestGrow(t *testing.T) {
	pop := mutGrow(t, 9)
	if len(pop.Candidates) != 43 {
		t.Fatalf("%d candidates, want 43", len(pop.Candidates))
	}
	canon := map[string]int{}
	for _, c := range pop.Candidates {
		text := program.Canonical(c.Program)
		if j, dup := canon[text]; dup {
			t.Errorf("candidates %d and %d are the same program %s", j, c.ID, text)
		}
		canon[text] = c.ID
		if c.ID < 3 {
			continue
		}
		if c.Parent < 0 || c.Parent > 2 || c.Origin != "mutant" {
			t.Errorf("candidate %d: parent %d, origin %q", c.ID, c.Parent, c.Origin)
		}
		parent := pop.Candidates[c.Parent].Program
		if !strings.HasPrefix(c.Program.Name, parent.Name+"_m") {
			t.Errorf("candidate %d named %s, its parent %s", c.ID, c.Program.Name, parent.Name)
		}
	}
	// The same seed grows the same population, byte for byte.
	again := mutGrow(t, 9)
	for i, c := range pop.Candidates {
		if a, b := c.Program.String(), again.Candidates[i].Program.String(); a != b || c.Parent != again.Candidates[i].Parent {
			t.Fatalf("candidate %d differs between runs:\n%s\n%s", i, a, b)
		}
	}
}

func TestGrowGivesUp(t *testing.T) {
	pop := NewPopulation()
	id, _, err := pop.Add(mutPrograms(t, "def solve_v(I):\n    O = vmirror(I)\n    return O\n")[0], "seed", -1)
	if err != nil {
		t.Fatal(err)
	}
	// Rewiring vmirror(I) has no other value to take: nothing to add.
	if got := NewMutator(1, Rates{Rewire: 1}).Grow(pop, []int{id}, 5, "mutant"); got != 0 {
		t.Errorf("Grow added %d", got)
	}
	// Swaps of one unary call: there are only so many, and Grow stops.
	got := NewMutator(1, Rates{Swap: 1}).Grow(pop, []int{id}, 1000, "mutant")
	if got == 0 || got >= 1000 || len(pop.Candidates) != got+1 {
		t.Errorf("Grow added %d swaps of vmirror, population %d", got, len(pop.Candidates))
	}
}

func ExampleMutator_Mutate() {
	f, _ := program.ParseString("example.py", `def solve_67a3c6ac(I):
    x1 = vmirror(I)
    O = replace(x1, ZERO, FIVE)
    return O
`)
	// At the default rates of about 1%, each mutant makes the one change
	// Mutate forces: here a rewire, a swap and a colour substitution.
	m := NewMutator(42, DefaultRates())
	for range 3 {
		fmt.Print(m.Mutate(f.Programs[0]))
	}
	// Output:
	// def solve_67a3c6ac_m1(I):
	//     x1 = vmirror(I)
	//     O = replace(I, ZERO, FIVE)
	//     return O
	// def solve_67a3c6ac_m2(I):
	//     x1 = identity(I)
	//     O = replace(x1, ZERO, FIVE)
	//     return O
	// def solve_67a3c6ac_m3(I):
	//     x1 = vmirror(I)
	//     O = replace(x1, NINE, FIVE)
	//     return O
}
