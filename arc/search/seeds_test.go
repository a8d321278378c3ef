package search

import (
	"context"
	"testing"

	"github.com/arcflow/arcflow/arc/sample"
)

func TestDefaultSeedsRun(t *testing.T) {
	f := DefaultSeeds()
	if len(f.Programs) < 20 {
		t.Fatalf("%d seeds", len(f.Programs))
	}
	p := NewPopulation()
	for _, prog := range f.Programs {
		if _, _, err := p.Add(prog, "seed", -1); err != nil {
			t.Fatal(err)
		}
	}
	// Each seed solves at least the tasks it was written for, or at least
	// runs without error on some sample task.
	tk, _ := sample.Task("67a3c6ac")
	v := p.Evaluate(context.Background(), tk.Train[0].Input, nil, 0)
	ok := 0
	for _, c := range p.Candidates {
		if _, err := v.Output(c); err == nil {
			ok++
		}
	}
	if ok < len(p.Candidates)/2 {
		t.Errorf("only %d of %d seeds run on a plain grid", ok, len(p.Candidates))
	}
	if out, err := v.Output(p.Candidates[0]); err != nil || Score(out, nil, tk.Train[0].Output, nil) != Exact {
		t.Errorf("vmirror does not solve 67a3c6ac's first example")
	}
}
