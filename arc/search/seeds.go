package search

import (
	_ "embed"

	"github.com/arcflow/arcflow/arc/program"
)

//go:embed seeds/seeds.py
var seedSource string

// DefaultSeeds returns the built-in seed programs: a score of general ARC
// transformations (mirrors, turns, concatenations, crops, recolourings)
// written for arcflow, from which mutation and enumeration start when no
// seed file is given.
func DefaultSeeds() *program.File {
	f, err := program.ParseString("seeds/seeds.py", seedSource)
	if err != nil {
		panic("search: built-in seeds: " + err.Error())
	}
	return f
}
