package program

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Expr is a program as one nested expression: a name (I, a constant or a
// primitive) or a call of an expression on arguments.
type Expr struct {
	Name string  // set for a leaf
	Fn   *Expr   // the callee, for a call
	Args []*Expr // the arguments, for a call
}

// IsCall reports whether e is a call rather than a name.
func (e *Expr) IsCall() bool { return e.Fn != nil }

// String prints e in the canonical syntax: `f(a, g(b))`, no spaces but one
// after each comma, which is the text whose md5 is a program's key.
func (e *Expr) String() string {
	var b strings.Builder
	e.write(&b)
	return b.String()
}

func (e *Expr) write(b *strings.Builder) {
	if !e.IsCall() {
		b.WriteString(e.Name)
		return
	}
	e.Fn.write(b)
	b.WriteByte('(')
	for i, a := range e.Args {
		if i > 0 {
			b.WriteString(", ")
		}
		a.write(b)
	}
	b.WriteByte(')')
}

// Slice returns the program reduced to the lines its result depends on, in
// their original order: what is left when dead code is removed.
func Slice(p *Program) *Program {
	def := make(map[string]int, len(p.Lines))
	for i, l := range p.Lines {
		def[l.Var] = i
	}
	live := make([]bool, len(p.Lines))
	var mark func(name string)
	mark = func(name string) {
		i, ok := def[name]
		if !ok || live[i] {
			return
		}
		live[i] = true
		mark(p.Lines[i].Fn)
		for _, a := range p.Lines[i].Args {
			mark(a)
		}
	}
	mark(p.Result)
	out := &Program{Name: p.Name, Result: p.Result}
	for i, l := range p.Lines {
		if live[i] {
			out.Lines = append(out.Lines, Line{Var: l.Var, Fn: l.Fn, Args: append([]string(nil), l.Args...)})
		}
	}
	return out
}

// Inline returns the program's result as one nested expression: every
// variable replaced by its definition. Programs that differ only in
// variable names, line order or dead lines inline to the same expression.
func Inline(p *Program) *Expr {
	def := make(map[string]Line, len(p.Lines))
	for _, l := range p.Lines {
		def[l.Var] = l
	}
	memo := map[string]*Expr{}
	var build func(name string) *Expr
	build = func(name string) *Expr {
		if e, ok := memo[name]; ok {
			return e
		}
		l, ok := def[name]
		if !ok {
			return &Expr{Name: name}
		}
		e := &Expr{Fn: build(l.Fn), Args: make([]*Expr, len(l.Args))}
		for i, a := range l.Args {
			e.Args[i] = build(a)
		}
		memo[name] = e
		return e
	}
	return build(p.Result)
}

// Canonical is the text of the inlined program, the key of deduplication.
// It can be exponentially longer than the program, as each line that uses
// the previous one twice doubles it: check CanonicalLen first when the
// program is not trusted.
func Canonical(p *Program) string { return Inline(p).String() }

// CanonicalLen returns len(Canonical(p)) without building the text. The
// count saturates at math.MaxInt.
func CanonicalLen(p *Program) int {
	def := make(map[string]Line, len(p.Lines))
	for _, l := range p.Lines {
		def[l.Var] = l
	}
	memo := map[string]int{}
	var size func(name string) int
	size = func(name string) int {
		if n, ok := memo[name]; ok {
			return n
		}
		l, ok := def[name]
		if !ok {
			return len(name)
		}
		n := addSat(size(l.Fn), 2) // the parentheses
		for i, a := range l.Args {
			if i > 0 {
				n = addSat(n, 2) // ", "
			}
			n = addSat(n, size(a))
		}
		memo[name] = n
		return n
	}
	return size(p.Result)
}

func addSat(a, b int) int {
	if a > math.MaxInt-b {
		return math.MaxInt
	}
	return a + b
}

// Key is the md5 of the canonical text in hex, the name a program is
// stored under.
func Key(canonical string) string {
	sum := md5.Sum([]byte(canonical))
	return hex.EncodeToString(sum[:])
}

// Expand turns an expression back into numbered lines x1, x2, … in the
// order a depth-first, left-to-right walk finishes them, each distinct
// subexpression once; the last line assigns O. A bare name, such as I,
// expands to a program of no lines that returns it. The expansion of a
// canonical expression is itself canonical: expanding, inlining and
// expanding again gives the same lines.
func Expand(name string, e *Expr) *Program {
	p := &Program{Name: name}
	vars := map[string]string{} // subexpression text → variable
	var walk func(e *Expr) string
	walk = func(e *Expr) string {
		if !e.IsCall() {
			return e.Name
		}
		text := e.String()
		if v, ok := vars[text]; ok {
			return v
		}
		l := Line{Fn: walk(e.Fn), Args: make([]string, len(e.Args))}
		for i, a := range e.Args {
			l.Args[i] = walk(a)
		}
		l.Var = "x" + strconv.Itoa(len(p.Lines)+1)
		vars[text] = l.Var
		p.Lines = append(p.Lines, l)
		return l.Var
	}
	res := walk(e)
	if n := len(p.Lines); n > 0 {
		p.Lines[n-1].Var = "O" // the root is the last line finished
		res = "O"
	}
	p.Result = res
	return p
}

// ParseExpr parses a nested expression in the canonical syntax; white
// space is allowed between tokens.
func ParseExpr(s string) (*Expr, error) {
	ps := exprParser{s: s}
	e, err := ps.expr()
	if err != nil {
		return nil, err
	}
	ps.space()
	if ps.pos != len(ps.s) {
		return nil, fmt.Errorf("column %d: unexpected %q", ps.pos+1, ps.s[ps.pos:])
	}
	return e, nil
}

type exprParser struct {
	s   string
	pos int
}

func (p *exprParser) space() {
	for p.pos < len(p.s) && (p.s[p.pos] == ' ' || p.s[p.pos] == '\t' || p.s[p.pos] == '\n') {
		p.pos++
	}
}

func (p *exprParser) expr() (*Expr, error) {
	p.space()
	start := p.pos
	for p.pos < len(p.s) && isNameByte(p.s[p.pos], p.pos > start) {
		p.pos++
	}
	if p.pos == start {
		if p.pos == len(p.s) {
			return nil, fmt.Errorf("column %d: expected a name, found the end", p.pos+1)
		}
		return nil, fmt.Errorf("column %d: expected a name, found %q", p.pos+1, p.s[p.pos])
	}
	e := &Expr{Name: p.s[start:p.pos]}
	for {
		p.space()
		if p.pos >= len(p.s) || p.s[p.pos] != '(' {
			return e, nil
		}
		p.pos++
		call := &Expr{Fn: e}
		p.space()
		if p.pos < len(p.s) && p.s[p.pos] == ')' {
			p.pos++
			e = call
			continue
		}
		for {
			a, err := p.expr()
			if err != nil {
				return nil, err
			}
			call.Args = append(call.Args, a)
			p.space()
			if p.pos >= len(p.s) {
				return nil, fmt.Errorf("column %d: unclosed call", p.pos+1)
			}
			if p.s[p.pos] == ')' {
				p.pos++
				break
			}
			if p.s[p.pos] != ',' {
				return nil, fmt.Errorf("column %d: expected ',' or ')', found %q", p.pos+1, p.s[p.pos])
			}
			p.pos++
		}
		e = call
	}
}

func isNameByte(c byte, notFirst bool) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || notFirst && c >= '0' && c <= '9'
}
