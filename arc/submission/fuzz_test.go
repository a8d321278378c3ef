package submission

import (
	"encoding/json"
	"testing"

	"github.com/arcflow/arcflow/arc/grid"
)

// FuzzScoreSubmission decodes a submission and, when it is accepted,
// checks that its grids are ARC grids, that it survives a round trip
// through JSON, and that scoring it against solutions made from its own
// answers finds exactly the attempts expected.
func FuzzScoreSubmission(f *testing.F) {
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"a": [{"attempt_1": [[1, 2], [3, 4]], "attempt_2": []}]}`))
	f.Add([]byte(`{"a": [{"attempt_1": [], "attempt_2": [[0]]}, {"attempt_1": null, "attempt_2": null}], "b": []}`))
	f.Add([]byte(`{"a": [{"attempt_1": [[1, 2], [3]], "attempt_2": []}]}`))
	f.Add([]byte(`{"a": [{"attempt_1": [[10]]}]}`))
	f.Add([]byte(`{"a": {"attempt_1": [[1]]}, "a": []}`))
	f.Add([]byte("{\"a\": [{\"attempt_1\": [[1,, 2]]}]\n"))
	f.Add([]byte(`[[[1]]]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		sub, err := Decode("fuzz.json", data)
		if err != nil {
			return
		}
		for id, answers := range sub {
			for k, a := range answers {
				for _, g := range []*grid.Grid{a.Attempt1, a.Attempt2} {
					if g == nil {
						continue
					}
					if g.H < 1 || g.W < 1 || g.H > grid.MaxSide || g.W > grid.MaxSide || len(g.Cells) != g.H*g.W {
						t.Fatalf("task %s test %d: accepted a %dx%d grid", id, k, g.H, g.W)
					}
					for _, v := range g.Cells {
						if v < 0 || v > 9 {
							t.Fatalf("task %s test %d: accepted value %d", id, k, v)
						}
					}
				}
			}
		}
		out, err := json.Marshal(sub)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Decode("round trip", out)
		if err != nil {
			t.Fatalf("round trip: %v\n%s", err, out)
		}
		if !sameSubmission(back, sub) {
			t.Fatalf("round trip changed the submission:\n%s", out)
		}

		// Solutions whose outputs are the first answer given, or a grid
		// no attempt gave.
		sol := Solutions{}
		empty := 0
		for id, answers := range sub {
			if len(answers) == 0 {
				empty++
				continue
			}
			outs := make([]*grid.Grid, len(answers))
			for k, a := range answers {
				switch {
				case a.Attempt1 != nil:
					outs[k] = a.Attempt1
				case a.Attempt2 != nil:
					outs[k] = a.Attempt2
				default:
					outs[k] = grid.Filled(1, 1, 0)
				}
			}
			sol[id] = outs
		}
		rep, err := Score(sub, sol)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Missing != 0 || rep.Extra != empty || len(rep.Tasks) != len(sol) || rep.Right > rep.Total || rep.Solved > len(sol) {
			t.Fatalf("report %+v for %d tasks, %d without tests", rep, len(sol), empty)
		}
		if rep.Score < 0 || rep.Score > float64(len(sol))+1e-9 {
			t.Fatalf("score %v of %d tasks", rep.Score, len(sol))
		}
		for _, ts := range rep.Tasks {
			for k, m := range ts.Matched {
				a := sub[ts.ID][k]
				want := 0
				if a.Attempt1 != nil {
					want = 1
				} else if a.Attempt2 != nil {
					want = 2
				}
				if m != want {
					t.Fatalf("task %s test %d: matched attempt %d, want %d", ts.ID, k, m, want)
				}
			}
		}
	})
}
