package program

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// SyntaxError is a parse error naming the file, the line and the problem.
type SyntaxError struct {
	File string
	Line int
	Msg  string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// ParseFile reads and parses a solver file.
func ParseFile(path string) (*File, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return parse(path, string(src))
}

// ParseString parses solver source held in a string; name is used in errors.
func ParseString(name, src string) (*File, error) {
	return parse(name, src)
}

// Parse parses solver source. Names are checked as they are read: every
// argument must be I, a name assigned on an earlier line, a constant or a
// primitive, and every name is assigned once.
func Parse(name string, r io.Reader) (*File, error) {
	src, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return parse(name, string(src))
}

// parse parses solver source held in a string. Its lines, and the names
// of the programs, are substrings of src: a string a line, as a
// bufio.Scanner's Text gave, was 6,000 allocations for arc-dsl's solvers.
func parse(name, src string) (*File, error) {
	file := &File{}
	var header strings.Builder
	var cur *Program
	// defined maps the names a program has assigned to their lines; one
	// map, cleared for each program, serves them all.
	defined := map[string]int{}
	n := 0
	bad := func(format string, args ...any) error {
		return &SyntaxError{File: name, Line: n, Msg: fmt.Sprintf(format, args...)}
	}
	for rest := src; rest != ""; {
		var raw string
		raw, rest = nextLine(rest)
		n++
		text := strings.TrimSpace(raw)
		switch {
		case strings.HasPrefix(raw, "def "):
			if cur != nil && cur.Result == "" {
				return nil, bad("function %s has no return", cur.Name)
			}
			fname, ok := parseDef(text)
			if !ok {
				return nil, bad("expected `def <name>(I):`, found %q", text)
			}
			cur = &Program{Name: fname}
			clear(defined)
			file.Programs = append(file.Programs, cur)
		case cur == nil:
			header.WriteString(raw)
			header.WriteByte('\n')
		case text == "" || strings.HasPrefix(text, "#"):
			continue
		case cur.Result != "":
			return nil, bad("statement after return in %s", cur.Name)
		case strings.HasPrefix(text, "return "):
			res := strings.TrimSpace(strings.TrimPrefix(text, "return "))
			if Resolve(res, defined) != RefVar && res != Input {
				return nil, bad("return of undefined name %q", res)
			}
			cur.Result = res
		default:
			line, err := parseLine(text)
			if err != nil {
				return nil, bad("%v", err)
			}
			if err := checkLine(line, defined); err != nil {
				return nil, bad("%v", err)
			}
			defined[line.Var] = len(cur.Lines)
			cur.Lines = append(cur.Lines, line)
		}
	}
	if cur != nil && cur.Result == "" {
		return nil, bad("function %s has no return", cur.Name)
	}
	file.Header = header.String()
	return file, nil
}

// nextLine splits the first line off src at Python's line ends: \n, \r\n
// and a lone \r (Python reads source with universal newlines). The line
// keeps no line end; a last line needs none.
func nextLine(src string) (line, rest string) {
	i := strings.IndexAny(src, "\r\n")
	switch {
	case i < 0:
		return src, ""
	case src[i] == '\r' && i+1 < len(src) && src[i+1] == '\n':
		return src[:i], src[i+2:]
	}
	return src[:i], src[i+1:]
}

func parseDef(text string) (string, bool) {
	rest, ok := strings.CutPrefix(text, "def ")
	if !ok {
		return "", false
	}
	fname, params, ok := strings.Cut(rest, "(")
	if !ok || !isName(fname) || strings.ReplaceAll(params, " ", "") != Input+"):" {
		return "", false
	}
	return fname, true
}

// parseLine parses `name = callee(arg, arg, ...)`.
func parseLine(text string) (Line, error) {
	lhs, rhs, ok := strings.Cut(text, "=")
	if !ok {
		return Line{}, fmt.Errorf("expected `name = call(...)`, found %q", text)
	}
	v := strings.TrimSpace(lhs)
	if !isName(v) {
		return Line{}, fmt.Errorf("bad variable name %q", v)
	}
	rhs = strings.TrimSpace(rhs)
	open := strings.IndexByte(rhs, '(')
	if open < 0 || !strings.HasSuffix(rhs, ")") {
		return Line{}, fmt.Errorf("expected a call, found %q", rhs)
	}
	fn := strings.TrimSpace(rhs[:open])
	if !isName(fn) {
		return Line{}, fmt.Errorf("bad callee %q", fn)
	}
	inner := strings.TrimSpace(rhs[open+1 : len(rhs)-1])
	var args []string
	if inner != "" {
		// One allocation for the arguments, in place of strings.Split's
		// slice and the appends growing args.
		args = make([]string, 0, strings.Count(inner, ",")+1)
		for rest, more := inner, true; more; {
			var a string
			a, rest, more = strings.Cut(rest, ",")
			a = strings.TrimSpace(a)
			if !isName(a) {
				return Line{}, fmt.Errorf("bad argument %q in %q (arguments are names)", a, rhs)
			}
			args = append(args, a)
		}
	}
	return Line{Var: v, Fn: fn, Args: args}, nil
}

func checkLine(l Line, defined map[string]int) error {
	if _, dup := defined[l.Var]; dup {
		return fmt.Errorf("%s is assigned twice", l.Var)
	}
	if l.Var == Input || Resolve(l.Var, nil) != RefUnknown {
		return fmt.Errorf("%s shadows a DSL name", l.Var)
	}
	switch Resolve(l.Fn, defined) {
	case RefPrim, RefVar:
	default:
		return fmt.Errorf("%s is not a primitive or a defined name", l.Fn)
	}
	for _, a := range l.Args {
		if Resolve(a, defined) == RefUnknown {
			return fmt.Errorf("undefined name %q", a)
		}
	}
	return nil
}

// pythonKeywords cannot name anything in a solver file, which is Python:
// `return=f()` is no assignment there, and would print back as a return.
var pythonKeywords = map[string]bool{
	"False": true, "None": true, "True": true, "and": true, "as": true, "assert": true,
	"async": true, "await": true, "break": true, "class": true, "continue": true,
	"def": true, "del": true, "elif": true, "else": true, "except": true,
	"finally": true, "for": true, "from": true, "global": true, "if": true,
	"import": true, "in": true, "is": true, "lambda": true, "nonlocal": true,
	"not": true, "or": true, "pass": true, "raise": true, "return": true,
	"try": true, "while": true, "with": true, "yield": true,
}

// isName reports whether s is an identifier of the solver syntax: ASCII
// letters, digits and underscores, not starting with a digit, and not a
// Python keyword.
func isName(s string) bool {
	if s == "" {
		return false
	}
	letters := true // only letters, as every keyword is
	for i, c := range s {
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		case c == '_':
			letters = false
		case c >= '0' && c <= '9' && i > 0:
			letters = false
		default:
			return false
		}
	}
	// Most names of a solver file (x1, x2, …) have a digit, and need no
	// look-up.
	return !letters || !pythonKeywords[s]
}
