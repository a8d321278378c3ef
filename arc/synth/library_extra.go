package synth

// extraPatterns extend patterns (library.go) and morePatterns
// (library_more.go) with further general ARC transformations, in the same
// placeholder language; Library adds them last, within each cost.
var extraPatterns = []pattern{
	// Every second row of each object recoloured, counting from its top
	// row (the first kept): tasks that alternate the colour along lines,
	// diagonal or upright, or stripe each shape.
	{"fill(X, {b}, mapply(fork(shift, compose(rbind(sfilter, compose(flip, compose(even, first))), compose(normalize, toindices)), ulcorner), objects(X, {o}, T)))", 2},
	// A run of colours on a row (or column), two cells or more, repeated
	// along the whole row (column), its length the period; both ways at
	// once: tasks that continue a sequence of colours to the edges, a
	// cross whose arms are continued.
	{"paint(X, combine(mapply(fork(mapply, lbind(lbind, shift), fork(apply, compose(lbind(lbind, multiply), compose(tojvec, width)), fork(rbind(interval, ONE), compose(invert, compose(lbind(divide, width(X)), width)), compose(increment, compose(lbind(divide, width(X)), width))))), sfilter(apply(compose(rbind(toobject, X), compose(lbind(intersection, difference(asindices(X), ofcolor(X, mostcolor(X)))), compose(hfrontier, toivec))), interval(ZERO, height(X), ONE)), compose(rbind(greater, ONE), size))), mapply(fork(mapply, lbind(lbind, shift), fork(apply, compose(lbind(lbind, multiply), compose(toivec, height)), fork(rbind(interval, ONE), compose(invert, compose(lbind(divide, height(X)), height)), compose(increment, compose(lbind(divide, height(X)), height))))), sfilter(apply(compose(rbind(toobject, X), compose(lbind(intersection, difference(asindices(X), ofcolor(X, mostcolor(X)))), compose(vfrontier, tojvec))), interval(ZERO, width(X), ONE)), compose(rbind(greater, ONE), size)))))", 2},
	// Diagonal rays leaving the four corners of the largest shape's box,
	// in the colour of the shape with the smallest box: tasks where a
	// container (a cup, a frame) shoots its contents' colour out of its
	// corners.
	{"underfill(X, color(argmin(objects(X, T, F, T), compose(size, backdrop))), combine(combine(shoot(ulcorner(outbox(argmax(objects(X, T, F, T), compose(size, backdrop)))), NEG_UNITY), shoot(urcorner(outbox(argmax(objects(X, T, F, T), compose(size, backdrop)))), UP_RIGHT)), combine(shoot(llcorner(outbox(argmax(objects(X, T, F, T), compose(size, backdrop)))), DOWN_LEFT), shoot(lrcorner(outbox(argmax(objects(X, T, F, T), compose(size, backdrop)))), UNITY))))", 2},
	// Each hole (a cell of the rarest colour) in a band cut across the
	// band, along its shorter side: tasks where a gap in a stripe or
	// region becomes a line through it.
	{"fill(X, leastcolor(X), mapply(fork(intersection, backdrop, fork(mapply, compose(rbind(rbind(branch, vfrontier), hfrontier), portrait), compose(lbind(intersection, ofcolor(X, leastcolor(X))), backdrop))), objects(X, T, F, F)))", 2},
	// The cells of each object at an odd row and an odd column of its
	// own (counting from its top left corner) recoloured: tasks that
	// punch a lattice of holes into solid shapes, a bar dotted along its
	// middle, a square made a waffle.
	{"fill(X, {b}, mapply(fork(shift, compose(rbind(sfilter, fork(both, compose(flip, compose(even, first)), compose(flip, compose(even, last)))), compose(normalize, toindices)), ulcorner), objects(X, {o}, T)))", 2},
	// The smallest shape scaled up to fill the inside of the largest (a
	// frame), the frame kept around it, the rest cropped away: tasks
	// that blow a small picture up into a box drawn for it.
	{"paint(subgrid(argmax(objects(X, {o}, T), size), X), shift(upscale(normalize(argmin(objects(X, {o}, T), size)), divide(subtract(width(argmax(objects(X, {o}, T), size)), TWO), width(argmin(objects(X, {o}, T), size)))), UNITY))", 2},
	// Every shape moved along its column until its top row is the top
	// row of a colour's cells, or along its row until its left column is
	// theirs: tasks that line shapes up with a marked one.
	{"paint(cover(X, merge(fgpartition(X))), mapply(fork(shift, identity, compose(toivec, compose(lbind(subtract, uppermost(ofcolor(X, {g}))), uppermost))), objects(X, T, T, T)))", 2},
	{"paint(cover(X, merge(fgpartition(X))), mapply(fork(shift, identity, compose(tojvec, compose(lbind(subtract, leftmost(ofcolor(X, {g}))), leftmost))), objects(X, T, T, T)))", 2},
	// Speckles of one colour erased and every shape they spoiled made
	// its solid box again (shapes cut with black as the background):
	// tasks that clean noise off rectangles.
	{"paint(replace(X, {f}, ZERO), mapply(fork(recolor, color, backdrop), objects(hconcat(replace(X, {f}, ZERO), canvas(ZERO, shape(X))), T, F, T)))", 2},
	// A bridge between the largest and the smallest shape, across the
	// rows (or columns) both share, one cell in from each side of that
	// overlap: tasks that join two blocks facing each other.
	{"underfill(X, {b}, intersection(backdrop(combine(argmax(objects(X, T, F, T), size), argmin(objects(X, T, F, T), size))), combine(intersection(mapply(vfrontier, backdrop(inbox(argmax(objects(X, T, F, T), size)))), mapply(vfrontier, backdrop(inbox(argmin(objects(X, T, F, T), size))))), intersection(mapply(hfrontier, backdrop(inbox(argmax(objects(X, T, F, T), size)))), mapply(hfrontier, backdrop(inbox(argmin(objects(X, T, F, T), size))))))))", 2},
	// Each dot drawn out into a line to the edge in one direction, its
	// colour alternating with another: tasks of dotted or two-coloured
	// rays. The dot and a copy of it in the other colour one step on,
	// repeated every two steps; along rows and columns only ({s}): with
	// the diagonals too it cost 221 µs a grid of 300 cells or more,
	// times 8 directions times the output colours, on every state.
	{"underpaint(X, mapply(compose(rbind(mapply, apply(lbind(multiply, {s}), interval(ZERO, add(height(X), width(X)), TWO))), compose(lbind(lbind, shift), fork(combine, identity, compose(lbind(recolor, {b}), rbind(shift, {s}))))), sizefilter(objects(X, T, F, T), ONE)))", 2},
}
