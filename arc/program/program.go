// Package program holds arc-dsl programs: solver files in arc-dsl's syntax,
// their parser and printer, and a compiler to a slot machine that runs a
// program without looking a name up.
//
// A solver file is a sequence of functions of this shape:
//
//	def solve_67a3c6ac(I):
//	    x1 = vmirror(I)
//	    O = rot90(x1)
//	    return O
//
// Every line assigns one call to a fresh name. The callee is a primitive or
// an earlier name bound to a function value; each argument is I, an earlier
// name, a constant of constants.py or a primitive used as a function value.
package program

import "github.com/arcflow/arcflow/arc/dsl"

// Input is the parameter name of every solver.
const Input = "I"

// Program is one solver function.
type Program struct {
	Name   string // the function's name, e.g. "solve_67a3c6ac"
	Lines  []Line
	Result string // the name the function returns
}

// Line is one assignment: Var = Fn(Args...).
type Line struct {
	Var  string
	Fn   string
	Args []string
}

// File is a parsed solver file: whatever comes before the first function
// (imports, usually), and the functions in file order.
type File struct {
	Header   string
	Programs []*Program
}

// TaskID returns the task a solver is named after: "solve_<id>" gives id.
func (p *Program) TaskID() string {
	const prefix = "solve_"
	if len(p.Name) > len(prefix) && p.Name[:len(prefix)] == prefix {
		return p.Name[len(prefix):]
	}
	return p.Name
}

// RefKind tells what a name in a program refers to.
type RefKind int

// The kinds of names.
const (
	RefUnknown RefKind = iota
	RefInput
	RefVar
	RefConst
	RefPrim
)

// Resolve tells what name refers to, given the variables defined so far.
func Resolve(name string, defined map[string]int) RefKind {
	switch {
	case name == Input:
		return RefInput
	case defined != nil && hasKey(defined, name):
		return RefVar
	}
	if _, ok := dsl.Constant(name); ok {
		return RefConst
	}
	if _, ok := dsl.Primitive(name); ok {
		return RefPrim
	}
	return RefUnknown
}

func hasKey(m map[string]int, k string) bool {
	_, ok := m[k]
	return ok
}

// Clone returns a deep copy of p.
func (p *Program) Clone() *Program {
	q := &Program{Name: p.Name, Result: p.Result, Lines: make([]Line, len(p.Lines))}
	for i, l := range p.Lines {
		q.Lines[i] = Line{Var: l.Var, Fn: l.Fn, Args: append([]string(nil), l.Args...)}
	}
	return q
}
