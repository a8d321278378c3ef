package program

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

func parseOne(t *testing.T, src string) *Program {
	t.Helper()
	f, err := ParseString("t.py", src)
	if err != nil {
		t.Fatal(err)
	}
	return f.Programs[0]
}

func TestSameKeyForRenamedAndReordered(t *testing.T) {
	a := parseOne(t, `def solve_a(I):
    x1 = vmirror(I)
    x2 = hmirror(I)
    x3 = rot90(x1)
    O = hconcat(x3, x2)
    return O
`)
	b := parseOne(t, `def solve_b(I):
    top = hmirror(I)
    side = vmirror(I)
    unused = dmirror(I)
    turned = rot90(side)
    out = hconcat(turned, top)
    return out
`)
	if Canonical(a) != Canonical(b) {
		t.Fatalf("%s != %s", Canonical(a), Canonical(b))
	}
	if got := Canonical(a); got != "hconcat(rot90(vmirror(I)), hmirror(I))" {
		t.Errorf("canonical %q", got)
	}
	if Key(Canonical(a)) != Key(Canonical(b)) || len(Key(Canonical(a))) != 32 {
		t.Errorf("keys differ or are not md5 hex")
	}
	c := parseOne(t, "def solve_c(I):\n    x1 = hmirror(I)\n    O = hconcat(x1, x1)\n    return O\n")
	if Key(Canonical(a)) == Key(Canonical(c)) {
		t.Errorf("different programs share a key")
	}
}

func TestSlice(t *testing.T) {
	p := parseOne(t, `def solve_a(I):
    x1 = vmirror(I)
    x2 = hmirror(I)
    x3 = rbind(hconcat, x1)
    x4 = dmirror(x2)
    O = x3(I)
    return O
`)
	s := Slice(p)
	var vars []string
	for _, l := range s.Lines {
		vars = append(vars, l.Var)
	}
	if got := strings.Join(vars, " "); got != "x1 x3 O" {
		t.Errorf("sliced to %q", got)
	}
	if Canonical(s) != Canonical(p) {
		t.Errorf("slicing changed the canonical form")
	}
}

// TestCanonicalRoundTrip: parse → canonical → expand → parse gives the
// same canonical form, and expansion is a fixed point.
func TestCanonicalRoundTrip(t *testing.T) {
	f, err := ParseFile("testdata/solvers.py")
	if err != nil {
		t.Fatal(err)
	}
	f.Programs = append(f.Programs, parseOne(t, `def solve_shared(I):
    x1 = objects(I, T, F, T)
    x2 = first(x1)
    x3 = first(x1)
    x4 = fork(combine, identity, identity)
    x5 = x4(x1)
    O = paint(I, x5)
    return O
`), parseOne(t, "def solve_id(I):\n    x1 = vmirror(I)\n    return I\n"))
	var golden strings.Builder
	for _, p := range f.Programs {
		canon := Canonical(p)
		e, err := ParseExpr(canon)
		if err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		if e.String() != canon {
			t.Errorf("%s: expression prints back as %q", p.Name, e.String())
		}
		x := Expand("solve_"+Key(canon), e)
		text := x.String()
		back, err := ParseString("expanded", text)
		if err != nil {
			t.Fatalf("%s: expansion does not parse: %v\n%s", p.Name, err, text)
		}
		if got := Canonical(back.Programs[0]); got != canon {
			t.Errorf("%s: round trip gives %q, want %q", p.Name, got, canon)
		}
		if again := Expand(x.Name, Inline(back.Programs[0])).String(); again != text {
			t.Errorf("%s: expansion is not a fixed point:\n%s\n%s", p.Name, text, again)
		}
		golden.WriteString("# " + p.Name + "\n" + canon + "\n" + text + "\n")
	}
	checkGolden(t, "testdata/canonical.golden", golden.String())
}

func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs; got:\n%s", path, got)
	}
}

func TestParseExprErrors(t *testing.T) {
	for _, s := range []string{"", "f(", "f(a,", "f(a b)", "f(a))", "(a)", "f(,)"} {
		if _, err := ParseExpr(s); err == nil {
			t.Errorf("ParseExpr(%q) accepted", s)
		}
	}
	e, err := ParseExpr(" fork( combine ,identity, identity )( x )")
	if err != nil || e.String() != "fork(combine, identity, identity)(x)" {
		t.Errorf("got %v, %v", e, err)
	}
}

func FuzzParseExpr(f *testing.F) {
	f.Add("hconcat(rot90(vmirror(I)), hmirror(I))")
	f.Add("fork(combine, identity, identity)(objects(I, T, F, T))")
	f.Add("f()()")
	f.Fuzz(func(t *testing.T, s string) {
		e, err := ParseExpr(s)
		if err != nil {
			return
		}
		// What parses prints canonically, and the canonical text parses
		// back to itself.
		again, err := ParseExpr(e.String())
		if err != nil || again.String() != e.String() {
			t.Fatalf("%q → %q → %v", s, e.String(), err)
		}
	})
}

func FuzzParse(f *testing.F) {
	src, _ := os.ReadFile("testdata/solvers.py")
	f.Add(string(src))
	f.Add("def solve_a(I):\n    O = vmirror(I)\n    return O\n")
	f.Add("def solve_a(I):\n    x1 = rbind(f, I)\n    return x1\n")
	f.Fuzz(func(t *testing.T, s string) {
		file, err := ParseString("fuzz.py", s)
		if err != nil {
			return
		}
		// A parsed file prints to text that parses to the same print.
		again, err := ParseString("printed", file.String())
		if err != nil || again.String() != file.String() {
			t.Fatalf("reprint: %v\n%s", err, file.String())
		}
		for _, p := range file.Programs {
			Compile(p) // must not panic
			// The canonical form, when it is short enough to build, is as
			// long as CanonicalLen says, parses, and survives expansion.
			n := CanonicalLen(p)
			if n > 1<<16 {
				continue
			}
			canon := Canonical(p)
			if len(canon) != n {
				t.Fatalf("%s: CanonicalLen %d, canonical text %d bytes", p.Name, n, len(canon))
			}
			e, err := ParseExpr(canon)
			if err != nil || e.String() != canon {
				t.Fatalf("%s: canonical %q: %v", p.Name, canon, err)
			}
			x := Expand("solve_"+Key(canon), e).String()
			back, err := ParseString("expanded", x)
			if err != nil {
				t.Fatalf("%s: expansion does not parse: %v\n%s", p.Name, err, x)
			}
			if got := Canonical(back.Programs[0]); got != canon {
				t.Fatalf("%s: expansion gives %q, want %q", p.Name, got, canon)
			}
		}
	})
}
