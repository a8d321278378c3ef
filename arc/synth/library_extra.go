package synth

// extraPatterns extend patterns (library.go) and morePatterns
// (library_more.go) with further general ARC transformations, in the same
// placeholder language; Library adds them last, within each cost.
var extraPatterns = []pattern{}
