// Package grid holds the ARC grid: a small immutable rectangle of colours.
package grid

import (
	"fmt"
	"slices"
	"strings"
)

// MaxSide is the largest height or width of an ARC task grid.
const MaxSide = 30

// Grid is an immutable H×W rectangle of cell values stored row-major.
//
// Task grids hold colours 0..9 and are at most MaxSide on a side; grids made
// by DSL programs may be larger and hold any value that fits an int8, as
// Python's tuples would. The fields are exported so that hot loops in the DSL
// can read cells without a call; nothing may write to Cells after the grid is
// built.
type Grid struct {
	H, W  int
	Cells []int8
}

// New returns an H×W grid that takes ownership of cells.
func New(h, w int, cells []int8) *Grid {
	if len(cells) != h*w {
		panic(fmt.Sprintf("grid.New: %d cells for %dx%d", len(cells), h, w))
	}
	return &Grid{H: h, W: w, Cells: cells}
}

// Filled returns an H×W grid whose cells all hold v.
func Filled(h, w int, v int8) *Grid {
	cells := make([]int8, h*w)
	if v != 0 {
		for i := range cells {
			cells[i] = v
		}
	}
	return &Grid{H: h, W: w, Cells: cells}
}

// FromRows builds a grid from rows of equal length. It reports ragged rows and
// values outside int8; the task readers apply the stricter ARC limits.
func FromRows(rows [][]int) (*Grid, error) {
	if len(rows) == 0 {
		return &Grid{}, nil
	}
	w := len(rows[0])
	cells := make([]int8, 0, len(rows)*w)
	for i, r := range rows {
		if len(r) != w {
			return nil, fmt.Errorf("row %d has %d cells, row 0 has %d", i, len(r), w)
		}
		for j, v := range r {
			if v < -128 || v > 127 {
				return nil, fmt.Errorf("cell [%d][%d] = %d does not fit a grid cell", i, j, v)
			}
			cells = append(cells, int8(v))
		}
	}
	return &Grid{H: len(rows), W: w, Cells: cells}, nil
}

// MustFromRows is FromRows for literals in tests and examples.
func MustFromRows(rows [][]int) *Grid {
	g, err := FromRows(rows)
	if err != nil {
		panic(err)
	}
	return g
}

// At returns the cell in row i, column j.
func (g *Grid) At(i, j int) int8 { return g.Cells[i*g.W+j] }

// Row returns row i as a read-only view.
func (g *Grid) Row(i int) []int8 { return g.Cells[i*g.W : (i+1)*g.W] }

// Rows returns the grid as fresh rows of ints, the JSON shape of ARC files.
func (g *Grid) Rows() [][]int {
	rows := make([][]int, g.H)
	for i := range rows {
		r := make([]int, g.W)
		for j := range r {
			r[j] = int(g.Cells[i*g.W+j])
		}
		rows[i] = r
	}
	return rows
}

// Equal reports whether two grids have the same shape and cells.
func (g *Grid) Equal(o *Grid) bool {
	if g == o {
		return true
	}
	if g == nil || o == nil || g.H != o.H || g.W != o.W {
		return false
	}
	return slices.Equal(g.Cells, o.Cells)
}

// String renders the grid as rows of digits separated by '|', which is
// compact enough for error messages and test failures.
func (g *Grid) String() string {
	var b strings.Builder
	for i := 0; i < g.H; i++ {
		if i > 0 {
			b.WriteByte('|')
		}
		for j := 0; j < g.W; j++ {
			v := g.Cells[i*g.W+j]
			if v >= 0 && v <= 9 {
				b.WriteByte(byte('0' + v))
			} else {
				fmt.Fprintf(&b, "(%d)", v)
			}
		}
	}
	return b.String()
}

// MarshalJSON writes the grid as ARC's list of rows.
func (g *Grid) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	b.WriteByte('[')
	for i := 0; i < g.H; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('[')
		for j := 0; j < g.W; j++ {
			if j > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "%d", g.Cells[i*g.W+j])
		}
		b.WriteByte(']')
	}
	b.WriteByte(']')
	return []byte(b.String()), nil
}
