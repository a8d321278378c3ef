package enum_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/search/enum"
	"github.com/arcflow/arcflow/arc/search/workload"
	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/internal/cputime"
)

// BenchmarkRealSizeEnum enumerates from the train inputs of real-size
// tasks and, in the same loop, of the small benchmark's tasks, with the
// default options but no time bound (so that every iteration does the
// same work: 2,000 states a task unless the primitives run out), and
// reports distinct states per CPU-second of each and their ratio.
// ARCFLOW_ENUM_STATES sets another bound on the states, such as the
// 20,000 of `arcflow run --enum 20000`, where the values grow larger.
//
//	ARCFLOW_TASKS=/path/to/ARC/training GOMAXPROCS=1 go test -run '^$' -bench RealSize ./arc/search/enum/
func BenchmarkRealSizeEnum(b *testing.B) {
	small, err := workload.Small()
	if err != nil {
		b.Fatal(err)
	}
	large, _, err := workload.RealSize(os.Getenv("ARCFLOW_TASKS"))
	if err != nil {
		b.Fatal(err)
	}
	var sets [2][][]dsl.Value
	for k, tasks := range [2][]*task.Task{small, large} {
		for _, tk := range tasks {
			sets[k] = append(sets[k], workload.TrainInputs(tk))
		}
	}
	opt := enum.DefaultOptions()
	opt.MaxTime = time.Hour
	if v := os.Getenv("ARCFLOW_ENUM_STATES"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			b.Fatalf("ARCFLOW_ENUM_STATES=%q: want a count of states above 0", v)
		}
		opt.MaxStates = n
	}
	var states [2]int
	var cpu [2]time.Duration
	for b.Loop() {
		for k, set := range sets {
			start := cputime.Process()
			for _, inputs := range set {
				_, st := enum.Run(context.Background(), inputs, opt)
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
