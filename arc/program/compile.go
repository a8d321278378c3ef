package program

import (
	"context"
	"fmt"
	"time"

	"github.com/arcflow/arcflow/arc/dsl"
)

// Compiled is a program resolved to a slot machine: slot 0 holds the input
// and slot k+1 the value of line k. Arguments are slot numbers or values
// fixed at compile time, so a run looks no name up. A Compiled is immutable
// and safe for concurrent runs.
type Compiled struct {
	name   string
	steps  []step
	result int // slot of the returned value
}

type step struct {
	line   int       // index of the source line, for errors
	name   string    // the variable assigned, for errors
	prim   *dsl.Func // the callee when it is a primitive
	fnSlot int       // the callee's slot when it is a variable
	args   []operand
}

type operand struct {
	slot int // ≥ 0: read this slot; -1: use val
	val  dsl.Value
}

// Compile resolves every name of p. It reports an unknown name, and a call
// of a primitive with the wrong number of arguments, which Python would
// only report when the line runs.
func Compile(p *Program) (*Compiled, error) {
	// Sized for every line at once: grown from the small map's eight
	// slots, the maps of arc-dsl's 400 solvers were a fifth of their
	// compile time.
	slots := make(map[string]int, len(p.Lines)+1)
	slots[Input] = 0
	c := &Compiled{name: p.Name, steps: make([]step, len(p.Lines))}
	for k, l := range p.Lines {
		s := step{line: k, name: l.Var, fnSlot: -1, args: make([]operand, len(l.Args))}
		if slot, ok := slots[l.Fn]; ok {
			s.fnSlot = slot
		} else if f, ok := dsl.Primitive(l.Fn); ok {
			if f.Arity != len(l.Args) {
				return nil, fmt.Errorf("%s: %s: %s takes %d arguments, %d given", p.Name, l.Var, l.Fn, f.Arity, len(l.Args))
			}
			s.prim = f
		} else {
			return nil, fmt.Errorf("%s: %s: unknown function %q", p.Name, l.Var, l.Fn)
		}
		for i, a := range l.Args {
			op, err := resolveOperand(a, slots)
			if err != nil {
				return nil, fmt.Errorf("%s: %s: %v", p.Name, l.Var, err)
			}
			s.args[i] = op
		}
		if _, dup := slots[l.Var]; dup {
			return nil, fmt.Errorf("%s: %s is assigned twice", p.Name, l.Var)
		}
		slots[l.Var] = k + 1
		c.steps[k] = s
	}
	res, ok := slots[p.Result]
	if !ok {
		return nil, fmt.Errorf("%s: returns undefined name %q", p.Name, p.Result)
	}
	c.result = res
	return c, nil
}

func resolveOperand(name string, slots map[string]int) (operand, error) {
	if s, ok := slots[name]; ok {
		return operand{slot: s}, nil
	}
	if v, ok := dsl.Constant(name); ok {
		return operand{slot: -1, val: v}, nil
	}
	if f, ok := dsl.Primitive(name); ok {
		return operand{slot: -1, val: f}, nil
	}
	return operand{}, fmt.Errorf("undefined name %q", name)
}

// MustCompile is Compile for programs known to be valid, such as literals
// in tests.
func MustCompile(p *Program) *Compiled {
	c, err := Compile(p)
	if err != nil {
		panic(err)
	}
	return c
}

// Name returns the compiled program's function name.
func (c *Compiled) Name() string { return c.name }

// RunError is the failure of one line of a program.
type RunError struct {
	Program string
	Var     string // the variable whose line failed
	Err     error
}

func (e *RunError) Error() string { return fmt.Sprintf("%s: %s: %v", e.Program, e.Var, e.Err) }
func (e *RunError) Unwrap() error { return e.Err }

// Run runs the program on input within env's budget. Every line runs, as
// in Python, even those the result does not depend on. A panic inside a
// primitive, or an exhausted budget, is returned as a *RunError.
func (c *Compiled) Run(env *dsl.Env, input dsl.Value) (out dsl.Value, err error) {
	return c.run(env, input, nil)
}

// RunTimed is Run that reports each line's primitive (or "call" for a
// function-valued variable) and duration to timer, for profiling which
// primitives a workload spends its time in. A line that fails is not
// reported.
func (c *Compiled) RunTimed(env *dsl.Env, input dsl.Value, timer func(prim string, d time.Duration)) (out dsl.Value, err error) {
	return c.run(env, input, timer)
}

// run is Run, and RunTimed when timer is not nil.
func (c *Compiled) run(env *dsl.Env, input dsl.Value, timer func(prim string, d time.Duration)) (out dsl.Value, err error) {
	var buf [32]dsl.Value
	var slots []dsl.Value
	if n := len(c.steps) + 1; n <= len(buf) {
		slots = buf[:n]
	} else {
		slots = make([]dsl.Value, n)
	}
	slots[0] = input
	at := -1
	defer func() {
		if r := recover(); r != nil {
			err = &RunError{Program: c.name, Var: c.steps[at].name, Err: dsl.Recover(r)}
		}
	}()
	for k := range c.steps {
		at = k
		if timer == nil {
			slots[k+1] = c.exec(env, &c.steps[k], slots)
			continue
		}
		t0 := time.Now()
		slots[k+1] = c.exec(env, &c.steps[k], slots)
		name := "call"
		if p := c.steps[k].prim; p != nil {
			name = p.Name
		}
		timer(name, time.Since(t0))
	}
	return slots[c.result], nil
}

func (c *Compiled) exec(env *dsl.Env, s *step, slots []dsl.Value) dsl.Value {
	var a [4]dsl.Value
	args := a[:len(s.args)]
	if len(s.args) > len(a) {
		args = make([]dsl.Value, len(s.args))
	}
	for i, op := range s.args {
		if op.slot >= 0 {
			args[i] = slots[op.slot]
		} else {
			args[i] = op.val
		}
	}
	f := s.prim
	if f == nil {
		fv, ok := slots[s.fnSlot].(*dsl.Func)
		if !ok {
			panic(&dsl.Error{Op: "call", Msg: fmt.Sprintf("%s object is not callable", dsl.Kind(slots[s.fnSlot]))})
		}
		f = fv
	}
	return f.Call(env, args...)
}

// RunOnce runs the program on input with a fresh Env of the given budget
// (dsl.DefaultBudget if ≤ 0) under ctx.
func (c *Compiled) RunOnce(ctx context.Context, budget int64, input dsl.Value) (dsl.Value, error) {
	return c.Run(dsl.NewEnv(ctx, budget), input)
}
