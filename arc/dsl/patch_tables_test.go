package dsl

import (
	"reflect"
	"testing"
)

// TestPatchTables checks the frontiers and diagonals built at init, each a
// piece of one array, against the lines built point by point, and that no
// line has room to grow into the next.
func TestPatchTables(t *testing.T) {
	for k := range patchFrontiers {
		for x, v := range patchFrontiers[k] {
			line := v.(Indices)
			if want := patchFrontierOf(x-patchSide, k); !reflect.DeepEqual(line, want) || cap(line) != len(line) {
				t.Fatalf("frontier %d of kind %d: %v (cap %d), want %v", x, k, line, cap(line), want)
			}
		}
	}
	var want [2][2*patchSide - 1]Indices
	for i := range patchSide {
		for j := range patchSide {
			want[0][j-i+patchSide-1] = append(want[0][j-i+patchSide-1], Point{i, j})
			want[1][i+j] = append(want[1][i+j], Point{i, j})
		}
	}
	for k := range want {
		for x, line := range patchDiagonals[k] {
			if !reflect.DeepEqual(line, want[k][x]) || cap(line) != len(line) {
				t.Fatalf("diagonal %d of kind %d: %v (cap %d), want %v", x, k, line, cap(line), want[k][x])
			}
		}
	}
}
