package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/arc/sample"
	"github.com/arcflow/arcflow/arc/search"
	"github.com/arcflow/arcflow/arc/search/enum"
	"github.com/arcflow/arcflow/arc/synth"
	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/observability"
	"github.com/arcflow/arcflow/stages"
	"github.com/arcflow/arcflow/store"
	"golang.org/x/term"
)

// listFlag is a flag that may be repeated or given comma-separated.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error {
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			*l = append(*l, part)
		}
	}
	return nil
}

// runFlags are the flags shared by run and evolve.
type runFlags struct {
	tasks     string
	ids       listFlag
	start     int
	count     int
	seed      uint64
	timeout   time.Duration
	workers   string
	adaptive  int
	store     string
	solvers   listFlag
	differs   listFlag
	pick      int
	mutants   int
	enum      int
	enumTime  time.Duration
	synthTime time.Duration
	synthCost int
	synthMax  int
	synthSkip listFlag
	top       int
	limit     int
	skipBad   bool
	quiet     bool
	budget    int64
	fromStore int
	cpuprof   string
	memprof   string
	memLimit  byteSize
	hideTest  bool // drop the tasks' test outputs before the search sees them
	noStore   bool // no local store: a worker publishes its results instead
	maxPairs  int
	maxCells  int
	taskTime  time.Duration
	waitLock  bool
	lock      *store.Lock // the store's lock, held from config on (see unlock)

	// counts are the failures the run goes on past (see tallies).
	counts *runTallies

	// sourceCount counts the tasks of --tasks before --ids, --start and
	// --count, if it can; taskStream sets it, total applies the filters.
	sourceCount func() (int, bool)
	// unmatched gets the ids of --ids that the source did not have, once
	// the stream has read it all (see unmatchedIDs).
	unmatched *[]string
}

func (f *runFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.tasks, "tasks", "", "tasks: a task file, a directory, a *_challenges.json, a .jsonl, or - for JSON Lines on stdin (default: the embedded sample)")
	fs.Var(&f.ids, "ids", "only these task ids (comma-separated or repeated)")
	fs.IntVar(&f.start, "start", 0, "skip this many tasks of the stream first")
	fs.IntVar(&f.count, "count", 0, "stop after this many tasks (0: all)")
	fs.Uint64Var(&f.seed, "seed", 1, "seed of picking and mutation: the same seed gives the same population")
	fs.DurationVar(&f.timeout, "timeout", 2*time.Second, "time limit on validating one candidate, its re-run alone on every sample (scoring is bounded by --task-time)")
	fs.StringVar(&f.workers, "workers", "", "workers per stage, e.g. score=2,validate=4 (default: synth, plan, score and validate one per CPU, GOMAXPROCS; save 4; the others 1)")
	fs.IntVar(&f.adaptive, "adaptive", 0, "move workers between stages at run time within this total (0: off)")
	fs.StringVar(&f.store, "store", "arcflow-out", "store directory")
	fs.Var(&f.solvers, "solvers", "seed solver files in arc-dsl syntax (default: the built-in seeds)")
	fs.Var(&f.differs, "differs", "differ programs in arc-dsl syntax, added to the built-in differs")
	fs.IntVar(&f.pick, "pick", 0, "pick this many seed programs at random (0: all)")
	fs.IntVar(&f.mutants, "mutants", 200, "mutants of the seeds, shared by all tasks")
	fs.IntVar(&f.enum, "enum", 500, "enumerated states per task (0: no enumeration)")
	fs.DurationVar(&f.enumTime, "enum-time", 500*time.Millisecond, "time limit on one task's enumeration, in plan")
	fs.DurationVar(&f.synthTime, "synth-time", synth.DefaultOptions().MaxTime, "time per task for the synth stage's search of grid transforms and overlays: CPU time of its thread on Linux, wall time elsewhere (0: no synthesis)")
	fs.IntVar(&f.synthCost, "synth-cost", synth.DefaultOptions().MaxCost, "deepest cost the synth search reaches (a plain transform costs 1, an object transform 2)")
	fs.Var(&f.synthSkip, "synth-skip", "synth techniques left out, to measure what each adds: recolour, property (objects recoloured by a property), overlay (overlays and stacks), stack, completion (covered pictures completed from a symmetry)")
	fs.IntVar(&f.synthMax, "synth-states", synth.DefaultOptions().MaxStates, "distinct states the synth search keeps per task")
	fs.IntVar(&f.top, "top", 256, "best candidates per task passed on to dedup")
	fs.IntVar(&f.limit, "keep", store.DefaultLimit, "programs kept per task in the store")
	fs.BoolVar(&f.skipBad, "skip-bad", false, "skip bad tasks, count them and go on")
	fs.BoolVar(&f.quiet, "quiet", false, "no progress line")
	fs.Int64Var(&f.budget, "budget", search.DefaultNodeBudget, "work budget per program step and sample")
	fs.StringVar(&f.cpuprof, "cpuprofile", "", "write a CPU profile of the run to this file")
	fs.Var(&f.memLimit, "memory-limit", "soft limit on the memory the Go runtime holds, e.g. 256MiB: near it the collector runs more often, so that peak RSS stays put however many tasks stream through (default: GOMEMLIMIT, else none)")
	fs.StringVar(&f.memprof, "memprofile", "", "write a heap profile (allocations and what is live) to this file at the end of the run")
	registerHideTest(fs, &f.hideTest)
	f.registerBounds(fs)
}

// registerHideTest registers --hide-test-outputs, shared by run, evolve and
// enqueue.
func registerHideTest(fs *flag.FlagSet, hide *bool) {
	fs.BoolVar(hide, "hide-test-outputs", false, "run the tasks as challenges: drop their test outputs as they are read, so that the search scores and stores programs on the train pairs alone (measure the yield with submit and score)")
}

// config turns the flags into a pipeline configuration and a task stream,
// and takes the store's lock (see unlock); ctx ends a wait for it.
func (f *runFlags) config(ctx context.Context, stderr io.Writer) (stages.Config, iter.Seq2[*task.Task, error], func() int, error) {
	var cfg stages.Config
	workers, err := parseWorkers(f.workers)
	if f.workers == "" {
		workers, err = nil, nil
	}
	if err != nil {
		return cfg, nil, nil, &usageError{err.Error()}
	}
	for _, name := range slices.Sorted(maps.Keys(workers)) {
		if !slices.Contains(stages.StageNames(), name) {
			return cfg, nil, nil, usagef("--workers: no stage %q (stages: %s)", name, strings.Join(stages.StageNames(), ", "))
		}
	}
	if f.start < 0 || f.count < 0 || f.pick < 0 || f.mutants < 0 || f.enum < 0 || f.top < 0 {
		return cfg, nil, nil, usagef("--start, --count, --pick, --mutants, --enum and --top take numbers ≥ 0")
	}
	synthOpts := synth.Options{MaxTime: f.synthTime, MaxCost: f.synthCost, MaxStates: f.synthMax}
	for _, t := range f.synthSkip {
		switch t {
		case "recolour":
			synthOpts.NoRecolour = true
		case "property":
			synthOpts.NoByProperty = true
		case "overlay":
			synthOpts.NoCompose = true
		case "stack":
			synthOpts.NoStack = true
		case "completion":
			synthOpts.NoComplete = true
		default:
			return cfg, nil, nil, usagef("--synth-skip %q: the techniques are recolour, property, overlay, stack and completion", t)
		}
	}
	if f.synthTime < 0 || f.synthCost < 0 || f.synthMax < 0 {
		return cfg, nil, nil, usagef("--synth-time, --synth-cost and --synth-states take values ≥ 0")
	}
	if err := f.checkValues(); err != nil {
		return cfg, nil, nil, err
	}
	if f.limit < 1 {
		return cfg, nil, nil, usagef("--keep must be at least 1")
	}
	var seeds []*program.Program
	if len(f.solvers) == 0 {
		seeds = search.DefaultSeeds().Programs
	}
	for _, path := range f.solvers {
		file, err := parseProgramFile(path)
		if err != nil {
			return cfg, nil, nil, err
		}
		seeds = append(seeds, file.Programs...)
	}
	differs := search.DefaultDiffers()
	for _, path := range f.differs {
		file, err := parseProgramFile(path)
		if err != nil {
			return cfg, nil, nil, err
		}
		ds, err := search.DiffersFrom(file)
		if err != nil {
			return cfg, nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		differs = append(differs, ds...)
	}
	enumOpt := enum.DefaultOptions()
	enumOpt.MaxStates, enumOpt.MaxTime = f.enum, f.enumTime
	cfg = stages.Config{
		Seeds: seeds, Pick: f.pick, Mutants: f.mutants, Seed: f.seed, Rates: search.DefaultRates(),
		Enum: enumOpt, Synth: synthOpts, Differs: differs, NodeBudget: f.budget, Timeout: f.timeout, TaskTime: f.taskTime, Top: f.top,
		Workers: workers, Adaptive: f.adaptive,
		// The task's best stored solver joins its population, so that a
		// re-run knows the tasks the store already solves (evolve adds more).
		FromStore: 1,
	}
	// The tasks first: a wrong --tasks or --ids leaves no store behind.
	tasks, skipped, err := f.taskStream(stderr)
	if err != nil {
		return cfg, nil, nil, err
	}
	if !f.noStore {
		if f.lock, err = lockStore(ctx, f.store, f.waitLock, stderr); err != nil {
			return cfg, nil, nil, err
		}
		st, err := store.Open(f.store, f.limit)
		if err != nil {
			f.unlock()
			return cfg, nil, nil, err
		}
		cfg.Store, cfg.Catalog = f.tallies().unsaved.saver(st), st
	}
	return cfg, tasks, skipped, nil
}

// taskStream opens --tasks and applies --ids, --start, --count and
// --hide-test-outputs.
func (f *runFlags) taskStream(stderr io.Writer) (iter.Seq2[*task.Task, error], func() int, error) {
	var all iter.Seq2[*task.Task, error]
	skipped := func() int { return 0 }
	if err := f.checkIDs(); err != nil {
		return nil, nil, err
	}
	f.sourceCount = func() (int, bool) { return 0, false }
	f.unmatched = new([]string)
	if st, err := os.Stat(f.tasks); err == nil && st.IsDir() && len(f.ids) > 0 {
		// Read just the files asked for, not the whole directory.
		dir, ids := f.tasks, f.ids
		all = func(yield func(*task.Task, error) bool) {
			read := map[string]bool{}
			for _, id := range ids {
				// --ids a,a asks for one task, not for it twice.
				if read[id] {
					continue
				}
				read[id] = true
				t, err := task.ReadFile(filepath.Join(dir, id+".json"), task.WithLimits(f.taskLimits()))
				if err != nil && f.skipBad {
					fmt.Fprintf(stderr, "arcflow: skipped: %v\n", err)
					continue
				}
				if !yield(t, err) {
					return
				}
			}
		}
	} else if f.tasks == "" {
		all = sample.Tasks()
		f.sourceCount = func() (int, bool) { return len(sample.IDs()), true }
	} else {
		opts := []task.Option{task.WithLimits(f.taskLimits())}
		if f.skipBad {
			opts = append(opts, task.SkipBad(func(err error) { fmt.Fprintf(stderr, "arcflow: skipped: %v\n", err) }))
		}
		r, err := task.Open(f.tasks, opts...)
		if err != nil {
			return nil, nil, err
		}
		all, skipped, f.sourceCount = r.Tasks(), r.Skipped, r.Count
	}
	if f.hideTest {
		all = task.HideTestOutputs(all)
	}
	counts := f.tallies()
	want := map[string]bool{}
	for _, id := range f.ids {
		want[id] = true
	}
	return func(yield func(*task.Task, error) bool) {
		n, taken := 0, 0
		seen := map[string]bool{}
		for t, err := range all {
			if err != nil {
				// Count it and go on: the other files of a directory are
				// still read, and the run ends with exit 1.
				counts.unread.add(err)
				if !yield(nil, err) {
					return
				}
				continue
			}
			if len(want) > 0 && !want[t.ID] {
				continue
			}
			if len(want) > 0 {
				seen[t.ID] = true
			}
			if n++; n <= f.start {
				continue
			}
			if f.count > 0 && taken >= f.count {
				return
			}
			if skip, err := f.checkTask(t, stderr); skip {
				continue
			} else if err != nil {
				counts.unread.add(err)
				if !yield(nil, err) {
					return
				}
				continue
			}
			taken++
			if !yield(t, nil) {
				return
			}
		}
		// The whole source was read: note which ids it did not have.
		var missing []string
		for _, id := range f.ids {
			if !seen[id] {
				missing = append(missing, id)
			}
		}
		*f.unmatched = missing
	}, func() int { return skipped() + int(counts.idSkips.Load()) }, nil
}

// unmatchedIDs is an error naming the ids of --ids that the source did
// not have, once the task stream has read it all.
func (f *runFlags) unmatchedIDs() error {
	if f.unmatched == nil || len(*f.unmatched) == 0 {
		return nil
	}
	return fmt.Errorf("no task %s in %s", strings.Join(*f.unmatched, ", "), f.source())
}

// source names --tasks for messages.
func (f *runFlags) source() string {
	if f.tasks == "" {
		return fmt.Sprintf("the %d embedded sample tasks", len(sample.IDs()))
	}
	if f.tasks == "-" {
		return "standard input"
	}
	return f.tasks
}

// checkIDs checks, before any work, that the embedded sample or the
// --tasks directory has every task --ids asks for; other sources are
// checked once read.
func (f *runFlags) checkIDs() error {
	has := func(id string) bool { return true }
	if st, err := os.Stat(f.tasks); f.tasks == "" {
		has = func(id string) bool { _, err := sample.Task(id); return err == nil }
	} else if err == nil && st.IsDir() {
		has = func(id string) bool {
			_, err := os.Stat(filepath.Join(f.tasks, id+".json"))
			return !errors.Is(err, fs.ErrNotExist)
		}
	}
	var missing []string
	for _, id := range f.ids {
		if !has(id) {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("no task %s in %s", strings.Join(missing, ", "), f.source())
	}
	return nil
}

// total is how many tasks the stream will yield, when the source's count,
// --ids or --count say: the target of the progress line.
func (f *runFlags) total() (int, bool) {
	n, known := 0, false
	if f.sourceCount != nil {
		n, known = f.sourceCount()
	}
	if len(f.ids) > 0 && (!known || len(f.ids) < n) {
		n, known = len(f.ids), true
	}
	if known {
		n = max(n-f.start, 0)
	}
	if f.count > 0 && (!known || f.count < n) {
		n, known = f.count, true
	}
	return n, known
}

func runRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("run", stderr)
	var f runFlags
	f.register(fs)
	var tf traceFlags
	tf.register(fs)
	var grace time.Duration
	registerGrace(fs, &grace)
	reportJSON := fs.String("report-json", "", "also write the run report as JSON to this file (the stage report and the counts), for arcflow view --report")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := tf.check(); err != nil {
		return err
	}
	if grace < 0 {
		return usagef("--grace takes a duration ≥ 0")
	}
	cfg, tasks, skipped, err := f.config(ctx, stderr)
	if err != nil {
		return err
	}
	defer f.unlock()
	defer applyMemoryLimit(f.memLimit)()
	defer applySearchGC(f.synthTime)()
	if !f.quiet && isTerminal(stderr) {
		total, known := f.total()
		cfg.Progress = progressLine(stderr, total, known)
	}
	progress := cfg.Progress != nil
	tr, err := tf.start(ctx, &cfg)
	if err != nil {
		return err
	}
	defer tr.stop()
	if f.cpuprof != "" {
		stop, err := startCPUProfile(f.cpuprof)
		if err != nil {
			return err
		}
		defer stop()
	}
	if f.memprof != "" {
		defer writeHeapProfile(f.memprof, stderr)
	}
	d := newDrainer(ctx, grace, stderr, progress)
	defer d.close()
	res, err := stages.Run(d.run, d.tasks(tasks), cfg)
	tr.finish(res)
	var jsonErr error
	if res != nil {
		clearProgress(stderr, progress)
		writeRunReport(stdout, res, skipped(), f.hideTest)
		tr.report(stdout)
		if *reportJSON != "" {
			jsonErr = writeReportJSON(*reportJSON, res, skipped(), f.hideTest)
		}
	}
	if d.cutShort() {
		return errInterrupted()
	}
	if err == nil {
		err = f.failures(res)
	}
	if err == nil {
		err = f.unmatchedIDs()
	}
	if err == nil {
		err = tr.failed()
	}
	if err == nil {
		err = jsonErr
	}
	return err
}

// stageOut is what the named stage sent on, from the run's stage report.
func stageOut(res *stages.Result, stage string) int64 {
	if res.Report == nil {
		return 0
	}
	m, _ := res.Report.Stage(stage)
	return m.Out
}

// writeRunReport prints the stage table and the run's counts; hidden says
// that the tasks' test outputs were dropped (--hide-test-outputs).
func writeRunReport(w io.Writer, res *stages.Result, skipped int, hidden bool) {
	s := res.Stats
	fmt.Fprintln(w)
	if res.Report != nil {
		res.Report.WriteTable(w)
	}
	fmt.Fprintln(w)
	solved := "every sample exact, test included"
	if hidden {
		solved = "every train pair exact; test outputs hidden"
	}
	fmt.Fprintf(w, "tasks:       %d planned, %d scored, %d solved (%d new, %d already stored): %s",
		s.Tasks.Load(), s.TasksScored.Load(), s.Solved.Load(), s.Solved.Load()-s.SolvedBefore.Load(), s.SolvedBefore.Load(), solved)
	if skipped > 0 {
		fmt.Fprintf(w, ", %d bad tasks skipped", skipped)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "population:  %d shared candidates (%d calls, sharing %.2f×), %d per task on average, %d enumerated states\n",
		res.Shared, res.SharedCall, res.Sharing, avg(s.Population.Load(), s.Tasks.Load()), s.EnumStates.Load())
	fmt.Fprintf(w, "synthesis:   %d states searched, %d programs found exact on the train pairs",
		s.SynthStates.Load(), s.SynthFound.Load())
	if s.SynthFound.Load() > 0 {
		sep := " ("
		for k, how := range synth.Hows {
			fmt.Fprintf(w, "%s%d %s", sep, s.SynthHow[k].Load(), how)
			sep = ", "
		}
		fmt.Fprint(w, ")")
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "scoring:     %d samples, %d node evaluations (%.0f/s)",
		stageOut(res, stages.StagePlan), s.NodeEvals.Load(), float64(s.NodeEvals.Load())/res.Wall.Seconds())
	if n := s.TaskTimeHit.Load(); n > 0 {
		fmt.Fprintf(w, ", %d %s hit --task-time", n, plural(int(n), "task", "tasks"))
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "candidates:  %d scored → %d solvers + %d differs → %d after dedup → %d after inline → %d validated (%d scored differently alone)\n",
		s.Gathered.Load(), s.Solvers.Load(), s.Differs.Load(), s.AfterDedup.Load(), s.AfterInline.Load(), s.Validated.Load(), s.Mismatches.Load())
	fmt.Fprintf(w, "store:       %d new solvers, %d new differs, %d already there, %d not good enough\n",
		s.Stored.Load(), s.StoredDiffers.Load(), s.InStore.Load()+s.Present.Load(), s.Rejected.Load())
	fmt.Fprintf(w, "wall:        %v (%.1f candidates/s)\n", res.Wall.Round(time.Millisecond), float64(s.Gathered.Load())/res.Wall.Seconds())
	writeCPU(w, res)
	fmt.Fprintf(w, "memory:      %s\n", memoryLine())
}

func avg(sum, n int64) int64 {
	if n == 0 {
		return 0
	}
	return sum / n
}

// isTerminal reports whether w is a terminal. /dev/null is a character
// device but no terminal: term asks the terminal's own settings.
func isTerminal(w io.Writer) bool {
	f, ok := w.(interface{ Fd() uintptr })
	return ok && term.IsTerminal(int(f.Fd()))
}

// progressLine returns a progress callback that redraws one line (see
// progressText); known says whether total is.
func progressLine(w io.Writer, total int, known bool) func(*stages.Progress) {
	return func(p *stages.Progress) {
		fmt.Fprint(w, "\r\033[K"+progressText(p.Stats.TasksDone.Load(), int64(total), known, p.Stats.Gathered.Load(), p.Elapsed))
	}
}

// progressText is the progress line: the tasks done, of the total when it
// is known, their rate and the candidates', and, with a known total, the
// time left at the pace so far.
func progressText(done, total int64, known bool, candidates int64, elapsed time.Duration) string {
	secs := max(elapsed.Seconds(), 1e-9)
	rates := fmt.Sprintf("%.1f tasks/s  %.0f candidates/s", float64(done)/secs, float64(candidates)/secs)
	if !known {
		return fmt.Sprintf("%d tasks  %s", done, rates)
	}
	eta := "?"
	if done > 0 {
		left := time.Duration(float64(elapsed) / float64(done) * float64(max(total-done, 0)))
		eta = left.Round(time.Second).String()
	}
	return fmt.Sprintf("%d/%d tasks  %s  ETA %s", done, total, rates, eta)
}

func clearProgress(w io.Writer, on bool) {
	if on {
		fmt.Fprint(w, "\r\033[K")
	}
}

// startCPUProfile writes a CPU profile to path until the returned function
// is called.
func startCPUProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// writeHeapProfile writes the heap profile after a last collection, so
// that its live figures are current; a failure is reported, not fatal,
// since the run itself is done.
func writeHeapProfile(path string, stderr io.Writer) {
	runtime.GC()
	f, err := os.Create(path)
	if err == nil {
		err = pprof.Lookup("heap").WriteTo(f, 0)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "arcflow: memory profile: %v\n", err)
	}
}

// traceFlags are run's telemetry flags: OpenTelemetry traces and metrics
// over OTLP gRPC (see the README's "Tracing with Jaeger").
type traceFlags struct {
	otlp        string
	taskRatio   float64
	itemRatio   float64
	maxSpans    int
	provider    *observability.Provider
	shutdownErr error
}

func (t *traceFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&t.otlp, "otlp", "", "send traces and stage metrics over OTLP gRPC to this host:port, e.g. a Jaeger's localhost:4317 (default: the OTEL_EXPORTER_OTLP_* variables, else none)")
	fs.Float64Var(&t.taskRatio, "trace-tasks", 1, "share of tasks traced, 0 to 1")
	fs.Float64Var(&t.itemRatio, "trace-items", 1, "share of item spans kept in a traced task, 0 to 1")
	fs.IntVar(&t.maxSpans, "max-spans-per-trace", observability.DefaultMaxSpansPerTrace, "most spans in one task's trace, so that Jaeger opens it (0: no cap)")
}

func (t *traceFlags) check() error {
	if t.taskRatio < 0 || t.taskRatio > 1 || t.itemRatio < 0 || t.itemRatio > 1 {
		return usagef("--trace-tasks and --trace-items take ratios from 0 to 1")
	}
	if t.maxSpans < 0 {
		return usagef("--max-spans-per-trace must be at least 0 (0: no cap)")
	}
	return nil
}

// start starts telemetry and, if it is on, installs its Observer and task
// hook in cfg. With no endpoint it installs nothing.
func (t *traceFlags) start(ctx context.Context, cfg *stages.Config) (*traceFlags, error) {
	o := observability.DefaultOptions()
	o.Endpoint, o.TaskRatio, o.ItemRatio, o.MaxSpansPerTrace = t.otlp, t.taskRatio, t.itemRatio, t.maxSpans
	o.Source = stages.StageTasks
	p, err := observability.New(ctx, o)
	if err != nil {
		return nil, err
	}
	t.provider = p
	if !p.Enabled() {
		return t, nil
	}
	obs := p.Observer()
	cfg.Observer = obs
	done := cfg.TaskDone
	cfg.TaskDone = func(j *stages.Job) {
		obs.TaskDone(j.Ctx, j.Task.ID, len(j.Samples), j.Solved())
		if done != nil {
			done(j)
		}
	}
	if p.MeterProvider() == nil {
		return t, nil
	}
	// The live stage metrics come with the progress reports.
	show := cfg.Progress
	if show == nil {
		cfg.Every = time.Second
	}
	cfg.Progress = func(pr *stages.Progress) {
		p.Record(pr.Report)
		if show != nil {
			show(pr)
		}
	}
	return t, nil
}

// finish records the final stage metrics and flushes what is queued: the
// process must not exit before, or the last spans are lost. It waits at
// most 15 seconds for a slow or dead endpoint.
func (t *traceFlags) finish(res *stages.Result) {
	if t.provider == nil || !t.provider.Enabled() {
		return
	}
	if res != nil {
		t.provider.Record(res.Report)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	t.shutdownErr = t.provider.Shutdown(ctx)
}

// stop shuts telemetry down if finish did not, on an early return.
func (t *traceFlags) stop() {
	if t.provider != nil {
		t.finish(nil)
	}
}

// failed is an error when telemetry was on and every span export failed:
// not one span reached the endpoint.
func (t *traceFlags) failed() error {
	if t.provider == nil || !t.provider.Enabled() {
		return nil
	}
	s := t.provider.Stats()
	if s.Failed == 0 || s.Exported > 0 {
		return nil
	}
	return fmt.Errorf("every span export to %s failed (%d spans; is a collector listening there?): %v", s.Endpoint, s.Failed, s.ExportErr)
}

// report writes the telemetry lines of the run report: spans exported,
// and dropped by the processor or the cap.
func (t *traceFlags) report(w io.Writer) {
	if t.provider == nil {
		return
	}
	t.provider.Stats().WriteReport(w)
	if t.shutdownErr != nil {
		fmt.Fprintf(w, "             flushing telemetry: %v\n", t.shutdownErr)
	}
}
