package synth

import (
	"testing"

	"github.com/arcflow/arcflow/arc/grid"
)

// TestSearchExtra checks each of extraPatterns on a small constructed task
// that only it solves, with TestSearch's harness.
func TestSearchExtra(t *testing.T) {
	tests := []searchCase{
		{
			// Upright and diagonal lines, every second cell from the top
			// recoloured; a flat line keeps its colour.
			name: "alternate cells along lines",
			train: [][2]*grid.Grid{
				{g("300000", "300300", "300030", "300003", "000000"), g("300000", "800300", "300080", "800003", "000000")},
				{g("020000", "002000", "000200", "000020", "222000"), g("020000", "008000", "000200", "000080", "222000")},
			},
			test: [2]*grid.Grid{
				g("4000000", "4004000", "4000400", "4000040", "4000004", "0000000"),
				g("4000000", "8004000", "4000800", "8000040", "4000008", "0000000"),
			},
			how:  "transform",
			uses: "compose(flip, compose(even, first))",
		},
		{
			// A run of colours continued along its row, or its column, to
			// the edges; a cross continued both ways.
			name: "runs continued along rows and columns",
			train: [][2]*grid.Grid{
				{g("000000", "000000", "031000", "000000"), g("000000", "000000", "131313", "000000")},
				{g("0000", "0050", "0060", "0070", "0000", "0000", "0000"), g("0070", "0050", "0060", "0070", "0050", "0060", "0070")},
			},
			test: [2]*grid.Grid{
				g("0000000", "0000000", "0009000", "0028400", "0001000", "0000000", "0000000"),
				g("0008000", "0001000", "0009000", "8428428", "0001000", "0009000", "0008000"),
			},
			how:  "transform",
			uses: "fork(rbind(interval, ONE)",
		},
		{
			// A frame around a mark shoots diagonals of the mark's colour
			// from its box's corners, the mark anywhere inside.
			name: "rays from a container's corners",
			train: [][2]*grid.Grid{
				{g("0000000", "0000000", "0055500", "0056500", "0055500", "0000000", "0000000"), g("6000006", "0600060", "0055500", "0056500", "0055500", "0600060", "6000006")},
				{g("00000000", "00000000", "00000000", "01000100", "01020100", "01111100", "00000000", "00000000"), g("00000000", "00000002", "20000020", "01000100", "01020100", "01111100", "20000020", "00000002")},
			},
			test: [2]*grid.Grid{
				g("000000000", "000000000", "000000000", "000444440", "000403000", "000444440", "000000000", "000000000", "000000000"),
				g("300000000", "030000000", "003000003", "000444440", "000403000", "000444440", "003000003", "030000000", "300000000"),
			},
			how:  "transform",
			uses: "compose(size, backdrop)",
		},
		{
			// Holes in bands cut across them, the bands' orientation
			// deciding the cut's.
			name: "holes cut across bands",
			train: [][2]*grid.Grid{
				{g("111111", "110111", "111111", "222222", "222202", "222222"), g("110111", "110111", "110111", "222202", "222202", "222202")},
				{g("333444", "333444", "303444", "333404", "333444"), g("333444", "333444", "000444", "333000", "333444")},
			},
			test: [2]*grid.Grid{
				g("55555", "55055", "66666", "66666", "60666", "77777", "77770"),
				g("55055", "55055", "60666", "60666", "60666", "77770", "77770"),
			},
			how:  "transform",
			uses: "rbind(rbind(branch, vfrontier), hfrontier)",
		},
		{
			// Solid rectangles dotted with holes at their odd rows and
			// columns: a bar along its middle row, a square in a lattice.
			name: "lattice of holes in shapes",
			train: [][2]*grid.Grid{
				{g("0000000", "0111110", "0111110", "0111110", "0000000"), g("0000000", "0111110", "0101010", "0111110", "0000000")},
				{g("22222000", "22222000", "22222000", "22222000", "22222000", "00000000", "00000333", "00000333", "00000333"), g("22222000", "20202000", "22222000", "20202000", "22222000", "00000000", "00000333", "00000303", "00000333")},
			},
			test: [2]*grid.Grid{
				g("000000000", "444444400", "444444400", "444444400", "000000000", "066600000", "066600000", "066600000", "066600000", "066600000"),
				g("000000000", "444444400", "404040400", "444444400", "000000000", "066600000", "060600000", "066600000", "060600000", "066600000"),
			},
			how:  "transform",
			uses: "compose(flip, compose(even, last))",
		},
		{
			// A small shape blown up into the frame beside it, by twice
			// or three times as the frame's inside is wide.
			name: "small shape scaled into a frame",
			train: [][2]*grid.Grid{
				{g("0000000000", "0222222000", "0200002000", "0200002000", "0200002000", "0200002000", "0222222010", "0000000011"), g("222222", "211002", "211002", "211112", "211112", "222222")},
				{g("000000000000", "055555555000", "050000005000", "050000005000", "050000005030", "050000005333", "050000005030", "050000005000", "055555555000", "000000000000"), g("55555555", "50033005", "50033005", "53333335", "53333335", "50033005", "50033005", "55555555")},
			},
			test: [2]*grid.Grid{
				g("000000000000", "088888888000", "080000008000", "080000008000", "080000008000", "080000008000", "080000008066", "080000008006", "088888888000"),
				g("88888888", "86666668", "86666668", "86666668", "80006668", "80006668", "80006668", "88888888"),
			},
			how:  "transform",
			uses: "upscale(normalize(argmin(",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { checkSearchCase(t, tc) })
	}
}
