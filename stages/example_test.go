package stages_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/arc/sample"
	"github.com/arcflow/arcflow/arc/search/enum"
	"github.com/arcflow/arcflow/stages"
	"github.com/arcflow/arcflow/store"
)

// A run streams tasks through the pipeline into a store: here two sample
// tasks, with no seed program, which their enumeration solves.
func Example() {
	dir, _ := os.MkdirTemp("", "stages-example")
	defer os.RemoveAll(dir)
	st, err := store.Open(dir, store.DefaultLimit)
	if err != nil {
		fmt.Println(err)
		return
	}
	enumOpt := enum.DefaultOptions()
	enumOpt.MaxStates = 300
	res, err := stages.Run(context.Background(), sample.Tasks("67a3c6ac", "68b16354"), stages.Config{
		Enum: enumOpt, Store: st, Catalog: st, Top: 64,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d of %d tasks solved\n", res.Stats.Solved.Load(), res.Stats.Tasks.Load())
	// The task's best stored solver is exact on its four samples.
	best, _ := st.Entries(store.Solvers, "67a3c6ac")
	fmt.Println(best[0].Score)
	fmt.Println(st.Has(store.Solvers, program.Key("vmirror(I)")))
	// Output:
	// 2 of 2 tasks solved
	// 4000
	// true
}

// The stages in the order a task meets them; --workers names them.
func ExampleStageNames() {
	fmt.Println(stages.StageTasks, "─", strings.Join(stages.StageNames(), " ─ "))
	// Output:
	// tasks ─ synth ─ plan ─ score ─ gather ─ differs ─ dedup ─ inline ─ validate ─ save
}
