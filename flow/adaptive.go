package flow

import (
	"log/slog"
	"time"
)

// Thresholds of the adaptive controller. A move costs the donor a worker
// for at least a tick, so the controller only moves one when the gap in
// utilization is wide and the taker is really short of workers.
const (
	adaptEvery = 50 * time.Millisecond
	adaptGap   = 0.25 // least utilization gap between taker and donor
	adaptBusy  = 0.6  // least utilization of the taker
)

// controller moves workers between nodes while a run goes on (Adaptive).
// Every node starts as many goroutines as it could ever be allowed, and
// the controller moves the limits (see node.admit).
type controller struct {
	r     *run
	nodes []*node
	spare int // budget not yet given to any node

	busy   []int64 // busy time of each node at the previous sample
	grant  []int64 // capacity of each node at the previous sample
	active []bool  // nodes still working
}

func newController(r *run, nodes []*node, budget int) *controller {
	c := &controller{
		r:      r,
		nodes:  nodes,
		spare:  budget,
		busy:   make([]int64, len(nodes)),
		grant:  make([]int64, len(nodes)),
		active: make([]bool, len(nodes)),
	}
	for i, n := range nodes {
		c.spare -= int(n.allowed.Load())
		c.active[i] = true
	}
	return c
}

func (c *controller) loop(stop <-chan struct{}) {
	t := time.NewTicker(adaptEvery)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			c.step()
		case <-stop:
			return
		}
	}
}

// step samples the utilization of every node over the last tick and moves
// at most one worker.
func (c *controller) step() {
	now := c.r.now()
	util := make([]float64, len(c.nodes))
	for i, n := range c.nodes {
		b, g := n.busyAt(now), n.capacityAt(now)
		if g > c.grant[i] {
			util[i] = float64(b-c.busy[i]) / float64(g-c.grant[i])
		}
		c.busy[i], c.grant[i] = b, g
		if c.active[i] && n.end.Load() != 0 {
			// A finished node's workers are free for the others.
			c.active[i] = false
			c.spare += int(n.allowed.Load())
		}
	}
	hi, lo := -1, -1
	for i, n := range c.nodes {
		if !c.active[i] {
			continue
		}
		k := int(n.allowed.Load())
		if k < len(n.meters) && (hi < 0 || util[i] > util[hi]) {
			hi = i
		}
		if k > 1 && (lo < 0 || util[i] < util[lo]) {
			lo = i
		}
	}
	if hi < 0 || util[hi] < adaptBusy {
		return
	}
	taker := c.nodes[hi]
	if c.spare > 0 {
		if taker.setAllowed(+1, now) {
			c.spare--
			c.logMove("", taker, util[hi])
		}
		return
	}
	if lo < 0 || lo == hi || util[hi]-util[lo] < adaptGap {
		return
	}
	donor := c.nodes[lo]
	if !donor.setAllowed(-1, now) {
		return
	}
	if !taker.setAllowed(+1, now) {
		c.spare++ // the taker ended meanwhile; keep the worker for later
		return
	}
	c.logMove(donor.name, taker, util[hi])
}

func (c *controller) logMove(from string, to *node, util float64) {
	c.r.log.LogAttrs(c.r.ctx, slog.LevelDebug, "flow: worker moved",
		slog.String("from", from), slog.String("to", to.name),
		slog.Int("workers", int(to.allowed.Load())), slog.Float64("utilization", util))
}
