package enum

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/internal/cputime"
)

// The tasks of the real-size benchmark, as in arc/search's
// BenchmarkRealSizeScoring: smallIDs are the small population benchmark's,
// realSizeIDs eight ARC training tasks from the top quarter by cells (read
// from ARCFLOW_TASKS), realSizeSampleIDs the embedded sample tasks with
// the largest grids, used when ARCFLOW_TASKS is unset.
var (
	smallIDs          = []string{"007bbfb7", "05f2a901", "1e32b0e9", "28e73c20"}
	realSizeIDs       = []string{"4290ef0e", "4093f84a", "c1d99e64", "8efcae92", "c3f564a4", "6ecd11f4", "6d58a25d", "5c2c9af4"}
	realSizeSampleIDs = []string{"1f85a75f", "0b148d64", "23b5c85d", "32597951", "9ecd008a"}
)

// BenchmarkRealSizeEnum enumerates from the train inputs of real-size
// tasks and, in the same loop, of the small benchmark's tasks, with the
// default options but no time bound (so that every iteration does the
// same work: 2,000 states a task unless the primitives run out), and
// reports distinct states per CPU-second of each and their ratio.
//
//	ARCFLOW_TASKS=/path/to/ARC/training GOMAXPROCS=1 go test -run '^$' -bench RealSize ./arc/search/enum/
func BenchmarkRealSizeEnum(b *testing.B) {
	var sets [2][][]dsl.Value
	for _, id := range smallIDs {
		sets[0] = append(sets[0], trainInputs(sampleTask(b, id)))
	}
	if dir := os.Getenv("ARCFLOW_TASKS"); dir != "" {
		for _, id := range realSizeIDs {
			tk, err := task.ReadFile(filepath.Join(dir, id+".json"))
			if err != nil {
				b.Fatal(err)
			}
			sets[1] = append(sets[1], trainInputs(tk))
		}
	} else {
		for _, id := range realSizeSampleIDs {
			sets[1] = append(sets[1], trainInputs(sampleTask(b, id)))
		}
	}
	opt := DefaultOptions()
	opt.MaxTime = time.Hour
	var states [2]int
	var cpu [2]time.Duration
	for b.Loop() {
		for k, set := range sets {
			start := cputime.Process()
			for _, inputs := range set {
				_, st := Run(context.Background(), inputs, opt)
				states[k] += st.States
			}
			cpu[k] += cputime.Process() - start
		}
	}
	rate := func(k int) float64 { return float64(states[k]) / cpu[k].Seconds() }
	b.ReportMetric(rate(0), "small-states/cpu-s")
	b.ReportMetric(rate(1), "large-states/cpu-s")
	b.ReportMetric(rate(1)/rate(0), "large/small")
}
