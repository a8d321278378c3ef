package flow

import "sync"

// reorder puts the outputs of an Ordered stage back in input order. Each
// input batch gets a sequence number when it is received; workers commit
// their outputs under that number and whichever worker holds the next
// number in line sends it and every later batch already waiting, so no
// worker waits for another to finish. slots bounds the batches between
// receipt and sending, and so the memory parked here.
type reorder[T any] struct {
	slots chan struct{}
	send  func(*meter, []Item[T]) bool

	mu       sync.Mutex
	next     uint64 // sequence number to send next
	pending  map[uint64][]Item[T]
	emitting bool // a worker is sending; the others only park outputs
	broken   bool // a send was cancelled; nothing more goes out
}

func newReorder[T any](window int, send func(*meter, []Item[T]) bool) *reorder[T] {
	return &reorder[T]{
		slots:   make(chan struct{}, window),
		send:    send,
		pending: make(map[uint64][]Item[T]),
	}
}

// acquire takes a slot before receiving a batch. It returns false if the
// run is cancelled first.
func (o *reorder[T]) acquire(done <-chan struct{}) bool {
	select {
	case o.slots <- struct{}{}:
		return true
	case <-done:
		return false
	}
}

// release gives back a slot whose batch has been sent, or never came.
func (o *reorder[T]) release() { <-o.slots }

// commit hands over the outputs of batch seq, which may be empty. It
// returns false if the run was cancelled while sending.
func (o *reorder[T]) commit(m *meter, seq uint64, items []Item[T]) bool {
	o.mu.Lock()
	o.pending[seq] = items
	if o.emitting || o.broken {
		ok := !o.broken
		o.mu.Unlock()
		return ok
	}
	o.emitting = true
	for {
		b, ok := o.pending[o.next]
		if !ok {
			o.emitting = false
			o.mu.Unlock()
			return true
		}
		delete(o.pending, o.next)
		o.next++
		o.mu.Unlock()
		sent := o.send(m, b)
		o.release()
		o.mu.Lock()
		if !sent {
			o.broken = true
			o.mu.Unlock()
			return false
		}
	}
}
