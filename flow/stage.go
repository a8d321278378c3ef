package flow

import (
	"context"
	"reflect"
	"runtime/debug"
	"strconv"

	"github.com/reugn/go-streams"
)

// Stage is a go-streams Flow that runs a Func on every item with a pool of
// workers. Make one with NewStage and give it to Run; used directly as a
// go-streams operator it runs with a background context. Like a go-streams
// operator it serves one pipeline only.
type Stage[In, Out any] struct {
	node
	output[Out]
	fn      Func[In, Out]
	onClose func(ctx context.Context) ([]Out, error)
	in      inport[In]
}

var _ streams.Flow = (*Stage[int, int])(nil)

// NewStage returns a stage named name that applies fn to each input. The
// name identifies the stage in metrics and errors, and must be unique
// within a pipeline. NewStage panics if name is empty or fn nil.
func NewStage[In, Out any](name string, fn Func[In, Out], opts ...StageOption) *Stage[In, Out] {
	if fn == nil {
		panic("flow: NewStage with a nil Func")
	}
	s := &Stage[In, Out]{fn: fn}
	s.init(name, "stage", opts)
	s.in.init(s.buffer())
	s.in.mismatch = s.mismatch(reflect.TypeFor[In]())
	s.queue = s.in.queue
	s.self = s
	s.launch = func() { s.start(s.work, s.finish) }
	return s
}

// OnClose sets a function that runs once when the input is exhausted,
// after every item has been worked on, and whose outputs are sent on
// before the stage closes its output. Stateful stages, which gather items
// into groups, use it to send what they still hold. It does not run if the
// run is cancelled. OnClose returns s, and must be called before the run.
func (s *Stage[In, Out]) OnClose(f func(ctx context.Context) ([]Out, error)) *Stage[In, Out] {
	s.onClose = f
	return s
}

// In returns the input channel. It takes batches from flow nodes and plain
// In values from anything else.
func (s *Stage[In, Out]) In() chan<- any { return s.in.ch }

// To streams the stage's outputs to sink and waits until sink has
// finished.
func (s *Stage[In, Out]) To(sink streams.Sink) { s.to(sink) }

func (s *Stage[In, Out]) port() *inport[In] { return &s.in }

func (s *Stage[In, Out]) types() (reflect.Type, reflect.Type) {
	return reflect.TypeFor[In](), reflect.TypeFor[Out]()
}

func (s *Stage[In, Out]) bind(r *run) {
	workers, most := r.size(&s.node)
	s.attach(r, workers, most)
}

// work is the loop of one worker: outputs go out as soon as a batch for
// the downstream is full, and when the input batch is done.
func (s *Stage[In, Out]) work(w int, m *meter) {
	var spare []item[Out] // an empty batch kept for the next input batch
	serve(&s.node, &s.in, w, m, func(in []item[In]) {
		r, out := s.r, spare
		limit := s.out.limit()
		for i := range in {
			if i&7 == 0 && r.stopped() {
				break
			}
			if out == nil {
				out = s.out.batch(limit)
			}
			out = s.apply(m, &in[i], out)
			if len(out) >= limit {
				if !s.flush(m, out) {
					break
				}
				out = nil
			}
		}
		if len(out) > 0 {
			s.flush(m, out)
			out = nil
		}
		spare = out
	})
}

// apply runs fn on one item and appends the outputs to out.
func (s *Stage[In, Out]) apply(m *meter, it *item[In], out []item[Out]) []item[Out] {
	outs, _ := invoke(&s.node, m, s.fn, it)
	if len(outs) == 1 {
		return append(out, item[Out]{ID: it.ID, Ctx: it.Ctx, Value: outs[0]})
	}
	for k, v := range outs {
		out = append(out, item[Out]{ID: it.ID + "/" + strconv.Itoa(k), Ctx: it.Ctx, Value: v})
	}
	return out
}

// flush sends b on, accounting the wait as back-pressure.
func (s *Stage[In, Out]) flush(m *meter, b []item[Out]) bool {
	if len(b) == 0 {
		return true
	}
	m.enter(blocked, s.r.now())
	ok := s.out.send(s.r.done, b)
	m.enter(busy, s.r.now())
	if ok {
		m.out.Add(int64(len(b)))
	}
	return ok
}

// emit sends b on in batches no larger than the downstream asks for.
func (s *Stage[In, Out]) emit(m *meter, b []item[Out]) bool {
	for len(b) > 0 {
		k := min(len(b), s.out.limit())
		if !s.out.send(s.r.done, b[:k:k]) {
			return false
		}
		m.out.Add(int64(k))
		b = b[k:]
	}
	return true
}

// finish runs OnClose and closes the output, once every worker is done.
func (s *Stage[In, Out]) finish() {
	r := s.r
	if s.onClose != nil && !r.stopped() {
		m := s.meters[0]
		m.enter(busy, r.now())
		ctx, t0 := s.open(nil, "")
		outs, stack, err := call(func(ctx context.Context, _ struct{}) ([]Out, error) {
			return s.onClose(ctx)
		}, ctx, struct{}{})
		s.shut(ctx, "", t0, err)
		if err != nil {
			s.fail(m, "", err, stack)
		} else {
			b := make([]item[Out], len(outs))
			for k, v := range outs {
				b[k] = item[Out]{ID: s.name + "/" + strconv.Itoa(k), Value: v}
			}
			m.enter(blocked, r.now())
			if !s.emit(m, b) {
				r.cut.Store(true)
			}
		}
		m.enter(idle, r.now())
	}
	close(s.out.ch)
}

// invoke runs fn on one item, as a stage or a sink does: an item whose
// context is done fails without a call; the call gets the item's context
// through the Observer; an error or a panic fails the item. It returns
// fn's outputs, and whether the item succeeded.
func invoke[In, Out any](n *node, m *meter, fn Func[In, Out], it *item[In]) ([]Out, bool) {
	if it.Ctx != nil {
		if err := it.Ctx.Err(); err != nil {
			n.fail(m, it.ID, err, nil)
			return nil, false
		}
	}
	ctx, t0 := n.open(it.Ctx, it.ID)
	outs, stack, err := call(fn, ctx, it.Value)
	n.shut(ctx, it.ID, t0, err)
	if err != nil {
		n.fail(m, it.ID, err, stack)
		return nil, false
	}
	return outs, true
}

// call runs fn, turning a panic into an error and the stack it came from.
func call[In, Out any](fn Func[In, Out], ctx context.Context, v In) (outs []Out, stack []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			outs, stack, err = nil, debug.Stack(), recovered(p)
		}
	}()
	outs, err = fn(ctx, v)
	return outs, nil, err
}
