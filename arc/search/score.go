package search

import (
	"context"
	"fmt"
	"slices"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/grid"
	"github.com/arcflow/arcflow/arc/program"
)

// Exact is the score of an output equal to the expected one. Partial
// credit is always below it, so any exact sample outweighs every partial.
const Exact = 1000

// Differ grades an output that is not exact, from 0 (nothing alike) to
// 1000 (alike in every respect the differ looks at).
type Differ interface {
	Name() string
	Grade(out dsl.Value, want *grid.Grid) int
}

// DefaultDiffers are the built-in differs: cell agreement, shape and
// palette.
func DefaultDiffers() []Differ { return []Differ{Cells{}, Shape{}, Palette{}} }

// Score grades one output: Exact if it equals want, otherwise the mean of
// the differs' grades, capped just below Exact. A failed run scores 0.
func Score(out dsl.Value, err error, want *grid.Grid, differs []Differ) int {
	if err != nil || want == nil {
		return 0
	}
	g, ok := out.(dsl.Grid)
	if ok && g.Equal(want) {
		return Exact
	}
	if len(differs) == 0 {
		return 0
	}
	sum := 0
	for _, d := range differs {
		sum += min(max(d.Grade(out, want), 0), Exact)
	}
	return min(sum/len(differs), Exact-1)
}

// Cells grades the share of equal cells when the shapes agree.
type Cells struct{}

func (Cells) Name() string { return "cells" }

func (Cells) Grade(out dsl.Value, want *grid.Grid) int {
	g, ok := out.(dsl.Grid)
	if !ok || g.H != want.H || g.W != want.W || len(want.Cells) == 0 {
		return 0
	}
	same := 0
	for i, c := range g.Cells {
		if c == want.Cells[i] {
			same++
		}
	}
	return Exact * same / len(want.Cells)
}

// Shape grades height and width: half the credit for each that agrees.
type Shape struct{}

func (Shape) Name() string { return "shape" }

func (Shape) Grade(out dsl.Value, want *grid.Grid) int {
	g, ok := out.(dsl.Grid)
	if !ok {
		return 0
	}
	s := 0
	if g.H == want.H {
		s += Exact / 2
	}
	if g.W == want.W {
		s += Exact / 2
	}
	return s
}

// Palette grades the overlap of the colours used: |A∩B| / |A∪B|.
type Palette struct{}

func (Palette) Name() string { return "palette" }

func (Palette) Grade(out dsl.Value, want *grid.Grid) int {
	g, ok := out.(dsl.Grid)
	if !ok {
		return 0
	}
	a, b := colours(g), colours(want)
	inter, union := 0, 0
	for c := range a {
		if a[c] || b[c] {
			union++
		}
		if a[c] && b[c] {
			inter++
		}
	}
	if union == 0 {
		return 0
	}
	return Exact * inter / union
}

func colours(g *grid.Grid) (seen [256]bool) {
	for _, c := range g.Cells {
		seen[uint8(c)] = true
	}
	return seen
}

// ProgramDiffer is a differ written in the DSL: a program that maps a grid
// to a feature (its palette, its object count, …). It grades Exact when
// the feature of the output equals that of the expected grid, else 0.
type ProgramDiffer struct {
	Prog   *program.Compiled
	Budget int64
}

func (d ProgramDiffer) Name() string { return d.Prog.Name() }

func (d ProgramDiffer) Grade(out dsl.Value, want *grid.Grid) int {
	a, err := d.Prog.RunOnce(context.Background(), d.Budget, out)
	if err != nil {
		return 0
	}
	b, err := d.Prog.RunOnce(context.Background(), d.Budget, want)
	if err != nil || !dsl.Equal(a, b) {
		return 0
	}
	return Exact
}

// DiffersFrom compiles every program of a differ file.
func DiffersFrom(f *program.File) ([]Differ, error) {
	var ds []Differ
	for _, p := range f.Programs {
		c, err := program.Compile(p)
		if err != nil {
			return nil, fmt.Errorf("differ %s: %w", p.Name, err)
		}
		ds = append(ds, ProgramDiffer{Prog: c, Budget: DefaultNodeBudget})
	}
	return ds, nil
}

// Rank returns candidate indices ordered by total score, best first; equal
// totals keep index order, so ranking is stable from run to run.
func Rank(totals []int) []int {
	idx := make([]int, len(totals))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return totals[b] - totals[a] })
	return idx
}
