// Package synth searches for grid-to-grid programs the way icecuber's ARC
// search does: breadth first over whole-grid transforms, one behaviour per
// state; then it finishes states whose colours differ from the outputs by
// a mapping (recolour) or whose objects take colours a property of theirs
// decides (byProperty), and stacks partial results (compose).
//
// Each transform is a Template, an arc-dsl expression with a hole X, so
// every program found is an ordinary arc-dsl program that the rest of
// arcflow scores, validates and stores. Templates come from a library of
// general ARC transformations instantiated with what the task shows: the
// colours of its inputs and outputs and the ratios of their sizes.
//
// The search sees the train pairs and the test inputs, never a test
// output: states are told apart on every input, test inputs included, and
// a program that fails on a test input is not kept.
package synth
