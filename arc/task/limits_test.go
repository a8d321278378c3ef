package task

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// pairsJSON is n pairs of an h×w input and an h×w output, as task JSON.
func pairsJSON(n, h, w int, withOutput bool) string {
	row := "[" + strings.TrimSuffix(strings.Repeat("1,", w), ",") + "]"
	g := "[" + strings.TrimSuffix(strings.Repeat(row+",", h), ",") + "]"
	pair := `{"input": ` + g
	if withOutput {
		pair += `, "output": ` + g
	}
	pair += "}"
	return "[" + strings.TrimSuffix(strings.Repeat(pair+",", n), ",") + "]"
}

// taskJSON is a task of train pairs and test pairs of h×w grids.
func taskJSON(train, test, h, w int) string {
	return fmt.Sprintf(`{"train": %s, "test": %s}`, pairsJSON(train, h, w, true), pairsJSON(test, h, w, true))
}

// TestLimits: a task over --max-pairs or --max-cells (Limits) is refused
// by every reader with an error naming the file, the place and the task,
// under the default limits and under others; within them, or with a
// limit of 0, it is read (issue 14, item 7).
func TestLimits(t *testing.T) {
	cases := []struct {
		name        string
		train, test int
		side        int
		limits      *Limits // nil: the default
		want        string  // "" for accepted: "pairs" or "cells"
	}{
		{"ARC-sized", 10, 2, 30, nil, ""},
		{"65 pairs", 60, 5, 2, nil, "pairs"},
		{"64 pairs", 60, 4, 2, nil, ""},
		{"33 pairs of 30x30", 33, 0, 30, nil, "cells"},
		{"32 pairs of 30x30", 30, 2, 30, nil, ""},
		{"over a lower pair limit", 3, 1, 3, &Limits{MaxPairs: 3}, "pairs"},
		{"at a lower pair limit", 2, 1, 3, &Limits{MaxPairs: 3}, ""},
		{"over a lower cell limit", 2, 1, 3, &Limits{MaxCells: 53}, "cells"},
		{"at a lower cell limit", 2, 1, 3, &Limits{MaxCells: 54}, ""},
		{"no limits", 100, 0, 30, &Limits{}, ""},
	}
	readers := []struct {
		name  string
		place string // what the error names besides the file and the task
		read  func(t *testing.T, dir, text string, opts []Option) error
	}{
		{"task file", "", func(t *testing.T, dir, text string, opts []Option) error {
			r, err := Open(writeFile(t, dir, "big.json", text), opts...)
			if err != nil {
				return err
			}
			_, err = collect(t, r)
			return err
		}},
		{"ReadFile", "", func(t *testing.T, dir, text string, opts []Option) error {
			_, err := ReadFile(writeFile(t, dir, "big.json", text), opts...)
			return err
		}},
		{"directory", "", func(t *testing.T, dir, text string, opts []Option) error {
			writeFile(t, dir, "big.json", text)
			r, err := Open(dir, opts...)
			if err != nil {
				return err
			}
			_, err = collect(t, r)
			return err
		}},
		{"JSON Lines", "line 2", func(t *testing.T, dir, text string, opts []Option) error {
			good := `{"id": "small", "train": [{"input": [[1]], "output": [[1]]}]}`
			big := `{"id": "big", ` + strings.TrimPrefix(text, "{")
			r, err := Open(writeFile(t, dir, "tasks.jsonl", good+"\n"+big+"\n"), opts...)
			if err != nil {
				return err
			}
			_, err = collect(t, r)
			return err
		}},
		{"challenges", "offset", func(t *testing.T, dir, text string, opts []Option) error {
			r, err := Open(writeFile(t, dir, "x_challenges.json", `{"big": `+text+`}`), opts...)
			if err != nil {
				return err
			}
			_, err = collect(t, r)
			return err
		}},
	}
	for _, c := range cases {
		for _, rd := range readers {
			t.Run(c.name+"/"+rd.name, func(t *testing.T) {
				var opts []Option
				if c.limits != nil {
					opts = append(opts, WithLimits(*c.limits))
				}
				dir := t.TempDir()
				err := rd.read(t, dir, taskJSON(c.train, c.test, c.side, c.side), opts)
				var le *LimitError
				switch {
				case c.want == "" && err != nil:
					t.Fatalf("refused: %v", err)
				case c.want == "":
					return
				case !errors.As(err, &le) || le.What != c.want || !errors.Is(err, ErrTooLarge):
					t.Fatalf("error %v; want a limit on %s", err, c.want)
				}
				var te *Error
				if !errors.As(err, &te) || te.Task != "big" || !strings.HasPrefix(te.File, dir) || !strings.Contains(te.Place, rd.place) {
					t.Errorf("error %q does not name the file, %q and the task", err, rd.place)
				}
				if !strings.Contains(err.Error(), fmt.Sprintf("over the limit of %d", le.Max)) {
					t.Errorf("error %q does not give the limit", err)
				}
			})
		}
	}
}

// TestLimitsCountSolutions: the test outputs a challenges file's
// solutions add count towards the cells.
func TestLimitsCountSolutions(t *testing.T) {
	dir := t.TempDir()
	ch := writeFile(t, dir, "x_challenges.json", `{"aa": {"train": [{"input": [[1, 2]], "output": [[1]]}], "test": [{"input": [[1]]}]}}`)
	writeFile(t, dir, "x_solutions.json", `{"aa": [[[1, 2, 3]]]}`)
	cases := []struct {
		cells int
		ok    bool
	}{{7, true}, {6, false}, {0, true}}
	for _, c := range cases {
		r, err := Open(ch, WithLimits(Limits{MaxCells: c.cells}))
		if err != nil {
			t.Fatal(err)
		}
		_, err = collect(t, r)
		if ok := err == nil; ok != c.ok || !ok && !errors.Is(err, ErrTooLarge) {
			t.Errorf("max %d cells: %v", c.cells, err)
		}
	}
}

// TestLimitsSkipBad: under SkipBad a task over a limit is skipped and
// counted, and the stream goes on.
func TestLimitsSkipBad(t *testing.T) {
	dir := t.TempDir()
	small := `{"train": [{"input": [[1]], "output": [[1]]}]}`
	for _, name := range []string{"a", "c"} {
		writeFile(t, dir, name+".json", small)
	}
	writeFile(t, dir, "b.json", taskJSON(70, 0, 1, 1))
	var why []error
	r, err := Open(dir, SkipBad(func(err error) { why = append(why, err) }))
	if err != nil {
		t.Fatal(err)
	}
	got, err := collect(t, r)
	if err != nil || len(got) != 2 || r.Skipped() != 1 || len(why) != 1 || !errors.Is(why[0], ErrTooLarge) {
		t.Fatalf("%d tasks, %d skipped (%v), error %v", len(got), r.Skipped(), why, err)
	}
	if !strings.Contains(why[0].Error(), filepath.Join(dir, "b.json")) {
		t.Errorf("skip %q does not name the file", why[0])
	}
}
