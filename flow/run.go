package flow

import (
	"context"
	"fmt"
	"log/slog"
	"reflect"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/arcflow/arcflow/internal/cputime"
	"github.com/reugn/go-streams"
	gsflow "github.com/reugn/go-streams/flow"
)

// Run streams src through flows into sink and waits until sink has
// finished. It returns the run's Report and nil, unless the run was cut
// short: by ctx, when it returns context.Cause(ctx), or under FailFast by
// a StageError. Item errors do not fail a run otherwise: they are counted
// in the Report and logged.
//
// src, the flows and sink may be any go-streams nodes; Run measures and
// configures the flow nodes among them (Source, Stage, Sink), whose names
// must be unique. Run joins them with the go-streams Via and To calls. It
// fails before starting anything if two adjacent flow nodes disagree on
// their item type or if a node has served another run; it then closes the inlets of the go-streams
// operators it was given so that their goroutines end. A go-streams source
// cannot be stopped by flow: after cancellation Run waits for it to close
// its output.
func Run(ctx context.Context, src streams.Source, flows []streams.Flow, sink streams.Sink, opts ...Option) (*Report, error) {
	cfg := config{logger: slog.Default()}
	for _, o := range opts {
		o(&cfg)
	}
	chain := make([]any, 0, len(flows)+2)
	chain = append(chain, src)
	for _, f := range flows {
		chain = append(chain, f)
	}
	chain = append(chain, sink)
	members, err := plan(chain)
	if err != nil {
		release(chain)
		return nil, err
	}

	r := newRun(ctx, &cfg)
	defer r.cancel(nil)
	r.members = members
	tunable, budget := r.sizeAll(&cfg)
	for _, m := range members {
		m.bind(r)
	}
	var aux sync.WaitGroup
	stop := make(chan struct{})
	if len(tunable) > 0 {
		c := newController(r, tunable, budget)
		aux.Go(func() { c.loop(stop) })
	}
	if cfg.progress != nil && cfg.every > 0 {
		aux.Go(func() { r.tick(cfg.every, cfg.progress, stop) })
	}

	if len(flows) == 0 {
		if s, ok := src.(interface{ to(streams.Sink) }); ok {
			s.to(sink)
		} else {
			// A go-streams source only joins a flow; PassThrough is the
			// go-streams way to reach a sink directly.
			src.Via(gsflow.NewPassThrough()).To(sink)
		}
	} else {
		f := src.Via(flows[0])
		for _, next := range flows[1:] {
			f = f.Via(next)
		}
		f.To(sink)
	}
	r.wg.Wait()
	close(stop)
	aux.Wait()

	report := r.report()
	if e := r.fatal.Load(); e != nil {
		return report, e
	}
	if r.cut.Load() {
		if err := context.Cause(ctx); err != nil {
			return report, err
		}
		return report, context.Canceled
	}
	return report, nil
}

// plan checks the chain of nodes given to Run and claims the flow nodes.
func plan(chain []any) ([]member, error) {
	var members []member
	names := map[string]bool{}
	var prev member
	for i, x := range chain {
		if x == nil || isNilPointer(x) {
			return nil, fmt.Errorf("flow: node %d of the pipeline is nil", i)
		}
		m, ok := x.(member)
		if !ok {
			prev = nil
			continue
		}
		n := m.base()
		if names[n.name] {
			return nil, fmt.Errorf("flow: two nodes named %q", n.name)
		}
		names[n.name] = true
		if prev != nil {
			_, out := prev.types()
			in, _ := m.types()
			if in != out {
				return nil, fmt.Errorf("flow: %s %q sends %v but %s %q takes %v",
					prev.base().kind, prev.base().name, out, n.kind, n.name, in)
			}
		}
		prev = m
		members = append(members, m)
	}
	for i, m := range members {
		if !m.base().bound.CompareAndSwap(false, true) {
			for _, m := range members[:i] {
				m.base().bound.Store(false)
			}
			return nil, fmt.Errorf("flow: %s %q has already run", m.base().kind, m.base().name)
		}
	}
	return members, nil
}

func isNilPointer(x any) bool {
	v := reflect.ValueOf(x)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// release closes the inlets of the go-streams operators in a chain that
// will not run, so that their goroutines, started by their constructors,
// end.
func release(chain []any) {
	seen := map[chan<- any]bool{}
	for _, x := range chain[1:] {
		in, ok := x.(streams.Inlet)
		if !ok || isNilPointer(x) {
			continue
		}
		if _, ours := x.(member); ours {
			continue
		}
		if ch := in.In(); ch != nil && !seen[ch] {
			seen[ch] = true
			close(ch)
		}
	}
}

// run is the state shared by the nodes of one run.
type run struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	done   <-chan struct{}
	start  time.Time
	cpus   int           // GOMAXPROCS at the start
	cpu0   time.Duration // the process's CPU time at the start; 0 where unknown

	log      *slog.Logger
	obs      Observer // nil when there is none
	failFast bool
	fatal    atomic.Pointer[StageError]
	cut      atomic.Bool // a node stopped before its input ended

	adaptive bool
	sizes    map[*node][2]int // workers and most workers, set by Run
	members  []member
	wg       sync.WaitGroup // every goroutine of every node
}

func newRun(ctx context.Context, cfg *config) *run {
	rctx, cancel := context.WithCancelCause(ctx)
	r := &run{
		ctx:      rctx,
		cancel:   cancel,
		done:     rctx.Done(),
		start:    time.Now(),
		cpus:     runtime.GOMAXPROCS(0),
		cpu0:     cputime.Process(),
		log:      cfg.logger,
		failFast: cfg.failFast,
		adaptive: cfg.adaptive,
	}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	switch len(cfg.observers) {
	case 0:
	case 1:
		r.obs = cfg.observers[0]
	default:
		r.obs = observers(cfg.observers)
	}
	return r
}

// standalone returns a run for a flow node used as a plain go-streams
// operator, outside Run: background context, default logger, no report.
func standalone() *run {
	return newRun(context.Background(), &config{logger: slog.Default()})
}

// now is the time since the run started, in ns, on the monotonic clock.
func (r *run) now() int64 { return int64(time.Since(r.start)) }

// stopped reports whether the run has been cancelled.
func (r *run) stopped() bool {
	select {
	case <-r.done:
		return true
	default:
		return false
	}
}

// size returns the workers n starts with and the most it may get.
func (r *run) size(n *node) (workers, most int) {
	if s, ok := r.sizes[n]; ok {
		return s[0], s[1]
	}
	return n.workers, n.workers
}

// sizeAll settles every node's worker count and, under Adaptive, returns
// the nodes whose workers may move and their budget.
func (r *run) sizeAll(cfg *config) ([]*node, int) {
	r.sizes = map[*node][2]int{}
	var tunable []*node
	total := 0
	for _, m := range r.members {
		n := m.base()
		w := n.workers
		r.sizes[n] = [2]int{w, w}
		if n.kind != "source" {
			tunable = append(tunable, n)
			total += w
		}
	}
	if !cfg.adaptive || len(tunable) == 0 {
		return nil, 0
	}
	budget := cfg.budget
	if budget < 1 {
		budget = runtime.GOMAXPROCS(0)
	}
	budget = max(budget, total)
	for _, n := range tunable {
		w := r.sizes[n][0]
		// Every other node keeps at least one worker.
		r.sizes[n] = [2]int{w, max(w, budget-(len(tunable)-1))}
	}
	return tunable, budget
}

// fail reports a StageError: counted, logged and, under FailFast, fatal. Errors after cancellation are not reported: they
// are mostly the cancellation itself, seen by every item in flight.
func (r *run) fail(m *meter, e *StageError, stack []byte) {
	if r.stopped() {
		return
	}
	m.errs.Add(1)
	if stack != nil {
		r.log.LogAttrs(r.ctx, slog.LevelError, "flow: stage panicked",
			slog.String("stage", e.Stage), slog.String("item", e.ItemID),
			slog.Any("err", e.Err), slog.String("stack", string(stack)))
	} else {
		r.log.LogAttrs(r.ctx, slog.LevelWarn, "flow: item failed",
			slog.String("stage", e.Stage), slog.String("item", e.ItemID), slog.Any("err", e.Err))
	}
	if r.failFast && r.fatal.CompareAndSwap(nil, e) {
		r.cut.Store(true)
		r.cancel(e)
	}
}

// report returns the metrics of every flow node as of now.
func (r *run) report() *Report {
	now := r.now()
	rep := &Report{Wall: time.Duration(now), CPUs: r.cpus, Stages: make([]Metrics, 0, len(r.members))}
	if r.cpu0 > 0 {
		rep.CPU = cputime.Process() - r.cpu0
	}
	for _, m := range r.members {
		rep.Stages = append(rep.Stages, m.base().metrics(now))
	}
	return rep
}

// tick calls f with a snapshot every period until stop is closed.
func (r *run) tick(every time.Duration, f func(*Report), stop <-chan struct{}) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			f(r.report())
		case <-stop:
			return
		}
	}
}
