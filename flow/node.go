package flow

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
	"time"
)

// member is what Run needs from a Source, Stage or Sink.
type member interface {
	base() *node
	types() (in, out reflect.Type) // nil for a side without items
	bind(r *run)
}

// node is the part of a Source, Stage or Sink that does not depend on item
// types: configuration, worker accounts and the adaptive gate.
type node struct {
	name     string
	kind     string
	workers  int
	cpuBound bool // see CPUBound

	r      *run
	bound  atomic.Bool
	meters []*meter              // one per worker goroutine
	queue  func() (int64, int64) // nil for a source

	// Workers with an index below allowed may take input. Under Adaptive
	// a node starts more goroutines than it is allowed and the controller
	// moves the limit; wake is closed and replaced at every move to wake
	// parked workers. Without Adaptive the node is not gated and allowed
	// is fixed.
	gated    bool // Adaptive may move the limit
	allowed  atomic.Int32
	gmu      sync.Mutex
	wake     chan struct{}
	capNs    int64 // worker time granted before capSince; guarded by gmu
	capSince int64

	active    atomic.Int32  // worker goroutines still running
	inputDone chan struct{} // closed when the input is exhausted
	inputOnce sync.Once
	end       atomic.Int64  // ns from the run's start to the node's end; 0 while running
	finished  chan struct{} // closed when the node is done
}

func (n *node) base() *node { return n }

// init sets n up from its constructor's arguments, panicking on misuse as
// go-streams constructors do.
func (n *node) init(name, kind string, opts []StageOption) {
	if name == "" {
		panic(fmt.Sprintf("flow: %s without a name", kind))
	}
	n.name, n.kind, n.workers = name, kind, 1
	for _, o := range opts {
		o(n)
	}
	n.inputDone = make(chan struct{})
	n.finished = make(chan struct{})
}

// buffer is how many sends may wait in the node's input before the
// upstream blocks: twice the workers given to the constructor, and at
// least 8. A send is one batch from a flow node, whose size follows the
// node's speed, or one value from a go-streams operator.
func (n *node) buffer() int { return max(8, 2*n.workers) }

// attach joins n to run r with the given worker count, starting goroutines
// for up to most workers.
func (n *node) attach(r *run, workers, most int) {
	n.r = r
	n.workers = workers
	n.allowed.Store(int32(workers))
	n.meters = make([]*meter, most)
	for i := range n.meters {
		n.meters[i] = new(meter)
	}
	if r.adaptive && n.kind != "source" {
		n.gated = true
		n.wake = make(chan struct{})
	}
}

// start runs work on every worker goroutine of n; the last one to return
// calls finish and marks n done.
func (n *node) start(work func(w int, m *meter), finish func()) {
	r := n.r
	if r.obs != nil {
		r.obs.StageStart(n.name)
	}
	n.active.Store(int32(len(n.meters)))
	r.wg.Add(len(n.meters))
	for w, m := range n.meters {
		go func() {
			defer r.wg.Done()
			work(w, m)
			m.enter(idle, r.now())
			if n.active.Add(-1) > 0 {
				return
			}
			finish()
			n.gmu.Lock() // seals the capacity account; see setAllowed
			n.end.Store(r.now())
			n.gmu.Unlock()
			if r.obs != nil {
				r.obs.StageEnd(n.name, n.metrics(r.now()))
			}
			close(n.finished)
		}()
	}
}

// admit waits until worker w may take input. It returns false when the
// worker should quit instead: the input is exhausted or the run is over.
func (n *node) admit(w int, m *meter) bool {
	if !n.gated {
		return true
	}
	parked := false
	for int32(w) >= n.allowed.Load() {
		n.gmu.Lock()
		wake := n.wake
		n.gmu.Unlock()
		if int32(w) < n.allowed.Load() {
			break // moved between the check and taking wake
		}
		if !parked {
			m.enter(idle, n.r.now())
			parked = true
		}
		select {
		case <-wake:
		case <-n.inputDone:
			return false
		case <-n.r.done:
			return false
		}
	}
	if parked {
		m.enter(starved, n.r.now())
	}
	return true
}

// setAllowed lets delta more (or fewer) workers take input from now on.
// It returns false, changing nothing, if n has ended.
func (n *node) setAllowed(delta int, now int64) bool {
	n.gmu.Lock()
	defer n.gmu.Unlock()
	if n.end.Load() != 0 {
		return false
	}
	k := n.allowed.Load()
	n.capNs += int64(k) * (now - n.capSince)
	n.capSince = now
	n.allowed.Store(k + int32(delta))
	close(n.wake)
	n.wake = make(chan struct{})
	return true
}

// capacityAt is the worker time granted to n up to now, or to its end.
func (n *node) capacityAt(now int64) int64 {
	n.gmu.Lock()
	defer n.gmu.Unlock()
	if end := n.end.Load(); end != 0 {
		now = min(now, end)
	}
	return n.capNs + int64(n.allowed.Load())*max(now-n.capSince, 0)
}

// exhausted records that n's input is closed, releasing parked workers.
func (n *node) exhausted() {
	n.inputOnce.Do(func() { close(n.inputDone) })
}

// serve is the loop of one worker of a stage or sink: while the worker may
// take input, it receives a batch, accounts the time batch takes over it
// as busy, and teaches the input what the batch cost.
func serve[T any](n *node, p *inport[T], w int, m *meter, batch func(in []item[T])) {
	r := n.r
	outcome := received
	m.enter(starved, r.now())
	for n.admit(w, m) {
		var in []item[T]
		if in, outcome = p.recv(r.done); outcome != received {
			break
		}
		mark := m.spent[busy].Load()
		m.enter(busy, r.now())
		m.in.Add(int64(len(in)))
		batch(in)
		m.enter(starved, r.now())
		p.learn(len(in), m.spent[busy].Load()-mark)
		p.recycle(in)
	}
	quit(n, p, outcome)
}

// quit ends a worker's loop: after a cancelled run the worker keeps
// reading its input until the upstream closes it.
func quit[T any](n *node, p *inport[T], outcome int) {
	if outcome == stopped || n.r.stopped() {
		p.drain()
		return
	}
	n.exhausted()
}

// open prepares the context for working on one item: the item's own or the
// run's, passed through the Observer.
func (n *node) open(itemCtx context.Context, id string) (ctx context.Context, t0 int64) {
	ctx = itemCtx
	if ctx == nil {
		ctx = n.r.ctx
	}
	if n.r.obs != nil {
		ctx = n.r.obs.ItemStart(ctx, n.name, id)
		t0 = n.r.now()
	}
	return ctx, t0
}

// shut ends what open began.
func (n *node) shut(ctx context.Context, id string, t0 int64, err error) {
	if n.r.obs != nil {
		n.r.obs.ItemEnd(ctx, n.name, id, time.Duration(n.r.now()-t0), err)
	}
}

// fail reports that n failed on item id.
func (n *node) fail(m *meter, id string, err error, stack []byte) {
	n.r.fail(m, &StageError{Stage: n.name, ItemID: id, Err: err, Panic: stack != nil}, stack)
}

// mismatch reports an element of the wrong type from a go-streams upstream.
func (n *node) mismatch(want reflect.Type) func(v any) {
	return func(v any) {
		n.fail(n.meters[0], "", fmt.Errorf("got element of type %T, want %v", v, want), nil)
	}
}
