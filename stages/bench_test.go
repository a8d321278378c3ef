package stages

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/arcflow/arcflow/arc/sample"
	"github.com/arcflow/arcflow/arc/search"
	"github.com/arcflow/arcflow/arc/search/enum"
	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/store"
)

// BenchmarkPipeline runs the 38 embedded sample tasks through the whole
// pipeline into a fresh store, with 1 and with 2 workers on every stage,
// and reports tasks per second: the workload of `arcflow bench`'s pipeline
// line (seeds, 200 mutants, 300 enumerated states per task).
//
//	go test -run '^$' -bench Pipeline -benchtime 5x ./stages/
func BenchmarkPipeline(b *testing.B) {
	var tasks []*task.Task
	for t, err := range sample.Tasks() {
		if err != nil {
			b.Fatal(err)
		}
		tasks = append(tasks, t)
	}
	seq := func(yield func(*task.Task, error) bool) {
		for _, t := range tasks {
			if !yield(t, nil) {
				return
			}
		}
	}
	enumOpt := enum.DefaultOptions()
	enumOpt.MaxStates = 300
	for _, w := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", w), func(b *testing.B) {
			counts := map[string]int{}
			for _, s := range []string{StagePlan, StageScore, StageGather, StageDiffers, StageDedup, StageInline, StageValidate, StageSave} {
				counts[s] = w
			}
			var busy time.Duration
			runs := 0
			for b.Loop() {
				b.StopTimer()
				st, err := store.Open(b.TempDir(), 0)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				start := time.Now()
				_, err = Run(context.Background(), seq, Config{
					Seeds: search.DefaultSeeds().Programs, Mutants: 200, Seed: 1, Rates: search.DefaultRates(),
					Enum: enumOpt, Store: st, Catalog: st, Workers: counts, Timeout: 2 * time.Second, Top: 256,
				})
				busy += time.Since(start)
				runs++
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(tasks)*runs)/busy.Seconds(), "tasks/s")
		})
	}
}
