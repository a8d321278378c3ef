package synth

// extraPatterns extend patterns (library.go) and morePatterns
// (library_more.go) with further general ARC transformations, in the same
// placeholder language; Library adds them last, within each cost.
var extraPatterns = []pattern{
	// Every second row of each object recoloured, counting from its top
	// row (the first kept): tasks that alternate the colour along lines,
	// diagonal or upright, or stripe each shape.
	{"fill(X, {b}, mapply(fork(shift, compose(rbind(sfilter, compose(flip, compose(even, first))), compose(normalize, toindices)), ulcorner), objects(X, {o}, T)))", 2},
}
