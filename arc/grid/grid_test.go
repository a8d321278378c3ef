package grid

import (
	"testing"
	"unsafe"
)

// TestMake: every size gets its cells zeroed, of the right length and with
// no room to grow into the next grid; up to 984 cells they lie right after
// the header, in the same allocation.
func TestMake(t *testing.T) {
	for n := 0; n <= 1100; n++ {
		for _, h := range []int{1, n} {
			if h == 0 || n%h != 0 {
				continue
			}
			g := Make(h, n/h)
			if g.H != h || g.W != n/h || len(g.Cells) != n || cap(g.Cells) != n {
				t.Fatalf("Make(%d, %d): %dx%d, %d cells, cap %d", h, n/h, g.H, g.W, len(g.Cells), cap(g.Cells))
			}
			for k, v := range g.Cells {
				if v != 0 {
					t.Fatalf("Make(%d, %d): cell %d is %d", h, n/h, k, v)
				}
			}
			if n > 0 && n <= 984 && uintptr(unsafe.Pointer(&g.Cells[0])) != uintptr(unsafe.Pointer(g))+unsafe.Sizeof(*g) {
				t.Fatalf("Make(%d, %d): cells apart from the header", h, n/h)
			}
		}
	}
	if g := Filled(3, 4, 7); g.String() != "7777|7777|7777" {
		t.Errorf("Filled(3, 4, 7) = %s", g)
	}
	if allocs := testing.AllocsPerRun(100, func() { Make(30, 30) }); allocs != 1 {
		t.Errorf("Make(30, 30): %v allocations, want 1", allocs)
	}
}
