package dsl

import (
	"context"
	"testing"

	"github.com/arcflow/arcflow/arc/grid"
)

// BenchmarkSynthPrimitives times primitives that the synth search's
// templates call most (issue 13's profile of arcflow run), each on a
// 20×20 grid of ARC colours or on sets taken from it: ns/op and allocs/op
// are per call.
//
//	go test -run '^$' -bench SynthPrimitives ./arc/dsl/
func BenchmarkSynthPrimitives(b *testing.B) {
	rows := make([][]int, 20)
	for i := range rows {
		rows[i] = make([]int, 20)
		for j := range rows[i] {
			switch {
			case (i*7+j*3)%11 == 0:
				rows[i][j] = 2
			case i%6 == 1 && j%5 < 3:
				rows[i][j] = 8
			}
		}
	}
	g := grid.MustFromRows(rows)
	env := NewEnv(context.Background(), 0)
	call := primCaller(b, env)
	red := call("ofcolor", g, 2)
	objs := call("objects", g, true, false, true)
	h := call("hfrontier", Point{3, 4})
	v := call("vfrontier", Point{3, 4})
	lines := call("prapply", mustPrim(b, "connect"), red, red)
	cases := []struct {
		name   string
		f      string
		args   []Value
		forget bool // clear the Env's memory of the last grid's colour
	}{
		{"mostcolor", "mostcolor", []Value{g}, true},
		{"mostcolor-again", "mostcolor", []Value{g}, false},
		{"underfill", "underfill", []Value{g, 3, h}, true},
		{"underfill-again", "underfill", []Value{g, 3, h}, false},
		{"paint", "paint", []Value{g, call("recolor", 5, red)}, true},
		{"combine-frontiers", "combine", []Value{h, v}, true},
		{"mapply-shoot", "mapply", []Value{call("rbind", mustPrim(b, "shoot"), Point{1, 0}), red}, true},
		{"mapply-frontiers", "mapply", []Value{call("fork", mustPrim(b, "combine"), mustPrim(b, "hfrontier"), mustPrim(b, "vfrontier")), red}, true},
		{"mapply-shoots4", "mapply", []Value{call("fork", mustPrim(b, "combine"),
			call("fork", mustPrim(b, "combine"), call("rbind", mustPrim(b, "shoot"), Point{1, 1}), call("rbind", mustPrim(b, "shoot"), Point{-1, -1})),
			call("fork", mustPrim(b, "combine"), call("rbind", mustPrim(b, "shoot"), Point{1, -1}), call("rbind", mustPrim(b, "shoot"), Point{-1, 1}))), red}, true},
		{"mapply-backdrop", "mapply", []Value{mustPrim(b, "backdrop"), objs}, true},
		{"mapply-recolor-frontier", "mapply", []Value{call("fork", mustPrim(b, "recolor"), mustPrim(b, "first"),
			call("compose", mustPrim(b, "hfrontier"), mustPrim(b, "last"))), call("merge", call("fgpartition", g))}, true},
		{"prapply-connect", "prapply", []Value{mustPrim(b, "connect"), red, red}, true},
		{"merge-lines", "merge", []Value{lines}, true},
	}
	for _, c := range cases {
		f := mustPrim(b, c.f).(*Func)
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				env.Reset(context.Background())
				if c.forget {
					env.mostGrid = nil
				}
				f.Call(env, c.args...)
			}
		})
	}
}

// mustPrim is the primitive of that name, failing tb when there is none.
func mustPrim(tb testing.TB, name string) Value {
	tb.Helper()
	f, ok := Primitive(name)
	if !ok {
		tb.Fatalf("no primitive %s", name)
	}
	return f
}

// primCaller calls primitives by name in env, failing tb for a name
// that is none.
func primCaller(tb testing.TB, env *Env) func(name string, args ...Value) Value {
	return func(name string, args ...Value) Value {
		tb.Helper()
		return mustPrim(tb, name).(*Func).Call(env, args...)
	}
}
