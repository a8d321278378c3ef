package main

import (
	"maps"
	"strings"
	"testing"
)

// TestParseWorkers: the forms of --workers and the errors it gives.
func TestParseWorkers(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want map[string]int
		err  string
	}{
		{"", map[string]int{}, ""},
		{"  ", map[string]int{}, ""},
		{"score=2", map[string]int{"score": 2}, ""},
		{"score=2,validate=4", map[string]int{"score": 2, "validate": 4}, ""},
		{" score = 2 , validate=4 ", map[string]int{"score": 2, "validate": 4}, ""},
		{"score", nil, `entry "score" is not stage=count`},
		{"score=2,,validate=4", nil, "entry 2 is empty"},
		{"score=2,", nil, "entry 2 is empty"},
		{"=2", nil, `entry "=2" has no stage name`},
		{"score=", nil, `count "" of stage "score" is not a whole number`},
		{"score=two", nil, `count "two" of stage "score" is not a whole number`},
		{"score=1.5", nil, "not a whole number"},
		{"score=0", nil, `stage "score" needs at least 1 worker, not 0`},
		{"score=-1", nil, "not -1"},
		{"score=2,score=3", nil, `stage "score" is given twice`},
	} {
		got, err := parseWorkers(tc.in)
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("parseWorkers(%q): %v", tc.in, err)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("parseWorkers(%q) error %v, want %q", tc.in, err, tc.err)
		case tc.err == "" && !maps.Equal(got, tc.want):
			t.Errorf("parseWorkers(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
