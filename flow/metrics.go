package flow

import (
	"sync/atomic"
	"time"
)

// Metrics describes one source, stage or sink of a run. Times summed over
// workers (Busy, Starved, Blocked, Capacity) are worker time, not wall time:
// two workers busy for one second give a Busy of two seconds.
type Metrics struct {
	Stage   string `json:"stage"`
	Kind    string `json:"kind"`    // "source", "stage" or "sink"
	Workers int    `json:"workers"` // workers allowed to take items; moves under Adaptive
	// CPUBound says the node's workers compute while busy (see CPUBound).
	CPUBound bool `json:"cpu_bound,omitempty"`

	In     int64 `json:"in"`     // items received; zero for a source
	Out    int64 `json:"out"`    // items sent on, or for a sink, consumed without error
	Errors int64 `json:"errors"` // items that failed; see StageError

	// Wall is the time from the start of the run to the end of the node.
	Wall time.Duration `json:"wall_ns"`
	// Busy is the time workers spent on items, summed over workers. For a
	// source it is the time spent inside the iterator.
	Busy time.Duration `json:"busy_ns"`
	// Starved is the time workers waited for input, summed over workers.
	Starved time.Duration `json:"starved_ns"`
	// Blocked is the time workers waited for downstream to take their
	// output, summed over workers: back-pressure.
	Blocked time.Duration `json:"blocked_ns"`
	// Capacity is the worker time the node had: Wall × Workers, or under
	// Adaptive the integral of Workers over Wall.
	Capacity time.Duration `json:"capacity_ns"`
	// Utilization is Busy / Capacity: near 1 for a bottleneck.
	Utilization float64 `json:"utilization"`

	Queue    int64 `json:"queue"`     // items waiting in the node's input now
	MaxQueue int64 `json:"max_queue"` // the most that ever waited
}

// Worker states; a meter adds up the time spent in each.
const (
	idle    int32 = iota // not started, parked by Adaptive, or done
	busy                 // working on items
	starved              // waiting for input
	blocked              // waiting for downstream to take output
)

// meter is the account of one worker goroutine. Only its worker writes it;
// Run and the adaptive controller read it while it runs, so everything is
// atomic, and it is padded so that workers do not share cache lines.
type meter struct {
	spent [4]atomic.Int64 // ns spent in each state, for spans already closed
	state atomic.Int32
	since atomic.Int64 // start of the open span, ns since the run began

	in, out, errs atomic.Int64

	_ [64]byte
}

// enter closes the open span and opens one in state st at now.
func (m *meter) enter(st int32, now int64) {
	m.spent[m.state.Load()].Add(now - m.since.Load())
	m.since.Store(now)
	m.state.Store(st)
}

// total returns the time spent in st up to now, the open span included.
// Read while the worker switches state it may be off by that span, which
// the adaptive controller's sampling tolerates; once the worker is done it
// is exact.
func (m *meter) total(st int32, now int64) int64 {
	t := m.spent[st].Load()
	if m.state.Load() == st {
		t += now - m.since.Load()
	}
	return t
}

// busyAt is the busy time of all of n's workers up to now.
func (n *node) busyAt(now int64) int64 {
	var t int64
	for _, m := range n.meters {
		t += m.total(busy, now)
	}
	return t
}

// metrics returns n's numbers as of now, or as of its end if it has ended.
func (n *node) metrics(now int64) Metrics {
	if end := n.end.Load(); end != 0 && end < now {
		now = end
	}
	mt := Metrics{
		Stage:    n.name,
		Kind:     n.kind,
		Workers:  int(n.allowed.Load()),
		CPUBound: n.cpuBound,
		Wall:     time.Duration(now),
	}
	var b, s, k int64
	for _, m := range n.meters {
		mt.In += m.in.Load()
		mt.Out += m.out.Load()
		mt.Errors += m.errs.Load()
		b += m.total(busy, now)
		s += m.total(starved, now)
		k += m.total(blocked, now)
	}
	mt.Busy, mt.Starved, mt.Blocked = time.Duration(b), time.Duration(s), time.Duration(k)
	mt.Capacity = time.Duration(n.capacityAt(now))
	if mt.Capacity > 0 {
		mt.Utilization = float64(mt.Busy) / float64(mt.Capacity)
	}
	if n.queue != nil {
		mt.Queue, mt.MaxQueue = n.queue()
	}
	return mt
}
