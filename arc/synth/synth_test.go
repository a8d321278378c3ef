package synth

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/grid"
	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/arc/sample"
	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/internal/cputime"
)

func g(rows ...string) *grid.Grid {
	var rr [][]int
	for _, r := range rows {
		var row []int
		for _, c := range r {
			row = append(row, int(c-'0'))
		}
		rr = append(rr, row)
	}
	out, err := grid.FromRows(rr)
	if err != nil {
		panic(err)
	}
	return out
}

// answer runs a found program on a grid.
func answer(t *testing.T, f Found, in *grid.Grid) *grid.Grid {
	t.Helper()
	tm, err := NewTemplate(f.Expr.String(), 1)
	if err != nil {
		t.Fatal(err)
	}
	out, ok := apply(dsl.NewEnv(context.Background(), 0), tm, in)
	if !ok {
		t.Fatalf("%s fails on %v", f.Expr, in)
	}
	return out
}

func TestSearch(t *testing.T) {
	tests := []searchCase{
		{
			// The output is the largest object, cut out: a cost-2 template.
			name: "largest object",
			train: [][2]*grid.Grid{
				{g("0000000", "0110020", "0110000", "0110033", "0000033"), g("11", "11", "11")},
				{g("2200000", "0004440", "0004440", "0000000", "0000000"), g("444", "444")},
			},
			test: [2]*grid.Grid{g("000000", "055500", "055500", "000066", "000066"), g("555", "555")},
			how:  "transform",
		},
		{
			// The odd shape out: the largest object in one pair, the
			// smallest in the other, so only "the shape fewest objects
			// share" fits both.
			name: "odd one out",
			train: [][2]*grid.Grid{
				{g("1110000", "0000000", "0001110", "0000000", "0110000", "0110000", "0000000"), g("11", "11")},
				{g("1100000", "1100110", "0000110", "0000000", "0011100", "0000000", "0000000"), g("111")},
			},
			test: [2]*grid.Grid{g("0000011", "1000011", "1000000", "1001100", "0001100", "0000000", "0000000"), g("1", "1", "1")},
			how:  "transform",
		},
		{
			// Three panels between separating lines; the answer is the
			// last: no half, quarter or crop gives it.
			name: "last of three parts",
			train: [][2]*grid.Grid{
				{g("10052225300", "01050005330"), g("300", "330")},
				{g("33050105200", "30051005000"), g("200", "000")},
			},
			test: [2]*grid.Grid{g("11152025004", "11150205444"), g("004", "444")},
			how:  "transform",
		},
		{
			// The picture and its three turns, tiled two by two.
			name: "tiled turns",
			train: [][2]*grid.Grid{
				{g("12", "34"), g("1231", "3442", "2443", "1321")},
				{g("56", "78"), g("5675", "7886", "6887", "5765")},
			},
			test: [2]*grid.Grid{g("10", "02"), g("1001", "0220", "0220", "1001")},
			how:  "transform",
		},
		{
			// The small shape slides until it touches the large one.
			name: "gravitate",
			train: [][2]*grid.Grid{
				{g("00200", "00000", "00000", "00000", "01110", "01110"), g("00000", "00000", "00000", "00200", "01110", "01110")},
				{g("00333", "00333", "00000", "00000", "00000", "00040"), g("00333", "00333", "00040", "00000", "00000", "00000")},
			},
			test: [2]*grid.Grid{g("000000", "000000", "660005", "660000"), g("000000", "000000", "665000", "660000")},
			how:  "transform",
		},
		{
			// The squares recoloured: the largest object in one pair, the
			// smallest in the other.
			name: "shape predicate",
			train: [][2]*grid.Grid{
				{g("110000", "110111", "000000", "000000", "000000"), g("220000", "220111", "000000", "000000", "000000")},
				{g("100000", "100000", "111011", "000011", "000000"), g("100000", "100000", "111022", "000022", "000000")},
			},
			test: [2]*grid.Grid{g("011000", "011000", "000001", "000001"), g("022000", "022000", "000001", "000001")},
			how:  "transform",
		},
		{
			// A mark round every dot: its four side neighbours.
			name: "halo",
			train: [][2]*grid.Grid{
				{g("00000", "00100", "00000", "00000"), g("00200", "02120", "00200", "00000")},
				{g("00000", "00000", "00010", "00000"), g("00000", "00020", "00212", "00020")},
			},
			test: [2]*grid.Grid{g("01000", "00000", "00000", "00000"), g("21200", "02000", "00000", "00000")},
			how:  "transform",
			uses: "dneighbors",
		},
		{
			// Cells of one colour on a row or column joined in that
			// colour, every colour at once: the test's colours are not
			// the train pairs'.
			name: "join each colour",
			train: [][2]*grid.Grid{
				{g("10010", "00000", "20002"), g("11110", "00000", "22222")},
				{g("03000", "00000", "03000", "40040"), g("03000", "03000", "03000", "44440")},
			},
			test: [2]*grid.Grid{g("50050", "00000", "00000", "06006"), g("55550", "00000", "00000", "06666")},
			how:  "transform",
			uses: "fgpartition",
		},
		{
			// Every cell shoots a ray of its own colour downwards.
			name: "rays in their own colour",
			train: [][2]*grid.Grid{
				{g("1000", "0020", "0000", "0000"), g("1000", "1020", "1020", "1020")},
				{g("0030", "0000", "4000", "0000"), g("0030", "0030", "4030", "4030")},
			},
			test: [2]*grid.Grid{g("0506", "0000", "0000"), g("0506", "0506", "0506")},
			how:  "transform",
			uses: "shoot",
		},
		{
			// The interior of every solid rectangle recoloured: what the
			// box one cell in encloses, not only its outline.
			name: "interior",
			train: [][2]*grid.Grid{
				{g("11100", "11100", "11100", "00000"), g("11100", "12100", "11100", "00000")},
				{g("111110000", "111110000", "111110000", "111110000", "111110000", "000000000"), g("111110000", "122210000", "122210000", "122210000", "111110000", "000000000")},
			},
			test: [2]*grid.Grid{g("0111000", "0111000", "0111000", "0111000"), g("0111000", "0121000", "0121000", "0111000")},
			how:  "transform",
			uses: "inbox",
		},
		{
			// A picture stretched unevenly: repeated rows and columns
			// kept once.
			name: "repeats removed",
			train: [][2]*grid.Grid{
				{g("11122", "33344", "33344"), g("12", "34")},
				{g("5566", "5566", "5566", "7788"), g("56", "78")},
			},
			test: [2]*grid.Grid{g("12223", "12223", "45556"), g("123", "456")},
			how:  "transform",
		},
		{
			// Four panels between separating lines; the answer is the one
			// with a colour the others lack.
			name: "the odd panel",
			train: [][2]*grid.Grid{
				{g("11511", "11511", "55555", "11511", "13511"), g("11", "13")},
				{g("22522", "42522", "55555", "22522", "22522"), g("22", "42")},
			},
			test: [2]*grid.Grid{g("66566", "66566", "55555", "66566", "66576"), g("66", "76")},
			how:  "transform",
			uses: "numcolors",
		},
		{
			// The shapes that enclose background recoloured, open ones
			// kept; neither size nor a shape predicate tells them apart.
			name: "enclosing shapes",
			train: [][2]*grid.Grid{
				{g("000000000", "011110000", "010010000", "011110000", "000000000", "111111111", "100000000", "100000000"), g("000000000", "022220000", "020020000", "022220000", "000000000", "111111111", "100000000", "100000000")},
				{g("1110000", "1010000", "1010000", "1110000", "0000000", "0000110"), g("2220000", "2020000", "2020000", "2220000", "0000000", "0000110")},
			},
			test: [2]*grid.Grid{g("0000000", "0011110", "0010010", "0011110", "1000000", "1000000"), g("0000000", "0022220", "0020020", "0022220", "1000000", "1000000")},
			how:  "transform",
			uses: "adjacent",
		},
		{
			// Runs of equal rows, then of equal columns, kept once: a row
			// that comes back further down stays, which dedupe would drop.
			name: "runs kept once",
			train: [][2]*grid.Grid{
				{g("1122", "1122", "2211", "1122"), g("12", "21", "12")},
				{g("334", "334", "443", "443", "334"), g("34", "43", "34")},
			},
			test: [2]*grid.Grid{g("5566", "6655", "6655", "5566"), g("56", "65", "56")},
			how:  "transform",
			uses: "sfilter(pair(",
		},
		{
			// Everything falls to the bottom of its column, in order.
			name: "gravity",
			train: [][2]*grid.Grid{
				{g("1020", "0300", "0001", "0000"), g("0000", "0000", "0000", "1321")},
				{g("0400", "5000", "3006", "0000"), g("0000", "0000", "5000", "3406")},
			},
			test: [2]*grid.Grid{g("7008", "0000", "0900", "0000"), g("0000", "0000", "0000", "7908")},
			how:  "transform",
			uses: "order",
		},
		{
			// A board of blocks between lines read off as one cell per
			// block, blocks of a size that changes from grid to grid.
			name: "blocks to cells",
			train: [][2]*grid.Grid{
				{g("11500522", "11500522", "55555555", "00533500", "00533500", "55555555", "44500500", "44500500"), g("102", "030", "400")},
				{g("00056665000", "00056665000", "00056665000", "55555555555", "77750005777", "77750005777", "77750005777", "55555555555", "00050005888", "00050005888", "00050005888"), g("060", "707", "008")},
			},
			test: [2]*grid.Grid{g("22225222250000", "22225222250000", "22225222250000", "22225222250000", "55555555555555", "00005000059999", "00005000059999", "00005000059999", "00005000059999", "55555555555555", "11115000053333", "11115000053333", "11115000053333", "11115000053333"), g("220", "009", "103")},
			how:  "transform",
			uses: "divide",
		},
		{
			// Each shape coloured by its size: 1 cell red, 2 cells green,
			// 3 cells yellow.
			name: "coloured by size",
			train: [][2]*grid.Grid{
				{g("50055", "00000", "55505", "00000", "05000"), g("20033", "00000", "44402", "00000", "02000")},
				{g("05500", "00005", "50005", "50005", "00000"), g("03300", "00004", "30004", "30004", "00000")},
			},
			test: [2]*grid.Grid{g("55500", "00000", "50550", "00000", "00005"), g("44400", "00000", "20330", "00000", "00002")},
			how:  "by property",
			uses: "matcher",
		},
		{
			// The largest shape blue, the smallest red, the rest kept.
			name: "largest and smallest",
			train: [][2]*grid.Grid{
				{g("550000", "550055", "000000", "555000", "000005"), g("110000", "110055", "000000", "555000", "000002")},
				{g("500555", "000555", "055000", "000000", "555500"), g("200111", "000111", "055000", "000000", "555500")},
			},
			test: [2]*grid.Grid{g("555005", "000005", "500000", "500055", "500055"), g("555002", "000002", "500000", "500011", "500011")},
			how:  "by property",
			uses: "valmax",
		},
		{
			// Bars coloured by the rank of their length: the longest
			// blue, then red, green, yellow, whatever the lengths are.
			name: "ranked by size",
			train: [][2]*grid.Grid{
				{g("00050000", "00050005", "05050005", "05050505"), g("00010000", "00010002", "03010002", "03010402")},
				{g("00000500", "05000500", "05000505", "05050505"), g("00000100", "02000100", "02000103", "02040103")},
			},
			test: [2]*grid.Grid{g("05000000", "05000005", "05000505", "05050505", "05050505"), g("01000000", "01000002", "01000302", "01040302", "01040302")},
			how:  "by property",
			uses: "remove",
		},
		{
			// As many cells on a diagonal as there are shapes.
			name: "count drawn",
			train: [][2]*grid.Grid{
				{g("30003", "00000", "00330", "00000"), g("300", "030", "003")},
				{g("00300", "00000", "33000"), g("30", "03")},
			},
			test: [2]*grid.Grid{g("30030", "00000", "30003", "00003"), g("3000", "0300", "0030", "0003")},
			how:  "transform",
			uses: "connect",
		},
		{
			// A halo round each dot, its colour set by the dot's: round
			// red yellow, round green blue.
			name: "halo by colour",
			train: [][2]*grid.Grid{
				{g("000000", "020000", "000000", "000030", "000000"), g("444000", "424000", "444111", "000131", "000111")},
				{g("000000", "000300", "000000", "000000", "200000"), g("001110", "001310", "001110", "440000", "240000")},
			},
			test: [2]*grid.Grid{g("000000", "030020", "000000"), g("111444", "131424", "111444")},
			how:  "by property",
			uses: "neighbors",
		},
		{
			// A ring round each pair of cells; single cells left alone.
			name: "ring by size",
			train: [][2]*grid.Grid{
				{g("0000000", "0000000", "0022000", "0000000", "0000000", "2000002"), g("0000000", "0333300", "0322300", "0333300", "0000000", "2000002")},
				{g("0000000", "0200000", "0200020", "0000000", "0000000"), g("3330000", "3230000", "3230020", "3330000", "0000000")},
			},
			test: [2]*grid.Grid{g("0000000", "0000000", "0000200", "0000200", "0000000", "2000000"), g("0000000", "0003330", "0003230", "0003230", "0003330", "2000000")},
			how:  "by property",
			uses: "underfill",
		},
		{
			// A cross of lines through each ring's centre.
			name: "cross through each shape",
			train: [][2]*grid.Grid{
				{g("1110000", "1010000", "1110000", "0000000", "0000000", "0000000"), g("1110000", "1616666", "1110000", "0600000", "0600000", "0600000")},
				{g("0001110", "0001010", "0001110", "0000000", "1110000", "1010000", "1110000"), g("0601110", "6661616", "0601110", "0600600", "1110600", "1616666", "1110600")},
			},
			test: [2]*grid.Grid{g("00000000", "00000000", "00000000", "00001110", "00001010", "00001110", "00000000"), g("00000600", "00000600", "00000600", "00001110", "66661616", "00001110", "00000600")},
			how:  "by property",
			uses: "center",
		},
		{
			// Every third column's cells of a colour recoloured.
			name: "every third column",
			train: [][2]*grid.Grid{
				{g("4040404", "4444444"), g("6040406", "6446446")},
				{g("04040404", "44444444"), g("04060404", "64464464")},
			},
			test: [2]*grid.Grid{g("404040404", "444444444"), g("604040604", "644644644")},
			how:  "transform",
			uses: "interval",
		},
		{
			// A band repeated down the grid, a copy every height of it.
			name: "band repeated",
			train: [][2]*grid.Grid{
				{g("000", "000", "101", "020", "000", "000", "000"), g("101", "020", "101", "020", "101", "020", "101")},
				{g("0000", "0000", "0000", "3300", "0000", "0000"), g("3300", "3300", "3300", "3300", "3300", "3300")},
			},
			test: [2]*grid.Grid{g("0000", "4004", "0440", "0000", "0000"), g("0440", "4004", "0440", "4004", "0440")},
			how:  "transform",
			uses: "interval",
		},
		{
			// Three panels laid over each other: the middle one's colour
			// wins over the last's, which wins over the first's.
			name: "panels laid over",
			train: [][2]*grid.Grid{
				{g("00050025300", "00052205303", "11050225033"), g("302", "223", "122")},
				{g("01152005330", "00150025303", "00052225303"), g("231", "302", "222")},
			},
			test: [2]*grid.Grid{g("11050205003", "10152225300", "00150205300"), g("123", "222", "321")},
			how:  "transform",
			uses: "remove",
		},
		{
			// A symmetric picture with a hole: the hole's cells read from
			// the mirror image.
			name: "symmetry completed",
			train: [][2]*grid.Grid{
				{g("1221", "3403", "5665"), g("1221", "3443", "5665")},
				{g("7807", "9119"), g("7887", "9119")},
			},
			test: [2]*grid.Grid{g("2302", "4554"), g("2332", "4554")},
			how:  "transform",
			uses: "toobject",
		},
		{
			// Two transforms in a row: turn the picture, then recolour one
			// colour: cost 2 reached through a state of cost 1.
			name: "turn then recolour",
			train: [][2]*grid.Grid{
				{g("120", "000", "001"), g("003", "002", "300")},
				{g("100", "210", "000"), g("023", "030", "000")},
			},
			test: [2]*grid.Grid{g("001", "020", "100"), g("300", "020", "003")},
			how:  "transform",
		},
		{
			// A column drawn through the rarest colour's cell, in that
			// colour: a different colour in every pair, so only a program
			// that names the colour as the rarest carries to the test.
			name: "relative colour",
			train: [][2]*grid.Grid{
				{g("000", "010", "000"), g("010", "010", "010")},
				{g("200", "000", "000"), g("200", "200", "200")},
			},
			test: [2]*grid.Grid{g("000", "004", "000"), g("004", "004", "004")},
			how:  "transform",
		},
		{
			// Four colours shifted round a cycle: three swaps in a row,
			// beyond the search's cost; a mapping of colours after the
			// input does it.
			name: "colour cycle",
			train: [][2]*grid.Grid{
				{g("1234", "0012"), g("2341", "0023")},
				{g("4400", "3210"), g("1100", "4320")},
			},
			test: [2]*grid.Grid{g("0000", "1143"), g("0000", "2214")},
			how:  "recolour",
		},
		{
			// Every cell doubled rightwards: the input painted over its
			// foreground shifted one step, the background transparent.
			// (Mirror completion, the case this was, is now a transform.)
			name: "smear by one",
			train: [][2]*grid.Grid{
				{g("1000", "0200", "0000"), g("1100", "0220", "0000")},
				{g("0300", "0004", "5000"), g("0330", "0004", "5500")},
			},
			test:     [2]*grid.Grid{g("0060", "7000", "0000"), g("0066", "7700", "0000")},
			how:      "overlay",
			noSingle: true,
		},
		{
			// A periodic picture with a patch covered by 0: each covered
			// cell takes the colour of the cell a step up and right,
			// which the pictures all share.
			name: "covered picture completed",
			train: [][2]*grid.Grid{
				{g("123123", "200231", "300312", "123123", "231231", "312312"), g("123123", "231231", "312312", "123123", "231231", "312312")},
				{g("456456", "564564", "645645", "450056", "560064", "645645"), g("456456", "564564", "645645", "456456", "564564", "645645")},
			},
			test: [2]*grid.Grid{g("789009", "897007", "978978", "789789", "897897", "978978"), g("789789", "897897", "978978", "789789", "897897", "978978")},
			how:  "completion",
			uses: "toobject",
		},
		{
			// Pictures that repeat with periods of their own, 2×5, 3×4
			// and 4×3, covered in places: no shift the three share fits
			// in them, so each program reads its grid's periods off the
			// edges.
			name: "covered picture of its own period completed",
			train: [][2]*grid.Grid{
				{g("637126371", "900099261", "600026371", "926199261", "637120071", "926190061", "637126371"), g("637126371", "926199261", "637126371", "926199261", "637126371", "926199261", "637126371")},
				{g("852385238", "265826582", "390039143", "850085238", "260026582", "391439143", "852385238", "265826582"), g("852385238", "265826582", "391439143", "852385238", "265826582", "391439143", "852385238", "265826582")},
			},
			test: [2]*grid.Grid{g("39539539", "63960003", "52650002", "48848848", "39539539", "60063963", "50052652", "48848848", "39539539"), g("39539539", "63963963", "52652652", "48848848", "39539539", "63963963", "52652652", "48848848", "39539539")},
			how:  "completion",
			uses: "hperiod",
		},
		{
			// Each colour's two dots joined by a line of their colour,
			// across or along a diagonal; a colour with one dot (5)
			// keeps it as it is.
			name: "pairs of dots joined",
			train: [][2]*grid.Grid{
				{g("2000000", "0000003", "0000000", "0000000", "0000200", "0030000", "0000000"), g("2000000", "0200003", "0020030", "0002300", "0003200", "0030000", "0000000")},
				{g("00000006", "00000000", "00000400", "50000000", "00000000", "00000000", "04000006"), g("00000006", "00000006", "00000406", "50004006", "00040006", "00400006", "04000006")},
			},
			test: [2]*grid.Grid{g("0000000", "0100010", "0000002", "0000700", "0000000", "0000000", "0000000", "7000002"), g("0000000", "0111110", "0000002", "0000702", "0007002", "0070002", "0700002", "7000002")},
			how:  "transform",
			uses: "matcher(size, TWO)",
		},
		{
			// A 3×3 picture whose cells lie in the four 3×3 corners of
			// larger grids of several sizes: the corners laid over each
			// other.
			name: "corners laid over each other",
			train: [][2]*grid.Grid{
				{g("100000002", "000000000", "001000000", "000000000", "000000000", "030000000", "000000400"), g("102", "030", "401")},
				{g("05000000", "00000600", "05000007", "00000000", "00000000", "00000000", "06000006", "00000000"), g("050", "666", "057")},
			},
			test: [2]*grid.Grid{g("2000000020", "0000000000", "0030000000", "0000000000", "0800000000", "0000000900"), g("220", "080", "903")},
			how:  "transform",
			uses: "crop(I, subtract(shape(I)",
		},
		{
			// The green shape slides until it touches the other one,
			// down or left; it is the larger in one pair and the smaller
			// in the other, so only its colour tells it.
			name: "a colour slid against the rest",
			train: [][2]*grid.Grid{
				{g("033300", "003300", "000000", "000000", "000000", "008800", "008800"), g("000000", "000000", "000000", "033300", "003300", "008800", "008800")},
				{g("0000000", "8800000", "8800003", "0000000"), g("0000000", "8800000", "8830000", "0000000")},
			},
			test: [2]*grid.Grid{g("000888", "000888", "000000", "000000", "000000", "000030", "000030", "000030"), g("000888", "000888", "000030", "000030", "000030", "000000", "000000", "000000")},
			how:  "transform",
			uses: "gravitate(ofcolor(I, THREE)",
		},
		{
			// Green dots take the colour of the nearest line: columns at
			// the sides in one pair, rows in the other.
			name: "marks coloured by the nearest shape",
			train: [][2]*grid.Grid{
				{g("1000002", "1030002", "1000002", "1000302", "1300002", "1000002"), g("1000002", "1010002", "1000002", "1000202", "1100002", "1000002")},
				{g("444444", "000030", "003000", "000000", "000000", "000300", "666666"), g("444444", "000040", "004000", "000000", "000000", "000600", "666666")},
			},
			test: [2]*grid.Grid{g("800005", "800005", "830005", "800005", "800035", "800005"), g("800005", "800005", "880005", "800005", "800055", "800005")},
			how:  "transform",
			uses: "manhattan",
		},
		{
			// A pattern of several colours moved onto every grey mark of
			// its size, wherever the marks are.
			name: "a pattern stamped on the marks",
			train: [][2]*grid.Grid{
				{g("12000000", "34000000", "00000000", "00005500", "00005500", "00000000", "05500000", "05500000"), g("00000000", "00000000", "00000000", "00001200", "00003400", "00000000", "01200000", "03400000")},
				{g("055500000", "055500000", "000000000", "005550000", "005550000", "000000667", "000000887"), g("066700000", "088700000", "000000000", "006670000", "008870000", "000000000", "000000000")},
			},
			test: [2]*grid.Grid{g("0000029", "0550092", "0550022", "0550000", "0000000", "0000550", "0000550", "0000550", "0000000"), g("0000000", "0290000", "0920000", "0220000", "0000000", "0000290", "0000920", "0000220", "0000000")},
			how:  "transform",
			uses: "apply(ulcorner",
		},
		{
			// The inside of the larger block marked 2, of the smaller 1.
			// Width explains the train pairs too, with three values to
			// being the largest's two, and fails the test, whose blocks
			// are equally wide.
			name: "blocks' insides by size, the simplest table",
			train: [][2]*grid.Grid{
				{g("0000000000", "0444400000", "0444400000", "0444400000", "0444400000", "0000000000", "0004444440", "0004444440", "0004444440", "0004444440"), g("0000000000", "0444400000", "0411400000", "0411400000", "0444400000", "0000000000", "0004444440", "0004222240", "0004222240", "0004444440")},
				{g("0000000000", "0444440000", "0444440000", "0444440000", "0444440000", "0444440000", "0000000000", "0000044440", "0000044440", "0000044440"), g("0000000000", "0444440000", "0422240000", "0422240000", "0422240000", "0444440000", "0000000000", "0000044440", "0000041140", "0000044440")},
			},
			test: [2]*grid.Grid{g("000000000000", "044444400000", "044444400000", "044444400000", "044444400000", "044444400000", "044444400000", "000000000000", "000004444440", "000004444440", "000004444440", "000000000000"), g("000000000000", "044444400000", "042222400000", "042222400000", "042222400000", "042222400000", "044444400000", "000000000000", "000004444440", "000004111140", "000004444440", "000000000000")},
			how:  "by property",
			uses: "valmax",
		},
		{
			// A pattern copied with its centre on every grey dot.
			name: "a pattern stamped centred on dots",
			train: [][2]*grid.Grid{
				{g("020000000", "212000000", "030000000", "000000000", "000000000", "000005000", "000000000", "000000000", "000000000"), g("020000000", "212000000", "030000000", "000000000", "000002000", "000021200", "000003000", "000000000", "000000000")},
				{g("0000000000", "0005000000", "0000000000", "0000000500", "0000000000", "4400000000", "6760000000", "0440000000"), g("0044000000", "0067600000", "0004404400", "0000006760", "0000000440", "4400000000", "6760000000", "0440000000")},
			},
			test: [2]*grid.Grid{g("000000000", "000000000", "005000000", "000000000", "000000000", "000050000", "000000000", "000000080", "000000999", "000000080"), g("000000000", "008000000", "099900000", "008000000", "000080000", "000999000", "000080000", "000000080", "000000999", "000000080")},
			how:  "transform",
			uses: "rbind(subtract, center(",
		},
		{
			// Stripes with a few stray cells, upright in one grid and
			// lying in the other: each line made its commonest colour,
			// in the direction that keeps more of the grid.
			name: "stripes cleaned of noise",
			train: [][2]*grid.Grid{
				{g("172233", "112233", "112933", "112233", "112273", "912233"), g("112233", "112233", "112233", "112233", "112233", "112233")},
				{g("4494444", "4444444", "5555585", "6866666", "6666669"), g("4444444", "4444444", "5555555", "6666666", "6666666")},
			},
			test: [2]*grid.Grid{g("22222", "29222", "88888", "88886", "33333", "33933"), g("22222", "22222", "88888", "88888", "33333", "33333")},
			how:  "transform",
			uses: "branch(greater",
		},
		{
			// Dots pulled onto the line of their colour, across or down;
			// a dot of a colour no line has is taken away.
			name: "dots pulled onto their lines",
			train: [][2]*grid.Grid{
				{g("30000000", "30040000", "30000300", "30000000", "30006000", "30000000", "30000000", "04444444"), g("30000000", "30000000", "33000000", "30000000", "30000000", "30000000", "30040000", "04444444")},
				{g("222222222", "000000001", "000000001", "001000001", "000007001", "000200001", "000000201"), g("222222222", "000200201", "000000001", "000000011", "000000001", "000000001", "000000001")},
			},
			test: [2]*grid.Grid{g("9999995", "0000005", "0000005", "0008005", "0500005", "0000005", "0009005", "0000005"), g("9999995", "0009005", "0000005", "0000005", "0000055", "0000005", "0000005", "0000005")},
			how:  "transform",
			uses: "lbind(colorfilter",
		},
		{
			// A plus drawn halfway between two dots, which lie on a row
			// in one grid and on a column in the other.
			name: "a plus between two dots",
			train: [][2]*grid.Grid{
				{g("000000000", "000000000", "010000010", "000000000", "000000000"), g("000000000", "000030000", "010333010", "000030000", "000000000")},
				{g("000000", "000100", "000000", "000000", "000000", "000000", "000100"), g("000000", "000100", "000000", "000300", "003330", "000300", "000100")},
			},
			test: [2]*grid.Grid{g("0000000", "0000000", "0000000", "0100010", "0000000", "0000000"), g("0000000", "0000000", "0003000", "0133310", "0003000", "0000000")},
			how:  "transform",
			uses: "dneighbors(center(",
		},
		{
			// Corner marks round each dot, the dots of another colour in
			// every grid: the rarest colour names them.
			name: "corner marks round dots of any colour",
			train: [][2]*grid.Grid{
				{g("00000", "05000", "00000", "00005"), g("80800", "05000", "80880", "00005")},
				{g("000000", "000060", "000000", "060000", "000000"), g("000808", "000060", "808808", "060000", "808000")},
			},
			test: [2]*grid.Grid{g("0000", "0030", "0000", "0000", "0300"), g("0808", "0030", "0808", "8080", "0300")},
			how:  "transform",
			uses: "ineighbors, ofcolor(I, leastcolor(I))",
		},
		{
			// Stripes with ragged edges read off as the list of their
			// colours: a row for upright stripes, a column for lying
			// ones.
			name: "stripes listed",
			train: [][2]*grid.Grid{
				{g("1122233", "1112233", "1122333"), g("123")},
				{g("4444", "4444", "6666", "6666", "9999"), g("4", "6", "9")},
			},
			test: [2]*grid.Grid{g("55577", "55777", "55577", "55557"), g("57")},
			how:  "transform",
			uses: "dedupe(first(",
		},
		{
			// Stray dots at a block's corners extended outwards as rays.
			name: "rays from a block's stray corners",
			train: [][2]*grid.Grid{
				{g("000000000", "000000000", "000000200", "000222000", "000222000", "000222000", "002000000", "000000000", "000000000"), g("000000002", "000000020", "000000200", "000222000", "000222000", "000222000", "002000000", "020000000", "200000000")},
				{g("00000000", "00400000", "00044000", "00044000", "00000400", "00000000", "00000000", "00000000"), g("04000000", "00400000", "00044000", "00044000", "00000400", "00000040", "00000004", "00000000")},
			},
			test: [2]*grid.Grid{g("00000000", "00000000", "06000600", "00666000", "00666000", "00666000", "00000600", "00000000", "00000000"), g("00000006", "60000060", "06000600", "00666000", "00666000", "00666000", "00000600", "00000060", "00000006")},
			how:  "transform",
			uses: "lbind(position",
		},
		{
			// Frames filled 2 when their width is even and 7 when odd;
			// the test's widths are new, and neither size nor being the
			// largest explains the pairs.
			name: "frames filled by the parity of their width",
			train: [][2]*grid.Grid{
				{g("11110000000", "10010000000", "10010000000", "11110000000", "00000111110", "00000100010", "00000100010", "00000100010", "00000111110", "00000000000"), g("11110000000", "12210000000", "12210000000", "11110000000", "00000111110", "00000177710", "00000177710", "00000177710", "00000111110", "00000000000")},
				{g("0000001110", "0000001010", "0000001110", "1111110000", "1000010000", "1000010000", "1000010000", "1000010000", "1111110000", "0000000000"), g("0000001110", "0000001710", "0000001110", "1111110000", "1222210000", "1222210000", "1222210000", "1222210000", "1111110000", "0000000000")},
			},
			test: [2]*grid.Grid{g("11111110000000000", "10000010000000000", "10000010000000000", "10000010000000000", "10000010000000000", "10000010000000000", "11111110000000000", "00000000000000000", "00000000111111110", "00000000100000010", "00000000100000010", "00000000100000010", "00000000100000010", "00000000100000010", "00000000100000010", "00000000111111110", "00000000000000000"), g("11111110000000000", "17777710000000000", "17777710000000000", "17777710000000000", "17777710000000000", "17777710000000000", "11111110000000000", "00000000000000000", "00000000111111110", "00000000122222210", "00000000122222210", "00000000122222210", "00000000122222210", "00000000122222210", "00000000122222210", "00000000111111110", "00000000000000000")},
			how:  "by property",
			uses: "even",
		},
		{
			// The gaps of background that a blue cell touches flooded
			// blue; gaps walled off from blue stay.
			name: "gaps flooded from a colour",
			train: [][2]*grid.Grid{
				{g("000500", "010500", "000500", "555500", "000000"), g("111500", "111500", "111500", "555500", "000000")},
				{g("0000000", "0555000", "0505000", "0555010", "0000000"), g("1111111", "1555111", "1505111", "1555111", "1111111")},
			},
			test: [2]*grid.Grid{g("0050000", "0150000", "5550000", "0000000", "0000000"), g("1150000", "1150000", "5550000", "0000000", "0000000")},
			how:  "transform",
			uses: "rbind(adjacent, ofcolor(I, ONE))",
		},
		{
			// A pattern that shows two repeats and a bit, continued to
			// the right edge with its own period (3, 4, 2), not its
			// width.
			name: "a pattern continued with its period",
			train: [][2]*grid.Grid{
				{g("020020000000", "121121100000", "003003000000"), g("020020020020", "121121121121", "003003003003")},
				{g("4055405540000", "4405440540000"), g("4055405540554", "4405440544054")},
			},
			test: [2]*grid.Grid{g("070700000", "676760000", "606060000"), g("070707070", "676767676", "606060606")},
			how:  "transform",
			uses: "hperiod",
		},
		{
			// Dots in line with the block joined to it in their colour;
			// a dot in line with nothing stays a dot.
			name: "lines from dots to a block",
			train: [][2]*grid.Grid{
				{g("00006000", "00000000", "00000000", "10033000", "00033000", "00000000", "00000000", "00000001"), g("00006000", "00006000", "00006000", "11133000", "00033000", "00000000", "00000000", "00000001")},
				{g("0002000", "0000000", "0000000", "0000000", "0088800", "0088802", "0000000", "0000000", "4040000"), g("0002000", "0002000", "0002000", "0002000", "0088800", "0088822", "0040000", "0040000", "4040000")},
			},
			test: [2]*grid.Grid{g("700000000", "000000000", "000055000", "700055000", "000055009", "000000000", "000000000", "000009000"), g("700000000", "000000000", "000055000", "777755000", "000055999", "000009000", "000009000", "000009000")},
			how:  "transform",
			uses: "rbind(gravitate",
		},
		{
			// The shapes' colours listed from the largest shape down.
			name: "colours listed by their shapes' sizes",
			train: [][2]*grid.Grid{
				{g("220000", "222000", "000060", "400066", "000000"), g("2", "6", "4")},
				{g("070000", "070111", "000111", "000000"), g("1", "7")},
			},
			test: [2]*grid.Grid{g("3000000", "0055550", "0000000", "9900000", "9000000"), g("5", "9", "3")},
			how:  "transform",
			uses: "order(objects(I, T, T, T), compose(invert, size))",
		},
		{
			// Blocks of one colour marked with dots of others: the marks'
			// colours listed from the commonest down.
			name: "marks' colours ranked by count",
			train: [][2]*grid.Grid{
				{g("0000000", "0110220", "0000000", "0112110", "0000000", "0310121", "0111111"), g("2", "3")},
				{g("000000", "044048", "000000", "085045", "000000", "048044", "044444"), g("8", "5")},
			},
			test: [2]*grid.Grid{g("0000000", "0660610", "0000000", "0210110", "0000000", "0660620", "0666666"), g("1", "2")},
			how:  "transform",
			uses: "lbind(colorcount, I)",
		},
		{
			// Such pictures, the answer what the cover hid, a cover of
			// another size and place in each.
			name: "covered part revealed",
			train: [][2]*grid.Grid{
				{g("123123", "200231", "300312", "123123", "231231", "312312"), g("31", "12")},
				{g("456456", "564564", "645645", "400056", "500064", "645645"), g("564", "645")},
			},
			test: [2]*grid.Grid{g("789789", "897897", "978008", "789009", "897007", "978978"), g("97", "78", "89")},
			how:  "completion",
			uses: "subgrid(ofcolor(I, ZERO)",
		},
		{
			// Three kinds of line, each from its own colour, crossing:
			// no state draws two kinds, no pair of states makes the
			// outputs; three layers do.
			name: "three layers",
			train: [][2]*grid.Grid{
				{
					g("0000000", "0100000", "0000000", "0002000", "0000000", "0000030", "0000000"),
					g("0100000", "0100000", "0100000", "2222222", "0100000", "0100030", "0100030"),
				},
				{
					g("0000000", "0000020", "0000000", "0300000", "0000000", "0001000", "0000000"),
					g("0001000", "2222222", "0001000", "0301000", "0301000", "0301000", "0301000"),
				},
			},
			test: [2]*grid.Grid{
				g("0000000", "0000000", "0020000", "0000000", "0000100", "0300000", "0000000"),
				g("0000100", "0000100", "2222222", "0000100", "0000100", "0300100", "0300100"),
			},
			how:      "stack",
			noSingle: true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { checkSearchCase(t, tc) })
	}
}

// searchCase is a small constructed task and what the search must find
// first for it: how, a call the program must make, and (noSingle) that no
// single transform finds anything, so that the case tests composition.
type searchCase struct {
	name     string
	train    [][2]*grid.Grid
	test     [2]*grid.Grid
	how      string
	uses     string
	noSingle bool
}

// checkSearchCase runs the search on the case at cost 2 and checks the
// first program found: its way, its call, its answer to the test input.
func checkSearchCase(t *testing.T, tc searchCase) {
	t.Helper()
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
	if tc.noSingle {
		opts.NoCompose = true
		if found, _ := Search(context.Background(), in, out, []*grid.Grid{tc.test[0]}, opts); len(found) != 0 {
			t.Errorf("without composition %s was found: the case does not test composition", found[0].Expr)
		}
	}
}

// TestSearchKeepsOnlyProgramsThatAnswerEveryTestInput checks that a
// program failing on a test input is not a state: here the crop to colour
// 2 works on every train input but the test input has no 2.
func TestSearchKeepsOnlyProgramsThatAnswerEveryTestInput(t *testing.T) {
	in := []*grid.Grid{g("3000", "0220", "0000"), g("2000", "0000", "0003")}
	out := []*grid.Grid{g("22"), g("2")}
	const crop = "subgrid(ofcolor(I, TWO), I)"
	found, _ := Search(context.Background(), in, out, nil, Options{MaxTime: 5 * time.Second, NoCompose: true})
	if !slices.ContainsFunc(found, func(f Found) bool { return f.Expr.String() == crop }) {
		t.Fatalf("without a test input %s is not found: the test proves nothing", crop)
	}
	found, _ = Search(context.Background(), in, out, []*grid.Grid{g("0000", "0110", "0000")}, Options{MaxTime: 5 * time.Second, NoCompose: true})
	for _, f := range found {
		if f.Expr.String() == crop {
			t.Errorf("%s fails on the test input but was kept", f.Expr)
		}
	}
}

// TestNoStepThatOnlyChangesTheTest: the train pairs turn a picture a
// quarter; the test input has a colour (9) no train grid has. A program
// that turns and then replaces 9 fits the train pairs as well as the turn
// alone, but its replace changes nothing there and only the test: every
// program found must answer the test as the turn does.
func TestNoStepThatOnlyChangesTheTest(t *testing.T) {
	in := []*grid.Grid{g("120", "003", "000"), g("010", "200", "004")}
	var out []*grid.Grid
	for _, x := range in {
		out = append(out, rot90(x))
	}
	test := g("190", "002", "300")
	found, _ := Search(context.Background(), in, out, []*grid.Grid{test}, Options{MaxCost: 2, MaxTime: 5 * time.Second, NoCompose: true})
	if len(found) == 0 {
		t.Fatal("nothing found")
	}
	want := rot90(test)
	for _, f := range found {
		if got := answer(t, f, test); !got.Equal(want) {
			t.Errorf("%s answers %v, want the turn's %v", f.Expr, got, want)
		}
	}
}

// rot90 turns a grid a quarter clockwise.
func rot90(x *grid.Grid) *grid.Grid {
	cells := make([]int8, 0, x.H*x.W)
	for j := range x.W {
		for i := x.H - 1; i >= 0; i-- {
			cells = append(cells, x.Cells[i*x.W+j])
		}
	}
	return grid.New(x.W, x.H, cells)
}

func TestSearchStopsAtItsBounds(t *testing.T) {
	in := []*grid.Grid{g("0120", "3400", "0056"), g("1000", "0200", "0030")}
	out := []*grid.Grid{g("9"), g("9")} // nothing the library makes
	_, st := Search(context.Background(), in, out, nil, Options{MaxStates: 50, MaxTime: 10 * time.Second})
	if st.States != 50 || !st.Truncated {
		t.Errorf("states %d truncated %v, want 50 and true", st.States, st.Truncated)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	Search(ctx, in, out, nil, Options{MaxTime: 10 * time.Second})
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("a cancelled search took %v", d)
	}
}

func TestTemplateFailuresAreTheStatesOwn(t *testing.T) {
	tm := MustTemplate("crop(X, ORIGIN, ORIGIN)", 1) // no cells: not a state
	if _, ok := apply(dsl.NewEnv(context.Background(), 0), tm, g("12", "34")); ok {
		t.Error("a grid with no cells was accepted")
	}
	tm = MustTemplate("first(ofcolor(X, NINE))", 1) // an empty set's first: a Python error
	if _, ok := apply(dsl.NewEnv(context.Background(), 0), tm, g("12", "34")); ok {
		t.Error("a failing call gave a state")
	}
	if _, err := NewTemplate("nosuch(X)", 1); err == nil {
		t.Error("an unknown primitive was accepted")
	}
}

func TestLibraryUsesTheTasksColoursAndScales(t *testing.T) {
	in := []*grid.Grid{g("12", "00")}
	out := []*grid.Grid{g("3333", "3333", "0000", "0000")}
	lib := Library(in, out)
	has := map[string]bool{}
	for _, tm := range lib {
		has[tm.Text] = true
	}
	for _, want := range []string{"replace(X, ONE, THREE)", "upscale(X, TWO)", "switch(X, ONE, TWO)"} {
		if !has[want] {
			t.Errorf("library lacks %s", want)
		}
	}
	for _, not := range []string{"replace(X, FOUR, THREE)", "replace(X, ONE, TWO)"} {
		if has[not] {
			t.Errorf("library has %s: colour 4 is nowhere, 2 not in an output", not)
		}
	}
}

// TestShapeRulesHold: every template whose shape rule gives a shape
// makes a grid of that shape, on grids that are not square and of odd
// sides, so that skipping it at the last cost never loses an answer.
func TestShapeRulesHold(t *testing.T) {
	grids := []*grid.Grid{
		g("0120", "3400", "0056"),
		g("11000", "10020", "00222", "30000"),
		g("5", "5", "0", "7"),
		g("1020304", "0000000", "2222222", "0000000", "1020304"),
	}
	lib := Library(grids, []*grid.Grid{g("12", "34"), g("123", "456", "789")})
	ruled := map[shapeOp]int{}
	for _, tm := range lib {
		if tm.shape == nil {
			continue
		}
		ruled[tm.shape.op]++
		for _, in := range grids {
			out, ok := apply(dsl.NewEnv(context.Background(), 0), tm, in)
			h, w, known := tm.shape.shape(in.H, in.W)
			if !ok || !known {
				continue
			}
			if out.H != h || out.W != w {
				t.Errorf("%s turns %dx%d into %dx%d, its rule says %dx%d", tm.Text, in.H, in.W, out.H, out.W, h, w)
			}
		}
	}
	n := 0
	for _, c := range ruled {
		n += c
	}
	if n < len(lib)*3/4 {
		t.Errorf("only %d of %d templates have a shape rule", n, len(lib))
	}
	for _, op := range []shapeOp{opSame, opTurn, opFixed, opScale, opScaleW, opScaleH, opDown, opSplitW, opSplitH, opTrim, opBeside, opAbove} {
		if ruled[op] == 0 {
			t.Errorf("no template has a rule of kind %d", op)
		}
	}
}

func TestReplaceChain(t *testing.T) {
	in := g("0123", "4567", "8900")
	tests := []struct {
		name string
		m    map[int]int
	}{
		{"one colour", map[int]int{1: 2}},
		{"a chain", map[int]int{1: 2, 2: 3, 3: 4}},
		{"a swap", map[int]int{1: 2, 2: 1}},
		{"two cycles", map[int]int{1: 2, 2: 1, 3: 4, 4: 5, 5: 3}},
		{"colours merged", map[int]int{1: 0, 2: 0, 3: 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var m [10]int8
			for c := range m {
				m[c] = -1
			}
			want := make([]int8, len(in.Cells))
			for i, c := range in.Cells {
				want[i] = c
				if to, ok := tc.m[int(c)]; ok {
					want[i] = int8(to)
				}
			}
			for from, to := range tc.m {
				m[from] = int8(to)
			}
			e, _, ok := replaceChain(&program.Expr{Name: program.Input}, m)
			if !ok {
				t.Fatal("no chain")
			}
			tm, err := NewTemplate(e.String(), 1)
			if err != nil {
				t.Fatal(err)
			}
			out, ok := apply(dsl.NewEnv(context.Background(), 0), tm, in)
			if !ok || !slices.Equal(out.Cells, want) {
				t.Errorf("%s gives %v, want %v", e, out, want)
			}
		})
	}
}

// TestRecolourNeedsTheTestColours: a colour mapping read off the train
// pairs is not applied to a test input holding a colour they never showed.
func TestRecolourNeedsTheTestColours(t *testing.T) {
	in := []*grid.Grid{g("1234", "0012"), g("4400", "3210")}
	out := []*grid.Grid{g("2341", "0023"), g("1100", "4320")}
	opts := Options{MaxTime: 5 * time.Second, MaxCost: 1, NoCompose: true}
	found, _ := Search(context.Background(), in, out, []*grid.Grid{g("0000", "1143")}, opts)
	if !slices.ContainsFunc(found, func(f Found) bool { return f.How == "recolour" }) {
		t.Fatal("the mapping is not found when the test's colours are known: the test proves nothing")
	}
	found, _ = Search(context.Background(), in, out, []*grid.Grid{g("0000", "1163")}, opts)
	for _, f := range found {
		// Programs that first replace 6 by a known colour are states of
		// their own; the input itself must not be mapped.
		if f.How == "recolour" && !strings.Contains(f.Expr.String(), "SIX") {
			t.Errorf("%s maps the input, whose colour 6 no train pair shows", f.Expr)
		}
	}
}

// TestByPropertyNeedsTheTestValues: shapes of sizes 1 and 2 turn red and
// green. A test shape of size 3, a size no train pair shows, has no
// colour in that table, and no program recolouring by size answers it
// (the largest green and the smallest red still does);
// with a third size mapped to green in the train pairs, green is the
// colour two sizes share, and the size-3 shape takes it.
func TestByPropertyNeedsTheTestValues(t *testing.T) {
	opts := Options{MaxTime: 5 * time.Second, MaxCost: 1, NoCompose: true}
	bySize := func(found []Found) bool {
		return slices.ContainsFunc(found, func(f Found) bool {
			return f.How == "by property" && strings.Contains(f.Expr.String(), "matcher(size, ONE)")
		})
	}
	in := []*grid.Grid{g("5005", "0005", "5000"), g("0550", "0000", "5005")}
	out := []*grid.Grid{g("2003", "0003", "2000"), g("0330", "0000", "2002")}
	found, _ := Search(context.Background(), in, out, []*grid.Grid{g("5500", "0000", "0005")}, opts)
	if !bySize(found) {
		t.Fatal("the table is not found when the test's sizes are known: the test proves nothing")
	}
	found, _ = Search(context.Background(), in, out, []*grid.Grid{g("5550", "0000", "0005")}, opts)
	if bySize(found) {
		t.Error("a shape of size 3, which no train pair shows, was given a colour")
	}
	in = append(in, g("5550", "0000", "0005"))
	out = append(out, g("3330", "0000", "0002"))
	test := g("5555", "0000", "0505")
	found, _ = Search(context.Background(), in, out, []*grid.Grid{test}, opts)
	i := slices.IndexFunc(found, func(f Found) bool { return f.How == "by property" })
	if i < 0 {
		t.Fatal("no table with a shared colour found")
	}
	if got, want := answer(t, found[i], test), g("3333", "0000", "0202"); !got.Equal(want) {
		t.Errorf("%s answers %v, want %v: sizes 2 and 3 are green, so size 4 is", found[i].Expr, got, want)
	}
}

// TestBlackBackground: the largest shape cut out. The test input's shape
// covers most of it, so that arc-dsl's background (the commonest colour)
// is the shape's colour there; cut with black as the background, the
// answer is still the shape.
func TestBlackBackground(t *testing.T) {
	in := []*grid.Grid{g("000000", "022000", "022040", "000000"), g("000000", "033300", "000000", "000010")}
	out := []*grid.Grid{g("22", "22"), g("333")}
	test := g("55550", "55550", "55550", "00007")
	opts := Options{MaxTime: 5 * time.Second, MaxCost: 2, NoCompose: true}
	found, _ := Search(context.Background(), in, out, []*grid.Grid{test}, opts)
	want := g("5555", "5555", "5555")
	i := slices.IndexFunc(found, func(f Found) bool { return strings.Contains(f.Expr.String(), "hconcat") })
	if i < 0 {
		t.Fatalf("no program cuts with black as the background: %d found", len(found))
	}
	if got := answer(t, found[i], test); !got.Equal(want) {
		t.Errorf("%s answers %v, want %v", found[i].Expr, got, want)
	}
	if !slices.ContainsFunc(Library(append(slices.Clip(in), test), out), func(tm *Template) bool { return strings.Contains(tm.Text, "hconcat(X, canvas(ZERO") }) {
		t.Error("the library lacks black-background cuts where the test input needs them")
	}
	if slices.ContainsFunc(Library(in, out), func(tm *Template) bool { return strings.Contains(tm.Text, "hconcat(X, canvas(ZERO") }) {
		t.Error("the library has black-background cuts where black is every grid's commonest colour")
	}
}

// TestFixedOutShape: the corner crops come into the library only when the
// train outputs share a shape that every input holds and some input
// exceeds.
func TestFixedOutShape(t *testing.T) {
	big, small := g("0000", "0000", "0000"), g("00", "00")
	for _, c := range []struct {
		name    string
		in, out []*grid.Grid
		want    bool
	}{
		{"one shape, smaller", []*grid.Grid{big, big}, []*grid.Grid{small, small}, true},
		{"two shapes", []*grid.Grid{big, big}, []*grid.Grid{small, g("000", "000")}, false},
		{"the inputs' own shape", []*grid.Grid{small, small}, []*grid.Grid{small, small}, false},
		{"a test input too small", []*grid.Grid{big, g("0")}, []*grid.Grid{small}, false},
	} {
		h, w, ok := fixedOutShape(c.in, c.out)
		if ok != c.want || (ok && (h != 2 || w != 2)) {
			t.Errorf("%s: %d×%d %v, want %v", c.name, h, w, ok, c.want)
		}
		has := slices.ContainsFunc(Library(c.in, c.out), func(tm *Template) bool { return strings.Contains(tm.Text, "crop(X, subtract(shape(X)") })
		if has != c.want {
			t.Errorf("%s: the library has corner crops: %v, want %v", c.name, has, c.want)
		}
	}
}

// TestCountBesidesBlack: the cells of the one colour besides black
// counted into a row, where the test input has more of it than of black,
// so that the rarest colour is black there. Counting the rarest colour
// explains the train pairs as well, and ranks first: the second program
// is the one that carries over.
func TestCountBesidesBlack(t *testing.T) {
	in := []*grid.Grid{g("010", "000", "100"), g("220", "000", "002")}
	out := []*grid.Grid{g("11"), g("222")}
	test := g("330", "303", "333")
	found, _ := Search(context.Background(), in, out, []*grid.Grid{test}, Options{MaxTime: 5 * time.Second, MaxCost: 2, NoCompose: true})
	i := slices.IndexFunc(found, func(f Found) bool { return strings.Contains(f.Expr.String(), "other(palette(I), ZERO)") })
	if i < 0 {
		t.Fatalf("no program counts the colour besides black: %d found", len(found))
	}
	if got, want := answer(t, found[i], test), g("3333333"); !got.Equal(want) {
		t.Errorf("%s answers %v, want %v", found[i].Expr, got, want)
	}
}

// TestTemplateSharesSubexpressions: a subexpression written twice is one
// call, computed once per application.
func TestTemplateSharesSubexpressions(t *testing.T) {
	tm := MustTemplate("hconcat(lefthalf(X), vmirror(lefthalf(X)))", 1)
	if tm.locals != 3 { // compiled alone, its calls are all its own
		t.Errorf("%d calls, want 3 (lefthalf once)", tm.locals)
	}
	out, ok := apply(dsl.NewEnv(context.Background(), 0), tm, g("1234", "5678"))
	if !ok || !out.Equal(g("1221", "5665")) {
		t.Errorf("got %v", out)
	}
}

// TestStackOnACanvas: when the cells no layer decides all want one colour
// that no state has there, the stack is drawn on a canvas of it.
func TestStackOnACanvas(t *testing.T) {
	in := g("1234")
	out := []*grid.Grid{g("1255")}
	mk := func(text string) *state {
		e, err := program.ParseExpr(text)
		if err != nil {
			t.Fatal(err)
		}
		v, ok := apply(dsl.NewEnv(context.Background(), 0), MustTemplate(text, 1), in)
		if !ok {
			t.Fatalf("%s fails", text)
		}
		return &state{expr: e, vals: []dsl.Grid{v}, cost: 1}
	}
	states := []*state{
		{expr: &program.Expr{Name: program.Input}, vals: []dsl.Grid{in}},
		mk("fill(canvas(ZERO, shape(I)), ONE, ofcolor(I, ONE))"),
		mk("fill(canvas(ZERO, shape(I)), TWO, ofcolor(I, TWO))"),
	}
	var pieces []*piece
	for _, s := range states {
		if p := newPiece(s, out, 4); p != nil {
			pieces = append(pieces, p)
		}
	}
	env := dsl.NewEnv(context.Background(), 0)
	clk := startClock(context.Background(), time.Minute)
	defer clk.stop()
	f, ok := stack(context.Background(), env, pieces, states[0].vals, out, 4, clk, Options{})
	if !ok {
		t.Fatal("no stack found")
	}
	if !strings.Contains(f.Expr.String(), "canvas(FIVE, shape(") {
		t.Errorf("%s is not drawn on a canvas of 5", f.Expr)
	}
	if got := answer(t, f, in); !got.Equal(out[0]) {
		t.Errorf("%s gives %v", f.Expr, got)
	}
}

// TestSearchTaskIgnoresTestOutputs: a task's test output, right or wrong,
// changes nothing the search finds.
func TestSearchTaskIgnoresTestOutputs(t *testing.T) {
	tk := &task.Task{ID: "t", Train: []task.Pair{
		{Input: g("120", "000", "001"), Output: g("003", "002", "300")},
		{Input: g("100", "210", "000"), Output: g("023", "030", "000")},
	}, Test: []task.Pair{{Input: g("001", "020", "100")}}}
	opts := Options{MaxCost: 2, MaxStates: 1 << 20, MaxTime: time.Minute, NoCompose: true}
	hidden, _ := SearchTask(context.Background(), tk, opts)
	tk.Test[0].Output = g("9")
	shown, _ := SearchTask(context.Background(), tk, opts)
	if len(hidden) == 0 || len(hidden) != len(shown) {
		t.Fatalf("%d programs with the test output hidden, %d with it shown", len(hidden), len(shown))
	}
	for i := range hidden {
		if hidden[i].Expr.String() != shown[i].Expr.String() {
			t.Errorf("program %d: %s hidden, %s shown", i, hidden[i].Expr, shown[i].Expr)
		}
	}
}

// TestClockCountsTheThreadsCPU: a search's clock does not run while its
// goroutine sleeps, on Linux, where it counts the thread's CPU time, and
// does elsewhere; a done context ends it either way.
func TestClockCountsTheThreadsCPU(t *testing.T) {
	clk := startClock(context.Background(), 50*time.Millisecond)
	time.Sleep(100 * time.Millisecond)
	_, cpu := cputime.Thread()
	if got := clk.over(); got == cpu {
		t.Errorf("after 100 ms asleep on a 50 ms clock: over %v, counting CPU time %v", got, cpu)
	}
	for end := time.Now().Add(2 * time.Second); !clk.over() && time.Now().Before(end); {
	}
	if !clk.over() {
		t.Error("2 s of work did not spend 50 ms of the clock")
	}
	clk.stop()
	ctx, cancel := context.WithCancel(context.Background())
	clk = startClock(ctx, time.Hour)
	defer clk.stop()
	cancel()
	if !clk.over() {
		t.Error("a cancelled context left the clock running")
	}
}

// TestClosestFirst: states of the outputs' shape come first by the share
// of cells they have right, every other pick is the next in the order
// made, and every state is extended once.
func TestClosestFirst(t *testing.T) {
	out := []*grid.Grid{g("12", "34")}
	mk := func(gr *grid.Grid) *state { return &state{vals: []dsl.Grid{gr}} }
	states := []*state{
		mk(g("1")),          // 0: wrong shape
		mk(g("10", "00")),   // 1: one cell right
		mk(g("123", "456")), // 2: wrong shape
		mk(g("12", "30")),   // 3: three cells right
		mk(g("13", "24")),   // 4: two cells right
	}
	got := closestFirst(states, out)
	want := []int{3, 0, 4, 1, 2}
	if !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}

// TestSharedCallsChangeNothing: sharing the templates' common calls on a
// state's grids finds the same states and programs as computing every
// template's calls afresh, on tasks where the search runs to its cost.
func TestSharedCallsChangeNothing(t *testing.T) {
	for _, id := range sample.IDs()[:4] {
		tk, err := sample.Task(id)
		if err != nil {
			t.Fatal(err)
		}
		opts := Options{MaxCost: 2, MaxStates: 1 << 30, MaxTime: time.Hour, NoCompose: true}
		shared, st1 := SearchTask(context.Background(), tk, opts)
		opts.unshared = true
		alone, st2 := SearchTask(context.Background(), tk, opts)
		if st1.States != st2.States || st1.Calls != st2.Calls || len(shared) != len(alone) {
			t.Fatalf("%s: shared %d states %d calls %d found, unshared %d %d %d", id, st1.States, st1.Calls, len(shared), st2.States, st2.Calls, len(alone))
		}
		for i := range shared {
			if shared[i].Expr.String() != alone[i].Expr.String() {
				t.Errorf("%s: found %s shared, %s unshared", id, shared[i].Expr, alone[i].Expr)
			}
		}
	}
}

// TestUnturnMatchesTheDSL: for every mirror and turn completion may use,
// unturn finds, for each cell of the DSL's turned grid, the cell of the
// original it came from, and turnedShape its shape, on a grid of unequal
// sides with every cell different.
func TestUnturnMatchesTheDSL(t *testing.T) {
	const h, w = 3, 5
	cells := make([]int8, h*w)
	for k := range cells {
		cells[k] = int8(k)
	}
	src := grid.New(h, w, cells)
	for _, turn := range turns[1:] {
		turned := turnAll(context.Background(), dsl.NewEnv(context.Background(), 0), turn, []dsl.Grid{src})
		if turned == nil {
			t.Fatalf("%s fails on a %d×%d grid", turn, h, w)
		}
		got := turned[0]
		if th, tw := turnedShape(turn, h, w); got.H != th || got.W != tw {
			t.Errorf("%s: shape %d×%d, turnedShape says %d×%d", turn, got.H, got.W, th, tw)
			continue
		}
		for i := 0; i < got.H; i++ {
			for j := 0; j < got.W; j++ {
				si, sj := unturn(turn, i, j, h, w)
				if got.Cells[i*got.W+j] != src.Cells[si*w+sj] {
					t.Errorf("%s: cell (%d, %d) came from %d, unturn says (%d, %d)", turn, i, j, got.Cells[i*got.W+j], si, sj)
				}
			}
		}
	}
}
