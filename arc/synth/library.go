package synth

import (
	"slices"
	"strings"

	"github.com/arcflow/arcflow/arc/grid"
)

// A pattern is a family of templates: its placeholders range over values
// taken from the task, so that one line covers "replace colour a by b" for
// every pair of colours the task uses.
//
// Placeholders:
//
//	{a} {a2}  a colour of the task's inputs (a2 > a when both appear)
//	{f}       a foreground colour of the inputs: not 0, and not the most
//	          common colour of every input; or the grid's rarest colour
//	{g}       a foreground colour of the inputs, by number only
//	{b}       a colour of the task's train outputs; or the grid's rarest
//	{k}       a scale factor: 2, 3, 4, and the ratios of output to input sides
//	{d}       one of the eight unit directions
//	{s}       one of the four unit steps: up, down, left, right
//	{p}       a shape predicate: square, hline, vline
//	{m}       a mirror, or the half turn
//	{h}       a colour of the inputs that no train output has: a hole
//	{o}       how objects are cut: univalued, diagonal (background excluded)
//	{o2}      whether one-colour objects are cut with diagonal neighbours
//
// Every pattern is a general ARC transformation; the comment on each group
// says what kind of task it serves. None is written for a particular task.
type pattern struct {
	text string
	cost int
}

// blackCut is a grid whose commonest colour is black, holding X at its
// left: X beside a black canvas of X's size. arc-dsl's objects take the
// commonest colour as the background; cut from this grid, X's objects
// have black as their background however dense X's shapes are, and keep
// X's coordinates (the canvas holds no object). ARC's background is
// black far more often than it is the commonest colour of every grid: a
// test input crowded with large shapes (bb43febb), or train inputs whose
// shapes outweigh the black between them (8efcae92), turn arc-dsl's
// background into a shape colour.
const blackCut = "hconcat(X, canvas(ZERO, shape(X)))"

var patterns = []pattern{
	// Turns and flips: the eight symmetries of the square, seen in tasks
	// that rotate, mirror or transpose a picture.
	{"rot90(X)", 1}, {"rot180(X)", 1}, {"rot270(X)", 1},
	{"hmirror(X)", 1}, {"vmirror(X)", 1}, {"dmirror(X)", 1}, {"cmirror(X)", 1},

	// Cropping: to the content, to the bounding box of one colour, to the
	// central part, to a half; tasks whose output is a piece of the input.
	{"subgrid(merge(fgpartition(X)), X)", 1},
	{"subgrid(ofcolor(X, {a}), X)", 1},
	{"subgrid(ofcolor(X, leastcolor(X)), X)", 1},
	{"compress(X)", 1}, {"trim(X)", 1},
	// Only the middle column (or row) kept, the rest cleared.
	{"cover(X, difference(asindices(X), vfrontier(tojvec(halve(width(X))))))", 1},
	{"cover(X, difference(asindices(X), hfrontier(toivec(halve(height(X))))))", 1},
	// The picture in the corner of a canvas twice its size: room for
	// what later steps draw beyond it.
	{"paint(canvas(mostcolor(X), multiply(shape(X), TWO)), asobject(X))", 1},
	// The colours of the first row (or column) in order, each once, as
	// a row (a column); or whichever of the two has more than one
	// colour: stripes read off as a list of their colours.
	{"repeat(dedupe(first(X)), ONE)", 1}, {"dmirror(repeat(dedupe(first(dmirror(X))), ONE))", 1},
	{"branch(greater(size(dedupe(first(X))), ONE), repeat(dedupe(first(X)), ONE), dmirror(repeat(dedupe(first(dmirror(X))), ONE)))", 2},
	// Repeated rows (or columns) kept once: tasks whose picture is a
	// stretched or repeated version of a smaller one.
	{"dedupe(X)", 1}, {"dmirror(dedupe(dmirror(X)))", 1},
	// A row equal to the one above it dropped (each run of equal rows
	// kept once, a run further down kept again), then the same for
	// columns: arc-dsl has no primitive for it, so it pairs each row with
	// the next and keeps those that differ. It costs 2, so that it runs
	// on the simpler states only: its rows, made tuples of boxed ints,
	// were 7.6% of the search's time at cost 1.
	{"dmirror(combine(crop(dmirror(combine(crop(X, ORIGIN, astuple(ONE, width(X))), apply(last, sfilter(pair(X, crop(X, DOWN, astuple(decrement(height(X)), width(X)))), compose(flip, fork(equality, first, last)))))), ORIGIN, astuple(ONE, width(dmirror(combine(crop(X, ORIGIN, astuple(ONE, width(X))), apply(last, sfilter(pair(X, crop(X, DOWN, astuple(decrement(height(X)), width(X)))), compose(flip, fork(equality, first, last))))))))), apply(last, sfilter(pair(dmirror(combine(crop(X, ORIGIN, astuple(ONE, width(X))), apply(last, sfilter(pair(X, crop(X, DOWN, astuple(decrement(height(X)), width(X)))), compose(flip, fork(equality, first, last)))))), crop(dmirror(combine(crop(X, ORIGIN, astuple(ONE, width(X))), apply(last, sfilter(pair(X, crop(X, DOWN, astuple(decrement(height(X)), width(X)))), compose(flip, fork(equality, first, last)))))), DOWN, astuple(decrement(height(dmirror(combine(crop(X, ORIGIN, astuple(ONE, width(X))), apply(last, sfilter(pair(X, crop(X, DOWN, astuple(decrement(height(X)), width(X)))), compose(flip, fork(equality, first, last)))))))), width(dmirror(combine(crop(X, ORIGIN, astuple(ONE, width(X))), apply(last, sfilter(pair(X, crop(X, DOWN, astuple(decrement(height(X)), width(X)))), compose(flip, fork(equality, first, last)))))))))), compose(flip, fork(equality, first, last))))))", 2},
	{"tophalf(X)", 1}, {"bottomhalf(X)", 1}, {"lefthalf(X)", 1}, {"righthalf(X)", 1},
	// The first and last of three parts (hsplit skips a separating line
	// between parts when the width leaves one), and the two overlaid.
	{"first(hsplit(X, THREE))", 1}, {"last(hsplit(X, THREE))", 1},
	{"first(vsplit(X, THREE))", 1}, {"last(vsplit(X, THREE))", 1},
	{"cellwise(first(hsplit(X, THREE)), last(hsplit(X, THREE)), ZERO)", 2},
	{"cellwise(first(vsplit(X, THREE)), last(vsplit(X, THREE)), ZERO)", 2},
	// A grid of blocks between separating lines, one cell per block (the
	// lines dropped, each block k×k shrunk by k, k read from the count
	// of lines): tasks that read a picture off a board of panels.
	{"downscale(compress(X), divide(height(compress(X)), increment(size(sfilter(frontiers(X), hline)))))", 2},

	// Cropping to one object picked by a property: the largest, the
	// smallest, the most colourful; tasks that ask "which one is special".
	{"subgrid(argmax(objects(X, {o}, T), size), X)", 2},
	{"subgrid(argmin(objects(X, {o}, T), size), X)", 2},
	{"subgrid(argmax(fgpartition(X), size), X)", 2},
	{"subgrid(argmin(fgpartition(X), size), X)", 2},
	{"subgrid(argmax(objects(X, F, T, T), numcolors), X)", 2},
	{"subgrid(argmin(objects(X, F, T, T), numcolors), X)", 2},
	{"subgrid(argmax(objects(X, F, {o2}, T), rbind(colorcount, {g})), X)", 2},
	{"subgrid(argmax(objects(X, {o}, T), height), X)", 2},
	{"subgrid(argmax(objects(X, {o}, T), width), X)", 2},
	{"paint(canvas(mostcolor(X), shape(argmax(objects(X, {o}, T), size))), normalize(argmax(objects(X, {o}, T), size)))", 2},
	{"paint(canvas(mostcolor(X), shape(argmin(objects(X, {o}, T), size))), normalize(argmin(objects(X, {o}, T), size)))", 2},

	// One of the parts the grid splits into (halves, thirds, quarters,
	// separating lines skipped): the odd one, or the one with the most or
	// fewest colours, or the most cells of a colour; tasks that ask which
	// panel differs.
	{"leastcommon(hsplit(X, {k}))", 2}, {"leastcommon(vsplit(X, {k}))", 2},
	{"argmax(hsplit(X, {k}), numcolors)", 2}, {"argmax(vsplit(X, {k}), numcolors)", 2},
	{"argmin(hsplit(X, {k}), numcolors)", 2}, {"argmin(vsplit(X, {k}), numcolors)", 2},
	{"argmax(hsplit(X, {k}), rbind(colorcount, {f}))", 2}, {"argmax(vsplit(X, {k}), rbind(colorcount, {f}))", 2},
	{"argmax(combine(hsplit(tophalf(X), TWO), hsplit(bottomhalf(X), TWO)), numcolors)", 2},
	{"argmin(combine(hsplit(tophalf(X), TWO), hsplit(bottomhalf(X), TWO)), numcolors)", 2},
	{"leastcommon(combine(hsplit(tophalf(X), TWO), hsplit(bottomhalf(X), TWO)))", 2},
	{"argmax(combine(hsplit(tophalf(X), TWO), hsplit(bottomhalf(X), TWO)), rbind(colorcount, {f}))", 2},
	// A grid of cells between separating lines, one pixel per cell.
	{"canvas(mostcolor(X), astuple(increment(size(sfilter(frontiers(X), hline))), increment(size(sfilter(frontiers(X), vline)))))", 2},
	// The parts a grid splits into (two, three, or its quarters) laid
	// over each other in some order, each part's background (the whole
	// grid's commonest colour) showing the parts below: tasks that merge
	// panels where one colour wins over another. Every order is a
	// template; the train pairs tell which.
	{"paint(last(hsplit(X, TWO)), difference(asobject(first(hsplit(X, TWO))), recolor(mostcolor(X), ofcolor(first(hsplit(X, TWO)), mostcolor(X)))))", 2},
	{"paint(first(hsplit(X, TWO)), difference(asobject(last(hsplit(X, TWO))), recolor(mostcolor(X), ofcolor(last(hsplit(X, TWO)), mostcolor(X)))))", 2},
	{"paint(last(vsplit(X, TWO)), difference(asobject(first(vsplit(X, TWO))), recolor(mostcolor(X), ofcolor(first(vsplit(X, TWO)), mostcolor(X)))))", 2},
	{"paint(first(vsplit(X, TWO)), difference(asobject(last(vsplit(X, TWO))), recolor(mostcolor(X), ofcolor(last(vsplit(X, TWO)), mostcolor(X)))))", 2},
	{"paint(paint(last(hsplit(X, THREE)), difference(asobject(first(remove(first(hsplit(X, THREE)), remove(last(hsplit(X, THREE)), hsplit(X, THREE))))), recolor(mostcolor(X), ofcolor(first(remove(first(hsplit(X, THREE)), remove(last(hsplit(X, THREE)), hsplit(X, THREE)))), mostcolor(X))))), difference(asobject(first(hsplit(X, THREE))), recolor(mostcolor(X), ofcolor(first(hsplit(X, THREE)), mostcolor(X)))))", 2},
	{"paint(paint(first(remove(first(hsplit(X, THREE)), remove(last(hsplit(X, THREE)), hsplit(X, THREE)))), difference(asobject(last(hsplit(X, THREE))), recolor(mostcolor(X), ofcolor(last(hsplit(X, THREE)), mostcolor(X))))), difference(asobject(first(hsplit(X, THREE))), recolor(mostcolor(X), ofcolor(first(hsplit(X, THREE)), mostcolor(X)))))", 2},
	{"paint(paint(last(hsplit(X, THREE)), difference(asobject(first(hsplit(X, THREE))), recolor(mostcolor(X), ofcolor(first(hsplit(X, THREE)), mostcolor(X))))), difference(asobject(first(remove(first(hsplit(X, THREE)), remove(last(hsplit(X, THREE)), hsplit(X, THREE))))), recolor(mostcolor(X), ofcolor(first(remove(first(hsplit(X, THREE)), remove(last(hsplit(X, THREE)), hsplit(X, THREE)))), mostcolor(X)))))", 2},
	{"paint(paint(first(hsplit(X, THREE)), difference(asobject(last(hsplit(X, THREE))), recolor(mostcolor(X), ofcolor(last(hsplit(X, THREE)), mostcolor(X))))), difference(asobject(first(remove(first(hsplit(X, THREE)), remove(last(hsplit(X, THREE)), hsplit(X, THREE))))), recolor(mostcolor(X), ofcolor(first(remove(first(hsplit(X, THREE)), remove(last(hsplit(X, THREE)), hsplit(X, THREE)))), mostcolor(X)))))", 2},
	{"paint(paint(first(remove(first(hsplit(X, THREE)), remove(last(hsplit(X, THREE)), hsplit(X, THREE)))), difference(asobject(first(hsplit(X, THREE))), recolor(mostcolor(X), ofcolor(first(hsplit(X, THREE)), mostcolor(X))))), difference(asobject(last(hsplit(X, THREE))), recolor(mostcolor(X), ofcolor(last(hsplit(X, THREE)), mostcolor(X)))))", 2},
	{"paint(paint(first(hsplit(X, THREE)), difference(asobject(first(remove(first(hsplit(X, THREE)), remove(last(hsplit(X, THREE)), hsplit(X, THREE))))), recolor(mostcolor(X), ofcolor(first(remove(first(hsplit(X, THREE)), remove(last(hsplit(X, THREE)), hsplit(X, THREE)))), mostcolor(X))))), difference(asobject(last(hsplit(X, THREE))), recolor(mostcolor(X), ofcolor(last(hsplit(X, THREE)), mostcolor(X)))))", 2},
	{"paint(paint(last(vsplit(X, THREE)), difference(asobject(first(remove(first(vsplit(X, THREE)), remove(last(vsplit(X, THREE)), vsplit(X, THREE))))), recolor(mostcolor(X), ofcolor(first(remove(first(vsplit(X, THREE)), remove(last(vsplit(X, THREE)), vsplit(X, THREE)))), mostcolor(X))))), difference(asobject(first(vsplit(X, THREE))), recolor(mostcolor(X), ofcolor(first(vsplit(X, THREE)), mostcolor(X)))))", 2},
	{"paint(paint(first(remove(first(vsplit(X, THREE)), remove(last(vsplit(X, THREE)), vsplit(X, THREE)))), difference(asobject(last(vsplit(X, THREE))), recolor(mostcolor(X), ofcolor(last(vsplit(X, THREE)), mostcolor(X))))), difference(asobject(first(vsplit(X, THREE))), recolor(mostcolor(X), ofcolor(first(vsplit(X, THREE)), mostcolor(X)))))", 2},
	{"paint(paint(last(vsplit(X, THREE)), difference(asobject(first(vsplit(X, THREE))), recolor(mostcolor(X), ofcolor(first(vsplit(X, THREE)), mostcolor(X))))), difference(asobject(first(remove(first(vsplit(X, THREE)), remove(last(vsplit(X, THREE)), vsplit(X, THREE))))), recolor(mostcolor(X), ofcolor(first(remove(first(vsplit(X, THREE)), remove(last(vsplit(X, THREE)), vsplit(X, THREE)))), mostcolor(X)))))", 2},
	{"paint(paint(first(vsplit(X, THREE)), difference(asobject(last(vsplit(X, THREE))), recolor(mostcolor(X), ofcolor(last(vsplit(X, THREE)), mostcolor(X))))), difference(asobject(first(remove(first(vsplit(X, THREE)), remove(last(vsplit(X, THREE)), vsplit(X, THREE))))), recolor(mostcolor(X), ofcolor(first(remove(first(vsplit(X, THREE)), remove(last(vsplit(X, THREE)), vsplit(X, THREE)))), mostcolor(X)))))", 2},
	{"paint(paint(first(remove(first(vsplit(X, THREE)), remove(last(vsplit(X, THREE)), vsplit(X, THREE)))), difference(asobject(first(vsplit(X, THREE))), recolor(mostcolor(X), ofcolor(first(vsplit(X, THREE)), mostcolor(X))))), difference(asobject(last(vsplit(X, THREE))), recolor(mostcolor(X), ofcolor(last(vsplit(X, THREE)), mostcolor(X)))))", 2},
	{"paint(paint(first(vsplit(X, THREE)), difference(asobject(first(remove(first(vsplit(X, THREE)), remove(last(vsplit(X, THREE)), vsplit(X, THREE))))), recolor(mostcolor(X), ofcolor(first(remove(first(vsplit(X, THREE)), remove(last(vsplit(X, THREE)), vsplit(X, THREE)))), mostcolor(X))))), difference(asobject(last(vsplit(X, THREE))), recolor(mostcolor(X), ofcolor(last(vsplit(X, THREE)), mostcolor(X)))))", 2},
	{"paint(paint(paint(righthalf(bottomhalf(X)), difference(asobject(lefthalf(bottomhalf(X))), recolor(mostcolor(X), ofcolor(lefthalf(bottomhalf(X)), mostcolor(X))))), difference(asobject(righthalf(tophalf(X))), recolor(mostcolor(X), ofcolor(righthalf(tophalf(X)), mostcolor(X))))), difference(asobject(lefthalf(tophalf(X))), recolor(mostcolor(X), ofcolor(lefthalf(tophalf(X)), mostcolor(X)))))", 2},
	{"paint(paint(paint(lefthalf(bottomhalf(X)), difference(asobject(righthalf(bottomhalf(X))), recolor(mostcolor(X), ofcolor(righthalf(bottomhalf(X)), mostcolor(X))))), difference(asobject(righthalf(tophalf(X))), recolor(mostcolor(X), ofcolor(righthalf(tophalf(X)), mostcolor(X))))), difference(asobject(lefthalf(tophalf(X))), recolor(mostcolor(X), ofcolor(lefthalf(tophalf(X)), mostcolor(X)))))", 2},
	{"paint(paint(paint(righthalf(bottomhalf(X)), difference(asobject(righthalf(tophalf(X))), recolor(mostcolor(X), ofcolor(righthalf(tophalf(X)), mostcolor(X))))), difference(asobject(lefthalf(bottomhalf(X))), recolor(mostcolor(X), ofcolor(lefthalf(bottomhalf(X)), mostcolor(X))))), difference(asobject(lefthalf(tophalf(X))), recolor(mostcolor(X), ofcolor(lefthalf(tophalf(X)), mostcolor(X)))))", 2},
	{"paint(paint(paint(righthalf(tophalf(X)), difference(asobject(righthalf(bottomhalf(X))), recolor(mostcolor(X), ofcolor(righthalf(bottomhalf(X)), mostcolor(X))))), difference(asobject(lefthalf(bottomhalf(X))), recolor(mostcolor(X), ofcolor(lefthalf(bottomhalf(X)), mostcolor(X))))), difference(asobject(lefthalf(tophalf(X))), recolor(mostcolor(X), ofcolor(lefthalf(tophalf(X)), mostcolor(X)))))", 2},
	{"paint(paint(paint(lefthalf(bottomhalf(X)), difference(asobject(righthalf(tophalf(X))), recolor(mostcolor(X), ofcolor(righthalf(tophalf(X)), mostcolor(X))))), difference(asobject(righthalf(bottomhalf(X))), recolor(mostcolor(X), ofcolor(righthalf(bottomhalf(X)), mostcolor(X))))), difference(asobject(lefthalf(tophalf(X))), recolor(mostcolor(X), ofcolor(lefthalf(tophalf(X)), mostcolor(X)))))", 2},
	{"paint(paint(paint(righthalf(tophalf(X)), difference(asobject(lefthalf(bottomhalf(X))), recolor(mostcolor(X), ofcolor(lefthalf(bottomhalf(X)), mostcolor(X))))), difference(asobject(righthalf(bottomhalf(X))), recolor(mostcolor(X), ofcolor(righthalf(bottomhalf(X)), mostcolor(X))))), difference(asobject(lefthalf(tophalf(X))), recolor(mostcolor(X), ofcolor(lefthalf(tophalf(X)), mostcolor(X)))))", 2},
	{"paint(paint(paint(righthalf(bottomhalf(X)), difference(asobject(lefthalf(bottomhalf(X))), recolor(mostcolor(X), ofcolor(lefthalf(bottomhalf(X)), mostcolor(X))))), difference(asobject(lefthalf(tophalf(X))), recolor(mostcolor(X), ofcolor(lefthalf(tophalf(X)), mostcolor(X))))), difference(asobject(righthalf(tophalf(X))), recolor(mostcolor(X), ofcolor(righthalf(tophalf(X)), mostcolor(X)))))", 2},
	{"paint(paint(paint(lefthalf(bottomhalf(X)), difference(asobject(righthalf(bottomhalf(X))), recolor(mostcolor(X), ofcolor(righthalf(bottomhalf(X)), mostcolor(X))))), difference(asobject(lefthalf(tophalf(X))), recolor(mostcolor(X), ofcolor(lefthalf(tophalf(X)), mostcolor(X))))), difference(asobject(righthalf(tophalf(X))), recolor(mostcolor(X), ofcolor(righthalf(tophalf(X)), mostcolor(X)))))", 2},
	{"paint(paint(paint(righthalf(bottomhalf(X)), difference(asobject(lefthalf(tophalf(X))), recolor(mostcolor(X), ofcolor(lefthalf(tophalf(X)), mostcolor(X))))), difference(asobject(lefthalf(bottomhalf(X))), recolor(mostcolor(X), ofcolor(lefthalf(bottomhalf(X)), mostcolor(X))))), difference(asobject(righthalf(tophalf(X))), recolor(mostcolor(X), ofcolor(righthalf(tophalf(X)), mostcolor(X)))))", 2},
	{"paint(paint(paint(lefthalf(tophalf(X)), difference(asobject(righthalf(bottomhalf(X))), recolor(mostcolor(X), ofcolor(righthalf(bottomhalf(X)), mostcolor(X))))), difference(asobject(lefthalf(bottomhalf(X))), recolor(mostcolor(X), ofcolor(lefthalf(bottomhalf(X)), mostcolor(X))))), difference(asobject(righthalf(tophalf(X))), recolor(mostcolor(X), ofcolor(righthalf(tophalf(X)), mostcolor(X)))))", 2},
	{"paint(paint(paint(lefthalf(bottomhalf(X)), difference(asobject(lefthalf(tophalf(X))), recolor(mostcolor(X), ofcolor(lefthalf(tophalf(X)), mostcolor(X))))), difference(asobject(righthalf(bottomhalf(X))), recolor(mostcolor(X), ofcolor(righthalf(bottomhalf(X)), mostcolor(X))))), difference(asobject(righthalf(tophalf(X))), recolor(mostcolor(X), ofcolor(righthalf(tophalf(X)), mostcolor(X)))))", 2},
	{"paint(paint(paint(lefthalf(tophalf(X)), difference(asobject(lefthalf(bottomhalf(X))), recolor(mostcolor(X), ofcolor(lefthalf(bottomhalf(X)), mostcolor(X))))), difference(asobject(righthalf(bottomhalf(X))), recolor(mostcolor(X), ofcolor(righthalf(bottomhalf(X)), mostcolor(X))))), difference(asobject(righthalf(tophalf(X))), recolor(mostcolor(X), ofcolor(righthalf(tophalf(X)), mostcolor(X)))))", 2},
	{"paint(paint(paint(righthalf(bottomhalf(X)), difference(asobject(righthalf(tophalf(X))), recolor(mostcolor(X), ofcolor(righthalf(tophalf(X)), mostcolor(X))))), difference(asobject(lefthalf(tophalf(X))), recolor(mostcolor(X), ofcolor(lefthalf(tophalf(X)), mostcolor(X))))), difference(asobject(lefthalf(bottomhalf(X))), recolor(mostcolor(X), ofcolor(lefthalf(bottomhalf(X)), mostcolor(X)))))", 2},
	{"paint(paint(paint(righthalf(tophalf(X)), difference(asobject(righthalf(bottomhalf(X))), recolor(mostcolor(X), ofcolor(righthalf(bottomhalf(X)), mostcolor(X))))), difference(asobject(lefthalf(tophalf(X))), recolor(mostcolor(X), ofcolor(lefthalf(tophalf(X)), mostcolor(X))))), difference(asobject(lefthalf(bottomhalf(X))), recolor(mostcolor(X), ofcolor(lefthalf(bottomhalf(X)), mostcolor(X)))))", 2},
	{"paint(paint(paint(righthalf(bottomhalf(X)), difference(asobject(lefthalf(tophalf(X))), recolor(mostcolor(X), ofcolor(lefthalf(tophalf(X)), mostcolor(X))))), difference(asobject(righthalf(tophalf(X))), recolor(mostcolor(X), ofcolor(righthalf(tophalf(X)), mostcolor(X))))), difference(asobject(lefthalf(bottomhalf(X))), recolor(mostcolor(X), ofcolor(lefthalf(bottomhalf(X)), mostcolor(X)))))", 2},
	{"paint(paint(paint(lefthalf(tophalf(X)), difference(asobject(righthalf(bottomhalf(X))), recolor(mostcolor(X), ofcolor(righthalf(bottomhalf(X)), mostcolor(X))))), difference(asobject(righthalf(tophalf(X))), recolor(mostcolor(X), ofcolor(righthalf(tophalf(X)), mostcolor(X))))), difference(asobject(lefthalf(bottomhalf(X))), recolor(mostcolor(X), ofcolor(lefthalf(bottomhalf(X)), mostcolor(X)))))", 2},
	{"paint(paint(paint(righthalf(tophalf(X)), difference(asobject(lefthalf(tophalf(X))), recolor(mostcolor(X), ofcolor(lefthalf(tophalf(X)), mostcolor(X))))), difference(asobject(righthalf(bottomhalf(X))), recolor(mostcolor(X), ofcolor(righthalf(bottomhalf(X)), mostcolor(X))))), difference(asobject(lefthalf(bottomhalf(X))), recolor(mostcolor(X), ofcolor(lefthalf(bottomhalf(X)), mostcolor(X)))))", 2},
	{"paint(paint(paint(lefthalf(tophalf(X)), difference(asobject(righthalf(tophalf(X))), recolor(mostcolor(X), ofcolor(righthalf(tophalf(X)), mostcolor(X))))), difference(asobject(righthalf(bottomhalf(X))), recolor(mostcolor(X), ofcolor(righthalf(bottomhalf(X)), mostcolor(X))))), difference(asobject(lefthalf(bottomhalf(X))), recolor(mostcolor(X), ofcolor(lefthalf(bottomhalf(X)), mostcolor(X)))))", 2},
	{"paint(paint(paint(lefthalf(bottomhalf(X)), difference(asobject(righthalf(tophalf(X))), recolor(mostcolor(X), ofcolor(righthalf(tophalf(X)), mostcolor(X))))), difference(asobject(lefthalf(tophalf(X))), recolor(mostcolor(X), ofcolor(lefthalf(tophalf(X)), mostcolor(X))))), difference(asobject(righthalf(bottomhalf(X))), recolor(mostcolor(X), ofcolor(righthalf(bottomhalf(X)), mostcolor(X)))))", 2},
	{"paint(paint(paint(righthalf(tophalf(X)), difference(asobject(lefthalf(bottomhalf(X))), recolor(mostcolor(X), ofcolor(lefthalf(bottomhalf(X)), mostcolor(X))))), difference(asobject(lefthalf(tophalf(X))), recolor(mostcolor(X), ofcolor(lefthalf(tophalf(X)), mostcolor(X))))), difference(asobject(righthalf(bottomhalf(X))), recolor(mostcolor(X), ofcolor(righthalf(bottomhalf(X)), mostcolor(X)))))", 2},
	{"paint(paint(paint(lefthalf(bottomhalf(X)), difference(asobject(lefthalf(tophalf(X))), recolor(mostcolor(X), ofcolor(lefthalf(tophalf(X)), mostcolor(X))))), difference(asobject(righthalf(tophalf(X))), recolor(mostcolor(X), ofcolor(righthalf(tophalf(X)), mostcolor(X))))), difference(asobject(righthalf(bottomhalf(X))), recolor(mostcolor(X), ofcolor(righthalf(bottomhalf(X)), mostcolor(X)))))", 2},
	{"paint(paint(paint(lefthalf(tophalf(X)), difference(asobject(lefthalf(bottomhalf(X))), recolor(mostcolor(X), ofcolor(lefthalf(bottomhalf(X)), mostcolor(X))))), difference(asobject(righthalf(tophalf(X))), recolor(mostcolor(X), ofcolor(righthalf(tophalf(X)), mostcolor(X))))), difference(asobject(righthalf(bottomhalf(X))), recolor(mostcolor(X), ofcolor(righthalf(bottomhalf(X)), mostcolor(X)))))", 2},
	{"paint(paint(paint(righthalf(tophalf(X)), difference(asobject(lefthalf(tophalf(X))), recolor(mostcolor(X), ofcolor(lefthalf(tophalf(X)), mostcolor(X))))), difference(asobject(lefthalf(bottomhalf(X))), recolor(mostcolor(X), ofcolor(lefthalf(bottomhalf(X)), mostcolor(X))))), difference(asobject(righthalf(bottomhalf(X))), recolor(mostcolor(X), ofcolor(righthalf(bottomhalf(X)), mostcolor(X)))))", 2},
	{"paint(paint(paint(lefthalf(tophalf(X)), difference(asobject(righthalf(tophalf(X))), recolor(mostcolor(X), ofcolor(righthalf(tophalf(X)), mostcolor(X))))), difference(asobject(lefthalf(bottomhalf(X))), recolor(mostcolor(X), ofcolor(lefthalf(bottomhalf(X)), mostcolor(X))))), difference(asobject(righthalf(bottomhalf(X))), recolor(mostcolor(X), ofcolor(righthalf(bottomhalf(X)), mostcolor(X)))))", 2},

	// The odd one out, or the commonest: the object whose shape (or
	// colour) the fewest (or most) objects share; tasks that ask for the
	// one that differs from the rest.
	{"paint(canvas(mostcolor(X), shape(leastcommon(apply(normalize, totuple(objects(X, {o}, T)))))), leastcommon(apply(normalize, totuple(objects(X, {o}, T)))))", 2},
	{"paint(canvas(mostcolor(X), shape(mostcommon(apply(normalize, totuple(objects(X, {o}, T)))))), mostcommon(apply(normalize, totuple(objects(X, {o}, T)))))", 2},
	{"subgrid(ofcolor(X, leastcommon(apply(color, totuple(objects(X, T, {o2}, T))))), X)", 2},
	{"subgrid(ofcolor(X, mostcommon(apply(color, totuple(objects(X, T, {o2}, T))))), X)", 2},

	// Scaling and tiling: tasks that zoom, shrink or repeat a picture.
	{"upscale(X, {k})", 1}, {"downscale(X, {k})", 1},
	{"hupscale(X, {k})", 1}, {"vupscale(X, {k})", 1},
	{"hconcat(X, X)", 1}, {"vconcat(X, X)", 1},
	{"vconcat(hconcat(X, X), hconcat(X, X))", 1},
	// Zoomed by a count read from the picture: its colours besides the
	// background, or all of them.
	{"upscale(X, decrement(numcolors(X)))", 1}, {"upscale(X, numcolors(X))", 1},
	{"hconcat(hconcat(X, X), X)", 1}, {"vconcat(vconcat(X, X), X)", 1},
	{"hconcat(X, rot180(X))", 1}, {"vconcat(X, rot180(X))", 1},
	{"vconcat(hconcat(X, rot90(X)), hconcat(rot270(X), rot180(X)))", 1},
	{"hconcat(X, vmirror(X))", 1}, {"hconcat(vmirror(X), X)", 1},
	{"vconcat(X, hmirror(X))", 1}, {"vconcat(hmirror(X), X)", 1},
	// Three copies, the middle one mirrored (or the outer two), and the
	// picture mirrored into all four quarters.
	{"hconcat(hconcat(X, vmirror(X)), X)", 1}, {"hconcat(hconcat(vmirror(X), X), vmirror(X))", 1},
	{"vconcat(vconcat(X, hmirror(X)), X)", 1}, {"vconcat(vconcat(hmirror(X), X), hmirror(X))", 1},
	{"vconcat(hconcat(X, vmirror(X)), hconcat(hmirror(X), rot180(X)))", 1},
	{"vconcat(hconcat(rot180(X), hmirror(X)), hconcat(vmirror(X), X))", 1},
	// The picture drawn at every one of its own cells (a fractal step).
	{"cellwise(upscale(X, TWO), vconcat(hconcat(X, X), hconcat(X, X)), ZERO)", 2},
	{"cellwise(upscale(X, THREE), vconcat(vconcat(hconcat(hconcat(X, X), X), hconcat(hconcat(X, X), X)), hconcat(hconcat(X, X), X)), ZERO)", 2},

	// Colours: recolour one colour, swap two, keep one, paint the whole
	// foreground; tasks whose change is a colour mapping.
	{"replace(X, {a}, {b})", 1},
	{"switch(X, {a}, {a2})", 1},
	{"fill(canvas(ZERO, shape(X)), {f}, ofcolor(X, {f}))", 1},
	{"fill(X, {b}, merge(fgpartition(X)))", 1},
	// Figure and ground swapped, whatever their colours.
	{"switch(X, mostcolor(X), leastcolor(X))", 1},
	// Rows and columns of one colour recoloured: separators, empty lines.
	{"fill(X, {b}, merge(frontiers(X)))", 1},

	// Objects recoloured or kept by size; noise removed.
	{"fill(X, {b}, argmax(objects(X, {o}, T), size))", 2},
	{"fill(X, {b}, argmin(objects(X, {o}, T), size))", 2},
	{"paint(canvas(mostcolor(X), shape(X)), argmax(objects(X, {o}, T), size))", 2},
	{"cover(X, mfilter(objects(X, {o}, T), matcher(size, ONE)))", 2},
	{"cover(X, argmax(objects(X, {o}, T), size))", 2},
	{"cover(X, argmin(objects(X, {o}, T), size))", 2},
	{"fill(X, {b}, mfilter(objects(X, {o}, T), matcher(size, ONE)))", 2},
	{"fill(X, {b}, mfilter(objects(X, {o}, T), compose(rbind(greater, ONE), size)))", 2},
	{"cover(X, mfilter(objects(X, {o}, T), compose(rbind(greater, ONE), size)))", 2},
	{"fill(X, {b}, mfilter(objects(X, T, F, T), {p}))", 2},
	{"fill(X, {b}, mfilter(objects(X, {o}, T), rbind(bordering, X)))", 2},
	{"fill(X, {b}, mfilter(objects(X, {o}, T), compose(flip, rbind(bordering, X))))", 2},
	{"cover(X, mfilter(objects(X, {o}, T), rbind(bordering, X)))", 2},
	{"cover(X, mfilter(objects(X, {o}, T), compose(flip, rbind(bordering, X))))", 2},

	// A symmetric picture with a hole of one colour: the hole's cells
	// taken from the picture mirrored (or turned half way), and the hole
	// alone, filled; tasks that ask to complete a symmetric pattern.
	{"paint(X, toobject(ofcolor(X, {h}), {m}(X)))", 1},
	{"subgrid(ofcolor(X, {h}), paint(X, toobject(ofcolor(X, {h}), {m}(X))))", 2},

	// The shapes of a colour no output keeps, each taking the colour of
	// the nearest other shape; tasks that recolour marks by what is
	// closest to them.
	{"paint(X, mapply(fork(recolor, compose(color, compose(lbind(argmin, difference(objects(X, T, F, T), colorfilter(objects(X, T, F, T), {h}))), lbind(lbind, manhattan))), identity), colorfilter(objects(X, T, F, T), {h})))", 2},
	// A many-coloured shape stamped on every shape of a colour no output
	// keeps, by their top left corners, and taken from where it was, or
	// left there; tasks that copy a pattern onto marks.
	{"paint(cover(X, argmax(objects(X, F, {o2}, T), numcolors)), mapply(lbind(shift, normalize(argmax(objects(X, F, {o2}, T), numcolors))), apply(ulcorner, colorfilter(objects(X, T, F, T), {h}))))", 2},
	{"paint(X, mapply(lbind(shift, normalize(argmax(objects(X, F, {o2}, T), numcolors))), apply(ulcorner, colorfilter(objects(X, T, F, T), {h}))))", 2},
	// The same with the pattern's centre on each mark's: marks that are
	// dots.
	{"paint(cover(X, argmax(objects(X, F, {o2}, T), numcolors)), mapply(lbind(shift, normalize(argmax(objects(X, F, {o2}, T), numcolors))), apply(compose(rbind(subtract, center(normalize(argmax(objects(X, F, {o2}, T), numcolors)))), center), colorfilter(objects(X, T, F, T), {h}))))", 2},
	{"paint(X, mapply(lbind(shift, normalize(argmax(objects(X, F, {o2}, T), numcolors))), apply(compose(rbind(subtract, center(normalize(argmax(objects(X, F, {o2}, T), numcolors)))), center), colorfilter(objects(X, T, F, T), {h}))))", 2},

	// Gravity: every cell of a row (or column) that is not background
	// slides to one end of it, in order, as a stable sort of the row by
	// "is background" does; tasks where things fall. Cost 2, so that only
	// the simpler states are sorted: at cost 1 the rows' boxing cost 37
	// of 382 CPU-seconds for no task more.
	{"apply(rbind(order, compose(flip, matcher(identity, mostcolor(X)))), X)", 2},
	{"apply(rbind(order, matcher(identity, mostcolor(X))), X)", 2},
	{"dmirror(apply(rbind(order, compose(flip, matcher(identity, mostcolor(X)))), dmirror(X)))", 2},
	{"dmirror(apply(rbind(order, matcher(identity, mostcolor(X))), dmirror(X)))", 2},

	// Moving: the whole foreground one step, or the smallest object until
	// it touches the largest, or the largest until it touches the
	// smallest, or a colour's cells until they touch the rest of the
	// foreground; tasks that slide or attach shapes.
	{"paint(cover(X, merge(fgpartition(X))), shift(merge(fgpartition(X)), {s}))", 1},
	{"move(X, argmin(objects(X, {o}, T), size), gravitate(argmin(objects(X, {o}, T), size), argmax(objects(X, {o}, T), size)))", 2},
	{"move(X, argmax(objects(X, {o}, T), size), gravitate(argmax(objects(X, {o}, T), size), argmin(objects(X, {o}, T), size)))", 2},
	{"move(X, toobject(ofcolor(X, {g}), X), gravitate(ofcolor(X, {g}), difference(toindices(merge(fgpartition(X))), ofcolor(X, {g}))))", 2},
	// Each dot moved until it touches the shape of its colour, a dot
	// whose colour no shape has taken away; tasks that pull marks onto
	// the wall or line they match.
	{"paint(cover(X, merge(sizefilter(objects(X, T, F, T), ONE))), mapply(fork(shift, identity, fork(gravitate, identity, compose(first, compose(lbind(colorfilter, sfilter(objects(X, T, F, T), compose(rbind(greater, ONE), size))), color)))), sfilter(sizefilter(objects(X, T, F, T), ONE), compose(rbind(contained, palette(merge(sfilter(objects(X, T, F, T), compose(rbind(greater, ONE), size))))), color))))", 2},

	// Enclosed background filled; boxes and outlines drawn around objects.
	{"fill(X, {b}, box(asindices(X)))", 1},
	{"fill(X, {b}, mfilter(colorfilter(objects(X, T, F, F), mostcolor(X)), compose(flip, rbind(bordering, X))))", 2},
	// The regions of background that touch a colour's cells flooded
	// with it; tasks that spill a colour into the gaps it reaches.
	{"fill(X, {g}, mfilter(colorfilter(objects(X, T, F, F), mostcolor(X)), rbind(adjacent, ofcolor(X, {g}))))", 2},
	// The objects that enclose some background: loops and frames, told
	// from open shapes by the enclosed background they touch.
	{"fill(X, {b}, mfilter(objects(X, T, F, T), rbind(adjacent, mfilter(colorfilter(objects(X, T, F, F), mostcolor(X)), compose(flip, rbind(bordering, X))))))", 2},
	{"underfill(X, {b}, mapply(delta, objects(X, {o}, T)))", 2},
	{"underfill(X, {b}, mapply(outbox, objects(X, {o}, T)))", 2},
	{"fill(X, {b}, mapply(inbox, objects(X, {o}, T)))", 2},
	{"underfill(X, {b}, mapply(box, objects(X, {o}, T)))", 2},
	// The same drawn in each object's own colour.
	{"underpaint(X, mapply(fork(recolor, color, backdrop), objects(X, T, {o2}, T)))", 2},
	{"underpaint(X, mapply(fork(recolor, color, outbox), objects(X, T, {o2}, T)))", 2},
	{"underpaint(X, mapply(fork(recolor, color, box), objects(X, T, {o2}, T)))", 2},
	// An object's outline, corners or interior (what its box encloses)
	// recoloured, or its interior emptied; tasks that frame, hollow or
	// fill rectangles.
	{"fill(X, {b}, mapply(box, objects(X, T, F, T)))", 2},
	{"fill(X, {b}, mapply(corners, objects(X, T, F, T)))", 2},
	{"fill(X, {b}, mapply(compose(backdrop, inbox), objects(X, {o}, T)))", 2},
	{"cover(X, mapply(compose(backdrop, inbox), objects(X, {o}, T)))", 2},
	// Each object flipped in place, within its own box.
	{"paint(cover(X, merge(objects(X, F, T, T))), mapply(vmirror, objects(X, F, T, T)))", 2},
	{"paint(cover(X, merge(objects(X, F, T, T))), mapply(hmirror, objects(X, F, T, T)))", 2},
	{"underfill(X, {b}, box(merge(fgpartition(X))))", 1},
	{"underfill(X, {b}, delta(merge(fgpartition(X))))", 1},
	{"underfill(X, {b}, outbox(merge(fgpartition(X))))", 1},

	// Lines from the cells of a colour: across the grid or shot in one
	// direction; tasks that extend rays or draw rows and columns.
	// Lines from the background would cover it: 38,000 points for one
	// 30×30 grid, the search's costliest call and never an answer.
	{"underfill(X, {b}, mapply(hfrontier, ofcolor(X, {f})))", 2},
	{"underfill(X, {b}, mapply(vfrontier, ofcolor(X, {f})))", 2},
	{"underfill(X, {f}, mapply(rbind(shoot, {d}), ofcolor(X, {f})))", 2},
	// Each dot in line with the largest object joined to it by a line
	// of the dot's colour; tasks that pull lines from marks to a wall.
	{"underpaint(X, mapply(fork(recolor, color, fork(connect, center, fork(add, center, rbind(gravitate, argmax(objects(X, T, F, T), size))))), sfilter(sizefilter(objects(X, T, F, T), ONE), fork(either, rbind(vmatching, argmax(objects(X, T, F, T), size)), rbind(hmatching, argmax(objects(X, T, F, T), size))))))", 2},
	// Each dot shoots a ray of its colour away from the largest object:
	// tasks that extend a shape's stray corner outwards.
	{"underpaint(X, mapply(fork(recolor, color, fork(shoot, center, lbind(position, argmax(objects(X, T, F, T), size)))), sizefilter(objects(X, T, F, T), ONE)))", 2},
	// Every foreground cell shoots a ray of its own colour, or draws its
	// row or column; both diagonals, or the cross, through cells of one
	// colour.
	{"underpaint(X, mapply(fork(recolor, first, compose(rbind(shoot, {d}), last)), merge(fgpartition(X))))", 2},
	{"underpaint(X, mapply(fork(recolor, first, compose(hfrontier, last)), merge(fgpartition(X))))", 2},
	{"underpaint(X, mapply(fork(recolor, first, compose(vfrontier, last)), merge(fgpartition(X))))", 2},
	{"underfill(X, {b}, mapply(fork(combine, fork(combine, rbind(shoot, UNITY), rbind(shoot, NEG_UNITY)), fork(combine, rbind(shoot, UP_RIGHT), rbind(shoot, DOWN_LEFT))), ofcolor(X, {f})))", 2},
	{"underfill(X, {b}, mapply(fork(combine, hfrontier, vfrontier), ofcolor(X, {f})))", 2},
	{"underpaint(X, mapply(fork(recolor, first, compose(fork(combine, fork(combine, rbind(shoot, UNITY), rbind(shoot, NEG_UNITY)), fork(combine, rbind(shoot, UP_RIGHT), rbind(shoot, DOWN_LEFT))), last)), merge(fgpartition(X))))", 2},
	// Lines joining the cells of one colour that share a row, a column or
	// a diagonal.
	// (Only from colours the inputs name: the rarest colour of a state
	// can cover hundreds of cells, and a line between every pair of them
	// was a third of the search's time.)
	{"underfill(X, {b}, merge(prapply(connect, ofcolor(X, {g}), ofcolor(X, {g}))))", 2},
	// Each colour that has exactly two cells joined by a line of its own
	// colour, diagonals included (connect draws nothing for a pair in no
	// line): tasks that join matching dots. Only two-cell colours, so
	// that a line per pair costs 4 calls, not n².
	{"underpaint(X, mapply(fork(recolor, color, compose(merge, fork(lbind(prapply, connect), toindices, toindices))), sfilter(fgpartition(X), matcher(size, TWO))))", 2},
	// The same along rows and columns only, a diagonal pair no line: the
	// span of each row's cells of the colour (the box of the colour's
	// cells on that row), or each column's, or both. This is the union of
	// the lines joining pairs on a row, as connect would draw them, for n
	// calls where connect takes n² (prapply was a quarter of the search's
	// time with the pairwise form).
	{"underfill(X, {b}, mapply(fork(combine, compose(backdrop, compose(lbind(intersection, ofcolor(X, {g})), hfrontier)), compose(backdrop, compose(lbind(intersection, ofcolor(X, {g})), vfrontier))), ofcolor(X, {g})))", 2},
	{"underfill(X, {b}, mapply(compose(backdrop, compose(lbind(intersection, ofcolor(X, {g})), hfrontier)), ofcolor(X, {g})))", 2},
	{"underfill(X, {b}, mapply(compose(backdrop, compose(lbind(intersection, ofcolor(X, {g})), vfrontier)), ofcolor(X, {g})))", 2},
	// Cells of each colour joined in that colour, every colour at once.
	// (The spans as above, with the colour's cells taken from the object
	// the function is applied to: hence the binds.)
	{"underpaint(X, mapply(fork(recolor, color, fork(combine, fork(mapply, compose(lbind(compose, backdrop), compose(rbind(compose, hfrontier), compose(lbind(lbind, intersection), toindices))), toindices), fork(mapply, compose(lbind(compose, backdrop), compose(rbind(compose, vfrontier), compose(lbind(lbind, intersection), toindices))), toindices))), fgpartition(X)))", 2},
	{"underpaint(X, mapply(fork(recolor, color, fork(mapply, compose(lbind(compose, backdrop), compose(rbind(compose, hfrontier), compose(lbind(lbind, intersection), toindices))), toindices)), fgpartition(X)))", 2},
	{"underpaint(X, mapply(fork(recolor, color, fork(mapply, compose(lbind(compose, backdrop), compose(rbind(compose, vfrontier), compose(lbind(lbind, intersection), toindices))), toindices)), fgpartition(X)))", 2},

	// The foreground repeated down (or across) the whole grid, a copy
	// every height (width) of it: tasks that continue a band as a
	// pattern.
	{"paint(X, mapply(lbind(shift, merge(fgpartition(X))), apply(toivec, interval(multiply(invert(height(merge(fgpartition(X)))), height(X)), height(X), height(merge(fgpartition(X)))))))", 2},
	{"paint(X, mapply(lbind(shift, merge(fgpartition(X))), apply(tojvec, interval(multiply(invert(width(merge(fgpartition(X)))), width(X)), width(X), width(merge(fgpartition(X)))))))", 2},
	// The same with the foreground's own period (hperiod, vperiod) as
	// the step, onwards from where it is: a pattern that already shows a
	// repeat or two, continued to the edge.
	{"paint(X, mapply(lbind(shift, merge(fgpartition(X))), apply(tojvec, interval(ZERO, width(X), hperiod(merge(fgpartition(X)))))))", 2},
	{"paint(X, mapply(lbind(shift, merge(fgpartition(X))), apply(toivec, interval(ZERO, height(X), vperiod(merge(fgpartition(X)))))))", 2},

	// The cells of a colour in every k-th column (or row) from the first
	// recoloured: tasks with a rhythm of stripes.
	{"fill(X, {b}, sfilter(ofcolor(X, {a}), compose(rbind(contained, interval(ZERO, width(X), {k})), last)))", 2},
	{"fill(X, {b}, sfilter(ofcolor(X, {a}), compose(rbind(contained, interval(ZERO, height(X), {k})), first)))", 2},

	// A halo around the cells of one colour: their four side neighbours,
	// their four corner neighbours, or all eight; tasks that draw a mark
	// around each dot, its shape set by the dot's colour. The colour may
	// be the rarest, whatever its number: the dots' colour may change
	// from grid to grid.
	{"underfill(X, {b}, mapply(dneighbors, ofcolor(X, {f})))", 2},
	{"underfill(X, {b}, mapply(ineighbors, ofcolor(X, {f})))", 2},
	{"underfill(X, {b}, mapply(neighbors, ofcolor(X, {f})))", 2},

	// The centre of a colour's cells marked, alone or with its side
	// neighbours: the midpoint of two dots, the middle of a shape.
	{"fill(X, {b}, initset(center(ofcolor(X, {g}))))", 2},
	{"fill(X, {b}, insert(center(ofcolor(X, {g})), dneighbors(center(ofcolor(X, {g})))))", 2},

	// One colour as the whole answer: the rarest, the commonest of the
	// foreground, the largest object's; tasks whose output is a 1×1 grid
	// (or a colour that later steps scale).
	{"canvas(leastcolor(X), UNITY)", 1},
	{"canvas(mostcolor(merge(fgpartition(X))), UNITY)", 1},
	{"canvas(color(argmax(objects(X, T, F, T), size)), UNITY)", 2},
	// The colour of the object with the most room inside its box: the
	// hollow one among solid ones.
	{"canvas(color(argmax(objects(X, T, F, T), compose(size, delta))), UNITY)", 2},
	// The rarest colour as a row as long as its count of cells; or the
	// one colour besides black, which may outnumber black.
	{"canvas(leastcolor(X), astuple(ONE, colorcount(X, leastcolor(X))))", 2},
	{"canvas(other(palette(X), ZERO), astuple(ONE, size(difference(asindices(X), ofcolor(X, ZERO)))))", 2},
	// The objects' colours listed from the largest object down, or the
	// foreground's colours from the commonest down (the commonest left
	// out: the shapes' colour, the others marks), as a column or a row;
	// tasks that rank colours by how much of each there is.
	{"apply(rbind(repeat, ONE), apply(color, order(objects(X, T, T, T), compose(invert, size))))", 2},
	{"repeat(apply(color, order(objects(X, T, T, T), compose(invert, size))), ONE)", 2},
	{"apply(rbind(repeat, ONE), order(remove(mostcolor(merge(fgpartition(X))), palette(merge(fgpartition(X)))), compose(invert, lbind(colorcount, X))))", 2},
	{"repeat(order(remove(mostcolor(merge(fgpartition(X))), palette(merge(fgpartition(X)))), compose(invert, lbind(colorcount, X))), ONE)", 2},
	// The count of objects drawn: a row or a column of that many cells,
	// or a square with that many on its diagonal; tasks that ask "how
	// many".
	{"canvas({b}, astuple(ONE, size(objects(X, {o}, T))))", 2},
	{"canvas({b}, astuple(size(objects(X, {o}, T)), ONE))", 2},
	{"fill(canvas(ZERO, astuple(size(objects(X, {o}, T)), size(objects(X, {o}, T)))), {b}, connect(ORIGIN, decrement(astuple(size(objects(X, {o}, T)), size(objects(X, {o}, T))))))", 2},

	// Each row (or column) made its commonest colour, or whichever of the
	// two keeps more of the grid's cells: stripes cleaned of noise, in
	// the direction each grid shows. Cost 2: at cost 1 their states were
	// cheap layers for composition, and a stack of the "three layers"
	// case took one that fits the train pairs only.
	{"apply(fork(repeat, mostcommon, size), X)", 2},
	{"dmirror(apply(fork(repeat, mostcommon, size), dmirror(X)))", 2},
	{"branch(greater(size(intersection(asobject(X), asobject(apply(fork(repeat, mostcommon, size), X)))), size(intersection(asobject(X), asobject(dmirror(apply(fork(repeat, mostcommon, size), dmirror(X))))))), apply(fork(repeat, mostcommon, size), X), dmirror(apply(fork(repeat, mostcommon, size), dmirror(X))))", 2},

	// Two halves overlaid as masks (tasks that split a grid in two, often
	// at a separating line, and combine the halves cell by cell): both
	// empty, both set, either, exactly one, one without the other.
	{"cellwise(lefthalf(X), righthalf(X), ZERO)", 2},
	{"cellwise(tophalf(X), bottomhalf(X), ZERO)", 2},
	{"fill(canvas(ZERO, shape(lefthalf(X))), {b}, intersection(ofcolor(lefthalf(X), ZERO), ofcolor(righthalf(X), ZERO)))", 2},
	{"fill(canvas(ZERO, shape(lefthalf(X))), {b}, difference(asindices(lefthalf(X)), combine(ofcolor(lefthalf(X), ZERO), ofcolor(righthalf(X), ZERO))))", 2},
	{"fill(canvas(ZERO, shape(lefthalf(X))), {b}, difference(asindices(lefthalf(X)), intersection(ofcolor(lefthalf(X), ZERO), ofcolor(righthalf(X), ZERO))))", 2},
	{"fill(canvas(ZERO, shape(lefthalf(X))), {b}, difference(combine(ofcolor(lefthalf(X), ZERO), ofcolor(righthalf(X), ZERO)), intersection(ofcolor(lefthalf(X), ZERO), ofcolor(righthalf(X), ZERO))))", 2},
	{"fill(canvas(ZERO, shape(lefthalf(X))), {b}, difference(ofcolor(righthalf(X), ZERO), ofcolor(lefthalf(X), ZERO)))", 2},
	{"fill(canvas(ZERO, shape(lefthalf(X))), {b}, difference(ofcolor(lefthalf(X), ZERO), ofcolor(righthalf(X), ZERO)))", 2},
	{"fill(canvas(ZERO, shape(tophalf(X))), {b}, intersection(ofcolor(tophalf(X), ZERO), ofcolor(bottomhalf(X), ZERO)))", 2},
	{"fill(canvas(ZERO, shape(tophalf(X))), {b}, difference(asindices(tophalf(X)), combine(ofcolor(tophalf(X), ZERO), ofcolor(bottomhalf(X), ZERO))))", 2},
	{"fill(canvas(ZERO, shape(tophalf(X))), {b}, difference(asindices(tophalf(X)), intersection(ofcolor(tophalf(X), ZERO), ofcolor(bottomhalf(X), ZERO))))", 2},
	{"fill(canvas(ZERO, shape(tophalf(X))), {b}, difference(combine(ofcolor(tophalf(X), ZERO), ofcolor(bottomhalf(X), ZERO)), intersection(ofcolor(tophalf(X), ZERO), ofcolor(bottomhalf(X), ZERO))))", 2},
	{"fill(canvas(ZERO, shape(tophalf(X))), {b}, difference(ofcolor(bottomhalf(X), ZERO), ofcolor(tophalf(X), ZERO)))", 2},
	{"fill(canvas(ZERO, shape(tophalf(X))), {b}, difference(ofcolor(tophalf(X), ZERO), ofcolor(bottomhalf(X), ZERO)))", 2},
}

// blackPatterns are patterns for tasks where black (0) is in some input
// but is not its commonest colour: the largest, smallest and
// most-of-a-colour objects cut out, and the interiors, outlines and corners
// filled, with black as the background (blackCut). Elsewhere they would
// repeat the patterns above.
var blackPatterns = []pattern{
	{"subgrid(argmax(objects(" + blackCut + ", {o}, T), size), X)", 2},
	{"subgrid(argmin(objects(" + blackCut + ", {o}, T), size), X)", 2},
	{"subgrid(argmax(objects(" + blackCut + ", F, {o2}, T), rbind(colorcount, {g})), X)", 2},
	{"fill(X, {b}, mapply(compose(backdrop, inbox), objects(" + blackCut + ", {o}, T)))", 2},
	{"fill(X, {b}, mapply(box, objects(" + blackCut + ", T, F, T)))", 2},
	{"fill(X, {b}, mapply(corners, objects(" + blackCut + ", T, F, T)))", 2},
}

// colourNames are constants.py's names of the ten colours.
var colourNames = [10]string{"ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE"}

// intNames names the integers constants.py has, for scale factors.
var intNames = map[int]string{2: "TWO", 3: "THREE", 4: "FOUR", 5: "FIVE", 6: "SIX", 7: "SEVEN", 8: "EIGHT", 9: "NINE", 10: "TEN"}

// relative is a colour named by what it is in the grid rather than by its
// number: where the train pairs use one colour and the test input another,
// only a program that names it this way carries over.
const relative = "leastcolor(X)"

var directions = []string{"UP", "DOWN", "LEFT", "RIGHT", "UNITY", "NEG_UNITY", "UP_RIGHT", "DOWN_LEFT"}

var objectCuts = []string{"T, F", "T, T", "F, T", "F, F"}

// Library instantiates the patterns for one task: its inputs (train and
// test) and its train outputs give the colours and scale factors. The
// templates come cheapest first, in the patterns' order within a cost.
func Library(inputs, outputs []*grid.Grid) []*Template {
	inPal, outPal := palette(inputs), palette(outputs)
	params := []struct {
		name string
		vals []string
	}{
		{"o", objectCuts},
		{"o2", []string{"F", "T"}},
		{"d", directions},
		{"s", directions[:4]},
		{"p", []string{"square", "hline", "vline"}},
		{"m", []string{"hmirror", "vmirror", "dmirror", "cmirror", "rot180"}},
		{"k", scales(inputs, outputs)},
		{"a", colourList(inPal)},
		{"f", append(colourList(foreground(inputs, inPal)), relative)},
		{"g", colourList(foreground(inputs, inPal))},
		{"b", append(colourList(outPal), relative, "mostcolor(X)")},
		{"h", colourList(holes(inPal, outPal))},
	}
	ps := append(append(slices.Clip(patterns), morePatterns...), extraPatterns...)
	if blackNotCommonest(inputs) {
		ps = append(slices.Clip(ps), blackPatterns...)
	}
	if h, w, ok := fixedOutShape(inputs, outputs); ok {
		ps = append(slices.Clip(ps), fixedShapePatterns(h, w)...)
	}
	var out []*Template
	seen := map[string]bool{}
	c := newCompiler() // one for all: templates share their common calls' values
	for cost := 1; cost <= 2; cost++ {
		for _, p := range ps {
			if p.cost != cost {
				continue
			}
			texts := []string{p.text}
			for _, prm := range params {
				texts = expandParam(texts, prm.name, prm.vals)
			}
			texts = expandPairs(texts, inPal)
			for _, t := range texts {
				if seen[t] || strings.Contains(t, "{") {
					continue
				}
				seen[t] = true
				tm, err := c.compile(t, p.cost)
				if err != nil {
					panic("synth: " + err.Error())
				}
				out = append(out, tm)
			}
		}
	}
	c.assignSlots()
	return out
}

func expandParam(texts []string, name string, vals []string) []string {
	ph := "{" + name + "}"
	var out []string
	for _, t := range texts {
		if !strings.Contains(t, ph) {
			out = append(out, t)
			continue
		}
		for _, v := range vals {
			out = append(out, strings.ReplaceAll(t, ph, v))
		}
	}
	return out
}

// expandPairs fills {a}…{a2} of switch with every pair a < a2 of the
// inputs' colours.
func expandPairs(texts []string, pal [10]bool) []string {
	var out []string
	for _, t := range texts {
		if !strings.Contains(t, "{a2}") {
			out = append(out, t)
			continue
		}
		for a := 0; a < 10; a++ {
			for a2 := a + 1; a2 < 10; a2++ {
				if pal[a] && pal[a2] {
					out = append(out, strings.ReplaceAll(strings.ReplaceAll(t, "{a2}", colourNames[a2]), "{a}", colourNames[a]))
				}
			}
		}
	}
	return out
}

// holes lists the colours of the inputs that no output has.
func holes(in, out [10]bool) [10]bool {
	for c := range in {
		in[c] = in[c] && !out[c]
	}
	return in
}

// blackNotCommonest reports whether some grid has black (0) but another
// colour more often.
func blackNotCommonest(gs []*grid.Grid) bool {
	for _, g := range gs {
		// mostColour takes black on a tie, so it names another colour
		// only when one is more common.
		if slices.Contains(g.Cells, 0) && mostColour(g) != 0 {
			return true
		}
	}
	return false
}

func palette(gs []*grid.Grid) [10]bool {
	var p [10]bool
	for _, g := range gs {
		for _, c := range g.Cells {
			if c >= 0 && c < 10 {
				p[c] = true
			}
		}
	}
	return p
}

// foreground drops from the palette 0 and any colour that is the most
// common colour of every grid: the background.
func foreground(gs []*grid.Grid, pal [10]bool) [10]bool {
	pal[0] = false
	var n [10]int // grids in which the colour is the most common
	for _, g := range gs {
		var count [10]int
		for _, c := range g.Cells {
			if c >= 0 && c < 10 {
				count[c]++
			}
		}
		best := 0
		for c := range count {
			if count[c] > count[best] {
				best = c
			}
		}
		n[best]++
	}
	for c := range n {
		if len(gs) > 0 && n[c] == len(gs) {
			pal[c] = false
		}
	}
	return pal
}

func colourList(p [10]bool) []string {
	var out []string
	for c, ok := range p {
		if ok {
			out = append(out, colourNames[c])
		}
	}
	return out
}

// scales lists 2, 3 and 4 and every whole ratio of an output side to its
// input's side (or the reverse) that constants.py can name.
func scales(inputs, outputs []*grid.Grid) []string {
	ks := []int{2, 3, 4}
	add := func(a, b int) {
		if b > 0 && a%b == 0 {
			if k := a / b; k >= 2 && k <= 10 && !slices.Contains(ks, k) {
				ks = append(ks, k)
			}
		}
	}
	for i, o := range outputs {
		if i >= len(inputs) {
			break
		}
		in := inputs[i]
		add(o.H, in.H)
		add(o.W, in.W)
		add(in.H, o.H)
		add(in.W, o.W)
	}
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = intNames[k]
	}
	return out
}

// fixedOutShape reports the shape every train output has, when they share
// one that fits in every input, test inputs included, and is smaller than
// some input.
func fixedOutShape(inputs, outputs []*grid.Grid) (h, w int, ok bool) {
	if len(outputs) == 0 {
		return 0, 0, false
	}
	h, w = outputs[0].H, outputs[0].W
	smaller := false
	for _, o := range outputs {
		if o.H != h || o.W != w {
			return 0, 0, false
		}
	}
	for _, in := range inputs {
		if in.H < h || in.W < w {
			return 0, 0, false
		}
		smaller = smaller || in.H > h || in.W > w
	}
	return h, w, smaller
}

// fixedShapePatterns are patterns for tasks whose outputs all have one
// shape h×w, smaller than the inputs: the h×w corners of the input, and
// the four corners laid over each other, the commonest colour
// transparent (tasks that fold a picture's corners onto one another).
func fixedShapePatterns(h, w int) []pattern {
	hs, ws := intExpr(h).String(), intExpr(w).String()
	size := "astuple(" + hs + ", " + ws + ")"
	corners := []string{
		"crop(X, ORIGIN, " + size + ")",
		"crop(X, tojvec(subtract(width(X), " + ws + ")), " + size + ")",
		"crop(X, toivec(subtract(height(X), " + hs + ")), " + size + ")",
		"crop(X, subtract(shape(X), " + size + "), " + size + ")",
	}
	var ps []pattern
	for _, c := range corners {
		ps = append(ps, pattern{c, 1})
	}
	over := corners[0]
	for _, c := range corners[1:] {
		over = "paint(" + over + ", difference(asobject(" + c + "), recolor(mostcolor(X), ofcolor(" + c + ", mostcolor(X)))))"
	}
	return append(ps, pattern{over, 2})
}
