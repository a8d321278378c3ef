package stages

import (
	"context"
	"fmt"
	"iter"
	"log/slog"
	"maps"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/arc/search"
	"github.com/arcflow/arcflow/arc/search/enum"
	"github.com/arcflow/arcflow/arc/synth"
	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/flow"
	"github.com/arcflow/arcflow/internal/cputime"
	"github.com/reugn/go-streams"
)

// Stage names, as the run report and --workers know them.
const (
	StageTasks    = "tasks"
	StageSynth    = "synth"
	StagePlan     = "plan"
	StageScore    = "score"
	StageGather   = "gather"
	StageDiffers  = "differs"
	StageDedup    = "dedup"
	StageInline   = "inline"
	StageValidate = "validate"
	StageSave     = "save"
)

// StageNames lists the pipeline's stages in order: those --workers may
// name (the source, StageTasks, has one worker).
func StageNames() []string {
	return []string{StageSynth, StagePlan, StageScore, StageGather, StageDiffers, StageDedup, StageInline, StageValidate, StageSave}
}

// DefaultWorkers returns the worker count of each stage that
// Config.Workers does not set. The stages that compute most (synth, plan,
// score and validate) get one worker per CPU the Go runtime uses
// (GOMAXPROCS), so that whichever of them limits a run can use every CPU:
// on 2 CPUs, 100 training tasks at --enum 20000 --synth-time 0, with the
// enumeration in plan, took 37–40 s with one plan worker and 26–29 s with
// two. Each plan worker holds one task's enumeration, so memory grows with
// the count: peak RSS 634–783 MB with one worker there, 1020–1187 MB with
// two; --workers plan=1 keeps it down where memory is short. Save, which
// waits on the disk, gets four; the other stages, busy under 2% of a run,
// one.
func DefaultWorkers() map[string]int {
	cpus := runtime.GOMAXPROCS(0)
	return map[string]int{
		StageSynth: cpus, StagePlan: cpus, StageScore: cpus, StageValidate: cpus,
		StageGather: 1, StageDiffers: 1, StageDedup: 1, StageInline: 1,
		StageSave: 4,
	}
}

// Config is everything a run needs besides its tasks.
type Config struct {
	Seeds      []*program.Program // seed programs, e.g. solver files' functions
	Pick       int                // seeds picked at random from Seeds; 0 for all
	Mutants    int                // mutants grown from the seeds, shared by all tasks
	Seed       uint64             // makes picking, mutation and so the population reproducible
	Rates      search.Rates
	Enum       enum.Options  // per task; MaxStates 0 turns it off
	Synth      synth.Options // per task; MaxTime 0 turns it off
	FromStore  int           // best stored programs per task added to its population
	Differs    []search.Differ
	NodeBudget int64
	Timeout    time.Duration  // validation time limit per candidate
	TaskTime   time.Duration  // bound on the scoring of one task, all its samples; 0 for none
	Top        int            // candidates per task that leave gather
	Store      Saver          // where validated programs go: a *store.Store, or a publisher
	Catalog    Catalog        // what the store holds, read when planning a task; nil for nothing
	Workers    map[string]int // worker counts by stage name (StageNames), over DefaultWorkers
	Adaptive   int            // total worker budget for adaptive mode; 0 for fixed workers
	Observer   flow.Observer
	Logger     *slog.Logger
	Progress   func(*Progress)
	Every      time.Duration // progress interval
	// TaskDone is called once per task, when its last item has been saved,
	// dropped or failed (for a task a cancelled run cut short, when the run
	// ends); j.Ctx is the context its items carried.
	TaskDone func(j *Job)
}

// Progress is a live view of a run, for the progress line.
type Progress struct {
	Stats   *Stats
	Elapsed time.Duration
	Report  *flow.Report
}

// Result is what a run produced.
type Result struct {
	Report     *flow.Report
	Stats      *Stats
	Wall       time.Duration
	Shared     int           // candidates in the shared population
	SharedCall int           // its call nodes
	Sharing    float64       // its sharing ratio
	CPU        time.Duration // user and system CPU time of the process during the run; 0 where unknown
}

// checkWorkers checks worker counts by stage name (Config.Workers).
func checkWorkers(counts map[string]int) error {
	for _, name := range slices.Sorted(maps.Keys(counts)) {
		switch k := counts[name]; {
		case !slices.Contains(StageNames(), name):
			return fmt.Errorf("stages: workers given for unknown stage %q (stages: %s)", name, strings.Join(StageNames(), ", "))
		case k < 1:
			return fmt.Errorf("stages: %d workers for stage %q, want at least 1", k, name)
		}
	}
	return nil
}

// BuildShared builds the population shared by all tasks: the seeds (Pick
// of them, at random but reproducibly from Seed) and Mutants mutants of
// them.
func BuildShared(cfg Config) (*search.Population, error) {
	seeds := cfg.Seeds
	if cfg.Pick > 0 && cfg.Pick < len(seeds) {
		rng := rand.New(rand.NewPCG(cfg.Seed, 0x5eed))
		idx := rng.Perm(len(seeds))[:cfg.Pick]
		picked := make([]*program.Program, len(idx))
		for i, k := range idx {
			picked[i] = seeds[k]
		}
		seeds = picked
	}
	pop := search.NewPopulation()
	var parents []int
	for _, s := range seeds {
		id, added, err := pop.Add(s, "seed", -1)
		if err != nil {
			return nil, fmt.Errorf("seed %s: %w", s.Name, err)
		}
		if added {
			parents = append(parents, id)
		}
	}
	if cfg.Mutants > 0 && len(parents) > 0 {
		search.NewMutator(cfg.Seed, cfg.Rates).Grow(pop, parents, cfg.Mutants, "mutant")
	}
	return pop, nil
}

// Run streams tasks through the pipeline.
func Run(ctx context.Context, tasks iter.Seq2[*task.Task, error], cfg Config) (*Result, error) {
	start, cpu := time.Now(), cputime.Process()
	if cfg.Store == nil {
		return nil, fmt.Errorf("stages: no store")
	}
	if err := checkWorkers(cfg.Workers); err != nil {
		return nil, err
	}
	shared, err := BuildShared(cfg)
	if err != nil {
		return nil, err
	}
	st := &Stats{}
	differs := cfg.Differs
	if differs == nil {
		differs = search.DefaultDiffers()
	}
	counts := DefaultWorkers()
	maps.Copy(counts, cfg.Workers)
	// workers sets the stage's worker count; every stage but save, which
	// waits on the disk, computes (flow.CPUBound), which the run report
	// weighs against the CPUs before it suggests more workers.
	workers := func(stage string) []flow.StageOption {
		opts := []flow.StageOption{flow.Workers(counts[stage])}
		if stage != StageSave {
			opts = append(opts, flow.CPUBound())
		}
		return opts
	}
	jobs := newJobs(st, cfg.TaskDone)
	planner := &Planner{Shared: shared, Store: cfg.Catalog, FromStore: cfg.FromStore, Enum: cfg.Enum, Differs: differs, Stats: st}
	scorer := &Scorer{NodeBudget: cfg.NodeBudget, Differs: differs, TaskTime: cfg.TaskTime, Stats: st}
	gatherer := &Gatherer{Top: cfg.Top, Stats: st}
	router := &Router{Stats: st}
	dedup := &Dedup{Stats: st}
	inline := &Inline{Stats: st}
	validate := &Validate{Timeout: cfg.Timeout, Budget: cfg.NodeBudget, Differs: differs, Stats: st}
	save := &Save{Store: cfg.Store, Stats: st}

	synthesizer := &Synth{Options: cfg.Synth, Stats: st}
	// From plan on, each stage function runs inside a wrapper of jobs,
	// which settles every call, so that no stage has to end its task.
	// Score has none: a task's units count as one item until gather.
	gather, flush := jobs.gather(gatherer)
	stages := []streams.Flow{
		flow.NewStage(StageSynth, synthesizer.Process, workers(StageSynth)...),
		flow.NewStage(StagePlan, jobs.plan(planner.Process), workers(StagePlan)...),
		flow.NewStage(StageScore, scorer.Process, workers(StageScore)...),
		flow.NewStage(StageGather, gather, workers(StageGather)...).OnClose(flush),
		flow.NewStage(StageDiffers, step(jobs, StageDiffers, router.Process), workers(StageDiffers)...),
		flow.NewStage(StageDedup, step(jobs, StageDedup, dedup.Process), workers(StageDedup)...),
		flow.NewStage(StageInline, step(jobs, StageInline, inline.Process), workers(StageInline)...),
		flow.NewStage(StageValidate, step(jobs, StageValidate, validate.Process), workers(StageValidate)...),
	}
	sink := flow.NewSink(StageSave, last(jobs, StageSave, save.Process), workers(StageSave)...)
	var opts []flow.Option
	if cfg.Adaptive > 0 {
		opts = append(opts, flow.Adaptive(cfg.Adaptive))
	}
	if cfg.Observer != nil {
		opts = append(opts, flow.Observe(cfg.Observer))
	}
	if cfg.Logger != nil {
		opts = append(opts, flow.Logger(cfg.Logger))
	}
	if cfg.Progress != nil {
		every := cfg.Every
		if every <= 0 {
			every = 200 * time.Millisecond
		}
		opts = append(opts, flow.Progress(every, func(r *flow.Report) {
			cfg.Progress(&Progress{Stats: st, Elapsed: time.Since(start), Report: r})
		}))
	}
	src := flow.FromSeq2(StageTasks, tasks)
	report, err := flow.Run(ctx, src, stages, sink, opts...)
	jobs.close()
	return &Result{
		Report: report, Stats: st, Wall: time.Since(start),
		Shared: len(shared.Candidates), SharedCall: shared.Calls(), Sharing: shared.SharingRatio(),
		CPU: cputime.Process() - cpu,
	}, err
}
