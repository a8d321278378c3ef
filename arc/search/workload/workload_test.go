package workload

import (
	"context"
	"testing"

	"github.com/arcflow/arcflow/arc/search"
)

// TestWorkload: the embedded tasks load, a seed sample is fixed and never
// longer than asked, and a population reaches the 1,000 candidates the
// benchmarks' figures assume.
func TestWorkload(t *testing.T) {
	small, err := Small()
	if err != nil || len(small) != len(SmallIDs) {
		t.Fatalf("%d small tasks, %v", len(small), err)
	}
	large, from, err := RealSize("")
	if err != nil || len(large) != len(RealSizeSampleIDs) || from != "sample" {
		t.Fatalf("%d real-size tasks from %q, %v", len(large), from, err)
	}
	if _, _, err := RealSize(t.TempDir()); err == nil {
		t.Error("a directory without the training tasks gave no error")
	}
	progs := search.DefaultSeeds().Programs
	a, b := Seeds(progs, 5), Seeds(progs, 5)
	if len(a) != 5 || a[0] != b[0] || a[4] != b[4] {
		t.Errorf("seed samples differ or have %d programs", len(a))
	}
	if n := len(Seeds(progs, len(progs)+10)); n != len(progs) {
		t.Errorf("asked for more than there are: %d of %d", n, len(progs))
	}
	pop := Population(context.Background(), progs, TrainInputs(small[0]))
	if len(pop.Candidates) < 1000 {
		t.Errorf("%d candidates, want at least 1,000", len(pop.Candidates))
	}
}
