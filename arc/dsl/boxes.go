package dsl

import "sync"

// Holding a Point or a Cell in a Value allocates it (16 or 24 bytes):
// Go's runtime boxes only ints below 256 without allocating. Iterating a
// set of points or cells as Values boxed every element, 5.5% of a
// real-size enumeration's CPU at 20,000 states a task. The points and
// cells of a 32×32 box (colours 0–9 for cells), the ones ARC's grids
// hold, are boxed once and shared: a boxed value is never modified.

// pointBoxes holds Point{i, j} boxed at i<<5|j. It is built on first use
// rather than at start-up, as the tables of package search are.
var pointBoxes = sync.OnceValue(func() *[32 * 32]Value {
	t := new([32 * 32]Value)
	for k := range t {
		t[k] = Point{I: k >> 5, J: k & 31}
	}
	return t
})

// cellBoxes holds Cell{i, j, c} boxed at c<<10|i<<5|j.
var cellBoxes = sync.OnceValue(func() *[10 << 10]Value {
	t := new([10 << 10]Value)
	for k := range t {
		t[k] = Cell{I: k >> 5 & 31, J: k & 31, C: k >> 10}
	}
	return t
})

// boxPoint returns p as a Value, shared when it is in the table.
func boxPoint(p Point) Value {
	if uint(p.I) < 32 && uint(p.J) < 32 {
		return pointBoxes()[p.I<<5|p.J]
	}
	return p
}

// boxCell returns c as a Value, shared when it is in the table.
func boxCell(c Cell) Value {
	if uint(c.C) < 10 && uint(c.I) < 32 && uint(c.J) < 32 {
		return cellBoxes()[c.C<<10|c.I<<5|c.J]
	}
	return c
}
