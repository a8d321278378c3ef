package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/arc/sample"
	"github.com/arcflow/arcflow/arc/search"
	"github.com/arcflow/arcflow/arc/search/enum"
	"github.com/arcflow/arcflow/arc/synth"
	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/flow"
	"github.com/arcflow/arcflow/stages"
	"github.com/arcflow/arcflow/store"
	"github.com/reugn/go-streams"
)

// runBench measures arcflow's speed claims side by side in one process and
// prints each as a ratio, so that they hold on any machine.
func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("bench", stderr)
	solvers := fs.String("solvers", "", "arc-dsl's solvers.py: adds the DSL conformance workload, and 64 of its solvers are the real-size workload's seeds")
	tasks := fs.String("tasks", "", "ARC training directory: the conformance workload's tasks, and the real-size workload's when it holds them (default: embedded sample tasks)")
	arcDSL := fs.String("python-arc-dsl", "", "a checkout of arc-dsl: also time CPython on the conformance workload")
	pythonExe := fs.String("python", "python3", "the CPython that runs arc-dsl for --python-arc-dsl")
	items := fs.Int("items", 200_000, "items through the engine-overhead pipelines")
	rounds := fs.Int("rounds", 3, "rounds of the real-size workload, alternating its small and real-size tasks (the population line runs four times as many)")
	rss := fs.Int("rss", 0, "also measure the peak RSS of arcflow run over this many generated tasks, at a tenth of them and at all (Linux)")
	rssFlags := fs.String("rss-flags", "--enum 50 --mutants 20 --synth-time 0", "the population flags of the --rss run")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *arcDSL != "" && *solvers == "" {
		return usagef("--python-arc-dsl needs --solvers and --tasks")
	}
	if *rss != 0 && *rss < 10 {
		return usagef("--rss takes at least 10 tasks")
	}
	fmt.Fprintln(stdout, "arcflow bench: each line compares two ways of doing the same work, measured now")

	raw, eng := benchEngine(ctx, *items)
	fmt.Fprintf(stdout, "engine overhead   raw channels %6.0f ns/item/stage   flow %6.0f ns/item/stage   flow/raw %.2f×\n",
		perItem(raw, *items, 4), perItem(eng, *items, 4), eng.Seconds()/raw.Seconds())

	shared, alone, evals, calls := benchSharing(ctx, *rounds*4)
	fmt.Fprintf(stdout, "population        alone %v CPU   shared DAG %v CPU   speed-up %.2f×   %.0f node evals/CPU-s   calls alone/shared %.2f\n",
		alone.Round(time.Millisecond), shared.Round(time.Millisecond), alone.Seconds()/shared.Seconds(), float64(evals)/shared.Seconds(), calls)

	// Alternate the two settings, twice each, so that a burst of load on
	// the machine falls on both.
	var states [2]int
	var took [2]time.Duration
	for range 2 {
		for k, gc := range []int{100, searchGCPercent} {
			n, d := benchSynth(ctx, gc)
			states[k] += n
			took[k] += d
		}
	}
	rate := func(k int) float64 { return float64(states[k]) / took[k].Seconds() }
	fmt.Fprintf(stdout, "synth search      GOGC=100 %.0f states/s   GOGC=%d %.0f states/s   speed-up %.2f×\n", rate(0), searchGCPercent, rate(1), rate(1)/rate(0))

	one, err := benchPipeline(ctx, 1)
	if err != nil {
		return err
	}
	two, err := benchPipeline(ctx, 2)
	if err != nil {
		return err
	}
	n := len(sample.IDs())
	fmt.Fprintf(stdout, "pipeline          1 worker/stage %.1f tasks/s   2 workers/stage %.1f tasks/s   ratio %.2f×\n",
		float64(n)/one.Seconds(), float64(n)/two.Seconds(), one.Seconds()/two.Seconds())

	small, large, from := realSizeTasks(*tasks)
	seeds, seedsFrom, err := benchSeeds(*solvers)
	if err != nil {
		return err
	}
	rs := benchRealSize(ctx, seeds, [2][]*task.Task{small, large}, *rounds)
	fmt.Fprintf(stdout, "real-size scoring %d small tasks %.0fk node evals/CPU-s   %d %s tasks %.0fk/CPU-s   ratio %.2f×   sharing %.2f and %.2f   (%s)\n",
		len(small), rs[0].evals/1e3, len(large), from, rs[1].evals/1e3, rs[1].evals/rs[0].evals, rs[0].sharing, rs[1].sharing, seedsFrom)
	fmt.Fprintf(stdout, "real-size enum    %d small tasks %.1fk states/CPU-s   %d %s tasks %.1fk/CPU-s   ratio %.2f×\n",
		len(small), rs[0].states/1e3, len(large), from, rs[1].states/1e3, rs[1].states/rs[0].states)

	if *solvers != "" {
		// One in-process pass (60-140 ms) moved 2× from run to run on a
		// shared machine, its CPU time swollen by the GC of the heap the
		// lines above left: the median of five whole processes, CPU time
		// beside wall time, as CPython's is timed.
		var procWall, procCPU []time.Duration
		for range 5 {
			wall, cpu, err := benchConformProcess(ctx, *solvers, *tasks)
			if err != nil {
				return err
			}
			procWall, procCPU = append(procWall, wall), append(procCPU, cpu)
		}
		wall, cpu := median(procWall), median(procCPU)
		line := fmt.Sprintf("dsl conformance   GOMAXPROCS=1 arcflow conform %v CPU %v wall", cpu.Round(time.Millisecond), wall.Round(time.Millisecond))
		if *arcDSL != "" {
			pyWall, pyCPU, err := benchCPython(ctx, *pythonExe, *arcDSL, *solvers, *tasks)
			if err != nil {
				return err
			}
			line += fmt.Sprintf("   CPython %v CPU %v wall   speed-up %.0f× CPU %.0f× wall",
				pyCPU.Round(time.Millisecond), pyWall.Round(time.Millisecond), pyCPU.Seconds()/cpu.Seconds(), pyWall.Seconds()/wall.Seconds())
		}
		fmt.Fprintln(stdout, line)
	}

	if *rss > 0 {
		marks, wall, err := benchRSS(ctx, *rss, strings.Fields(*rssFlags))
		if err != nil {
			return err
		}
		line := "peak RSS         "
		for _, m := range marks {
			line += fmt.Sprintf(" %d tasks %.0f MB  ", m.tasks, float64(m.rss)/(1<<20))
		}
		first, last := marks[0], marks[len(marks)-1]
		line += fmt.Sprintf(" %d/%d tasks %.2f×   (%d tasks in %v, arcflow run %s)",
			last.tasks, first.tasks, float64(last.rss)/float64(first.rss), *rss, wall.Round(100*time.Millisecond), *rssFlags)
		fmt.Fprintln(stdout, line)
	}
	return ctx.Err()
}

// rssMark is the peak RSS of a run once it has stored tasks tasks.
type rssMark struct {
	tasks int
	rss   int64
}

// benchRSS writes n random tasks (as gen-tasks does) and runs `arcflow
// run` over them, with flags, in a child process. It reads the child's
// peak RSS when a tenth, a fifth and half of the tasks have a stored
// solver, and at its end: a run that keeps nothing per task it has seen
// has the same peak throughout. Generated tasks are mirrors, turns and
// transpositions, which every run solves.
func benchRSS(ctx context.Context, n int, flags []string) ([]rssMark, time.Duration, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, 0, err
	}
	dir, err := os.MkdirTemp("", "arcflow-rss-")
	if err != nil {
		return nil, 0, err
	}
	defer os.RemoveAll(dir)
	tasks := filepath.Join(dir, "gen.jsonl")
	if err := runGenTasks(ctx, []string{"--count", strconv.Itoa(n), "--out", tasks}, io.Discard, io.Discard); err != nil {
		return nil, 0, fmt.Errorf("gen-tasks: %w", err)
	}
	var errb bytes.Buffer
	storeDir := filepath.Join(dir, "store")
	args := append([]string{"run", "--tasks", tasks, "--store", storeDir, "--quiet"}, flags...)
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Stderr = &errb
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, 0, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	var marks []rssMark
	targets := []int{n / 10, n / 5, n / 2}
	// Listing a store of thousands of tasks costs the run CPU, so it is
	// looked at five times a second, and no more once the marks are taken.
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-exited:
			wall := time.Since(start)
			if err != nil {
				return nil, 0, fmt.Errorf("arcflow run: %v: %s", err, errb.String())
			}
			peak, err := exitPeakRSS(cmd.ProcessState)
			if err != nil {
				return nil, 0, err
			}
			if len(marks) < len(targets) {
				return nil, 0, fmt.Errorf("arcflow run stored solvers for fewer tasks than %d of %d: the milestones were not reached", targets[len(marks)], n)
			}
			return append(marks, rssMark{n, peak}), wall, nil
		case <-tick.C:
			if len(marks) == len(targets) {
				continue
			}
			des, _ := os.ReadDir(filepath.Join(storeDir, "solver_dir"))
			if len(des) < targets[len(marks)] {
				continue
			}
			peak, err := peakRSS(cmd.Process.Pid)
			if err != nil {
				cmd.Process.Kill()
				<-exited
				return nil, 0, err
			}
			marks = append(marks, rssMark{len(des), peak})
		}
	}
}

func perItem(d time.Duration, items, stages int) float64 {
	return float64(d.Nanoseconds()) / float64(items*stages)
}

// benchEngine pushes items through four trivial stages twice: hand-written
// goroutines and channels, then flow. It returns both times.
func benchEngine(ctx context.Context, items int) (raw, eng time.Duration) {
	work := func(_ context.Context, n int) ([]int, error) { return []int{n + 1}, nil }
	start := time.Now()
	src := make(chan int, 64)
	go func() {
		for i := range items {
			src <- i
		}
		close(src)
	}()
	in := src
	for range 4 {
		out := make(chan int, 64)
		go func(in <-chan int, out chan<- int) {
			for n := range in {
				r, _ := work(ctx, n)
				out <- r[0]
			}
			close(out)
		}(in, out)
		in = out
	}
	for range in {
	}
	raw = time.Since(start)

	start = time.Now()
	var fl []streams.Flow
	for k := range 4 {
		fl = append(fl, flow.NewStage(fmt.Sprintf("s%d", k), work))
	}
	sink := flow.NewSink("sink", func(context.Context, int) error { return nil })
	seq := func(yield func(int) bool) {
		for i := range items {
			if !yield(i) {
				return
			}
		}
	}
	flow.Run(ctx, flow.FromSeq("numbers", seq), fl, sink)
	eng = time.Since(start)
	return raw, eng
}

// benchSharing evaluates the default population of a few sample tasks as
// one DAG, and runs every candidate alone on the same inputs, rounds times
// each, alternating which goes first, in CPU time: measured once each in
// wall time, shared first, the ratio moved between 1.05× and 2.67× from
// one run to the next (issue 15 and this file's history), as the first of
// the two paid for a cold cache and a burst of another process's load
// fell on one alone. It also returns the populations' calls made alone
// per call made shared, which does not depend on the machine.
func benchSharing(ctx context.Context, rounds int) (shared, alone time.Duration, evals int, calls float64) {
	type work struct {
		pop   *search.Population
		comps []*program.Compiled
		exs   []dsl.Value
	}
	var ws []work
	var unshared, made int
	for _, id := range []string{"007bbfb7", "05f2a901", "1e32b0e9", "28e73c20"} {
		t, _ := sample.Task(id)
		var inputs []dsl.Value
		for _, p := range t.Train {
			inputs = append(inputs, p.Input)
		}
		pop := search.NewPopulation()
		var parents []int
		for _, s := range search.DefaultSeeds().Programs {
			if id, ok, err := pop.Add(s, "seed", -1); err == nil && ok {
				parents = append(parents, id)
			}
		}
		search.NewMutator(1, search.DefaultRates()).Grow(pop, parents, 300, "mutant")
		opt := enum.DefaultOptions()
		opt.MaxStates = 500
		progs, _ := enum.Run(ctx, inputs, opt)
		for _, p := range progs {
			pop.Add(p, "enum", -1)
		}
		w := work{pop: pop}
		for _, c := range pop.Candidates {
			if comp, err := program.Compile(c.Program); err == nil {
				w.comps = append(w.comps, comp)
			}
		}
		for _, ex := range t.Examples() {
			w.exs = append(w.exs, ex.Input)
		}
		ws = append(ws, w)
		unshared += pop.Unshared()
		made += pop.Calls()
	}
	env := dsl.NewEnv(ctx, search.DefaultNodeBudget)
	runShared := func(w work) {
		start := benchCPU()
		for _, in := range w.exs {
			evals += w.pop.Evaluate(ctx, in, nil, 0).Evaluated
		}
		shared += benchCPU() - start
	}
	runAlone := func(w work) {
		start := benchCPU()
		for _, in := range w.exs {
			for _, c := range w.comps {
				env.Reset(ctx)
				c.Run(env, in)
			}
		}
		alone += benchCPU() - start
	}
	for r := range rounds {
		for _, w := range ws {
			if r%2 == 0 {
				runShared(w)
				runAlone(w)
			} else {
				runAlone(w)
				runShared(w)
			}
		}
	}
	return shared, alone, evals, float64(unshared) / float64(max(made, 1))
}

// benchSynth runs the synth search to cost 2, with no time bound, on the
// first eight embedded sample tasks at the given GC percent, and returns
// the states it reached and the time it took.
func benchSynth(ctx context.Context, gcPercent int) (int, time.Duration) {
	prev := debug.SetGCPercent(gcPercent)
	defer debug.SetGCPercent(prev)
	runtime.GC()
	opts := synth.Options{MaxCost: 2, MaxStates: 1 << 30, MaxTime: time.Hour, NoCompose: true}
	states := 0
	start := time.Now()
	for _, id := range sample.IDs()[:8] {
		tk, err := sample.Task(id)
		if err != nil {
			continue
		}
		_, st := synth.SearchTask(ctx, tk, opts)
		states += st.States
	}
	return states, time.Since(start)
}

// benchPipeline runs the embedded sample through the whole pipeline with
// the given workers on every stage, into a fresh store.
func benchPipeline(ctx context.Context, workers int) (time.Duration, error) {
	dir, err := os.MkdirTemp("", "arcflow-bench-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	st, err := store.Open(dir, 0)
	if err != nil {
		return 0, err
	}
	counts := map[string]int{}
	for _, s := range []string{stages.StagePlan, stages.StageScore, stages.StageGather, stages.StageDiffers,
		stages.StageDedup, stages.StageInline, stages.StageValidate, stages.StageSave} {
		counts[s] = workers
	}
	enumOpt := enum.DefaultOptions()
	enumOpt.MaxStates = 300
	start := time.Now()
	_, err = stages.Run(ctx, sample.Tasks(), stages.Config{
		Seeds: search.DefaultSeeds().Programs, Mutants: 200, Seed: 1, Rates: search.DefaultRates(),
		Enum: enumOpt, Store: st, Catalog: st, Workers: counts, Timeout: 2 * time.Second, Top: 256,
	})
	return time.Since(start), err
}

// median returns the median of ds, which it sorts.
func median(ds []time.Duration) time.Duration {
	slices.Sort(ds)
	return ds[len(ds)/2]
}

// childCPU is the user and system CPU time of an exited child process.
func childCPU(ps *os.ProcessState) time.Duration {
	return ps.UserTime() + ps.SystemTime()
}

// cpythonHarness runs every solver of the solver file on its task's
// examples under CPython, with arc-dsl's dsl.py and constants.py: the same
// work as arcflow conform without a reference. The solver file is loaded
// from its path, which need not be inside the arc-dsl checkout.
const cpythonHarness = `
import importlib.util, json, os, sys, inspect
sys.path.insert(0, sys.argv[1])
spec = importlib.util.spec_from_file_location('solvers', sys.argv[3])
solvers = importlib.util.module_from_spec(spec)
spec.loader.exec_module(solvers)
for name, fn in inspect.getmembers(solvers, inspect.isfunction):
    if not name.startswith('solve_'):
        continue
    with open(os.path.join(sys.argv[2], name[6:] + '.json')) as f:
        task = json.load(f)
    for ex in task['train'] + task['test']:
        try:
            fn(tuple(tuple(r) for r in ex['input']))
        except Exception:
            pass
`

// benchConformProcess times `GOMAXPROCS=1 arcflow conform` over the same
// solvers and tasks in a child process: start, reading the tasks and
// parsing the solvers included, as the CPython harness's time includes its
// interpreter's start and imports. In-process, the solvers' work was 40%
// of the whole process (86 ms of about 0.2 s, issue 13), so the two
// ratios differ by more than the machine's noise.
func benchConformProcess(ctx context.Context, solvers, tasks string) (wall, cpu time.Duration, err error) {
	exe, err := os.Executable()
	if err != nil {
		return 0, 0, err
	}
	args := []string{"conform", "--solvers", solvers}
	if tasks != "" {
		args = append(args, "--tasks", tasks)
	}
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Env = append(os.Environ(), "GOMAXPROCS=1")
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		return 0, 0, fmt.Errorf("arcflow conform: %v: %s", err, out)
	}
	return time.Since(start), childCPU(cmd.ProcessState), nil
}

// benchCPython times the harness under the given python, whole process
// included: wall and CPU time.
func benchCPython(ctx context.Context, python, arcDSL, solvers, tasks string) (wall, cpu time.Duration, err error) {
	// The harness runs in the arc-dsl checkout: make the paths absolute.
	solvers, err = filepath.Abs(solvers)
	if err != nil {
		return 0, 0, err
	}
	if tasks, err = filepath.Abs(tasks); err != nil {
		return 0, 0, err
	}
	dir, err := os.MkdirTemp("", "arcflow-py-")
	if err != nil {
		return 0, 0, err
	}
	defer os.RemoveAll(dir)
	script := filepath.Join(dir, "harness.py")
	if err := os.WriteFile(script, []byte(cpythonHarness), 0o644); err != nil {
		return 0, 0, err
	}
	cmd := exec.CommandContext(ctx, python, script, arcDSL, tasks, solvers)
	cmd.Dir = arcDSL
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		return 0, 0, fmt.Errorf("%s: %v: %s", python, err, slices.Clip(out))
	}
	return time.Since(start), childCPU(cmd.ProcessState), nil
}
