package search

import (
	"context"
	"errors"
	"testing"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/arc/sample"
)

func mustFile(t testing.TB, src string) *program.File {
	t.Helper()
	f, err := program.ParseString("test.py", src)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

const twoSolvers = `def solve_a(I):
    x1 = vmirror(I)
    x2 = hmirror(I)
    O = hconcat(x1, x2)
    return O


def solve_b(I):
    y = vmirror(I)
    z = hmirror(y)
    dead = rot90(I)
    O = hconcat(y, z)
    return O


def solve_c(I):
    x1 = hmirror(I)
    x2 = vmirror(I)
    O = hconcat(x2, x1)
    return O


def solve_bad(I):
    x1 = first(I)
    x2 = first(x1)
    x3 = first(x2)
    O = vmirror(x3)
    return O
`

func TestPopulationSharesNodes(t *testing.T) {
	p := NewPopulation()
	for _, prog := range mustFile(t, twoSolvers).Programs {
		if _, _, err := p.Add(prog, "seed", -1); err != nil {
			t.Fatal(err)
		}
	}
	// solve_c is solve_a with its lines swapped: one candidate.
	if len(p.Candidates) != 3 {
		t.Fatalf("%d candidates, want 3", len(p.Candidates))
	}
	// Calls: vmirror(I), hmirror(I), hconcat(a), hmirror(vmirror(I)),
	// hconcat(b), first, first, first, vmirror(x3): the dead rot90 is sliced.
	if got := p.Calls(); got != 9 {
		t.Errorf("%d call nodes, want 9", got)
	}
	if got := p.Unshared(); got != 10 {
		t.Errorf("unshared %d, want 10", got)
	}
	if r := p.SharingRatio(); r <= 1 {
		t.Errorf("sharing ratio %v", r)
	}
}

func TestEvaluate(t *testing.T) {
	p := NewPopulation()
	for _, prog := range mustFile(t, twoSolvers).Programs {
		p.Add(prog, "seed", -1)
	}
	tk, err := sample.Task("67a3c6ac")
	if err != nil {
		t.Fatal(err)
	}
	in := tk.Train[0].Input
	v := p.Evaluate(context.Background(), in, nil, 0)
	for _, c := range p.Candidates[:2] {
		out, err := v.Output(c)
		if err != nil {
			t.Fatalf("%s: %v", c.Program.Name, err)
		}
		// The DAG gives what the program gives when it runs alone.
		want, err := program.MustCompile(c.Program).RunOnce(context.Background(), 0, in)
		if err != nil || !dsl.Equal(out, want) {
			t.Errorf("%s: DAG %s, alone %s (%v)", c.Program.Name, dsl.String(out), dsl.String(want), err)
		}
	}
	if _, err := v.Output(p.Candidates[2]); err == nil {
		t.Errorf("solve_bad succeeded")
	} else if !errors.Is(err, ErrUpstream) {
		t.Errorf("solve_bad's output should fail upstream, got %v", err)
	}
	if v.Evaluated != 8 {
		t.Errorf("evaluated %d nodes, want 8 (the last first() fails, its dependent is skipped)", v.Evaluated)
	}
}

func TestAddRejectsBadProgramCleanly(t *testing.T) {
	p := NewPopulation()
	before := len(p.Nodes)
	bad := &program.Program{Name: "x", Lines: []program.Line{
		{Var: "x1", Fn: "vmirror", Args: []string{"I"}},
		{Var: "O", Fn: "hconcat", Args: []string{"x1"}},
	}, Result: "O"}
	if _, _, err := p.Add(bad, "seed", -1); err == nil {
		t.Fatal("wrong arity accepted")
	}
	if len(p.Nodes) != before || len(p.index) != before {
		t.Errorf("a rejected program left %d nodes", len(p.Nodes)-before)
	}
}

func TestEvaluateCancelled(t *testing.T) {
	p := NewPopulation()
	for _, prog := range mustFile(t, twoSolvers).Programs {
		p.Add(prog, "seed", -1)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	tk, _ := sample.Task("67a3c6ac")
	v := p.Evaluate(ctx, tk.Train[0].Input, nil, 0)
	if _, err := v.Output(p.Candidates[0]); !errors.Is(err, context.Canceled) {
		t.Errorf("want cancellation, got %v", err)
	}
}

func TestCloneIsIndependent(t *testing.T) {
	p := NewPopulation()
	f := mustFile(t, twoSolvers)
	p.Add(f.Programs[0], "seed", -1)
	q := p.Clone()
	if _, added, _ := q.Add(f.Programs[1], "seed", -1); !added {
		t.Fatal("clone refused a new program")
	}
	if len(p.Candidates) != 1 || len(q.Candidates) != 2 || len(p.Nodes) >= len(q.Nodes) {
		t.Errorf("clone shares growth: %d/%d candidates", len(p.Candidates), len(q.Candidates))
	}
	if _, added, _ := q.Add(f.Programs[0], "seed", -1); added {
		t.Error("clone forgot the original's programs")
	}
}

// TestEvaluateEachMatchesEvaluate: handing each output on as soon as it is
// computed, and dropping values as soon as they are used up, gives every
// candidate the output and error Evaluate gives it, exactly once, and
// keeps no value no later node or candidate needs.
func TestEvaluateEachMatchesEvaluate(t *testing.T) {
	p := NewPopulation()
	var parents []int
	for _, prog := range DefaultSeeds().Programs {
		if id, ok, err := p.Add(prog, "seed", -1); err == nil && ok {
			parents = append(parents, id)
		}
	}
	NewMutator(3, DefaultRates()).Grow(p, parents, 150, "mutant")
	for _, prog := range mustFile(t, twoSolvers).Programs {
		p.Add(prog, "seed", -1)
	}
	p.Add(mustFile(t, "def solve_id(I):\n    return I\n").Programs[0], "seed", -1)
	for _, id := range []string{"67a3c6ac", "1e32b0e9", "d511f180"} {
		tk, _ := sample.Task(id)
		in := tk.Train[0].Input
		all := p.Evaluate(context.Background(), in, nil, 0)
		seen := make([]int, len(p.Candidates))
		n := p.EvaluateEach(context.Background(), in, nil, 0, func(c int, out dsl.Value, err error) {
			seen[c]++
			want, wantErr := all.Output(p.Candidates[c])
			if (err == nil) != (wantErr == nil) || err == nil && !dsl.Equal(out, want) {
				t.Errorf("%s: candidate %d: %s (%v), Evaluate gives %s (%v)", id, c, dsl.String(out), err, dsl.String(want), wantErr)
			}
		})
		if n != all.Evaluated {
			t.Errorf("%s: %d nodes run, Evaluate runs %d", id, n, all.Evaluated)
		}
		for c, k := range seen {
			if k != 1 {
				t.Errorf("%s: candidate %d handed on %d times", id, c, k)
			}
		}
	}
	// A cancelled evaluation still hands every candidate on, with the
	// context's error.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	tk, _ := sample.Task("67a3c6ac")
	count := 0
	p.EvaluateEach(ctx, tk.Train[0].Input, nil, 0, func(c int, _ dsl.Value, err error) {
		count++
		if p.Candidates[c].Output > 1 && !errors.Is(err, context.Canceled) && p.Nodes[p.Candidates[c].Output].Op == OpCall {
			t.Errorf("candidate %d: %v, want cancellation", c, err)
		}
	})
	if count != len(p.Candidates) {
		t.Errorf("cancelled: %d of %d candidates handed on", count, len(p.Candidates))
	}
}
