package store_test

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/store"
)

// A program is saved under the md5 of its canonical text and linked for
// its task under its score and speed bucket; saving it again changes
// nothing.
func Example() {
	dir, _ := os.MkdirTemp("", "store-example")
	defer os.RemoveAll(dir)
	s, err := store.Open(dir, store.DefaultLimit)
	if err != nil {
		fmt.Println(err)
		return
	}
	e, _ := program.ParseExpr("hconcat(I, vmirror(I))")
	p := store.Program{
		Task:   "6d0aefbc",
		Key:    program.Key("hconcat(I, vmirror(I))"),
		Text:   program.Expand("solve_"+program.Key("hconcat(I, vmirror(I))"), e).String(),
		Score:  4 * store.ExactScore, // exact on its four samples
		Bucket: store.Bucket(2 * time.Millisecond),
	}
	for range 2 {
		saved, _ := s.Save(store.Solvers, p)
		fmt.Println(saved)
	}
	entries, _ := s.Entries(store.Solvers, "6d0aefbc")
	for _, en := range entries {
		rel, _ := filepath.Rel(dir, en.Path)
		fmt.Println(filepath.ToSlash(rel))
	}
	// Output:
	// stored
	// present
	// solver_dir/solve_6d0aefbc/4000/17/8ee352886d7f773ab85b23733c9bf7df.py
}

// A faster run gets a larger bucket: 11 - int(ln(seconds)).
func ExampleBucket() {
	for _, d := range []time.Duration{time.Second, 100 * time.Millisecond, time.Millisecond, 0} {
		fmt.Println(d, store.Bucket(d))
	}
	// Output:
	// 1s 11
	// 100ms 13
	// 1ms 17
	// 0s 10
}

// A task is full at the store's limit: the worst program gives way to a
// better one, and a worse one is rejected.
func ExampleStore_Save() {
	dir, _ := os.MkdirTemp("", "store-example")
	defer os.RemoveAll(dir)
	s, _ := store.Open(dir, 1) // one program per task
	save := func(expr string, score int) {
		e, _ := program.ParseExpr(expr)
		key := program.Key(expr)
		saved, _ := s.Save(store.Solvers, store.Program{
			Task: "t1", Key: key, Text: program.Expand("solve_"+key, e).String(), Score: score, Bucket: 10,
		})
		fmt.Println(expr, score, saved)
	}
	save("vmirror(I)", 500)
	save("hmirror(I)", 1000)
	save("rot90(I)", 700)
	entries, _ := s.Entries(store.Solvers, "t1")
	fmt.Println(len(entries), entries[0].Score)
	// Output:
	// vmirror(I) 500 stored
	// hmirror(I) 1000 stored
	// rot90(I) 700 rejected
	// 1 1000
}
