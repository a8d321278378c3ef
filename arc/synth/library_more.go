package synth

// morePatterns extend patterns (library.go) with further general ARC
// transformations, in the same placeholder language; Library adds them
// after patterns, within each cost.
var morePatterns = []pattern{
	// The picture reflected about its last row (or column), that row
	// shared by the two copies rather than doubled: tasks that unfold a
	// border pattern, or tile it by repeated reflection (twice, a
	// zigzag of four copies).
	{"vconcat(X, crop(hmirror(X), DOWN, astuple(decrement(height(X)), width(X))))", 1},
	{"hconcat(X, crop(vmirror(X), RIGHT, astuple(height(X), decrement(width(X)))))", 1},
	// Shrunk by k reading the middle cell of each k×k block (downscale
	// reads its top left): dots on a sparse lattice gathered, blocks
	// whose outline differs from their centre read by the centre.
	{"downscale(crop(X, astuple(halve({k}), halve({k})), shape(X)), {k})", 1},
	// The foreground mirrored into the four quarters around its
	// symmetric part (a shape symmetric both ways, the pivot): tasks
	// that complete a picture symmetric about a marked centre.
	{"paint(X, combine(combine(shift(hmirror(difference(merge(fgpartition(X)), extract(fgpartition(X), fork(both, fork(equality, identity, hmirror), fork(equality, identity, vmirror))))), astuple(first(subtract(add(ulcorner(extract(fgpartition(X), fork(both, fork(equality, identity, hmirror), fork(equality, identity, vmirror)))), lrcorner(extract(fgpartition(X), fork(both, fork(equality, identity, hmirror), fork(equality, identity, vmirror))))), add(ulcorner(difference(merge(fgpartition(X)), extract(fgpartition(X), fork(both, fork(equality, identity, hmirror), fork(equality, identity, vmirror))))), lrcorner(difference(merge(fgpartition(X)), extract(fgpartition(X), fork(both, fork(equality, identity, hmirror), fork(equality, identity, vmirror)))))))), ZERO)), shift(vmirror(difference(merge(fgpartition(X)), extract(fgpartition(X), fork(both, fork(equality, identity, hmirror), fork(equality, identity, vmirror))))), astuple(ZERO, last(subtract(add(ulcorner(extract(fgpartition(X), fork(both, fork(equality, identity, hmirror), fork(equality, identity, vmirror)))), lrcorner(extract(fgpartition(X), fork(both, fork(equality, identity, hmirror), fork(equality, identity, vmirror))))), add(ulcorner(difference(merge(fgpartition(X)), extract(fgpartition(X), fork(both, fork(equality, identity, hmirror), fork(equality, identity, vmirror))))), lrcorner(difference(merge(fgpartition(X)), extract(fgpartition(X), fork(both, fork(equality, identity, hmirror), fork(equality, identity, vmirror))))))))))), shift(hmirror(vmirror(difference(merge(fgpartition(X)), extract(fgpartition(X), fork(both, fork(equality, identity, hmirror), fork(equality, identity, vmirror)))))), subtract(add(ulcorner(extract(fgpartition(X), fork(both, fork(equality, identity, hmirror), fork(equality, identity, vmirror)))), lrcorner(extract(fgpartition(X), fork(both, fork(equality, identity, hmirror), fork(equality, identity, vmirror))))), add(ulcorner(difference(merge(fgpartition(X)), extract(fgpartition(X), fork(both, fork(equality, identity, hmirror), fork(equality, identity, vmirror))))), lrcorner(difference(merge(fgpartition(X)), extract(fgpartition(X), fork(both, fork(equality, identity, hmirror), fork(equality, identity, vmirror))))))))))", 2},
	// Each dot shoots a ray of its colour towards the largest object and
	// on through it, the object kept: tasks where a mark at an arrow's
	// base (or a shape's foot) points the way a line leaves it.
	{"underpaint(X, mapply(fork(recolor, color, fork(shoot, center, rbind(position, argmax(objects(X, T, F, T), size)))), sizefilter(objects(X, T, F, T), ONE)))", 2},
	// Each dot in line with the largest object stamps its colour on the
	// object's nearest cell, the dot kept: tasks that project marks onto
	// a wall or block.
	{"paint(X, mapply(fork(shift, identity, compose(fork(add, identity, sign), rbind(gravitate, argmax(objects(X, T, F, T), size)))), sfilter(sizefilter(objects(X, T, F, T), ONE), fork(either, rbind(vmatching, argmax(objects(X, T, F, T), size)), rbind(hmatching, argmax(objects(X, T, F, T), size))))))", 2},
	// Each object's middle column marked on the bottom row: tasks that
	// drop a shadow or a marker under each shape.
	{"fill(X, {b}, apply(compose(lbind(astuple, decrement(height(X))), compose(last, center)), objects(X, T, F, T)))", 2},
	// A shape that fills its box but for one corner cell (an L of three
	// cells, a notched square) shoots a diagonal ray of its colour out
	// of the gap, the gap left empty: tasks where corners point.
	{"underpaint(X, mapply(fork(recolor, color, fork(shoot, fork(add, compose(center, delta), fork(subtract, compose(double, compose(center, delta)), fork(add, ulcorner, lrcorner))), fork(subtract, compose(double, compose(center, delta)), fork(add, ulcorner, lrcorner)))), sfilter(objects(X, T, F, T), compose(matcher(size, ONE), delta))))", 2},
	// The lower half of each object recoloured (its bottom h/2 rows, h
	// its height): tasks that fill bars or shapes half way.
	{"fill(X, {b}, mapply(fork(intersection, toindices, fork(shift, toindices, compose(toivec, fork(subtract, height, compose(halve, height))))), objects(X, T, F, T)))", 2},
	// A small many-coloured picture masked by a large one-colour stencil
	// of the same shape, scaled up: the picture's cells where the
	// stencil, shrunk to its size, is background are cleared.
	{"fill(subgrid(argmax(objects(X, F, T, T), numcolors), X), mostcolor(X), ofcolor(downscale(subgrid(argmax(objects(X, F, T, T), size), X), divide(width(argmax(objects(X, F, T, T), size)), width(argmax(objects(X, F, T, T), numcolors)))), mostcolor(X)))", 2},
	// The colours' counts as a bar chart: a column per colour (black
	// left out), as tall as the colour's count of cells, the commonest
	// first, the rest of each column black; tasks that rank colours by
	// how much of each there is and draw the tally.
	{"dmirror(apply(compose(first, fork(hconcat, fork(canvas, identity, compose(lbind(astuple, ONE), lbind(colorcount, X))), compose(lbind(canvas, ZERO), compose(lbind(astuple, ONE), compose(lbind(subtract, valmax(remove(ZERO, palette(X)), lbind(colorcount, X))), lbind(colorcount, X)))))), order(remove(ZERO, palette(X)), compose(invert, lbind(colorcount, X)))))", 2},
	// The picture framed by its own edges: each border row and column
	// repeated once outwards, the four new corners black; tasks that
	// grow a picture by a cell on every side.
	{"fill(hconcat(hconcat(crop(vconcat(vconcat(crop(X, ORIGIN, astuple(ONE, width(X))), X), crop(X, toivec(decrement(height(X))), astuple(ONE, width(X)))), ORIGIN, astuple(height(vconcat(vconcat(crop(X, ORIGIN, astuple(ONE, width(X))), X), crop(X, toivec(decrement(height(X))), astuple(ONE, width(X))))), ONE)), vconcat(vconcat(crop(X, ORIGIN, astuple(ONE, width(X))), X), crop(X, toivec(decrement(height(X))), astuple(ONE, width(X))))), crop(vconcat(vconcat(crop(X, ORIGIN, astuple(ONE, width(X))), X), crop(X, toivec(decrement(height(X))), astuple(ONE, width(X)))), tojvec(decrement(width(vconcat(vconcat(crop(X, ORIGIN, astuple(ONE, width(X))), X), crop(X, toivec(decrement(height(X))), astuple(ONE, width(X))))))), astuple(height(vconcat(vconcat(crop(X, ORIGIN, astuple(ONE, width(X))), X), crop(X, toivec(decrement(height(X))), astuple(ONE, width(X))))), ONE))), ZERO, corners(asindices(hconcat(hconcat(crop(vconcat(vconcat(crop(X, ORIGIN, astuple(ONE, width(X))), X), crop(X, toivec(decrement(height(X))), astuple(ONE, width(X)))), ORIGIN, astuple(height(vconcat(vconcat(crop(X, ORIGIN, astuple(ONE, width(X))), X), crop(X, toivec(decrement(height(X))), astuple(ONE, width(X))))), ONE)), vconcat(vconcat(crop(X, ORIGIN, astuple(ONE, width(X))), X), crop(X, toivec(decrement(height(X))), astuple(ONE, width(X))))), crop(vconcat(vconcat(crop(X, ORIGIN, astuple(ONE, width(X))), X), crop(X, toivec(decrement(height(X))), astuple(ONE, width(X)))), tojvec(decrement(width(vconcat(vconcat(crop(X, ORIGIN, astuple(ONE, width(X))), X), crop(X, toivec(decrement(height(X))), astuple(ONE, width(X))))))), astuple(height(vconcat(vconcat(crop(X, ORIGIN, astuple(ONE, width(X))), X), crop(X, toivec(decrement(height(X))), astuple(ONE, width(X))))), ONE))))))", 2},
	// A ring of a colour around each cell whose four side neighbours are
	// all foreground (where two lines cross), the cell itself kept;
	// tasks that mark the junctions of lines.
	{"fill(X, {b}, difference(mapply(neighbors, sfilter(difference(asindices(X), ofcolor(X, mostcolor(X))), compose(matcher(size, FOUR), compose(lbind(intersection, difference(asindices(X), ofcolor(X, mostcolor(X)))), dneighbors)))), sfilter(difference(asindices(X), ofcolor(X, mostcolor(X))), compose(matcher(size, FOUR), compose(lbind(intersection, difference(asindices(X), ofcolor(X, mostcolor(X)))), dneighbors)))))", 2},
	// A board of equal panels between lines (of a colour other than the
	// background): what is drawn in the panels, the lines aside, copied
	// into every panel at the same place; tasks that repeat a panel's
	// picture across the board.
	{"paint(X, mapply(lbind(shift, toobject(difference(difference(asindices(X), ofcolor(X, mostcolor(X))), toindices(merge(frontiers(X)))), X)), product(interval(multiply(invert(divide(increment(height(X)), increment(size(sfilter(frontiers(X), fork(both, hline, compose(flip, matcher(color, mostcolor(X))))))))), size(sfilter(frontiers(X), fork(both, hline, compose(flip, matcher(color, mostcolor(X))))))), increment(multiply(divide(increment(height(X)), increment(size(sfilter(frontiers(X), fork(both, hline, compose(flip, matcher(color, mostcolor(X)))))))), size(sfilter(frontiers(X), fork(both, hline, compose(flip, matcher(color, mostcolor(X)))))))), divide(increment(height(X)), increment(size(sfilter(frontiers(X), fork(both, hline, compose(flip, matcher(color, mostcolor(X))))))))), interval(multiply(invert(divide(increment(width(X)), increment(size(sfilter(frontiers(X), fork(both, vline, compose(flip, matcher(color, mostcolor(X))))))))), size(sfilter(frontiers(X), fork(both, vline, compose(flip, matcher(color, mostcolor(X))))))), increment(multiply(divide(increment(width(X)), increment(size(sfilter(frontiers(X), fork(both, vline, compose(flip, matcher(color, mostcolor(X)))))))), size(sfilter(frontiers(X), fork(both, vline, compose(flip, matcher(color, mostcolor(X)))))))), divide(increment(width(X)), increment(size(sfilter(frontiers(X), fork(both, vline, compose(flip, matcher(color, mostcolor(X))))))))))))", 2},
	// The same board, the drawings' shapes overlaid in every panel and
	// what a panel lacks of them drawn in the lines' colour: tasks that
	// complete each panel's figure after a model.
	{"underfill(X, mostcolor(merge(sfilter(frontiers(X), compose(flip, matcher(color, mostcolor(X)))))), mapply(lbind(shift, difference(difference(asindices(X), ofcolor(X, mostcolor(X))), toindices(merge(frontiers(X))))), product(interval(multiply(invert(divide(increment(height(X)), increment(size(sfilter(frontiers(X), fork(both, hline, compose(flip, matcher(color, mostcolor(X))))))))), size(sfilter(frontiers(X), fork(both, hline, compose(flip, matcher(color, mostcolor(X))))))), increment(multiply(divide(increment(height(X)), increment(size(sfilter(frontiers(X), fork(both, hline, compose(flip, matcher(color, mostcolor(X)))))))), size(sfilter(frontiers(X), fork(both, hline, compose(flip, matcher(color, mostcolor(X)))))))), divide(increment(height(X)), increment(size(sfilter(frontiers(X), fork(both, hline, compose(flip, matcher(color, mostcolor(X))))))))), interval(multiply(invert(divide(increment(width(X)), increment(size(sfilter(frontiers(X), fork(both, vline, compose(flip, matcher(color, mostcolor(X))))))))), size(sfilter(frontiers(X), fork(both, vline, compose(flip, matcher(color, mostcolor(X))))))), increment(multiply(divide(increment(width(X)), increment(size(sfilter(frontiers(X), fork(both, vline, compose(flip, matcher(color, mostcolor(X)))))))), size(sfilter(frontiers(X), fork(both, vline, compose(flip, matcher(color, mostcolor(X)))))))), divide(increment(width(X)), increment(size(sfilter(frontiers(X), fork(both, vline, compose(flip, matcher(color, mostcolor(X))))))))))))", 2},
	// Cells of each colour joined along rows and columns in that colour
	// over black only, whatever the commonest colour: blocks in the
	// cells of a lattice joined across it, the lattice's lines kept.
	{"paint(X, sfilter(mapply(fork(recolor, color, fork(combine, fork(mapply, compose(lbind(compose, backdrop), compose(rbind(compose, hfrontier), compose(lbind(lbind, intersection), toindices))), toindices), fork(mapply, compose(lbind(compose, backdrop), compose(rbind(compose, vfrontier), compose(lbind(lbind, intersection), toindices))), toindices))), sfilter(fgpartition(X), compose(positive, color))), compose(rbind(contained, ofcolor(X, ZERO)), last)))", 2},
	// The shapes sorted by size into a stack at the bottom, the largest
	// lowest, one a row, each against the right edge: tasks that sort
	// bars by length into a staircase.
	{"paint(canvas(mostcolor(X), shape(X)), mpapply(shift, apply(normalize, order(objects(X, T, F, T), compose(invert, size))), papply(astuple, interval(decrement(height(X)), subtract(decrement(height(X)), size(objects(X, T, F, T))), NEG_ONE), apply(compose(lbind(subtract, width(X)), width), order(objects(X, T, F, T), compose(invert, size))))))", 2},
	// The foreground completed to a picture with all eight symmetries of
	// the square, within its own box (mirrored across the diagonal, then
	// up-down, then left-right): tasks that finish a symmetric ornament
	// whose missing cells are background.
	{"paint(X, combine(combine(combine(merge(fgpartition(X)), dmirror(merge(fgpartition(X)))), hmirror(combine(merge(fgpartition(X)), dmirror(merge(fgpartition(X)))))), vmirror(combine(combine(merge(fgpartition(X)), dmirror(merge(fgpartition(X)))), hmirror(combine(merge(fgpartition(X)), dmirror(merge(fgpartition(X)))))))))", 2},
	// The shapes' colours reversed in order of size, background
	// included: the largest takes the smallest's colour and so on
	// inwards; tasks that turn nested rings inside out by colour, or
	// swap the colours of a large and a small shape.
	{"paint(X, mpapply(recolor, apply(color, order(objects(X, T, F, F), size)), order(objects(X, T, F, F), compose(invert, size))))", 2},
	// A shape unfolded across the side a small mark of another colour
	// touches: its mirror image laid beyond that edge, over the mark;
	// tasks where a marker says which way a figure is reflected.
	{"paint(X, branch(vmatching(argmax(objects(X, T, F, T), size), argmin(objects(X, T, F, T), size)), shift(hmirror(argmax(objects(X, T, F, T), size)), toivec(multiply(height(argmax(objects(X, T, F, T), size)), sign(subtract(uppermost(argmin(objects(X, T, F, T), size)), uppermost(argmax(objects(X, T, F, T), size))))))), shift(vmirror(argmax(objects(X, T, F, T), size)), tojvec(multiply(width(argmax(objects(X, T, F, T), size)), sign(subtract(leftmost(argmin(objects(X, T, F, T), size)), leftmost(argmax(objects(X, T, F, T), size)))))))))", 2},
	// A shape's cells of a colour no output keeps mark the way it goes:
	// from each such cell the whole shape slides on to the edge, out
	// through that corner or side (the cell's direction from the
	// shape's centre), leaving a trail of the shape's other colour;
	// tasks where a marked corner sends a block along a diagonal.
	{"fill(X, other(palette(merge(fgpartition(X))), {h}), mapply(compose(compose(rbind(mapply, toindices(merge(fgpartition(X)))), lbind(rbind, shoot)), compose(sign, compose(rbind(subtract, add(ulcorner(merge(fgpartition(X))), lrcorner(merge(fgpartition(X))))), double))), ofcolor(X, {h})))", 2},
	// Noise cleared: the foreground cells that lie in no k×k block of
	// foreground become background, the blocks kept; tasks that remove
	// stray pixels and thin spurs from solid shapes.
	{"fill(X, mostcolor(X), difference(difference(asindices(X), ofcolor(X, mostcolor(X))), mapply(lbind(shift, asindices(canvas(ZERO, astuple({k}, {k})))), sfilter(difference(asindices(X), ofcolor(X, mostcolor(X))), compose(matcher(size, ZERO), compose(rbind(difference, difference(asindices(X), ofcolor(X, mostcolor(X)))), lbind(shift, asindices(canvas(ZERO, astuple({k}, {k}))))))))))", 2},
	// The colours of the largest shapes (all those of the top size),
	// left to right, each a column as tall as the shapes are large:
	// tasks that report which shapes are biggest, and how big.
	{"repeat(apply(color, order(sfilter(objects(X, {o}, T), matcher(size, valmax(objects(X, {o}, T), size))), leftmost)), valmax(objects(X, {o}, T), size))", 2},
	// Under each shape a bar of a colour, as wide as the shape and as
	// tall as the number of colours in it: tasks that tally each
	// shape's colours as a column hanging below it.
	{"fill(X, {b}, mapply(fork(shift, compose(asindices, compose(lbind(canvas, ZERO), fork(astuple, numcolors, width))), fork(astuple, compose(increment, lowermost), leftmost)), objects(X, F, F, T)))", 2},
	// A framed rectangle stretched to reach a lone mark: the box of the
	// whole foreground filled with the shape's inner colour and outlined
	// with its frame colour, the mark swallowed; tasks that extend a box
	// or a bar until it meets a target.
	{"fill(fill(X, index(X, center(argmax(objects(X, F, F, T), size))), backdrop(merge(fgpartition(X)))), index(X, ulcorner(argmax(objects(X, F, F, T), size))), box(merge(fgpartition(X))))", 2},
	// Dots in a shape's shadow (beyond it, going one way) joined to it:
	// each such dot's line drawn from the shape on to the edge in the
	// dots' colour, over background only; tasks of rain under an
	// umbrella, of marks pulled into a shape's shade.
	{"underfill(X, mostcolor(merge(sizefilter(objects(X, T, T, T), ONE))), intersection(mapply(rbind(shoot, {s}), toindices(argmax(objects(X, T, T, T), size))), mapply(branch(equality(first({s}), ZERO), hfrontier, vfrontier), intersection(toindices(merge(sizefilter(objects(X, T, T, T), ONE))), mapply(rbind(shoot, {s}), toindices(argmax(objects(X, T, T, T), size)))))))", 2},
	// The largest shape's solid core on a blank grid: its cells that lie
	// in a k×k block of its own kept, spurs, stray pixels and every other
	// shape cleared; tasks that find the one solid rectangle in noise.
	{"paint(canvas(mostcolor(X), shape(X)), toobject(mapply(lbind(shift, asindices(canvas(ZERO, astuple({k}, {k})))), sfilter(toindices(argmax(objects(X, T, F, T), size)), compose(matcher(size, ZERO), compose(rbind(difference, toindices(argmax(objects(X, T, F, T), size))), lbind(shift, asindices(canvas(ZERO, astuple({k}, {k})))))))), X))", 2},
}
