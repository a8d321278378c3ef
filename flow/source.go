package flow

import (
	"iter"
	"reflect"
	"strconv"
	"time"

	"github.com/reugn/go-streams"
)

// Source is the start of a pipeline: a go-streams Source that produces
// items from an iterator on one goroutine. Make one with FromSeq or
// FromSeq2 and give it to Run. Like a
// go-streams operator it serves one pipeline only.
type Source[T any] struct {
	node
	output[T]
	items iter.Seq2[item[T], error]
}

var _ streams.Source = (*Source[int])(nil)

// FromSeq returns a Source of the values of seq, numbered from "0".
func FromSeq[T any](name string, seq iter.Seq[T]) *Source[T] {
	if seq == nil {
		panic("flow: FromSeq with a nil sequence")
	}
	return newSource(name, func(yield func(item[T], error) bool) {
		for v := range seq {
			if !yield(item[T]{Value: v}, nil) {
				return
			}
		}
	})
}

// FromSeq2 returns a Source of the values of seq, numbered from "0". A
// pair with a non-nil error is a failed item: it is reported as a
// StageError of the source and takes a number but sends nothing on.
func FromSeq2[T any](name string, seq iter.Seq2[T, error]) *Source[T] {
	if seq == nil {
		panic("flow: FromSeq2 with a nil sequence")
	}
	return newSource(name, func(yield func(item[T], error) bool) {
		for v, err := range seq {
			if !yield(item[T]{Value: v}, err) {
				return
			}
		}
	})
}

func newSource[T any](name string, items iter.Seq2[item[T], error]) *Source[T] {
	s := &Source[T]{items: items}
	s.init(name, "source", nil)
	s.self = s
	s.launch = func() { s.start(s.work, func() { close(s.out.ch) }) }
	return s
}

func (s *Source[T]) types() (reflect.Type, reflect.Type) {
	return nil, reflect.TypeFor[T]()
}

func (s *Source[T]) bind(r *run) {
	s.attach(r, 1, 1)
}

func (s *Source[T]) work(_ int, m *meter) {
	r := s.r
	m.enter(busy, r.now())
	if !s.pump(m) {
		r.cut.Store(true)
	}
}

// pump produces from the iterator. It returns false if the run was
// cancelled. An iterator gives no sign of when its next item will come, so
// a batch goes out when it is full, when it is old, or at once when items
// come slowly. The clock is read for the first item of a batch and every
// eighth after, which is often enough for both tests.
func (s *Source[T]) pump(m *meter) bool {
	r := s.r
	var b []item[T]
	var first, n, since int64
	limit := 0
	last := r.now()
	for it, err := range s.items {
		if r.stopped() {
			return false
		}
		since++
		var now, gap int64
		timed := len(b) == 0 || since == 8 || r.obs != nil
		if timed {
			now = r.now()
			gap = (now - last) / since
			last, since = now, 0
		}
		it.ID = strconv.FormatInt(n, 10)
		n++
		if err != nil {
			s.fail(m, it.ID, err, nil)
			continue
		}
		if r.obs != nil {
			it = s.observe(it, gap)
		}
		if len(b) == 0 {
			limit = s.out.limit()
			b = s.out.batch(limit)
			first = now
		}
		b = append(b, it)
		if len(b) >= limit || timed && (now-first >= int64(batchTarget) || gap >= int64(batchTarget/4)) {
			if last = s.flush(m, b); last < 0 {
				return false
			}
			b, since = nil, 0
		}
	}
	return s.flush(m, b) >= 0
}

// observe gives the Observer the item's start, which may attach a context
// (a root span, say) that the item then carries through every stage.
func (s *Source[T]) observe(it item[T], gap int64) item[T] {
	r := s.r
	ctx := it.Ctx
	if ctx == nil {
		ctx = r.ctx
	}
	ctx2 := r.obs.ItemStart(ctx, s.name, it.ID)
	r.obs.ItemEnd(ctx2, s.name, it.ID, time.Duration(gap), nil)
	if ctx2 != ctx {
		it.Ctx = ctx2
	}
	return it
}

// flush sends b on and returns the time it finished, or -1 if the run was
// cancelled.
func (s *Source[T]) flush(m *meter, b []item[T]) int64 {
	if len(b) == 0 {
		return s.r.now()
	}
	m.enter(blocked, s.r.now())
	ok := s.out.send(s.r.done, b)
	now := s.r.now()
	m.enter(busy, now)
	if !ok {
		return -1
	}
	m.out.Add(int64(len(b)))
	return now
}
