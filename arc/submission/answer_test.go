package submission

import (
	"context"
	"testing"

	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/store"
)

// storeSolver saves the one program of src for task id as the pipeline
// does: canonical key, expanded text.
func storeSolver(t *testing.T, st *store.Store, id, src string, score int) {
	t.Helper()
	f, err := program.ParseString("test.py", src)
	if err != nil || len(f.Programs) != 1 {
		t.Fatalf("%q: %v", src, err)
	}
	e := program.Inline(f.Programs[0])
	key := program.Key(e.String())
	text := program.Expand("solve_"+key, e).String()
	if _, err := st.Save(store.Solvers, store.Program{Task: id, Key: key, Text: text, Score: score, Bucket: 10}); err != nil {
		t.Fatal(err)
	}
}

// TestAnswerSays: the attempts come from the first two different grids in
// rank order, and Answer says which candidate gave each.
func TestAnswerSays(t *testing.T) {
	st, err := store.Open(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	const id = "cccccccc"
	storeSolver(t, st, id, "def solve_x(I):\n    O = height(I)\n    return O\n", 3000)                                           // no grid: no attempt
	storeSolver(t, st, id, "def solve_x(I):\n    O = vmirror(I)\n    return O\n", 2000)                                          // attempt 1
	storeSolver(t, st, id, "def solve_x(I):\n    x1 = hmirror(I)\n    O = hmirror(x1)\n    return O\n", 2000)                    // the identity: attempt 2
	storeSolver(t, st, id, "def solve_x(I):\n    x1 = vmirror(I)\n    x2 = rot90(x1)\n    O = rot270(x2)\n    return O\n", 1000) // vmirror again
	cs, err := Candidates(st, id, 0)
	if err != nil || len(cs) != 4 {
		t.Fatalf("%d candidates, %v", len(cs), err)
	}
	if cs[0].Entry.Score != 3000 || cs[1].Lines != 1 || cs[2].Lines != 2 || cs[3].Entry.Score != 1000 || cs[0].Text == "" {
		t.Errorf("ranking: %+v", cs)
	}
	in := gridOf([]int{1, 2}, []int{3, 4})
	a, by := Answer(context.Background(), cs, in, DefaultBudget)
	if by != [2]int{1, 2} || !a.Attempt1.Equal(gridOf([]int{2, 1}, []int{4, 3})) || !a.Attempt2.Equal(in) {
		t.Errorf("attempts %v %v by %v", a.Attempt1, a.Attempt2, by)
	}
	// Without the identity, the last program repeats attempt 1: no second.
	a, by = Answer(context.Background(), []Candidate{cs[0], cs[1], cs[3]}, in, DefaultBudget)
	if by != [2]int{1, -1} || a.Attempt2 != nil {
		t.Errorf("a repeated grid: attempts %v %v by %v", a.Attempt1, a.Attempt2, by)
	}
	if a, by := Answer(context.Background(), nil, in, DefaultBudget); a.Attempt1 != nil || by != [2]int{-1, -1} {
		t.Errorf("no candidates: %v by %v", a, by)
	}
}

// TestCandidatesPreferFewerRecolours: of two exact programs, the one that
// reads its colour from the input ranks before a shorter one that maps
// colours by name, and score still comes first.
func TestCandidatesPreferFewerRecolours(t *testing.T) {
	st, err := store.Open(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	const id = "dddddddd"
	mapped := "def solve_x(I):\n    x1 = replace(I, ONE, TWO)\n    O = replace(x1, THREE, FOUR)\n    return O\n"
	read := "def solve_x(I):\n    x1 = leastcolor(I)\n    x2 = fgpartition(I)\n    x3 = merge(x2)\n    O = fill(I, x1, x3)\n    return O\n"
	lower := "def solve_x(I):\n    O = vmirror(I)\n    return O\n"
	storeSolver(t, st, id, mapped, 2000)
	storeSolver(t, st, id, read, 2000)
	storeSolver(t, st, id, lower, 1000)
	cs, err := Candidates(st, id, 0)
	if err != nil || len(cs) != 3 {
		t.Fatalf("%d candidates, %v", len(cs), err)
	}
	if cs[0].Recolours != 0 || cs[0].Lines != 4 || cs[1].Recolours != 2 || cs[2].Entry.Score != 1000 {
		t.Errorf("ranking: %+v", cs)
	}
}
