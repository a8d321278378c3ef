package dsl

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/arcflow/arcflow/arc/grid"
)

// TestGridTallySmall checks the tally of grids of small colours against
// the general one, key order included, on random grids: few colours (where
// v and v+8 collide in CPython's 8-slot table and the order is the order
// first met), many, and lengths that leave a tail after the unrolled loop.
func TestGridTallySmall(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 13))
	for range 20000 {
		h, w := 1+r.IntN(12), 1+r.IntN(12)
		colours := 1 + r.IntN(16)
		palette := r.Perm(16)[:colours]
		cells := make([]int8, h*w)
		for k := range cells {
			cells[k] = int8(palette[r.IntN(colours)])
		}
		g := grid.New(h, w, cells)
		wantK, wantC := gridTallyWide(g, nil, nil)
		gotK, gotC, ok := gridTallySmall(g.Cells, nil, nil)
		if !ok || !slices.Equal(gotK, wantK) || !slices.Equal(gotC, wantC) {
			t.Fatalf("%v: small tally %v %v (%v), want %v %v", cells, gotK, gotC, ok, wantK, wantC)
		}
	}
	for _, cells := range [][]int8{{16}, {0, 1, 2, 3, -1}, {9, 9, 9, 9, 9, 127}, {-128}} {
		if k, c, ok := gridTallySmall(cells, nil, nil); ok || len(k) != 0 || len(c) != 0 {
			t.Errorf("%v: small tally %v %v, want it refused", cells, k, c)
		}
	}
}
