package program

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/sample"
)

func TestPrintIsByteStable(t *testing.T) {
	src, err := os.ReadFile("testdata/solvers.py")
	if err != nil {
		t.Fatal(err)
	}
	f, err := ParseString("solvers.py", string(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Programs) != 9 {
		t.Fatalf("%d programs", len(f.Programs))
	}
	if got := f.String(); got != string(src) {
		t.Errorf("print(parse(file)) differs from the file:\n%s", got)
	}
	again, err := ParseString("printed", f.String())
	if err != nil || again.String() != f.String() {
		t.Errorf("reparse: %v", err)
	}
}

func TestSyntaxErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		{"def solve_a(I):\n    O = vmirror(I)\n", ":2: function solve_a has no return"},
		{"def solve_a(I):\n    O = vmirror(x1)\n    return O\n", ":2: undefined name \"x1\""},
		{"def solve_a(I):\n    O = frobnicate(I)\n    return O\n", ":2: frobnicate is not a primitive"},
		{"def solve_a(I):\n    x1 = vmirror(I)\n    x1 = hmirror(I)\n    return x1\n", ":3: x1 is assigned twice"},
		{"def solve_a(I):\n    O = vmirror(I\n    return O\n", ":2: expected a call"},
		{"def solve_a(I):\n    O = vmirror(hmirror(I))\n    return O\n", ":2: bad argument"},
		{"def solve_a(X):\n    return X\n", ":1: expected `def <name>(I):`"},
		{"def solve_a(I):\n    return O\n", ":2: return of undefined name"},
		{"def solve_a(I):\n    O = vmirror(I)\n    return O\n    x = hmirror(I)\n", ":4: statement after return"},
		{"def solve_a(I):\n    ONE = vmirror(I)\n    return ONE\n", "shadows a DSL name"},
	}
	for _, c := range cases {
		_, err := ParseString("f.py", c.src)
		var se *SyntaxError
		if !errors.As(err, &se) || !strings.Contains(err.Error(), "f.py"+c.want) && !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %q", c.src, err, c.want)
		}
	}
}

func TestCompileErrors(t *testing.T) {
	p := &Program{Name: "solve_x", Lines: []Line{{Var: "O", Fn: "vmirror", Args: []string{"I", "I"}}}, Result: "O"}
	if _, err := Compile(p); err == nil || !strings.Contains(err.Error(), "takes 1 arguments, 2 given") {
		t.Errorf("arity: %v", err)
	}
}

// TestRunOnSample runs the hand-written solvers of testdata on their
// embedded tasks: every example must come out right.
func TestRunOnSample(t *testing.T) {
	f, err := ParseFile("testdata/solvers.py")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range f.Programs {
		tk, err := sample.Task(p.TaskID())
		if err != nil {
			t.Fatal(err)
		}
		c := MustCompile(p)
		for k, ex := range tk.Examples() {
			out, err := c.RunOnce(context.Background(), 0, ex.Input)
			if err != nil {
				t.Errorf("%s example %d: %v", p.Name, k, err)
				continue
			}
			if !dsl.Equal(out, ex.Output) {
				t.Errorf("%s example %d: got %s, want %s", p.Name, k, dsl.String(out), ex.Output)
			}
		}
	}
}

func mustParseOne(t *testing.T, src string) *Compiled {
	t.Helper()
	f, err := ParseString("t.py", src)
	if err != nil {
		t.Fatal(err)
	}
	return MustCompile(f.Programs[0])
}

func TestBudgetStopsPathologicalProgram(t *testing.T) {
	c := mustParseOne(t, `def solve_boom(I):
    x1 = rbind(upscale, TWO)
    x2 = power(x1, TEN)
    O = x2(I)
    return O
`)
	tk, _ := sample.Task("67a3c6ac")
	start := time.Now()
	_, err := c.RunOnce(context.Background(), 1_000_000, tk.Train[0].Input)
	if !errors.Is(err, dsl.ErrBudget) {
		t.Fatalf("want a budget error, got %v", err)
	}
	var re *RunError
	if !errors.As(err, &re) || re.Var != "O" {
		t.Errorf("error %v does not name the failing line", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v to run out of budget", d)
	}
}

func TestDeadlineStopsProgram(t *testing.T) {
	c := mustParseOne(t, `def solve_slow(I):
    x1 = rbind(upscale, ONE)
    x2 = power(x1, NINE)
    x3 = power(x2, NINE)
    x4 = power(x3, NINE)
    x5 = power(x4, NINE)
    x6 = power(x5, NINE)
    x7 = power(x6, NINE)
    x8 = power(x7, NINE)
    O = x8(I)
    return O
`)
	tk, _ := sample.Task("67a3c6ac")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := c.RunOnce(ctx, 1<<62, tk.Train[0].Input)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want the deadline to stop the run, got %v", err)
	}
}

func TestPanicIsTheProgramsError(t *testing.T) {
	c := mustParseOne(t, `def solve_bad(I):
    x1 = first(I)
    x2 = first(x1)
    O = first(x2)
    return O
`)
	tk, _ := sample.Task("67a3c6ac")
	_, err := c.RunOnce(context.Background(), 0, tk.Train[0].Input)
	var re *RunError
	if !errors.As(err, &re) || re.Var != "O" {
		t.Fatalf("want a RunError on O, got %v", err)
	}
}
