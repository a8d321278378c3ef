package synth

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/arcflow/arcflow/arc/grid"
)

// TestSearchMore checks each of morePatterns on a small constructed task
// that only it solves, with TestSearch's harness.
func TestSearchMore(t *testing.T) {
	tests := []struct {
		name  string
		train [][2]*grid.Grid
		test  [2]*grid.Grid
		how   string
		uses  string // a call the first program found must make
	}{
		{
			// Unfolded about the last row, the row not doubled.
			name: "reflection sharing the edge row",
			train: [][2]*grid.Grid{
				{g("10020", "03300", "00004"), g("10020", "03300", "00004", "03300", "10020")},
				{g("55000", "00600", "70070"), g("55000", "00600", "70070", "00600", "55000")},
			},
			test: [2]*grid.Grid{g("00900", "08080", "11001", "20000"), g("00900", "08080", "11001", "20000", "11001", "08080", "00900")},
			how:  "transform",
			uses: "crop(hmirror(I), DOWN",
		},
		{
			// Dots on the odd rows and columns gathered into a grid, one
			// cell per dot, empty places kept.
			name: "downscaled by the blocks' middle cells",
			train: [][2]*grid.Grid{
				{g("000000", "010002", "000000", "000000", "000000", "030000"), g("102", "000", "300")},
				{g("000000", "000000", "000000", "040400", "000000", "000005"), g("000", "440", "005")},
			},
			test: [2]*grid.Grid{g("000000", "000600", "000000", "070000", "000000", "000000"), g("060", "700", "000")},
			how:  "transform",
			uses: "downscale(crop(I, astuple(halve(TWO), halve(TWO))",
		},
		{
			// A shape and a pivot symmetric both ways (a dot, a square, a
			// plus), off the grid's centre: the shape mirrored into the
			// pivot's four quarters.
			name: "mirrored around a pivot",
			train: [][2]*grid.Grid{
				{g("0000000", "0220000", "0020000", "0005000", "0000000", "0000000", "0000000", "0000000"), g("0000000", "0220220", "0020200", "0005000", "0020200", "0220220", "0000000", "0000000")},
				{g("060000000", "066000000", "000000000", "000330000", "000330000", "000000000", "000000000", "000000000", "000000000"), g("060000600", "066006600", "000000000", "000330000", "000330000", "000000000", "066006600", "060000600", "000000000")},
			},
			test: [2]*grid.Grid{
				g("8000000", "8800000", "0001000", "0011100", "0001000", "0000000", "0000000", "0000000", "0000000"),
				g("8000008", "8800088", "0001000", "0011100", "0001000", "8800088", "8000008", "0000000", "0000000"),
			},
			how:  "transform",
			uses: "fork(equality, identity, hmirror)",
		},
		{
			// An arrow with a mark at its base: a line of the mark's
			// colour leaves the arrow's tip, pointing away from the mark.
			name: "ray from a mark through a shape",
			train: [][2]*grid.Grid{
				{g("0000000", "0000000", "0220000", "0422000", "0220000", "0000000"), g("0000000", "0000000", "0220000", "0422444", "0220000", "0000000")},
				{g("0000000", "0010000", "0111000", "1141100", "0000000", "0000000", "0000000"), g("0040000", "0010000", "0111000", "1141100", "0000000", "0000000", "0000000")},
			},
			test: [2]*grid.Grid{
				g("0000000", "0006600", "0066800", "0006600", "0000000"),
				g("0000000", "0006600", "8866800", "0006600", "0000000"),
			},
			how:  "transform",
			uses: "rbind(position",
		},
		{
			// Dots around a block, each in line with it, stamp their
			// colour on the block's edge where their line meets it.
			name: "dots projected onto a block",
			train: [][2]*grid.Grid{
				{g("0030000", "0000000", "0222000", "0222004", "0222000", "0000000"), g("0030000", "0000000", "0232000", "0224004", "0222000", "0000000")},
				{g("00000000", "00000000", "50777000", "00777000", "00000000", "00060000"), g("00000000", "00000000", "50577000", "00767000", "00000000", "00060000")},
			},
			test: [2]*grid.Grid{
				g("0000000", "0000000", "0008000", "0000000", "0000000", "1000550", "0000550", "0000000", "0000030"),
				g("0000000", "0000000", "0008000", "0000000", "0000000", "1000150", "0000530", "0000000", "0000030"),
			},
			how:  "transform",
			uses: "fork(add, identity, sign)",
		},
		{
			// A mark on the bottom row under the middle of each shape.
			name: "marks under the shapes",
			train: [][2]*grid.Grid{
				{g("0000000", "0111000", "0101000", "0000000", "0000000"), g("0000000", "0111000", "0101000", "0000000", "0040000")},
				{g("00000000", "22000000", "22000330", "00000030", "00000000", "00000000"), g("00000000", "22000000", "22000330", "00000030", "00000000", "04000040")},
			},
			test: [2]*grid.Grid{
				g("000000000", "066600000", "000000700", "000007770", "000000000"),
				g("000000000", "066600000", "000000700", "000007770", "004000400"),
			},
			how:  "transform",
			uses: "decrement(height(I))",
		},
		{
			// L-shaped corners shoot diagonals out of their open side.
			name: "diagonal rays from open corners",
			train: [][2]*grid.Grid{
				{g("000000", "000000", "000000", "000220", "000020", "000000"), g("000000", "000000", "000000", "000220", "000020", "002000")},
				{g("000000", "044000", "040000", "000000", "000000", "000000"), g("000000", "044000", "040000", "000400", "000040", "000004")},
			},
			test: [2]*grid.Grid{
				g("0000000", "0300000", "0330000", "0000000", "0000000", "0000600", "0000660"),
				g("0003000", "0300000", "0330000", "0000000", "0000006", "0000600", "0000660"),
			},
			how:  "transform",
			uses: "compose(center, delta)",
		},
		{
			// Bars and blocks with their lower halves recoloured.
			name: "lower half of each shape",
			train: [][2]*grid.Grid{
				{g("000000", "020000", "020020", "020020", "020020", "000000"), g("000000", "020000", "020020", "080020", "080080", "000000")},
				{g("0000000", "0220000", "0220000", "0220020", "0000020", "0000000"), g("0000000", "0220000", "0220000", "0880020", "0000080", "0000000")},
			},
			test: [2]*grid.Grid{
				g("2000000", "2002220", "2002220", "2000000", "2000000", "0000000"),
				g("2000000", "2002220", "2008880", "8000000", "8000000", "0000000"),
			},
			how:  "transform",
			uses: "compose(halve, height)",
		},
		{
			// A stencil, the picture's shape zoomed, cuts the picture.
			name: "picture cut by a zoomed stencil",
			train: [][2]*grid.Grid{
				{g("11000000", "11000000", "11110000", "11110000", "00000000", "00000230", "00000450", "00000000"), g("20", "45")},
				{g("000555500", "000555500", "000005500", "000005500", "000005555", "000005555", "000000000", "123000000", "476000000", "789000000"), g("120", "070", "089")},
			},
			test: [2]*grid.Grid{
				g("000444000", "000444000", "000444000", "444444000", "444444000", "444444000", "000000000", "000000680", "000000930"),
				g("08", "93"),
			},
			how:  "transform",
			uses: "downscale(subgrid(",
		},
		{
			// Colours tallied as columns, the commonest first.
			name: "bar chart of the colours' counts",
			train: [][2]*grid.Grid{
				{g("112", "133", "111"), g("132", "130", "100", "100", "100", "100")},
				{g("4405", "5550"), g("54", "54", "50", "50")},
			},
			test: [2]*grid.Grid{g("778", "789", "780"), g("789", "780", "780", "700")},
			how:  "transform",
			uses: "lbind(colorcount, I)",
		},
		{
			// Grown by a cell each side, the edges repeated outwards.
			name: "framed by its own edges",
			train: [][2]*grid.Grid{
				{g("123", "456"), g("01230", "11233", "44566", "04560")},
				{g("57", "75", "99"), g("0570", "5577", "7755", "9999", "0990")},
			},
			test: [2]*grid.Grid{g("36", "41", "22"), g("0360", "3366", "4411", "2222", "0220")},
			how:  "transform",
			uses: "corners(asindices(",
		},
		{
			// A ring around the cell where two lines cross.
			name: "ring at a crossing",
			train: [][2]*grid.Grid{
				{g("00300", "22222", "00300", "00300", "00300"), g("04440", "24242", "04440", "00300", "00300")},
				{g("060000", "060000", "060000", "166111", "060000", "060000"), g("060000", "060000", "444000", "464111", "444000", "060000")},
			},
			test: [2]*grid.Grid{
				g("000050", "000050", "888858", "000050", "000050"),
				g("000050", "000444", "888454", "000444", "000050"),
			},
			how:  "transform",
			uses: "matcher(size, FOUR)",
		},
		{
			// One panel's drawing copied into every panel of the board.
			name: "panel copied across the board",
			train: [][2]*grid.Grid{
				{g("1005000", "0205000", "0005000", "5555555", "0005000", "0005000", "0005000"), g("1005100", "0205020", "0005000", "5555555", "1005100", "0205020", "0005000")},
				{g("00040304000", "00046604000", "00040004000"), g("03040304030", "66046604660", "00040004000")},
			},
			test: [2]*grid.Grid{
				g("00050005000", "00050005000", "00050005000", "55555555555", "00050005080", "00050005700", "00050005000"),
				g("08050805080", "70057005700", "00050005000", "55555555555", "08050805080", "70057005700", "00050005000"),
			},
			how:  "transform",
			uses: "lbind(shift, toobject(",
		},
		{
			// Each panel's figure completed after the others, in the
			// lines' colour.
			name: "panels completed in the lines' colour",
			train: [][2]*grid.Grid{
				{g("2205000", "2005200", "0005000", "5555555", "0005020", "0005000", "0005000"), g("2205550", "2005200", "0005000", "5555555", "5505520", "5005500", "0005000")},
				{g("01080008000", "11180108000", "00080008000"), g("01080808080", "11188188888", "00080008000")},
			},
			test: [2]*grid.Grid{
				g("4003000", "0003000", "0003000", "3333333", "0003400", "0003040", "0003004"),
				g("4003300", "0303030", "0033003", "3333333", "3003400", "0303040", "0033004"),
			},
			how:  "transform",
			uses: "underfill(I, mostcolor(merge(",
		},
		{
			// Dots in the cells of a dense lattice joined across it by
			// colour, the lattice kept.
			name: "joined across a lattice",
			train: [][2]*grid.Grid{
				{g("2505250", "5555555", "0505053", "5555555", "0505050", "5555555", "0505053"), g("2525250", "5555555", "0505053", "5555555", "0505053", "5555555", "0505053")},
				{g("0808080", "8888888", "4808084", "8888888", "1808180", "8888888", "0808080"), g("0808080", "8888888", "4848484", "8888888", "1818180", "8888888", "0808080")},
			},
			test: [2]*grid.Grid{
				g("0676069", "6666666", "0606060", "6666666", "0606069", "6666666", "0676060"),
				g("0676069", "6666666", "0676069", "6666666", "0676069", "6666666", "0676060"),
			},
			how:  "transform",
			uses: "compose(positive, color)",
		},
		{
			// Bars sorted by length, stacked at the bottom right.
			name: "bars sorted into a stack",
			train: [][2]*grid.Grid{
				{g("00000", "22200", "00000", "00011", "44440"), g("00000", "00000", "00011", "00222", "04444")},
				{g("330000", "000000", "055555", "000700"), g("000000", "000007", "000033", "055555")},
			},
			test: [2]*grid.Grid{
				g("0800", "0000", "6660", "0000", "0990", "0000"),
				g("0000", "0000", "0000", "0008", "0099", "0666"),
			},
			how:  "transform",
			uses: "mpapply(shift",
		},
		{
			// An ornament with all the square's symmetries, some cells
			// missing: a side cell with no mirror image left in its row
			// or column comes back from across the diagonal.
			name: "completed to eightfold symmetry",
			train: [][2]*grid.Grid{
				{g("00000000", "00100010", "00030300", "00204020", "00030300", "00100010", "00000000"), g("00000000", "00102010", "00030300", "00204020", "00030300", "00102010", "00000000")},
				{g("005500", "006650", "056650", "000500", "000000", "000000"), g("005500", "056650", "056650", "005500", "000000", "000000")},
			},
			test: [2]*grid.Grid{
				g("0000000", "0000000", "0300030", "0080000", "0001070", "0080800", "0307030"),
				g("0000000", "0000000", "0307030", "0080800", "0701070", "0080800", "0307030"),
			},
			how:  "transform",
			uses: "dmirror(merge(fgpartition(I)))",
		},
		{
			// Nested rings, their colours reversed from the outside in.
			name: "rings' colours reversed",
			train: [][2]*grid.Grid{
				{g("111111", "122221", "123321", "123321", "122221", "111111"), g("333333", "322223", "321123", "321123", "322223", "333333")},
				{g("22222222", "21111112", "21333312", "21344312", "21344312", "21333312", "21111112", "22222222"), g("44444444", "43333334", "43111134", "43122134", "43122134", "43111134", "43333334", "44444444")},
			},
			test: [2]*grid.Grid{
				g("66666", "68886", "68986", "68886", "66666"),
				g("99999", "98889", "98689", "98889", "99999"),
			},
			how:  "transform",
			uses: "mpapply(recolor",
		},
		{
			// A shape with a mark against one side, unfolded across it.
			name: "unfolded across a marked side",
			train: [][2]*grid.Grid{
				{g("00000000", "03300000", "03000000", "03335000", "00000000", "00000000"), g("00000000", "03300330", "03000030", "03333330", "00000000", "00000000")},
				{g("000000", "000000", "000000", "020200", "040400", "044400", "000000", "000000"), g("000000", "000000", "044400", "040400", "040400", "044400", "000000", "000000")},
			},
			test: [2]*grid.Grid{
				g("0000000", "0066000", "0060000", "0066000", "0011000", "0000000", "0000000", "0000000"),
				g("0000000", "0066000", "0060000", "0066000", "0066000", "0060000", "0066000", "0000000"),
			},
			how:  "transform",
			uses: "branch(vmatching(",
		},
		{
			// A 2×2 block with marked corners slides out of each, the
			// trail as wide as the block, to the edge.
			name: "trails out of marked corners",
			train: [][2]*grid.Grid{
				{g("0000000", "0000000", "0052000", "0055000", "0000000", "0000000", "0000000"), g("0000555", "0005550", "0055500", "0055000", "0000000", "0000000", "0000000")},
				{g("00000000", "00000000", "00232000", "00033000", "00000000", "00000000"), g("33303333", "03333330", "00333300", "00033000", "00000000", "00000000")},
			},
			test: [2]*grid.Grid{
				g("0000000", "0000000", "0006600", "0002600", "0000000", "0000000", "0000000"),
				g("0000000", "0000000", "0006600", "0066600", "0666000", "6660000", "6600000"),
			},
			how:  "transform",
			uses: "lbind(rbind, shoot)",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var in, out []*grid.Grid
			for _, p := range tc.train {
				in, out = append(in, p[0]), append(out, p[1])
			}
			opts := Options{MaxTime: 20 * time.Second, MaxCost: 2, MaxStates: 50_000}
			found, st := Search(context.Background(), in, out, []*grid.Grid{tc.test[0]}, opts)
			if len(found) == 0 {
				t.Fatalf("nothing found (%+v)", st)
			}
			if found[0].How != tc.how {
				t.Errorf("first found %s by %s, want %s", found[0].Expr, found[0].How, tc.how)
			}
			if !strings.Contains(found[0].Expr.String(), tc.uses) {
				t.Errorf("first found %s, which does not call %s", found[0].Expr, tc.uses)
			}
			if got := answer(t, found[0], tc.test[0]); !got.Equal(tc.test[1]) {
				t.Errorf("%s answers\n%v, want\n%v", found[0].Expr, got, tc.test[1])
			}
		})
	}
}
