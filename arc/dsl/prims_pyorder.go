package dsl

// CPython's iteration order of frozensets.
//
// This package stores sets sorted, but arc-dsl's results sometimes depend
// on the order in which CPython iterates a frozenset: first, last, extract,
// argmax and argmin keep the first element they meet, order is a stable
// sort, totuple and merge of a tuple of sets list the elements, paint lets
// the cell painted last win a location. CPython iterates a set in the order
// of the slots of its hash table, which follows from the elements' hashes,
// from the order in which they were inserted (when they collide) and from
// how the table grew. This file emulates CPython 3.11 (64-bit): the hashes
// of ints, tuples and frozensets, the table's probing and growth, and the
// copy made by frozenset(a_set); pyOrderOf then gives a set's iteration
// order from an insertion sequence, and pyOrderIdx a value's.
//
// The insertion sequence of a set is not stored. By default it is taken to
// be the set's sorted order, inserted one by one into a fresh table, as
// frozenset(generator) does; that is exact for the sets that dsl.py builds
// in reading order (asindices, ofcolor, asobject, backdrop, connect, the
// objects of partition, …) and an approximation otherwise, right whenever
// the elements' first probe slots do not collide. A Set can carry a hint,
// a pyHint stored in the spare capacity of its slice just past its length
// (not part of the value: equality, membership and storage order ignore
// it), which gives its true insertion sequence: objects, partition and
// fgpartition attach one, and sfilter, colorfilter, sizefilter, difference,
// intersection, remove, apply and rapply pass one on from a hinted source.
// Sets above pyMaxEmulated elements are iterated in storage order.

import (
	"math/bits"
	"slices"
	"sync"
)

// ---------------------------------------------------------------------------
// Hashes.

const (
	pyXXPrime1 uint64 = 11400714785074694791
	pyXXPrime2 uint64 = 14029467366897019727
	pyXXPrime5 uint64 = 2870177450012600261
)

// pyHashInt is hash(k) for an int (see gridPyHash), with a fast path for
// the values whose hash is themselves.
func pyHashInt(k int) uint64 {
	if k >= -(1<<60) && k < 1<<60 && k != -1 {
		return uint64(k)
	}
	return gridPyHash(k)
}

// pyTupleLane mixes one element's hash into a tuple hash's accumulator,
// as CPython's tuplehash (the xxHash-based one of 3.8 and later) does.
func pyTupleLane(acc, lane uint64) uint64 {
	acc += lane * pyXXPrime2
	acc = bits.RotateLeft64(acc, 31)
	return acc * pyXXPrime1
}

// pyTupleEnd finishes a tuple hash of n elements.
func pyTupleEnd(acc uint64, n int) uint64 {
	acc += uint64(n) ^ (pyXXPrime5 ^ 3527539)
	if acc == ^uint64(0) {
		return 1546275796
	}
	return acc
}

// pyHashPoint is hash((i, j)).
func pyHashPoint(i, j int) uint64 {
	acc := pyTupleLane(pyXXPrime5, pyHashInt(i))
	return pyTupleEnd(pyTupleLane(acc, pyHashInt(j)), 2)
}

// pyHashCell is hash((c, (i, j))).
func pyHashCell(x Cell) uint64 {
	acc := pyTupleLane(pyXXPrime5, pyHashInt(x.C))
	return pyTupleEnd(pyTupleLane(acc, pyHashPoint(x.I, x.J)), 2)
}

// pyShuffleBits is setobject.c's _shuffle_bits.
func pyShuffleBits(h uint64) uint64 {
	return ((h ^ 89869747) ^ (h << 16)) * 3644798167
}

// pyFrozensetHash finishes the hash of a frozenset of n elements from the
// xor of pyShuffleBits of its elements' hashes: the table's empty and dummy
// slots cancel out, so only the elements count.
func pyFrozensetHash(x uint64, n int) uint64 {
	x ^= uint64(n+1) * 1927868237
	x ^= (x >> 11) ^ (x >> 25)
	x = x*69069 + 907133923
	if x == ^uint64(0) {
		return 590923713
	}
	return x
}

// pyHash is CPython's hash(v). Functions and None hash by address in
// CPython, which cannot be reproduced; they get a stable stand-in.
func pyHash(v Value) uint64 {
	switch x := v.(type) {
	case int:
		return pyHashInt(x)
	case bool:
		return uint64(b2i(x))
	case Point:
		return pyHashPoint(x.I, x.J)
	case Cell:
		return pyHashCell(x)
	case Grid:
		acc := pyXXPrime5
		for i := 0; i < x.H; i++ {
			r := pyXXPrime5
			for _, c := range x.Row(i) {
				r = pyTupleLane(r, pyHashInt(int(c)))
			}
			acc = pyTupleLane(acc, pyTupleEnd(r, x.W))
		}
		return pyTupleEnd(acc, x.H)
	case Tuple:
		acc := pyXXPrime5
		for _, e := range x {
			acc = pyTupleLane(acc, pyHash(e))
		}
		return pyTupleEnd(acc, len(x))
	case Indices:
		var h uint64
		for _, p := range x {
			h ^= pyShuffleBits(pyHashPoint(p.I, p.J))
		}
		return pyFrozensetHash(h, len(x))
	case Object:
		var h uint64
		for _, c := range x {
			h ^= pyShuffleBits(pyHashCell(c))
		}
		return pyFrozensetHash(h, len(x))
	case Set:
		var h uint64
		for _, e := range x {
			h ^= pyShuffleBits(pyHash(e))
		}
		return pyFrozensetHash(h, len(x))
	case *Func:
		return pyHashInt(int(x.id)) * pyXXPrime1
	}
	return 0x5f3759df // None and anything else
}

// pyHashes returns the hashes of a set's elements, in storage order.
func pyHashes(v Value) []uint64 {
	switch x := v.(type) {
	case Indices:
		out := make([]uint64, len(x))
		for k, p := range x {
			out[k] = pyHashPoint(p.I, p.J)
		}
		return out
	case Object:
		out := make([]uint64, len(x))
		for k, c := range x {
			out[k] = pyHashCell(c)
		}
		return out
	case Set:
		out := make([]uint64, len(x))
		for k, e := range x {
			out[k] = pyHash(e)
		}
		return out
	}
	return nil
}

// ---------------------------------------------------------------------------
// The set table.

// pySlot is one slot of an emulated set table: the element's position in
// the caller's list plus one (0 for an empty slot) and its hash.
type pySlot struct {
	hash uint64
	key  int32
}

// pyInsertClean puts a key in the first empty slot of its probe sequence:
// the slot of its hash, the next LINEAR_PROBES (9) slots when they fit
// before the end of the table, then the perturbed jump. With distinct keys
// and no deleted slots this is where set_add_entry puts a new key too.
func pyInsertClean(slots []pySlot, key int32, h uint64) {
	mask := uint64(len(slots) - 1)
	i := h & mask
	perturb := h
	for {
		if slots[i].key == 0 {
			slots[i] = pySlot{h, key}
			return
		}
		if i+9 <= mask {
			for j := i + 1; j <= i+9; j++ {
				if slots[j].key == 0 {
					slots[j] = pySlot{h, key}
					return
				}
			}
		}
		perturb >>= 5 // PERTURB_SHIFT
		i = (i*5 + 1 + perturb) & mask
	}
}

// pyTableSize is the size set_table_resize picks: the least power of two,
// at least 8, above minused.
func pyTableSize(minused int) int {
	size := 8
	for size <= minused {
		size <<= 1
	}
	return size
}

// pyTables holds the two tables an emulation alternates between while a
// set grows, reused across calls.
type pyTables struct {
	a, b   []pySlot
	hashes []uint64
	seen   []bool
}

var pyTablesPool = sync.Pool{New: func() any { return new(pyTables) }}

// fresh returns an empty table of the given size that is not cur.
func (t *pyTables) fresh(cur []pySlot, size int) []pySlot {
	buf := &t.a
	if len(cur) > 0 && cap(t.a) > 0 && &cur[0] == &t.a[:1][0] {
		buf = &t.b
	}
	if cap(*buf) < size {
		*buf = make([]pySlot, size, max(size, 64))
	}
	out := (*buf)[:size]
	clear(out)
	return out
}

// rehash moves the keys of slots, in slot order, into an empty table of
// the given size.
func (t *pyTables) rehash(slots []pySlot, size int) []pySlot {
	out := t.fresh(slots, size)
	for _, s := range slots {
		if s.key != 0 {
			pyInsertClean(out, s.key, s.hash)
		}
	}
	return out
}

// build adds the keys ins (positions into hashes; nil for 0, 1, …;
// repeats are ignored, as adding a present key changes nothing) one by one
// to an empty set, as set_add_entry does: the table starts with 8 slots
// and, once an insertion makes fill*5 ≥ mask*3, is rebuilt with
// pyTableSize(4·used) slots (2·used above 50000).
func (t *pyTables) build(ins []int32, hashes []uint64) []pySlot {
	slots := t.fresh(nil, 8)
	n := len(ins)
	if ins == nil {
		n = len(hashes)
	}
	var seen []bool
	if ins != nil && !pyDistinctRun(ins) {
		if cap(t.seen) < len(hashes) {
			t.seen = make([]bool, len(hashes))
		}
		seen = t.seen[:len(hashes)]
		clear(seen)
	}
	fill := 0
	for x := 0; x < n; x++ {
		k := int32(x)
		if ins != nil {
			k = ins[x]
		}
		if seen != nil {
			if seen[k] {
				continue
			}
			seen[k] = true
		}
		mask := len(slots) - 1
		pyInsertClean(slots, k+1, hashes[k])
		fill++
		if fill*5 >= mask*3 {
			minused := fill * 4
			if fill > 50000 {
				minused = fill * 2
			}
			slots = t.rehash(slots, pyTableSize(minused))
		}
	}
	return slots
}

// pyDistinctRun reports whether ins is 0, 1, …, len(ins)-1, which needs
// no check for repeats.
func pyDistinctRun(ins []int32) bool {
	for k, v := range ins {
		if int(v) != k {
			return false
		}
	}
	return true
}

// copyOf is the table of frozenset(s) for a set s (without deleted slots)
// of n elements in slots: set_merge into an empty table first resizes it to
// pyTableSize(2n) when n*5 ≥ 7*3, then copies the slots as they are when
// both tables have the same size, else re-inserts the keys in slot order.
func (t *pyTables) copyOf(slots []pySlot, n int) []pySlot {
	size := 8
	if n*5 >= 21 {
		size = pyTableSize(2 * n)
	}
	if size == len(slots) {
		return slots
	}
	return t.rehash(slots, size)
}

// pySlotOrder appends the keys of a table, in slot order, as positions.
func pySlotOrder(slots []pySlot, out []int32) []int32 {
	for _, s := range slots {
		if s.key != 0 {
			out = append(out, s.key-1)
		}
	}
	return out
}

// pySequence returns 0, 1, …, n-1.
func pySequence(n int) []int32 {
	out := make([]int32, n)
	for k := range out {
		out[k] = int32(k)
	}
	return out
}

// pyMaxEmulated bounds the sets whose order is emulated, so that a
// program's giant set cannot make the emulation's tables exhaust memory
// (their work is not charged to the budget); a larger set is iterated in
// storage order. ARC grids give sets of at most 900 cells.
const pyMaxEmulated = 1 << 18

// pyOrderOf returns the positions of the elements with these hashes in the
// order CPython iterates a set built by adding them in the order ins (nil:
// positions 0, 1, …), followed, if copied, by frozenset(that set).
func pyOrderOf(hashes []uint64, ins []int32, copied bool) []int32 {
	n := len(hashes)
	if n <= 1 && (ins == nil || len(ins) == n) || n > pyMaxEmulated {
		return pySequence(n)
	}
	t := pyTablesPool.Get().(*pyTables)
	defer pyTablesPool.Put(t)
	return t.orderOf(hashes, ins, copied, make([]int32, 0, n))
}

func (t *pyTables) orderOf(hashes []uint64, ins []int32, copied bool, out []int32) []int32 {
	slots := t.build(ins, hashes)
	if copied {
		slots = t.copyOf(slots, len(slots)-pyEmpty(slots))
	}
	return pySlotOrder(slots, out)
}

// pyEmpty counts a table's empty slots.
func pyEmpty(slots []pySlot) int {
	k := 0
	for _, s := range slots {
		if s.key == 0 {
			k++
		}
	}
	return k
}

// pyOrderOfSet is pyOrderOf for the elements of a set, added in storage
// order.
func pyOrderOfSet(v Value) []int32 {
	n := Len(v)
	if n <= 1 || n > pyMaxEmulated {
		return pySequence(n)
	}
	t := pyTablesPool.Get().(*pyTables)
	defer pyTablesPool.Put(t)
	if cap(t.hashes) < n {
		t.hashes = make([]uint64, n, max(n, 64))
	}
	hashes := t.hashes[:n]
	switch x := v.(type) {
	case Indices:
		for k, p := range x {
			hashes[k] = pyHashPoint(p.I, p.J)
		}
	case Object:
		for k, c := range x {
			hashes[k] = pyHashCell(c)
		}
	case Set:
		for k, e := range x {
			hashes[k] = pyHash(e)
		}
	}
	return t.orderOf(hashes, nil, false, make([]int32, 0, n))
}

// ---------------------------------------------------------------------------
// Hints: the known insertion sequence of a Set.

// pyHint describes how a Set was built, when that is known better than the
// default (its sorted order added one by one). It lives in the Set's
// backing array just past its length; see pyAttach.
type pyHint struct {
	n    int
	base *Value // &set[0], so that a re-slice of the set is not mistaken for it

	build pyBuildFunc

	once  sync.Once
	order []int32
}

// pyBuildFunc returns the insertion sequence of the Set s (positions in s,
// repeats allowed) and whether s was then copied by frozenset(a_set).
type pyBuildFunc func(s Set) (ins []int32, copied bool)

// pyAttach stores hint h in s's spare capacity (s must have one free slot
// past its length, else nothing is stored) and returns s.
func pyAttach(s Set, build pyBuildFunc) Set {
	n := len(s)
	if n < 2 || cap(s) <= n {
		return s
	}
	s[:n+1][n] = &pyHint{n: n, base: &s[0], build: build}
	return s
}

// pyHintOf returns the hint stored with s, or nil.
func pyHintOf(s Set) *pyHint {
	n := len(s)
	if n < 2 || cap(s) <= n {
		return nil
	}
	h, ok := s[:n+1][n].(*pyHint)
	if !ok || h.n != n || h.base != &s[0] {
		return nil
	}
	return h
}

// resolve computes, once, the iteration order of s.
func (h *pyHint) resolve(s Set) {
	h.once.Do(func() {
		ins, copied := h.build(s)
		h.order = pyOrderOf(pyHashes(s), ins, copied)
	})
}

// pyNewSet returns a Set with room for a hint: len n, capacity n+1.
func pyNewSet(n int) Set { return make(Set, n, n+1) }

// pyWithRoom returns a copy of s with room for a hint. (The spare capacity
// of a slice made elsewhere may be another value's memory.)
func pyWithRoom(s Set) Set {
	out := pyNewSet(len(s))
	copy(out, s)
	return out
}

// pyHintable returns src and out as Sets when src carries a hint and out,
// a set made from src's elements, has two elements or more to order by it.
func pyHintable(src, out Value) (s, t Set, ok bool) {
	if s, ok = src.(Set); !ok || pyHintOf(s) == nil {
		return nil, nil, false
	}
	if t, ok = out.(Set); !ok || len(t) < 2 {
		return nil, nil, false
	}
	return s, t, true
}

// pySubsetHint passes src's hint on to sub, a Set made of some of src's
// elements (all of them, possibly) by iterating src (sfilter, difference,
// remove, …): sub's insertion sequence is src's iteration order. It returns
// sub, or a copy of it that carries the hint.
func pySubsetHint(src Value, sub Value) Value {
	s, t, ok := pyHintable(src, sub)
	if !ok {
		return sub
	}
	return pyAttach(pyWithRoom(t), func(t Set) ([]int32, bool) {
		order := pyOrderIdx(s)
		// t is a sorted subsequence of s: map s's positions to t's.
		pos := make([]int32, len(s))
		j := 0
		for k := range s {
			pos[k] = -1
			if j < len(t) && Compare(s[k], t[j]) == 0 {
				pos[k] = int32(j)
				j++
			}
		}
		ins := make([]int32, 0, len(t))
		for _, k := range order {
			if pos[k] >= 0 {
				ins = append(ins, pos[k])
			}
		}
		return ins, false
	})
}

// pyMapHint passes src's hint on to the Set out = {f(e) for e in src}, as
// apply and rapply build it: mapped[k] is f of src's k-th element, kept
// (the caller's slice may be sorted in place later). It returns out,
// possibly copied to make room for the hint.
func pyMapHint(src Value, mapped []Value, out Value) Value {
	s, t, ok := pyHintable(src, out)
	if !ok || len(mapped) != len(s) {
		return out
	}
	return pyAttach(pyWithRoom(t), func(t Set) ([]int32, bool) {
		order := pyOrderIdx(s)
		ins := make([]int32, 0, len(order))
		for _, k := range order {
			j, found := slices.BinarySearchFunc(t, mapped[k], Compare)
			if found {
				ins = append(ins, int32(j))
			}
		}
		return ins, false
	})
}

// ---------------------------------------------------------------------------
// Iteration order.

// pyOrderIdx returns the storage positions of a set's elements (Indices,
// Object or Set) in CPython's iteration order; nil for other values.
func pyOrderIdx(v Value) []int32 {
	switch x := v.(type) {
	case Indices, Object:
		return pyOrderOfSet(x)
	case Set:
		if h := pyHintOf(x); h != nil {
			h.resolve(x)
			return h.order
		}
		return pyOrderOfSet(x)
	}
	return nil
}

// pyElems returns a container's elements in CPython's iteration order: a
// set's in its emulated hash order, a tuple's in order. The result may be
// shared with v; do not modify it.
func pyElems(op string, v Value) []Value {
	switch x := v.(type) {
	case Tuple:
		return x
	case Indices, Object, Set:
		return pyAppendElems(make([]Value, 0, Len(x)), x)
	}
	return contElems(op, v)
}

// pyAppendElems appends the elements of a set, in CPython's iteration
// order, to out.
func pyAppendElems(out []Value, v Value) []Value {
	if Len(v) <= 1 {
		switch s := v.(type) {
		case Indices:
			for _, p := range s {
				out = append(out, boxPoint(p))
			}
		case Object:
			for _, c := range s {
				out = append(out, boxCell(c))
			}
		case Set:
			out = append(out, s...)
		}
		return out
	}
	order := pyOrderIdx(v)
	switch s := v.(type) {
	case Indices:
		for _, i := range order {
			out = append(out, boxPoint(s[i]))
		}
	case Object:
		for _, i := range order {
			out = append(out, boxCell(s[i]))
		}
	case Set:
		for _, i := range order {
			out = append(out, s[i])
		}
	}
	return out
}

// pyFirst is next(iter(v)) for a non-empty set.
func pyFirst(v Value) Value {
	switch x := v.(type) {
	case Indices:
		if len(x) == 1 {
			return x[0]
		}
		return x[pyOrderIdx(x)[0]]
	case Object:
		if len(x) == 1 {
			return x[0]
		}
		return x[pyOrderIdx(x)[0]]
	case Set:
		if len(x) == 1 {
			return x[0]
		}
		return x[pyOrderIdx(x)[0]]
	}
	panic(typeError("first", v))
}

// pyLast is the last element CPython iterates in a non-empty set.
func pyLast(v Value) Value {
	switch x := v.(type) {
	case Indices:
		o := pyOrderIdx(x)
		return x[o[len(o)-1]]
	case Object:
		o := pyOrderIdx(x)
		return x[o[len(o)-1]]
	case Set:
		o := pyOrderIdx(x)
		return x[o[len(o)-1]]
	}
	panic(typeError("last", v))
}

// pyObjectFirstColor is the colour of the first cell CPython iterates in a
// non-empty object: next(iter(obj))[0]. Only a many-coloured object needs
// the emulation.
func pyObjectFirstColor(o Object) int {
	c := o[0].C
	for _, x := range o[1:] {
		if x.C != c {
			return o[pyOrderIdx(o)[0]].C
		}
	}
	return c
}

// pyShiftOrder returns the positions of obj's cells in the order CPython
// iterates shift(obj, (di, dj)): a new frozenset of the shifted cells,
// added in the order obj is iterated.
func pyShiftOrder(obj Object, di, dj int) []int32 {
	if di == 0 && dj == 0 {
		return pyOrderIdx(obj)
	}
	hashes := make([]uint64, len(obj))
	for k, c := range obj {
		hashes[k] = pyHashCell(Cell{I: c.I + di, J: c.J + dj, C: c.C})
	}
	return pyOrderOf(hashes, pyOrderIdx(obj), false)
}

// pyValueSetOrder returns the positions in keys (distinct values, in the
// order they were added to a set) in the order CPython iterates the set.
func pyValueSetOrder(keys []Value) []int32 {
	hashes := make([]uint64, len(keys))
	for k, v := range keys {
		hashes[k] = pyHash(v)
	}
	return pyOrderOf(hashes, nil, false)
}

// ---------------------------------------------------------------------------
// Recipes of objects, partition and fgpartition.

// pyIndexRanks caches, per grid shape, the position of each cell (i, j) in
// the iteration order of asindices(grid). Only shapes of ARC grids (at most
// pyRankCacheSide on a side) are kept, so that the cache cannot exceed
// about 0.9 MB however many shapes a long run meets; with shapes up to
// 64×64 it could reach 17 MB, growing as new shapes turned up.
var pyIndexRanks sync.Map // int (h<<16 | w) → []int32

// pyRankCacheSide is the largest side of a grid whose ranks are cached.
const pyRankCacheSide = 30

// pyAsindicesRank returns rank[i*w+j], the position of (i, j) in CPython's
// iteration of asindices of an h×w grid; nil for a grid too large to
// emulate.
func pyAsindicesRank(h, w int) []int32 {
	if h*w > pyMaxEmulated {
		return nil
	}
	key := h<<16 | w
	if r, ok := pyIndexRanks.Load(key); ok {
		return r.([]int32)
	}
	hashes := make([]uint64, h*w)
	for i := 0; i < h; i++ {
		for j := 0; j < w; j++ {
			hashes[i*w+j] = pyHashPoint(i, j)
		}
	}
	order := pyOrderOf(hashes, nil, false)
	rank := make([]int32, h*w)
	for r, k := range order {
		rank[k] = int32(r)
	}
	if h <= pyRankCacheSide && w <= pyRankCacheSide {
		pyIndexRanks.Store(key, rank)
	}
	return rank
}

// pyObjectsHint is the build of the Set returned by objects on an h×w
// grid: dsl.py scans asindices(grid) in its iteration order, adds each
// object to a set when it meets its first cell, and returns frozenset of
// that set.
func pyObjectsHint(h, w int) pyBuildFunc {
	return func(s Set) ([]int32, bool) {
		rank := pyAsindicesRank(h, w)
		if rank == nil {
			return nil, false
		}
		first := make([]int32, len(s))
		for k, v := range s {
			m := int32(h * w)
			for _, c := range v.(Object) {
				m = min(m, rank[c.I*w+c.J])
			}
			first[k] = m
		}
		ins := pySequence(len(s))
		slices.SortFunc(ins, func(a, b int32) int { return int(first[a]) - int(first[b]) })
		return ins, true
	}
}

// pyPaletteOrder returns the colours of g, skipping skip, in the order
// CPython iterates palette(g) (fg false) or palette(g) - {skip} (fg true).
func pyPaletteOrder(g Grid, fg bool, skip int) []int {
	// palette: {v for r in grid for v in r}, colours added as first met,
	// then frozenset of that set.
	var seen [256]bool
	var keys []Value
	for _, c := range g.Cells {
		if u := uint8(c); !seen[u] {
			seen[u] = true
			keys = append(keys, int(c))
		}
	}
	hashes := make([]uint64, len(keys))
	for k, v := range keys {
		hashes[k] = pyHashInt(v.(int))
	}
	order := pyOrderOf(hashes, nil, true)
	out := make([]int, 0, len(order))
	if fg && len(keys)>>2 <= 1 {
		// set_difference: a new set of the colours other than skip, added
		// in palette order. (With 8 colours or more it copies the palette
		// and deletes skip, which keeps the palette's order.)
		var rest []int32
		for _, k := range order {
			if keys[k].(int) != skip {
				rest = append(rest, k)
			}
		}
		order = pyOrderOf(hashes, rest, false)
	}
	for _, k := range order {
		if c := keys[k].(int); !fg || c != skip {
			out = append(out, c)
		}
	}
	return out
}

// pyPartitionHint is the build of the Set returned by partition (fg false)
// or fgpartition: frozenset(frozenset(…) for value in colours), the objects
// added in the palette's iteration order.
func pyPartitionHint(g Grid, fg bool, skip int) pyBuildFunc {
	return func(s Set) ([]int32, bool) {
		var pos [256]int32
		for k, v := range s {
			pos[uint8(int8(v.(Object)[0].C))] = int32(k)
		}
		colours := pyPaletteOrder(g, fg, skip)
		ins := make([]int32, len(colours))
		for k, c := range colours {
			ins[k] = pos[uint8(int8(c))]
		}
		return ins, false
	}
}
