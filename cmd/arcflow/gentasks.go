package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"

	"github.com/arcflow/arcflow/arc/grid"
	"github.com/arcflow/arcflow/arc/task"
)

func runGenTasks(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("gen-tasks", stderr)
	count := fs.Int("count", 1000, "tasks to write")
	seed := fs.Uint64("seed", 1, "seed: the same seed writes the same tasks")
	out := fs.String("out", "-", "file to write, - for standard output")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *count < 0 {
		return usagef("--count must be ≥ 0")
	}
	if *out == "-" && isTerminal(stdout) {
		return usagef("standard output is a terminal: give --out FILE, or pipe the JSON Lines into a file or a command")
	}
	w := stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	rng := rand.New(rand.NewPCG(*seed, 0x9e7))
	for i := range *count {
		if i%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if err := task.WriteJSONL(bw, RandomTask(rng, fmt.Sprintf("gen%07d", i))); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// transforms are what a generated task asks for: each maps an input grid
// to its output, so that generated tasks have a solution in the DSL.
var transforms = []func(*grid.Grid) *grid.Grid{
	func(g *grid.Grid) *grid.Grid {
		return remap(g, g.H, g.W, func(i, j int) int8 { return g.At(i, g.W-1-j) })
	},
	func(g *grid.Grid) *grid.Grid {
		return remap(g, g.H, g.W, func(i, j int) int8 { return g.At(g.H-1-i, j) })
	},
	func(g *grid.Grid) *grid.Grid { return remap(g, g.W, g.H, func(i, j int) int8 { return g.At(j, i) }) },
	func(g *grid.Grid) *grid.Grid {
		return remap(g, g.H, g.W, func(i, j int) int8 { return g.At(g.H-1-i, g.W-1-j) })
	},
}

func remap(g *grid.Grid, h, w int, at func(i, j int) int8) *grid.Grid {
	cells := make([]int8, 0, h*w)
	for i := range h {
		for j := range w {
			cells = append(cells, at(i, j))
		}
	}
	return grid.New(h, w, cells)
}

// RandomTask makes a valid task: 2–5 train pairs and one test pair of
// random grids (1–30 on a side, colours 0–9) under one random transform.
func RandomTask(rng *rand.Rand, id string) *task.Task {
	f := transforms[rng.IntN(len(transforms))]
	pair := func() task.Pair {
		h, w := 1+rng.IntN(grid.MaxSide), 1+rng.IntN(grid.MaxSide)
		cells := make([]int8, h*w)
		palette := 1 + rng.IntN(10)
		for k := range cells {
			cells[k] = int8(rng.IntN(palette))
		}
		in := grid.New(h, w, cells)
		return task.Pair{Input: in, Output: f(in)}
	}
	t := &task.Task{ID: id}
	for range 2 + rng.IntN(4) {
		t.Train = append(t.Train, pair())
	}
	t.Test = []task.Pair{pair()}
	return t
}
