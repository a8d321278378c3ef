package flow

import (
	"context"
	"reflect"

	"github.com/reugn/go-streams"
)

// Sink is the end of a pipeline: a go-streams Sink that calls a function
// on every item with a pool of workers. Make one with NewSink and give it
// to Run. Like a go-streams connector it serves one pipeline only.
type Sink[T any] struct {
	node
	fn Func[T, struct{}]
	in inport[T]
}

var _ streams.Sink = (*Sink[int])(nil)

// NewSink returns a sink named name that calls fn on each item. With more
// than one worker, fn runs concurrently. A non-nil error, or a panic, is
// reported as a StageError. NewSink panics if name is empty or fn nil.
func NewSink[T any](name string, fn func(ctx context.Context, in T) error, opts ...StageOption) *Sink[T] {
	if fn == nil {
		panic("flow: NewSink with a nil function")
	}
	s := &Sink[T]{fn: func(ctx context.Context, v T) ([]struct{}, error) {
		return nil, fn(ctx, v)
	}}
	s.init(name, "sink", opts)
	s.in.init(s.buffer())
	s.in.mismatch = s.mismatch(reflect.TypeFor[T]())
	s.queue = s.in.queue
	return s
}

// In returns the input channel. It takes batches from flow nodes and plain
// T values from anything else. Outside Run, the first call
// starts the sink with a background context.
func (s *Sink[T]) In() chan<- any {
	s.standalone()
	return s.in.ch
}

// AwaitCompletion waits until the sink has consumed its whole input, or
// the run was cancelled and the input closed.
func (s *Sink[T]) AwaitCompletion() {
	s.standalone()
	<-s.finished
}

func (s *Sink[T]) standalone() {
	if !s.bound.Load() && s.bound.CompareAndSwap(false, true) {
		s.bind(standalone())
	}
}

func (s *Sink[T]) port() *inport[T] {
	s.standalone()
	return &s.in
}

func (s *Sink[T]) types() (reflect.Type, reflect.Type) {
	return reflect.TypeFor[T](), nil
}

// bind starts the workers at once: they need nothing but their input.
func (s *Sink[T]) bind(r *run) {
	workers, most := r.size(&s.node)
	s.attach(r, workers, most)
	s.start(s.work, func() {})
}

// work is the loop of one worker: Out counts the items consumed without
// error.
func (s *Sink[T]) work(w int, m *meter) {
	serve(&s.node, &s.in, w, m, func(in []item[T]) {
		r, done := s.r, int64(0)
		for i := range in {
			if i&7 == 0 && r.stopped() {
				break
			}
			if _, ok := invoke(&s.node, m, s.fn, &in[i]); ok {
				done++
			}
		}
		m.out.Add(done)
	})
}
