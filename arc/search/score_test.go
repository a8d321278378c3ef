package search

import (
	"errors"
	"slices"
	"testing"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/grid"
)

func TestScore(t *testing.T) {
	want := grid.MustFromRows([][]int{{1, 2}, {3, 4}})
	cases := []struct {
		name string
		out  dsl.Value
		err  error
		want int
	}{
		{"exact", grid.MustFromRows([][]int{{1, 2}, {3, 4}}), nil, 1000},
		{"error", nil, errors.New("x"), 0},
		{"not a grid", 3, nil, 0},
		// cells 3/4, shape 1000, palette 3/4 → mean 833.
		{"one cell off", grid.MustFromRows([][]int{{1, 2}, {3, 3}}), nil, 833},
		// cells 0 (shape differs), shape 500, palette 2/4 → 333.
		{"other shape", grid.MustFromRows([][]int{{1, 2}}), nil, 333},
		// same shape, all cells equal except palette; never reaches 1000.
		{"all wrong colour", grid.MustFromRows([][]int{{5, 5}, {5, 5}}), nil, 333},
	}
	for _, c := range cases {
		if got := Score(c.out, c.err, want, DefaultDiffers()); got != c.want {
			t.Errorf("%s: score %d, want %d", c.name, got, c.want)
		}
	}
}

func TestPartialNeverExact(t *testing.T) {
	want := grid.MustFromRows([][]int{{1}})
	perfect := fixedDiffer{1000}
	if got := Score(grid.MustFromRows([][]int{{2}}), nil, want, []Differ{perfect}); got != Exact-1 {
		t.Errorf("partial credit reached %d", got)
	}
}

type fixedDiffer struct{ g int }

func (fixedDiffer) Name() string                      { return "fixed" }
func (d fixedDiffer) Grade(dsl.Value, *grid.Grid) int { return d.g }

func TestRankIsStable(t *testing.T) {
	got := Rank([]int{5, 9, 5, 9, 0})
	if want := []int{1, 3, 0, 2, 4}; !slices.Equal(got, want) {
		t.Errorf("rank %v, want %v", got, want)
	}
}
