package flow

import (
	"fmt"
	"math/bits"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/reugn/go-streams"
)

// A channel operation that wakes another goroutine costs about as much as
// a cheap stage spends on a hundred items, so flow nodes send each other
// batches ([]item[T]) on the go-streams channels. The receiver asks for
// batches that take it about batchTarget to work through: large enough
// that channel costs vanish for cheap stages, small enough that a slow
// stage gets one item at a time and all its workers get some.
const (
	batchTarget = 20 * time.Microsecond
	maxBatch    = 256
)

// inport is the input of a stage or sink: the go-streams inlet channel and
// what an upstream flow node reads to batch well for it.
type inport[T any] struct {
	ch      chan any
	hint    atomic.Int64 // batch size the receiver asks for
	queued  atomic.Int64 // items in batches sent and not yet received
	peak    atomic.Int64 // the most ever queued
	batched atomic.Bool  // the upstream is a flow node; else queue is len(ch)
	count   atomic.Int64 // numbers plain values, which come without an ID

	// free holds batches the receiver is done with, for the upstream to
	// fill again, sparing the allocation and the garbage collector's work.
	free chan []item[T]

	// mismatch reports an element of the wrong type from a go-streams
	// upstream; it is set once, before any worker starts.
	mismatch func(v any)
}

func (p *inport[T]) init(buffer int) {
	p.ch = make(chan any, buffer)
	p.free = make(chan []item[T], buffer+8)
	p.hint.Store(1) // until the first batch shows what an item costs
}

// recycle gives back a batch the receiver has worked through.
func (p *inport[T]) recycle(b []item[T]) {
	if cap(b) < 8 {
		return // not worth the channel operation
	}
	clear(b) // drop references to values and contexts
	select {
	case p.free <- b[:0]:
	default:
	}
}

// queue reports the items waiting in p now and at most.
func (p *inport[T]) queue() (int64, int64) {
	if !p.batched.Load() {
		return int64(len(p.ch)), p.peak.Load()
	}
	return p.queued.Load(), p.peak.Load()
}

// Outcomes of inport.recv.
const (
	received = iota
	closed   // the upstream closed the inlet: end of input
	stopped  // the run was cancelled
)

// recv waits for the next input and returns it as a batch.
func (p *inport[T]) recv(done <-chan struct{}) ([]item[T], int) {
	for {
		var v any
		var ok bool
		select {
		case v, ok = <-p.ch:
		case <-done:
			return nil, stopped
		}
		if !ok {
			return nil, closed
		}
		if b, ok := v.([]item[T]); ok {
			p.queued.Add(-int64(len(b)))
			return b, received
		}
		// A go-streams upstream sends one plain value at a time; take what
		// else is ready so that the stage still works in batches.
		p.notePeak(int64(len(p.ch)) + 1)
		b := p.decode(nil, v)
	more:
		for len(b) < int(p.hint.Load()) {
			select {
			case v, ok := <-p.ch:
				if !ok {
					break more // the next recv reports the close
				}
				b = p.decode(b, v)
			default:
				break more
			}
		}
		if len(b) > 0 {
			return b, received
		}
	}
}

// decode appends the item or items that element v stands for to b.
func (p *inport[T]) decode(b []item[T], v any) []item[T] {
	switch v := v.(type) {
	case []item[T]:
		p.queued.Add(-int64(len(v)))
		return append(b, v...)
	case T:
		return append(b, item[T]{ID: p.nextID(), Value: v})
	}
	var zero T
	if v == nil && any(zero) == nil { // T is an interface type and v its nil
		return append(b, item[T]{ID: p.nextID()})
	}
	p.mismatch(v)
	return b
}

func (p *inport[T]) notePeak(q int64) {
	for {
		old := p.peak.Load()
		if q <= old || p.peak.CompareAndSwap(old, q) {
			return
		}
	}
}

func (p *inport[T]) nextID() string {
	return strconv.FormatInt(p.count.Add(1)-1, 10)
}

// drain discards input until the upstream closes the inlet, so that a
// cancelled run leaves no sender blocked, go-streams operators included.
func (p *inport[T]) drain() {
	for v := range p.ch {
		if b, ok := v.([]item[T]); ok {
			p.queued.Add(-int64(len(b)))
		}
	}
}

// learn sets the batch size p asks for from the cost of a batch just
// worked through. It shrinks at once, so that a slow item spreads the next
// ones over the workers, and grows gradually.
func (p *inport[T]) learn(items int, busyNs int64) {
	if items == 0 {
		return
	}
	per := max(busyNs/int64(items), 1)
	want := min(max(int64(batchTarget)/per, 1), maxBatch)
	old := p.hint.Load()
	if want > old {
		want = old + (want-old+1)/2
	}
	if want != old {
		p.hint.Store(want)
	}
}

// outlet is where a source or stage sends its items: the inport of another
// flow node, in batches, or a go-streams inlet, as plain values.
type outlet[T any] struct {
	ch   chan<- any
	peer *inport[T] // nil for a go-streams inlet
}

// limit is the most items to put in one batch.
func (o *outlet[T]) limit() int {
	if o.peer == nil {
		return 1
	}
	return int(o.peer.hint.Load())
}

// batch returns an empty batch with room for n items, recycled if one is
// at hand. Room is rounded up to a power of two so that recycled batches
// fit although the receiver's hint wavers.
func (o *outlet[T]) batch(n int) []item[T] {
	if o.peer == nil || n < 8 {
		return make([]item[T], 0, n)
	}
	select {
	case b := <-o.peer.free:
		if cap(b) >= n {
			return b
		}
	default:
	}
	return make([]item[T], 0, 1<<bits.Len(uint(n-1)))
}

// send hands b over, taking ownership of it. It returns false if the run
// was cancelled first.
func (o *outlet[T]) send(done <-chan struct{}, b []item[T]) bool {
	if len(b) == 0 {
		return true
	}
	if o.peer == nil {
		for i := range b {
			select {
			case o.ch <- b[i].Value:
			case <-done:
				return false
			}
		}
		return true
	}
	n := int64(len(b))
	o.peer.notePeak(o.peer.queued.Add(n))
	select {
	case o.ch <- b:
		return true
	case <-done:
		o.peer.queued.Add(-n)
		return false
	}
}

// output is the sending side of a Source or a Stage: it joins the node to
// its one downstream, which starts the node.
type output[T any] struct {
	self   member // the node, which Out, Via and To bind to a run of its own outside Run
	launch func() // starts the node's workers, which send to out

	wmu   sync.Mutex // guards wired, own and out until the node starts
	wired bool
	own   chan any // the channel Out returns, once asked for
	out   outlet[T]
}

// Out returns the output channel, which carries plain values. It is for
// consumers that are not flow nodes; Via is cheaper.
func (o *output[T]) Out() <-chan any {
	o.wmu.Lock()
	defer o.wmu.Unlock()
	if o.own == nil {
		o.own = make(chan any)
		o.wire(outlet[T]{ch: o.own})
	}
	return o.own
}

// Via streams the node's items to flow and returns flow.
func (o *output[T]) Via(flow streams.Flow) streams.Flow {
	o.wmu.Lock()
	defer o.wmu.Unlock()
	o.wire(outletTo[T](flow))
	return flow
}

// to streams the node's items to sink and waits until sink has finished.
func (o *output[T]) to(sink streams.Sink) {
	o.wmu.Lock()
	o.wire(outletTo[T](sink))
	o.wmu.Unlock()
	sink.AwaitCompletion()
}

// wire connects the node to to and starts it. Outside Run the node gets a
// run of its own, with a background context.
func (o *output[T]) wire(to outlet[T]) {
	n := o.self.base()
	if o.wired {
		panic(fmt.Sprintf("flow: %s %q connected twice", n.kind, n.name))
	}
	o.wired = true
	if n.bound.CompareAndSwap(false, true) {
		o.self.bind(standalone())
	}
	o.out = to
	o.launch()
}

// receiver is a flow node that takes items of type T: a Stage or a Sink.
type receiver[T any] interface {
	port() *inport[T]
}

// outletTo returns an outlet feeding in: in batches if in is a flow node
// taking T, else as plain values through the go-streams inlet.
func outletTo[T any](in streams.Inlet) outlet[T] {
	if r, ok := in.(receiver[T]); ok {
		p := r.port()
		p.batched.Store(true)
		return outlet[T]{ch: p.ch, peer: p}
	}
	return outlet[T]{ch: in.In()}
}
