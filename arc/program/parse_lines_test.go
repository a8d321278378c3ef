package program

import (
	"bufio"
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// scannerLines splits src as Parse did with a bufio.Scanner before it
// parsed from a string: the reference nextLine must agree with.
func scannerLines(src string) []string {
	sc := bufio.NewScanner(strings.NewReader(src))
	sc.Buffer(nil, 16<<20)
	sc.Split(func(data []byte, atEOF bool) (int, []byte, error) {
		i := bytes.IndexAny(data, "\r\n")
		switch {
		case i < 0 && atEOF && len(data) > 0:
			return len(data), data, nil
		case i < 0:
			return 0, nil, nil
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
		return 0, nil, nil
	})
	var lines []string
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	return lines
}

func splitLines(src string) []string {
	var lines []string
	for rest := src; rest != ""; {
		var l string
		l, rest = nextLine(rest)
		lines = append(lines, l)
	}
	return lines
}

func TestNextLine(t *testing.T) {
	for _, src := range []string{
		"", "a", "a\n", "a\r", "a\r\n", "\n\n", "\r\r\n\n", "a\rb\nc\r\nd", "a\n\rb", "x\r\n\r\n", "\r",
	} {
		if got, want := splitLines(src), scannerLines(src); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: lines %q, want %q", src, got, want)
		}
	}
}

func FuzzNextLine(f *testing.F) {
	f.Add("def solve_a(I):\r\n    O = vmirror(I)\r    return O\n")
	f.Fuzz(func(t *testing.T, src string) {
		if got, want := splitLines(src), scannerLines(src); !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: lines %q, want %q", src, got, want)
		}
	})
}

// TestParseLineNumbers checks that an error names the line Python would,
// whatever the line ends, and that Parse, from a reader, and ParseString
// agree.
func TestParseLineNumbers(t *testing.T) {
	for _, end := range []string{"\n", "\r\n", "\r"} {
		src := strings.Join([]string{"from dsl import *", "", "def solve_a(I):", "    x1 = vmirror(I)", "", "    x2 = nosuch(x1)", "    return x2"}, end)
		for name, parse := range map[string]func() (*File, error){
			"ParseString": func() (*File, error) { return ParseString("s.py", src) },
			"Parse":       func() (*File, error) { return Parse("s.py", strings.NewReader(src)) },
		} {
			_, err := parse()
			var se *SyntaxError
			if !errors.As(err, &se) || se.Line != 6 {
				t.Errorf("%s, line end %q: error %v, want one on line 6", name, end, err)
			}
		}
	}
}

// TestParseArgs checks the splitting of a call's arguments.
func TestParseArgs(t *testing.T) {
	l, err := parseLine("x3 = fork( combine ,x1,  x2 )")
	if err != nil || !reflect.DeepEqual(l.Args, []string{"combine", "x1", "x2"}) || l.Fn != "fork" || l.Var != "x3" {
		t.Errorf("got %+v, %v", l, err)
	}
	for _, bad := range []string{"x = f(a,,b)", "x = f(a,)", "x = f(,a)", "x = f(a b)", "x = f(if)", "x = f(x_1, None)"} {
		if _, err := parseLine(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
	if l, err := parseLine("x = f()"); err != nil || l.Args != nil {
		t.Errorf("no arguments: %+v, %v", l, err)
	}
}
