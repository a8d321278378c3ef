package main

import (
	"fmt"
	"strconv"
	"strings"
)

// parseWorkers parses the --workers flag: comma-separated stage=count
// pairs, as in "score=2,validate=4". Spaces around names and counts are
// ignored; an empty string gives an empty map. The names are checked
// against the pipeline's stages by the caller.
func parseWorkers(s string) (map[string]int, error) {
	counts := map[string]int{}
	if strings.TrimSpace(s) == "" {
		return counts, nil
	}
	for i, entry := range strings.Split(s, ",") {
		name, count, ok := strings.Cut(entry, "=")
		name, count = strings.TrimSpace(name), strings.TrimSpace(count)
		switch {
		case strings.TrimSpace(entry) == "":
			return nil, fmt.Errorf("--workers %q: entry %d is empty", s, i+1)
		case !ok:
			return nil, fmt.Errorf("--workers %q: entry %q is not stage=count", s, entry)
		case name == "":
			return nil, fmt.Errorf("--workers %q: entry %q has no stage name", s, entry)
		}
		n, err := strconv.Atoi(count)
		switch {
		case err != nil:
			return nil, fmt.Errorf("--workers %q: count %q of stage %q is not a whole number", s, count, name)
		case n < 1:
			return nil, fmt.Errorf("--workers %q: stage %q needs at least 1 worker, not %d", s, name, n)
		}
		if _, dup := counts[name]; dup {
			return nil, fmt.Errorf("--workers %q: stage %q is given twice", s, name)
		}
		counts[name] = n
	}
	return counts, nil
}
