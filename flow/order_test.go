package flow

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"testing"
)

// TestReorder commits numbered batches from many goroutines in random
// order and checks that they go out in sequence.
func TestReorder(t *testing.T) {
	const batches = 500
	var mu sync.Mutex
	var sent []string
	o := newReorder(batches, func(_ *meter, b []Item[int]) bool {
		mu.Lock()
		defer mu.Unlock()
		for _, it := range b {
			sent = append(sent, it.ID)
		}
		return true
	})
	var wg sync.WaitGroup
	for _, seq := range rand.Perm(batches) {
		o.acquire(nil)
		wg.Go(func() {
			var b []Item[int]
			if seq%4 != 0 { // some batches have no outputs
				b = []Item[int]{{ID: strconv.Itoa(seq)}}
			}
			o.commit(nil, uint64(seq), b)
		})
	}
	wg.Wait()
	var want []string
	for seq := range batches {
		if seq%4 != 0 {
			want = append(want, strconv.Itoa(seq))
		}
	}
	if !slices.Equal(sent, want) {
		t.Errorf("sent %d batches out of order", len(sent))
	}
	if len(o.slots) != 0 || len(o.pending) != 0 {
		t.Errorf("%d slots and %d batches left over", len(o.slots), len(o.pending))
	}
}
