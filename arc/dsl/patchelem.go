package dsl

import "unsafe"

// Indices and Object, the two kinds of patch, are sorted alike (by
// location first) and most primitives treat their elements alike, by
// location: the functions generic over patchElem are written once for both.
//
// A Cell begins with its location, laid out as a Point is (the declarations
// below do not compile otherwise), so loc and withLoc read and move the
// location of either kind of element in place. A method on the type
// parameter would do it too, but Go calls such a method through the
// instantiation's dictionary, not inlined, which made these loops two to
// three times slower.
type patchElem interface{ Point | Cell }

var (
	_ [unsafe.Offsetof(Cell{}.I)]struct{} = [unsafe.Offsetof(Point{}.I)]struct{}{}
	_ [unsafe.Offsetof(Cell{}.J)]struct{} = [unsafe.Offsetof(Point{}.J)]struct{}{}
)

// loc is the location of a patch's element.
func loc[E patchElem](e E) Point { return *(*Point)(unsafe.Pointer(&e)) }

// lessElem is comparePoints(a, b) < 0 or compareCells(a, b) < 0, for
// loops whose kind of element is a type parameter: it inlines, where a
// comparison function passed in is called through a pointer each time.
func lessElem[E patchElem](a, b E) bool {
	p, q := loc(a), loc(b)
	if p.I != q.I {
		return p.I < q.I
	}
	if p.J != q.J {
		return p.J < q.J
	}
	// Points at one location are equal; cells compare by colour. The
	// sizes are constants, so a Point's instance has no colour to read.
	return unsafe.Sizeof(a) == unsafe.Sizeof(Cell{}) && colourOf(a) < colourOf(b)
}

// colourOf is the colour of an element that is a Cell.
func colourOf[E patchElem](e E) int { return (*Cell)(unsafe.Pointer(&e)).C }

// withLoc is e moved to p; a cell keeps its colour.
func withLoc[E patchElem](e E, p Point) E {
	*(*Point)(unsafe.Pointer(&e)) = p
	return e
}

// sortedBox is the bounding box of a non-empty sorted patch: its first and
// last rows, its least and greatest columns.
func sortedBox[E patchElem](p []E) (top, left, bottom, right int) {
	first := loc(p[0])
	left, right = first.J, first.J
	for _, q := range p[1:] {
		j := loc(q).J
		left, right = min(left, j), max(right, j)
	}
	return first.I, left, loc(p[len(p)-1]).I, right
}

// sortedHeight is the row span of a sorted patch, 0 when it is empty.
func sortedHeight[E patchElem](p []E) int {
	if len(p) == 0 {
		return 0
	}
	return loc(p[len(p)-1]).I - loc(p[0]).I + 1
}

// sortedWidth is the column span of a sorted patch, 0 when it is empty.
func sortedWidth[E patchElem](p []E) int {
	if len(p) == 0 {
		return 0
	}
	_, left, _, right := sortedBox(p)
	return right - left + 1
}

// objectLocs is the locations of an Object's cells, in order, each once
// (the cells at one location are adjacent), appended to buf, which the
// caller may pass to spare an allocation.
func objectLocs(obj Object, buf []Point) []Point {
	out := buf[:0]
	if cap(out) < len(obj) {
		out = make([]Point, 0, len(obj))
	}
	for _, c := range obj {
		p := Point{c.I, c.J}
		if k := len(out); k > 0 && out[k-1] == p {
			continue
		}
		out = append(out, p)
	}
	return out
}
