package dsl

import "testing"

// TestPatchElem: loc and withLoc read and move the location of a point or
// a cell, and a cell keeps its colour.
func TestPatchElem(t *testing.T) {
	if got := loc(Point{3, -4}); got != (Point{3, -4}) {
		t.Errorf("loc(Point) = %v", got)
	}
	if got := loc(Cell{I: 3, J: -4, C: 7}); got != (Point{3, -4}) {
		t.Errorf("loc(Cell) = %v", got)
	}
	if got := withLoc(Point{3, -4}, Point{1, 2}); got != (Point{1, 2}) {
		t.Errorf("withLoc(Point) = %v", got)
	}
	if got := withLoc(Cell{I: 3, J: -4, C: 7}, Point{1, 2}); got != (Cell{I: 1, J: 2, C: 7}) {
		t.Errorf("withLoc(Cell) = %v", got)
	}
	obj := Object{{0, 5, 1}, {0, 5, 2}, {1, -2, 3}, {2, 9, 4}}
	if top, left, bottom, right := sortedBox(obj); top != 0 || left != -2 || bottom != 2 || right != 9 {
		t.Errorf("sortedBox = %d %d %d %d", top, left, bottom, right)
	}
	if got := sortedHeight(obj); got != 3 {
		t.Errorf("sortedHeight = %d", got)
	}
	if got := sortedWidth(Indices(objectLocs(obj, nil))); got != 12 {
		t.Errorf("sortedWidth = %d", got)
	}
}
