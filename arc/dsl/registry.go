package dsl

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
)

// Type is a type name of arc-dsl's arc_types.py, as used in signatures.
type Type string

// The type names of arc_types.py.
const (
	Any                Type = "Any"
	Boolean            Type = "Boolean"
	Integer            Type = "Integer"
	IntegerTuple       Type = "IntegerTuple"
	Numerical          Type = "Numerical"
	IntegerSet         Type = "IntegerSet"
	GridType           Type = "Grid"
	CellType           Type = "Cell"
	ObjectType         Type = "Object"
	Objects            Type = "Objects"
	IndicesType        Type = "Indices"
	IndicesSet         Type = "IndicesSet"
	Patch              Type = "Patch"
	Element            Type = "Element"
	Piece              Type = "Piece"
	TupleTuple         Type = "TupleTuple"
	Container          Type = "Container"
	ContainerContainer Type = "ContainerContainer"
	Callable           Type = "Callable"
	FrozenSet          Type = "FrozenSet"
	TupleType          Type = "Tuple"
)

// Param is one parameter of a primitive.
type Param struct {
	Name string
	Type Type
}

// Signature is a primitive's name, parameters and return type, in the
// order of dsl.py.
type Signature struct {
	Name    string
	Params  []Param
	Returns Type
}

// Arity is the number of parameters.
func (s Signature) Arity() int { return len(s.Params) }

//go:embed signatures.tsv
var signaturesTSV string

//go:embed constants.tsv
var constantsTSV string

// Package-level initialisers run before every init function, so the
// primitives' init functions in prims_*.go can check against these.
var (
	signatures   = mustParse(parseSignatures(signaturesTSV))
	signatureOf  = indexSignatures(signatures)
	primitives   = map[string]*Func{}
	constantList []string
	constants    = mustParse(parseConstants(constantsTSV))
)

func mustParse[T any](v T, err error) T {
	if err != nil {
		panic("dsl: embedded interface data: " + err.Error())
	}
	return v
}

func indexSignatures(sigs []Signature) map[string]int {
	m := make(map[string]int, len(sigs))
	for i, s := range sigs {
		m[s.Name] = i
	}
	return m
}

// parseSignatures parses signatures.tsv. It runs at every start, so it
// sizes its slices beforehand: grown by append, with strings.Split's
// slices, the 160 signatures were 0.12 ms of each arcflow process.
func parseSignatures(text string) ([]Signature, error) {
	text = strings.TrimSpace(text)
	out := make([]Signature, 0, strings.Count(text, "\n"))
	var f [4]string
	n := -1
	for line := range strings.Lines(text) {
		n++
		if n == 0 {
			continue // header
		}
		line = strings.TrimSuffix(line, "\n")
		if got := strings.Count(line, "\t") + 1; got != len(f) {
			return nil, fmt.Errorf("line %d: %d fields, want 4", n+1, got)
		}
		rest := line
		for k := range f {
			f[k], rest, _ = strings.Cut(rest, "\t")
		}
		arity, err := strconv.Atoi(f[1])
		if err != nil {
			return nil, fmt.Errorf("line %d: arity %q: %v", n+1, f[1], err)
		}
		s := Signature{Name: f[0], Returns: Type(f[3]), Params: make([]Param, 0, strings.Count(f[2], ", ")+1)}
		for rest, more := f[2], true; more; {
			var p string
			p, rest, more = strings.Cut(rest, ", ")
			name, typ, ok := strings.Cut(p, ":")
			if !ok {
				typ = string(Callable) // prapply's first parameter has no annotation
			}
			s.Params = append(s.Params, Param{Name: name, Type: Type(typ)})
		}
		if len(s.Params) != arity {
			return nil, fmt.Errorf("line %d: %s has %d parameters, arity %d", n+1, s.Name, len(s.Params), arity)
		}
		out = append(out, s)
	}
	return out, nil
}

func parseConstants(text string) (map[string]Value, error) {
	consts := map[string]Value{}
	for n, line := range strings.Split(strings.TrimSpace(text), "\n") {
		if n == 0 {
			continue
		}
		name, val, ok := strings.Cut(line, "\t")
		if !ok {
			return nil, fmt.Errorf("line %d: no tab", n+1)
		}
		v, err := parseConstant(val)
		if err != nil {
			return nil, fmt.Errorf("line %d: %s: %v", n+1, name, err)
		}
		consts[name] = v
		constantList = append(constantList, name)
	}
	return consts, nil
}

func parseConstant(s string) (Value, error) {
	switch s {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	if strings.HasPrefix(s, "(") {
		a, b, ok := strings.Cut(strings.Trim(s, "()"), ", ")
		if !ok {
			return nil, fmt.Errorf("bad pair %q", s)
		}
		i, err1 := strconv.Atoi(a)
		j, err2 := strconv.Atoi(b)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("bad pair %q", s)
		}
		return Point{i, j}, nil
	}
	return strconv.Atoi(s)
}

// register adds a primitive; the files prims_*.go call it from init. It
// checks the arity against signatures.tsv so a typo fails at start-up.
func register(f *Func) {
	i, ok := signatureOf[f.Name]
	if !ok {
		panic("dsl: " + f.Name + " is not in signatures.tsv")
	}
	if signatures[i].Arity() != f.Arity {
		panic(fmt.Sprintf("dsl: %s has arity %d, signatures.tsv says %d", f.Name, f.Arity, signatures[i].Arity()))
	}
	if _, dup := primitives[f.Name]; dup {
		panic("dsl: " + f.Name + " registered twice")
	}
	primitives[f.Name] = f
}

// def1 … def4 register a primitive of that arity.
func def1(name string, f func(*Env, Value) Value)                      { register(Fn1(name, f)) }
func def2(name string, f func(*Env, Value, Value) Value)               { register(Fn2(name, f)) }
func def3(name string, f func(*Env, Value, Value, Value) Value)        { register(Fn3(name, f)) }
func def4(name string, f func(*Env, Value, Value, Value, Value) Value) { register(Fn4(name, f)) }

// Primitive returns the primitive of that name.
func Primitive(name string) (*Func, bool) {
	f, ok := primitives[name]
	return f, ok
}

// Signatures returns every primitive's signature in dsl.py's order. The
// slice is shared: do not modify it.
func Signatures() []Signature { return signatures }

// SignatureOf returns the signature of the named primitive.
func SignatureOf(name string) (Signature, bool) {
	i, ok := signatureOf[name]
	if !ok {
		return Signature{}, false
	}
	return signatures[i], true
}

// Constant returns the value of a named constant of constants.py.
func Constant(name string) (Value, bool) {
	v, ok := constants[name]
	return v, ok
}

// Constants returns the constants' names in the order of constants.py.
func Constants() []string { return constantList }

// Missing lists the primitives of signatures.tsv that have no
// implementation; it is empty in a complete build.
func Missing() []string {
	var out []string
	for _, s := range signatures {
		if _, ok := primitives[s.Name]; !ok {
			out = append(out, s.Name)
		}
	}
	return out
}
