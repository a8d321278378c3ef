package synth

// morePatterns extend patterns (library.go) with further general ARC
// transformations, in the same placeholder language; Library adds them
// after patterns, within each cost.
var morePatterns = []pattern{}
