package program

import (
	"bufio"
	"bytes"
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
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Parse(path, f)
}

// ParseString parses solver source held in a string; name is used in errors.
func ParseString(name, src string) (*File, error) {
	return Parse(name, strings.NewReader(src))
}

// Parse parses solver source. Names are checked as they are read: every
// argument must be I, a name assigned on an earlier line, a constant or a
// primitive, and every name is assigned once.
func Parse(name string, r io.Reader) (*File, error) {
	sc := bufio.NewScanner(r)
	// The scanner's own 4 KiB start holds a whole program of most files;
	// it grows for longer lines. A bigger start buffer cost validate, which
	// parses every candidate, most of its allocation.
	sc.Buffer(nil, 16<<20)
	sc.Split(scanLines)
	file := &File{}
	var header strings.Builder
	var cur *Program
	var defined map[string]int
	n := 0
	bad := func(format string, args ...any) error {
		return &SyntaxError{File: name, Line: n, Msg: fmt.Sprintf(format, args...)}
	}
	for sc.Scan() {
		n++
		raw := sc.Text()
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
			defined = map[string]int{}
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
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if cur != nil && cur.Result == "" {
		return nil, bad("function %s has no return", cur.Name)
	}
	file.Header = header.String()
	return file, nil
}

// scanLines splits source into lines at Python's line ends: \n, \r\n and a
// lone \r (Python reads source with universal newlines). A line keeps no
// line end.
func scanLines(data []byte, atEOF bool) (advance int, token []byte, err error) {
	i := bytes.IndexAny(data, "\r\n")
	switch {
	case i < 0 && atEOF && len(data) > 0:
		return len(data), data, nil
	case i < 0:
		return 0, nil, nil // more data, or the end
	case data[i] == '\n':
		return i + 1, data[:i], nil
	case i+1 < len(data):
		if data[i+1] == '\n' {
			return i + 2, data[:i], nil
		}
		return i + 1, data[:i], nil
	case atEOF:
		return i + 1, data[:i], nil
	}
	return 0, nil, nil // a \r at the end of what is read so far: is \n next?
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
		for _, a := range strings.Split(inner, ",") {
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
	if s == "" || pythonKeywords[s] {
		return false
	}
	for i, c := range s {
		switch {
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		case c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}
