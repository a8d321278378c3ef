package dsl

import (
	"context"
	"testing"
)

func TestObjectPrimitives(t *testing.T) {
	gridRunCases(t, objCases)
}

// objBenchCalls returns the recorded calls of a primitive: real ARC
// grids.
func objBenchCalls(b *testing.B, fn string) [][]Value {
	var calls [][]Value
	for _, v := range loadVectors(b) {
		if v.Fn != fn {
			continue
		}
		args := make([]Value, len(v.Args))
		for k, raw := range v.Args {
			a, err := UnmarshalValue(raw)
			if err != nil {
				b.Fatal(err)
			}
			args[k] = a
		}
		calls = append(calls, args)
	}
	return calls
}

// BenchmarkObjects runs the recorded objects calls, per call.
func BenchmarkObjects(b *testing.B) {
	calls := objBenchCalls(b, "objects")
	f, _ := Primitive("objects")
	e := NewEnv(context.Background(), 1<<62)
	b.ResetTimer()
	for b.Loop() {
		for _, a := range calls {
			f.F4(e, a[0], a[1], a[2], a[3])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(calls)), "ns/call")
}

// BenchmarkObjectsBusy is objects on a grid of many small objects.
func BenchmarkObjectsBusy(b *testing.B) {
	g := gridBenchGrid()
	f, _ := Primitive("objects")
	e := NewEnv(context.Background(), 1<<62)
	for b.Loop() {
		f.F4(e, g, true, false, true)
	}
}

// BenchmarkOccurrences runs the recorded occurrences calls, per call.
func BenchmarkOccurrences(b *testing.B) {
	calls := objBenchCalls(b, "occurrences")
	f, _ := Primitive("occurrences")
	e := NewEnv(context.Background(), 1<<62)
	b.ResetTimer()
	for b.Loop() {
		for _, a := range calls {
			f.F2(e, a[0], a[1])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(calls)), "ns/call")
}

// BenchmarkOccurrencesSquares looks for blank squares of every size in a
// 30×30 grid, as solver a64e4611 does.
func BenchmarkOccurrencesSquares(b *testing.B) {
	g := gridBenchGrid()
	f, _ := Primitive("occurrences")
	e := NewEnv(context.Background(), 1<<62)
	var squares []Object
	for n := 1; n <= 12; n++ {
		sq := make(Object, 0, n*n)
		for i := range n {
			for j := range n {
				sq = append(sq, Cell{I: i, J: j, C: 0})
			}
		}
		squares = append(squares, sq)
	}
	for b.Loop() {
		for _, sq := range squares {
			f.F2(e, g, sq)
		}
	}
}

var objCases = []gridTestCase{
	{"objects", []string{"((0, 1, 0, 0), (1, 1, 0, 2), (0, 0, 0, 2), (3, 0, 2, 2), (3, 0, 0, 0))", "True", "False", "True"}, "frozenset({frozenset({(2, (3, 3)), (2, (3, 2)), (2, (2, 3)), (2, (1, 3))}), frozenset({(1, (0, 1)), (1, (1, 1)), (1, (1, 0))}), frozenset({(3, (4, 0)), (3, (3, 0))})})"},
	{"objects", []string{"((0, 1, 0, 0), (1, 1, 0, 2), (0, 0, 0, 2), (3, 0, 2, 2), (3, 0, 0, 0))", "True", "True", "True"}, "frozenset({frozenset({(2, (3, 3)), (2, (3, 2)), (2, (2, 3)), (2, (1, 3))}), frozenset({(1, (0, 1)), (1, (1, 1)), (1, (1, 0))}), frozenset({(3, (4, 0)), (3, (3, 0))})})"},
	{"objects", []string{"((0, 1, 0, 0), (1, 1, 0, 2), (0, 0, 0, 2), (3, 0, 2, 2), (3, 0, 0, 0))", "False", "False", "True"}, "frozenset({frozenset({(2, (3, 3)), (2, (3, 2)), (2, (2, 3)), (2, (1, 3))}), frozenset({(1, (0, 1)), (1, (1, 1)), (1, (1, 0))}), frozenset({(3, (4, 0)), (3, (3, 0))})})"},
	{"objects", []string{"((0, 1, 0, 0), (1, 1, 0, 2), (0, 0, 0, 2), (3, 0, 2, 2), (3, 0, 0, 0))", "False", "True", "True"}, "frozenset({frozenset({(2, (3, 3)), (2, (3, 2)), (2, (2, 3)), (2, (1, 3))}), frozenset({(1, (0, 1)), (1, (1, 1)), (1, (1, 0))}), frozenset({(3, (4, 0)), (3, (3, 0))})})"},
	{"objects", []string{"((0, 1, 0, 0), (1, 1, 0, 2), (0, 0, 0, 2), (3, 0, 2, 2), (3, 0, 0, 0))", "True", "False", "False"}, "frozenset({frozenset({(2, (3, 3)), (2, (3, 2)), (2, (2, 3)), (2, (1, 3))}), frozenset({(3, (4, 0)), (3, (3, 0))}), frozenset({(0, (0, 0))}), frozenset({(0, (3, 1)), (0, (4, 2)), (0, (1, 2)), (0, (0, 2)), (0, (2, 1)), (0, (4, 1)), (0, (4, 3)), (0, (2, 0)), (0, (0, 3)), (0, (2, 2))}), frozenset({(1, (0, 1)), (1, (1, 1)), (1, (1, 0))})})"},
	{"objects", []string{"((0, 1, 0, 0), (1, 1, 0, 2), (0, 0, 0, 2), (3, 0, 2, 2), (3, 0, 0, 0))", "True", "True", "False"}, "frozenset({frozenset({(2, (3, 3)), (2, (3, 2)), (2, (2, 3)), (2, (1, 3))}), frozenset({(3, (4, 0)), (3, (3, 0))}), frozenset({(0, (0, 0))}), frozenset({(0, (3, 1)), (0, (4, 2)), (0, (1, 2)), (0, (0, 2)), (0, (2, 1)), (0, (4, 1)), (0, (4, 3)), (0, (2, 0)), (0, (0, 3)), (0, (2, 2))}), frozenset({(1, (0, 1)), (1, (1, 1)), (1, (1, 0))})})"},
	{"objects", []string{"((0, 1, 0, 0), (1, 1, 0, 2), (0, 0, 0, 2), (3, 0, 2, 2), (3, 0, 0, 0))", "False", "False", "False"}, "frozenset({frozenset({(1, (0, 1)), (0, (0, 0)), (2, (1, 3)), (0, (1, 2)), (0, (0, 2)), (1, (1, 0)), (2, (2, 3)), (0, (0, 3)), (3, (3, 0)), (0, (3, 1)), (0, (4, 2)), (1, (1, 1)), (3, (4, 0)), (0, (2, 1)), (0, (4, 1)), (2, (3, 3)), (2, (3, 2)), (0, (4, 3)), (0, (2, 0)), (0, (2, 2))})})"},
	{"objects", []string{"((0, 1, 0, 0), (1, 1, 0, 2), (0, 0, 0, 2), (3, 0, 2, 2), (3, 0, 0, 0))", "False", "True", "False"}, "frozenset({frozenset({(1, (0, 1)), (0, (0, 0)), (2, (1, 3)), (0, (1, 2)), (0, (0, 2)), (2, (2, 3)), (1, (1, 0)), (0, (0, 3)), (3, (3, 0)), (0, (3, 1)), (0, (4, 2)), (1, (1, 1)), (3, (4, 0)), (0, (2, 1)), (0, (4, 1)), (2, (3, 3)), (2, (3, 2)), (0, (4, 3)), (0, (2, 0)), (0, (2, 2))})})"},
	{"objects", []string{"((), ())", "True", "False", "False"}, "frozenset()"},
	{"objects", []string{"((), ())", "True", "False", "True"}, "error"},
	{"objects", []string{"()", "True", "False", "False"}, "error"},
	{"objects", []string{"((4, 4), (4, 4))", "True", "False", "True"}, "frozenset()"},
	{"objects", []string{"((4,),)", "False", "False", "False"}, "frozenset({frozenset({(4, (0, 0))})})"},
	{"objects", []string{"((1, 0, 1), (0, 1, 0), (1, 0, 1))", "True", "True", "True"}, "frozenset({frozenset({(0, (0, 1)), (0, (1, 0)), (0, (2, 1)), (0, (1, 2))})})"},
	{"objects", []string{"((1, 0, 1), (0, 1, 0), (1, 0, 1))", "True", "False", "True"}, "frozenset({frozenset({(0, (1, 0))}), frozenset({(0, (2, 1))}), frozenset({(0, (0, 1))}), frozenset({(0, (1, 2))})})"},
	{"objects", []string{"((1, 0, 2), (0, 3, 0), (2, 0, 1))", "False", "True", "True"}, "frozenset({frozenset({(3, (1, 1)), (2, (0, 2)), (1, (0, 0)), (2, (2, 0)), (1, (2, 2))})})"},
	{"objects", []string{"((1, 0, 2), (0, 3, 0), (2, 0, 1))", "False", "False", "True"}, "frozenset({frozenset({(1, (0, 0))}), frozenset({(3, (1, 1))}), frozenset({(1, (2, 2))}), frozenset({(2, (2, 0))}), frozenset({(2, (0, 2))})})"},
	{"objects", []string{"((9, 0, 3), (3, 0, 9))", "True", "False", "True"}, "frozenset({frozenset({(3, (0, 2))}), frozenset({(9, (0, 0))}), frozenset({(3, (1, 0))}), frozenset({(9, (1, 2))})})"},
	{"partition", []string{"((0, 1, 0, 0), (1, 1, 0, 2), (0, 0, 0, 2), (3, 0, 2, 2), (3, 0, 0, 0))"}, "frozenset({frozenset({(2, (3, 3)), (2, (3, 2)), (2, (2, 3)), (2, (1, 3))}), frozenset({(3, (4, 0)), (3, (3, 0))}), frozenset({(0, (3, 1)), (0, (0, 0)), (0, (4, 2)), (0, (1, 2)), (0, (0, 2)), (0, (2, 1)), (0, (4, 1)), (0, (4, 3)), (0, (2, 0)), (0, (0, 3)), (0, (2, 2))}), frozenset({(1, (0, 1)), (1, (1, 1)), (1, (1, 0))})})"},
	{"partition", []string{"((), ())"}, "frozenset()"},
	{"partition", []string{"()"}, "frozenset()"},
	{"partition", []string{"((7,),)"}, "frozenset({frozenset({(7, (0, 0))})})"},
	{"fgpartition", []string{"((0, 1, 0, 0), (1, 1, 0, 2), (0, 0, 0, 2), (3, 0, 2, 2), (3, 0, 0, 0))"}, "frozenset({frozenset({(2, (3, 3)), (2, (3, 2)), (2, (2, 3)), (2, (1, 3))}), frozenset({(3, (4, 0)), (3, (3, 0))}), frozenset({(1, (0, 1)), (1, (1, 1)), (1, (1, 0))})})"},
	{"fgpartition", []string{"((9, 0, 3), (3, 0, 9))"}, "frozenset({frozenset({(9, (1, 2)), (9, (0, 0))}), frozenset({(3, (1, 0)), (3, (0, 2))})})"},
	{"fgpartition", []string{"((), ())"}, "error"},
	{"fgpartition", []string{"()"}, "error"},
	{"fgpartition", []string{"((7,),)"}, "frozenset()"},
	{"occurrences", []string{"((0, 1, 0, 0), (1, 1, 0, 2), (0, 0, 0, 2), (3, 0, 2, 2), (3, 0, 0, 0))", "frozenset({(0, (0, 0)), (0, (1, 0))})"}, "frozenset({(3, 1), (0, 2), (1, 2), (2, 1)})"},
	{"occurrences", []string{"((0, 1, 0, 0), (1, 1, 0, 2), (0, 0, 0, 2), (3, 0, 2, 2), (3, 0, 0, 0))", "frozenset({(2, (5, 5)), (2, (6, 5)), (2, (6, 4))})"}, "frozenset({(2, 2)})"},
	{"occurrences", []string{"((0, 1, 0, 0), (1, 1, 0, 2), (0, 0, 0, 2), (3, 0, 2, 2), (3, 0, 0, 0))", "frozenset({(0, (0, 0)), (0, (0, 1)), (0, (1, 0)), (0, (1, 1))})"}, "frozenset()"},
	{"occurrences", []string{"((0, 1, 0, 0), (1, 1, 0, 2), (0, 0, 0, 2), (3, 0, 2, 2), (3, 0, 0, 0))", "frozenset({(0, (0, 0)), (0, (0, 2))})"}, "frozenset({(2, 0), (4, 1), (0, 0)})"},
	{"occurrences", []string{"((0, 1, 0, 0), (1, 1, 0, 2), (0, 0, 0, 2), (3, 0, 2, 2), (3, 0, 0, 0))", "frozenset()"}, "frozenset({(0, 1), (2, 4), (4, 0), (1, 2), (3, 4), (0, 4), (4, 3), (3, 1), (2, 1), (5, 4), (5, 1), (0, 2), (2, 2), (1, 0), (3, 2), (1, 3), (4, 1), (5, 2), (4, 4), (0, 0), (1, 1), (0, 3), (2, 0), (4, 2), (3, 0), (1, 4), (2, 3), (3, 3), (5, 0), (5, 3)})"},
	{"occurrences", []string{"((1, 2, 3), (4, 5, 6))", "frozenset()"}, "frozenset({(0, 1), (1, 2), (2, 1), (0, 0), (1, 1), (0, 3), (2, 0), (2, 3), (0, 2), (2, 2), (1, 0), (1, 3)})"},
	{"occurrences", []string{"((), ())", "frozenset()"}, "frozenset({(1, 0), (2, 0), (0, 0)})"},
	{"occurrences", []string{"((), ())", "frozenset({(1, (0, 0)), (2, (0, 1)), (3, (2, 2)), (4, (1, 3))})"}, "frozenset()"},
	{"occurrences", []string{"((0, 1, 0, 0), (1, 1, 0, 2), (0, 0, 0, 2), (3, 0, 2, 2), (3, 0, 0, 0))", "frozenset({(0, 0), (1, 2), (2, 1), (3, 3)})"}, "error"},
	{"occurrences", []string{"((1, 2, 3), (4, 5, 6))", "frozenset({(0, 0), (9, 9)})"}, "frozenset()"},
	{"occurrences", []string{"((0, 1, 0, 0), (1, 1, 0, 2), (0, 0, 0, 2), (3, 0, 2, 2), (3, 0, 0, 0))", "frozenset({(0, (0, 0)), (1, (0, 0))})"}, "frozenset()"},
	{"occurrences", []string{"((0, 1, 0, 0), (1, 1, 0, 2), (0, 0, 0, 2), (3, 0, 2, 2), (3, 0, 0, 0))", "frozenset({(300, (0, 0))})"}, "frozenset()"},
	{"occurrences", []string{"((0, 1, 0, 0), (1, 1, 0, 2), (0, 0, 0, 2), (3, 0, 2, 2), (3, 0, 0, 0))", "frozenset({(1, (0, 1)), (1, (1, 0)), (1, (1, 1)), (0, (0, 0))})"}, "frozenset({(0, 0)})"},
	{"occurrences", []string{"()", "frozenset({(1, (0, 0)), (2, (0, 1)), (3, (2, 2)), (4, (1, 3))})"}, "error"},
	{"occurrences", []string{"((0, 1, 0, 0), (1, 1, 0, 2), (0, 0, 0, 2), (3, 0, 2, 2), (3, 0, 0, 0))", "((0, (0, 0)), (0, (0, 1)))"}, "frozenset({(0, 2), (2, 0), (2, 1)})"},
	{"occurrences", []string{"((0, 1, 0, 0), (1, 1, 0, 2), (0, 0, 0, 2), (3, 0, 2, 2), (3, 0, 0, 0))", "((0, (0, 0)), (0, (2, 1)))"}, "frozenset({(2, 2), (2, 0), (2, 1), (0, 0)})"},
	{"occurrences", []string{"((0, 1, 0, 0), (1, 1, 0, 2), (0, 0, 0, 2), (3, 0, 2, 2), (3, 0, 0, 0))", "((0, 0), (0, 1))"}, "error"},
	{"frontiers", []string{"((0, 1, 0, 0), (1, 1, 0, 2), (0, 0, 0, 2), (3, 0, 2, 2), (3, 0, 0, 0))"}, "frozenset()"},
	{"frontiers", []string{"((1, 1, 1), (2, 3, 1), (4, 4, 1))"}, "frozenset({frozenset({(1, (1, 2)), (1, (2, 2)), (1, (0, 2))}), frozenset({(1, (0, 1)), (1, (0, 0)), (1, (0, 2))})})"},
	{"frontiers", []string{"((5,),)"}, "frozenset({frozenset({(5, (0, 0))})})"},
	{"frontiers", []string{"((1, 2),)"}, "frozenset({frozenset({(2, (0, 1))}), frozenset({(1, (0, 0))})})"},
	{"frontiers", []string{"((1, 1),)"}, "frozenset({frozenset({(1, (0, 0))}), frozenset({(1, (0, 1))}), frozenset({(1, (0, 1)), (1, (0, 0))})})"},
	{"frontiers", []string{"((), ())"}, "frozenset()"},
	{"frontiers", []string{"()"}, "error"},
	{"frontiers", []string{"((1, 1), (1, 1))"}, "frozenset({frozenset({(1, (1, 1)), (1, (1, 0))}), frozenset({(1, (0, 0)), (1, (1, 0))}), frozenset({(1, (0, 1)), (1, (1, 1))}), frozenset({(1, (0, 1)), (1, (0, 0))})})"},
}
