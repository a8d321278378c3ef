package cluster

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/flow"
	"github.com/arcflow/arcflow/stages"
	"github.com/arcflow/arcflow/store"
)

// Worker runs the search pipeline on the tasks of a queue.
//
// A task is acked once the pipeline has ended it (stages.Config.TaskDone)
// and every one of its results has been acknowledged by the results
// stream. It is failed, and so Nak'ed for a retry or dead-lettered on its
// last run, when its message does not decode, when a result could not be
// published, when one of its items failed in a stage that then can never
// end the task (plan, score, gather, differs, dedup, inline), or when it
// runs past TaskTimeout. A task whose id the store would refuse
// (store.CheckTaskID) is dead-lettered at once, without a run. A candidate that fails validation is dropped as
// in `arcflow run`, and the task goes on.
type Worker struct {
	Queue *Queue
	// Pipeline is the search configuration. Its Store defaults to a
	// Publisher to the results stream; its TaskDone and Observer, if set,
	// are still called.
	Pipeline stages.Config
	// InFlight is how many tasks the worker holds at once; 0 means 3.
	InFlight int
	// TaskTimeout fails a task still running after it; 0 for no limit.
	TaskTimeout time.Duration
	// RetryDelay is how long a failed task waits before its next
	// delivery; 0 means 5s.
	RetryDelay time.Duration
	// Drain makes Run return once no task is pending or in flight
	// anywhere in the queue; otherwise it runs until its context ends.
	Drain bool
	// Wait is how long one pull waits for a task, and so how long the
	// worker may take to stop or, with Drain, to see the end; 0 means 1s.
	Wait time.Duration
	// Limits bound the size of a task (task.Limits); nil for
	// task.DefaultLimits. A task over them is dead-lettered at once.
	Limits *task.Limits
	// OnSettle, if set, is called once for every delivery the worker
	// settles, from several goroutines.
	OnSettle func(Settled)
	Logger   *slog.Logger
}

// Outcome is what a worker did with a delivery.
type Outcome int

// Outcomes of a delivery.
const (
	Acked        Outcome = iota // done: every result is in the results stream
	Retried                     // failed, Nak'ed to run again
	DeadLettered                // failed on its last run: published to the dead-letter subject and Termed
	Released                    // handed back, unfinished, as the worker stopped
)

func (o Outcome) String() string {
	return [...]string{"acked", "retried", "dead-lettered", "released"}[o]
}

// Settled reports one settled delivery.
type Settled struct {
	Task      string // the task id; for a message that did not decode, its Arcflow-Task header
	Seq       uint64 // the message's sequence in the task stream
	Delivered uint64 // deliveries so far, this one included
	Outcome   Outcome
	Err       error // why it failed; for Acked, an ack the server may not have taken
	Elapsed   time.Duration
}

// WorkerResult is what a worker's run did.
type WorkerResult struct {
	Pipeline *stages.Result
	Counts   [4]int64 // deliveries by Outcome
}

// Run pulls tasks and runs them until ctx ends, or, with Drain, until the
// queue is empty. It returns the pipeline's result; its error is ctx's
// cause if ctx ended it, or what broke the connection to the queue.
func (w *Worker) Run(ctx context.Context) (*WorkerResult, error) {
	q := w.Queue
	cons, err := q.JS.Consumer(ctx, q.Cfg.Tasks, q.Cfg.Workers)
	if err != nil {
		return nil, fmt.Errorf("consumer %s of stream %s: %w", q.Cfg.Workers, q.Cfg.Tasks, err)
	}
	r := &workerRun{w: w, q: q, log: w.Logger, byTask: map[*task.Task]*delivery{}, byItem: map[string]*delivery{},
		res: &WorkerResult{}}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	switch md := cons.CachedInfo().Config.MaxDeliver; {
	case md <= 0:
		r.runs = 0 // unlimited: never dead-letter
	case md == 1:
		r.runs = 1 // no delivery held back
	default:
		r.runs = uint64(md - 1)
	}
	r.retry = w.RetryDelay
	if r.retry <= 0 {
		r.retry = 5 * time.Second
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	r.ctx = ctx

	opts := SourceOptions{MaxInFlight: w.InFlight, Wait: w.Wait, Logger: w.Logger}
	if opts.MaxInFlight <= 0 {
		opts.MaxInFlight = 3
	}
	if w.Drain {
		tasks, err := q.JS.Stream(ctx, q.Cfg.Tasks)
		if err != nil {
			return nil, fmt.Errorf("stream %s: %w", q.Cfg.Tasks, err)
		}
		opts.StopWhen = func(ctx context.Context) (bool, error) {
			return drained(ctx, cons, tasks)
		}
	}
	src := NewSource(ctx, cons, opts)

	cfg := w.Pipeline
	if cfg.Store == nil {
		cfg.Store = &Publisher{JS: q.JS, Cfg: q.Cfg}
	}
	cfg.Store = &trackingSaver{inner: cfg.Store, r: r}
	userDone := cfg.TaskDone
	cfg.TaskDone = func(j *stages.Job) {
		r.taskDone(j)
		if userDone != nil {
			userDone(j)
		}
	}
	cfg.Observer = &observer{inner: cfg.Observer, r: r}
	res, runErr := stages.Run(ctx, r.tasks(src), cfg)
	r.res.Pipeline = res

	// Whatever is still held was cut short: hand it back.
	r.stopping.Store(true)
	cancel()
	<-src.Done()
	r.mu.Lock()
	var left []*delivery
	for _, d := range r.byTask {
		left = append(left, d)
	}
	r.mu.Unlock()
	for _, d := range left {
		r.release(d)
	}
	if err := src.Err(); err != nil {
		return r.res, err
	}
	if runErr != nil && !errors.Is(runErr, context.Canceled) {
		return r.res, runErr
	}
	return r.res, nil
}

// delivery is one message the worker holds.
type delivery struct {
	msg     *Msg
	id      string     // the task id, as far as known
	task    *task.Task // nil until decoded
	start   time.Time
	timer   *time.Timer
	claimed atomic.Bool
	saveErr error // guarded by workerRun.mu
}

type workerRun struct {
	w     *Worker
	q     *Queue
	ctx   context.Context
	log   *slog.Logger
	runs  uint64 // runs of a task at most; 0 for no limit
	retry time.Duration
	res   *WorkerResult

	stopping atomic.Bool
	mu       sync.Mutex
	byTask   map[*task.Task]*delivery // held and running, by the task the pipeline got
	byItem   map[string]*delivery     // yielded, not yet seen by the observer, by source item id
}

// minGap spaces the tasks handed to the pipeline. Its source sends an item
// on at once only if it came at least a few microseconds after the one
// before; two tasks decoded back to back could otherwise wait in its
// batch for a third, which may never come from a quiet queue.
const minGap = 200 * time.Microsecond

// tasks turns the source's messages into the pipeline's task stream.
// Messages that cannot run are settled here.
func (r *workerRun) tasks(src *Source) iter.Seq2[*task.Task, error] {
	return func(yield func(*task.Task, error) bool) {
		n := 0
		last := time.Now()
		for v := range src.Out() {
			m := v.(*Msg)
			d := &delivery{msg: m, id: m.Header().Get(HeaderTask), start: time.Now()}
			if d.id == "" {
				d.id = "seq-" + strconv.FormatUint(m.Seq(), 10)
			}
			if r.runs > 0 && m.Delivered() > r.runs {
				r.deadLetter(d, fmt.Errorf("delivered %d times, and its last run never ended (its worker died or ran out of time)", m.Delivered()))
				continue
			}
			t, err := decodeTask(m, r.w.Limits)
			if errors.Is(err, task.ErrTooLarge) {
				r.deadLetter(d, err) // it will be as large on every delivery
				continue
			}
			if err != nil {
				r.fail(d, err)
				continue
			}
			if err := store.CheckTaskID(t.ID); err != nil {
				// Its results could never be stored: no run can help.
				d.id = shownID(t.ID)
				r.deadLetter(d, err)
				continue
			}
			d.task, d.id = t, t.ID
			item := strconv.Itoa(n) // the pipeline's source numbers its items so
			n++
			r.mu.Lock()
			r.byTask[t] = d
			r.byItem[item] = d
			r.mu.Unlock()
			if r.w.TaskTimeout > 0 {
				d.timer = time.AfterFunc(r.w.TaskTimeout, func() {
					r.fail(d, fmt.Errorf("still running after %v", r.w.TaskTimeout))
				})
			}
			if wait := minGap - time.Since(last); wait > 0 {
				time.Sleep(wait)
			}
			if !yield(t, nil) {
				return
			}
			last = time.Now()
		}
	}
}

// shownID is a refused task id as headers, logs and Settled show it: at
// most 64 bytes of it, quoted, in ASCII, so that it holds no line break.
func shownID(id string) string {
	cut := ""
	if len(id) > 64 {
		id, cut = id[:64], "..."
	}
	return strconv.QuoteToASCII(id) + cut
}

// decodeTask reads the one task of a message, within limits (the default
// ones if nil).
func decodeTask(m *Msg, limits *task.Limits) (*task.Task, error) {
	name := fmt.Sprintf("message %d of %s", m.Seq(), m.Subject())
	var got *task.Task
	var opts []task.Option
	if limits != nil {
		opts = append(opts, task.WithLimits(*limits))
	}
	for t, err := range task.NewJSONL(name, bytes.NewReader(m.Data()), opts...).Tasks() {
		if err != nil {
			return nil, err
		}
		if got != nil {
			return nil, fmt.Errorf("%s: more than one task", name)
		}
		got = t
	}
	if got == nil {
		return nil, fmt.Errorf("%s: no task", name)
	}
	return got, nil
}

// claim takes d for settling: the first caller wins.
func (r *workerRun) claim(d *delivery) bool {
	if !d.claimed.CompareAndSwap(false, true) {
		return false
	}
	if d.timer != nil {
		d.timer.Stop()
	}
	r.mu.Lock()
	if d.task != nil && r.byTask[d.task] == d {
		delete(r.byTask, d.task)
	}
	r.mu.Unlock()
	return true
}

func (r *workerRun) report(d *delivery, o Outcome, err error) {
	atomic.AddInt64(&r.res.Counts[o], 1)
	s := Settled{Task: d.id, Seq: d.msg.Seq(), Delivered: d.msg.Delivered(), Outcome: o, Err: err, Elapsed: time.Since(d.start)}
	if err != nil {
		r.log.Warn("task "+o.String(), "task", s.Task, "delivery", s.Delivered, "err", err)
	} else {
		r.log.Info("task "+o.String(), "task", s.Task, "delivery", s.Delivered, "elapsed", s.Elapsed.Round(time.Millisecond))
	}
	if r.w.OnSettle != nil {
		r.w.OnSettle(s)
	}
}

// taskDone acks a task the pipeline has ended, or fails it if one of its
// items failed or one of its results was not published.
func (r *workerRun) taskDone(j *stages.Job) {
	r.mu.Lock()
	d := r.byTask[j.Task]
	var saveErr error
	if d != nil {
		saveErr = d.saveErr
	}
	r.mu.Unlock()
	failure := failed(j)
	switch {
	case d == nil:
		return // settled already
	case r.stopping.Load() || r.ctx.Err() != nil:
		r.release(d) // the run was cut short: the task may not be complete
	case failure != nil:
		// The task ended with the item that failed, before the observer
		// saw that item end.
		r.fail(d, failure)
	case saveErr != nil:
		r.fail(d, saveErr)
	default:
		if !r.claim(d) {
			return
		}
		err := d.msg.Ack(context.Background())
		r.report(d, Acked, err)
	}
}

// saveFailed marks the held deliveries of a task whose result was lost.
func (r *workerRun) saveFailed(id string, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, d := range r.byTask {
		if d.id == id && d.saveErr == nil {
			d.saveErr = err
		}
	}
}

// fail retries a failed task, or dead-letters it on its last run.
func (r *workerRun) fail(d *delivery, cause error) {
	if r.stopping.Load() || r.ctx.Err() != nil {
		r.release(d) // the failure may be the stop itself
		return
	}
	if r.runs > 0 && d.msg.Delivered() >= r.runs {
		r.deadLetter(d, cause)
		return
	}
	if !r.claim(d) {
		return
	}
	if err := d.msg.Nak(r.retry); err != nil {
		cause = fmt.Errorf("%w (and the nak failed: %v)", cause, err)
	}
	r.report(d, Retried, cause)
}

// deadLetter publishes the task to the dead-letter subject, then Terms
// it. If the publication fails the task is Nak'ed instead, and the
// delivery held back for it dead-letters it later.
func (r *workerRun) deadLetter(d *delivery, cause error) {
	if !r.claim(d) {
		return
	}
	cfg := r.q.Cfg
	m := nats.NewMsg(cfg.DeadSubject + "." + token(d.id))
	m.Data = d.msg.Data()
	orig := d.msg.Header().Get(jetstream.MsgIDHeader)
	m.Header.Set(jetstream.MsgIDHeader, "dead/"+strconv.FormatUint(d.msg.Seq(), 10)+"/"+orig)
	m.Header.Set(HeaderTask, d.id)
	m.Header.Set(HeaderError, oneLine(cause.Error()))
	m.Header.Set(HeaderDeliveries, strconv.FormatUint(d.msg.Delivered(), 10))
	m.Header.Set(HeaderStreamSeq, strconv.FormatUint(d.msg.Seq(), 10))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := r.q.JS.PublishMsg(ctx, m, jetstream.WithExpectStream(cfg.Dead)); err != nil {
		d.msg.Nak(r.retry)
		r.report(d, Retried, fmt.Errorf("%w (dead-lettering failed: %v)", cause, err))
		return
	}
	if err := d.msg.Term(oneLine(cause.Error())); err != nil {
		r.log.Warn("term failed", "task", d.id, "err", err)
	}
	r.report(d, DeadLettered, cause)
}

// release notes an unfinished task as the worker stops. The source Naks
// it, once its last pull has ended, so that the server does not hand it
// straight back to that pull.
func (r *workerRun) release(d *delivery) {
	if !r.claim(d) {
		return
	}
	r.report(d, Released, nil)
}

// oneLine makes s fit a header: one line, at most 512 bytes.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 512 {
		s = s[:509] + "..."
	}
	return s
}

// failed is the first failure of one of j's items that fails the task, as
// the observer's ItemEnd judges: a candidate that fails validation is
// dropped and its task still ends, and a failed save is the saver's.
func failed(j *stages.Job) error {
	for _, f := range j.Failures() {
		if f.Stage != stages.StageValidate && f.Stage != stages.StageSave {
			return fmt.Errorf("stage %s: %w", f.Stage, f.Err)
		}
	}
	return nil
}

// trackingSaver notes the tasks whose results were not saved, before the
// save stage ends their candidate.
type trackingSaver struct {
	inner stages.Saver
	r     *workerRun
}

func (s *trackingSaver) Save(k store.Kind, p store.Program) (store.Saved, error) {
	got, err := s.inner.Save(k, p)
	if err != nil {
		s.r.saveFailed(p.Task, err)
	}
	return got, err
}

// observer ties the pipeline's items to their deliveries, so that an item
// failure fails its task at once, and passes every event on to the
// configured observer.
type observer struct {
	inner flow.Observer
	r     *workerRun
}

type deliveryKey struct{}

func (o *observer) StageStart(stage string) {
	if o.inner != nil {
		o.inner.StageStart(stage)
	}
}

func (o *observer) StageEnd(stage string, m flow.Metrics) {
	if o.inner != nil {
		o.inner.StageEnd(stage, m)
	}
}

func (o *observer) ItemStart(ctx context.Context, stage, id string) context.Context {
	if o.inner != nil {
		ctx = o.inner.ItemStart(ctx, stage, id)
	}
	if stage == stages.StageTasks {
		o.r.mu.Lock()
		d := o.r.byItem[id]
		delete(o.r.byItem, id)
		o.r.mu.Unlock()
		if d != nil {
			ctx = context.WithValue(ctx, deliveryKey{}, d)
		}
	}
	return ctx
}

func (o *observer) ItemEnd(ctx context.Context, stage, id string, elapsed time.Duration, err error) {
	if o.inner != nil {
		o.inner.ItemEnd(ctx, stage, id, elapsed, err)
	}
	// A candidate that fails validation is dropped and its task still
	// ends; a failed save is seen by trackingSaver before the task ends.
	if err == nil || stage == stages.StageValidate || stage == stages.StageSave {
		return
	}
	d, _ := ctx.Value(deliveryKey{}).(*delivery)
	if d == nil || o.r.stopping.Load() || o.r.ctx.Err() != nil {
		return
	}
	o.r.fail(d, fmt.Errorf("stage %s: %w", stage, err))
}
