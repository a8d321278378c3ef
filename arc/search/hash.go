package search

import (
	"hash/maphash"
	"math/bits"
	"sync"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/internal/murmur"
)

// Hash is a structural hash of a value, consistent with dsl.Equal: equal
// values hash equal. It hashes what Python sees, not the Go form: every
// tuple (a Point, a Cell, a Grid, whose rows are tuples, or a Tuple) as the
// sequence of its elements' hashes, every frozenset as the unordered
// collection of its elements' hashes, so that a Grid and the tuple of its
// rows, or all the empty sets, hash alike; a bool as the int it stands
// for. Functions hash by identity. Grids, Indices and Objects are hashed
// from their cells without allocating.
//
// The hash is the same from run to run for every value but a function,
// whose hash depends on its address.
func Hash(v dsl.Value) uint64 {
	switch x := v.(type) {
	case int:
		return hashInt(x)
	case bool:
		if x {
			return hashInt(1)
		}
		return hashInt(0)
	case dsl.Point:
		return hashPoint(x.I, x.J)
	case dsl.Cell:
		return hashCell(x)
	case dsl.Grid:
		return hashGrid(x)
	case dsl.Tuple:
		if h, ok := hashSmallTuple(x); ok {
			return h
		}
		h := hashTupleStart
		for _, e := range x {
			h = hashStep(h, Hash(e))
		}
		return hashTupleEnd(h, len(x))
	case dsl.Indices:
		var sum uint64
		for _, p := range x {
			sum += hashPoint(p.I, p.J)
		}
		return hashSetEnd(sum, len(x))
	case dsl.Object:
		var sum uint64
		t := hashCells10()
		for _, c := range x {
			sum += hashCellIn(t, c)
		}
		return hashSetEnd(sum, len(x))
	case dsl.Set:
		var sum uint64
		for _, e := range x {
			sum += Hash(e)
		}
		return hashSetEnd(sum, len(x))
	case *dsl.Func:
		return murmur.Mix(maphash.Comparable(hashSeed, x) ^ hashTagFunc)
	case nil:
		return murmur.Mix(hashTagNil)
	}
	// Not a DSL value: hash its kind only, which is consistent if weak.
	return murmur.Mix(maphash.String(hashSeed, dsl.Kind(v)) ^ hashTagOther)
}

// hashSeed seeds the hash of function pointers; it is random per process,
// which is all in-memory deduplication needs.
var hashSeed = maphash.MakeSeed()

// Arbitrary odd constants that keep the families of values apart.
const (
	hashTagInt   = 0x243f6a8885a308d3
	hashTagTuple = 0x13198a2e03707345
	hashTagSet   = 0xa4093822299f31d1
	hashTagFunc  = 0x082efa98ec4e6c89
	hashTagNil   = 0x452821e638d01377
	hashTagOther = 0xbe5466cf34e90c6d
	hashTagSmall = 0x3f84d5b5b5470917 // starts a tuple of small ints
	hashTagVec   = 0xc0ac29b7c97c50dd // combines the hashes of an output vector
	hashPrime    = 0x9e3779b97f4a7c15
)

// hashTupleStart is the state of a tuple's hash before its first element.
const hashTupleStart uint64 = hashTagTuple

func hashInt(n int) uint64 {
	if n >= -128 && n < 128 {
		return hashCells[uint8(n)]
	}
	return hashIntMixed(n)
}

func hashIntMixed(n int) uint64 { return murmur.Mix(uint64(n) ^ hashTagInt) }

// hashCells caches hashInt for every value a grid cell can hold.
var hashCells = func() (t [256]uint64) {
	for b := range t {
		t[b] = hashIntMixed(int(int8(uint8(b))))
	}
	return t
}()

// hashPoints caches hashPoint for the locations of a 32×32 box, the sets
// of points enumeration hashes: three mixes a point otherwise.
var hashPoints = func() (t [32 * 32]uint64) {
	for k := range t {
		t[k] = hashPointMixed(k>>5, k&31)
	}
	return t
}()

// hashStep adds the next element's hash to a tuple's; the multiplication
// makes the result depend on the elements' order, the rotation carries its
// high bits back down. Each step is a bijection of h, so two tuples that
// differ in one element never collide.
func hashStep(h, e uint64) uint64 { return bits.RotateLeft64((h^e)*hashPrime, 29) }

func hashTupleEnd(h uint64, n int) uint64 { return murmur.Mix(h + uint64(n)) }

// hashSetEnd finishes the hash of a set from the sum of its elements' hashes,
// which does not depend on their order. Sets hold no repeats, so the sum
// loses nothing a product would keep.
func hashSetEnd(sum uint64, n int) uint64 {
	return murmur.Mix((sum ^ hashTagSet) + uint64(n)*hashPrime)
}

func hashPoint(i, j int) uint64 {
	if uint(i) < 32 && uint(j) < 32 {
		return hashPoints[i<<5|j]
	}
	return hashPointMixed(i, j)
}

func hashPointMixed(i, j int) uint64 {
	if isSmall(i) && isSmall(j) {
		return hashSmallRow([]int8{int8(i), int8(j)})
	}
	return hashTupleEnd(hashStep(hashStep(hashTupleStart, hashInt(i)), hashInt(j)), 2)
}

// hashCell is the hash of a cell, the tuple (colour, (i, j)).
func hashCell(c dsl.Cell) uint64 { return hashCellIn(hashCells10(), c) }

// hashCellIn is hashCell through the table t of hashCells10.
func hashCellIn(t *[10 << 10]uint64, c dsl.Cell) uint64 {
	if uint(c.C) < 10 && uint(c.I) < 32 && uint(c.J) < 32 {
		return t[c.C<<10|c.I<<5|c.J]
	}
	return hashCellMixed(c)
}

func hashCellMixed(c dsl.Cell) uint64 {
	h := hashStep(hashTupleStart, hashInt(c.C))
	return hashTupleEnd(hashStep(h, hashPoint(c.I, c.J)), 2)
}

// hashCells10 caches hashCell for the colours 0–9 in a 32×32 box, the
// cells of the objects enumeration hashes: a mix and two steps a cell
// otherwise. It is built on first use, not at start-up, where its 80 KB
// cost every arcflow process 0.18 ms.
var hashCells10 = sync.OnceValue(func() *[10 << 10]uint64 {
	t := new([10 << 10]uint64)
	for k := range t {
		t[k] = hashCellMixed(dsl.Cell{C: k >> 10, I: k >> 5 & 31, J: k & 31})
	}
	return t
})

// isSmall reports whether n fits an int8, the range of a grid's cells.
func isSmall(n int) bool { return n >= -128 && n < 128 }

// A tuple whose elements are all small ints (or bools, which Python
// counts as ints), a grid's row among them, is hashed eight elements at a
// time, their bytes packed into one word, rather than one step an
// element: a grid's hash was 6% of a real-size enumeration's CPU. Two
// equal tuples are either both small or both not, so each hashes alike
// whatever its Go form (a Grid's row, a Tuple, a Point).

// hashSmallRow hashes a grid row.
func hashSmallRow(r []int8) uint64 {
	h := uint64(hashTagSmall)
	n := len(r)
	for len(r) >= 8 {
		w := uint64(uint8(r[0])) | uint64(uint8(r[1]))<<8 | uint64(uint8(r[2]))<<16 | uint64(uint8(r[3]))<<24 |
			uint64(uint8(r[4]))<<32 | uint64(uint8(r[5]))<<40 | uint64(uint8(r[6]))<<48 | uint64(uint8(r[7]))<<56
		h = hashStep(h, w)
		r = r[8:]
	}
	if len(r) > 0 {
		var w uint64
		for k, c := range r {
			w |= uint64(uint8(c)) << (8 * k)
		}
		h = hashStep(h, w)
	}
	return hashTupleEnd(h, n)
}

// hashSmallTuple hashes t as hashSmallRow would its ints, and reports
// false, having hashed nothing, when an element is not a small int.
func hashSmallTuple(t dsl.Tuple) (uint64, bool) {
	h := uint64(hashTagSmall)
	var w uint64
	k := 0
	for _, e := range t {
		var n int
		switch x := e.(type) {
		case int:
			if !isSmall(x) {
				return 0, false
			}
			n = x
		case bool:
			if x {
				n = 1
			}
		default:
			return 0, false
		}
		w |= uint64(uint8(n)) << (8 * k)
		if k++; k == 8 {
			h, w, k = hashStep(h, w), 0, 0
		}
	}
	if k > 0 {
		h = hashStep(h, w)
	}
	return hashTupleEnd(h, len(t)), true
}

// hashGrid hashes a grid as the tuple of its rows, each the tuple of its
// cells: what hashing the rows one by one would give.
func hashGrid(g dsl.Grid) uint64 {
	h := hashTupleStart
	for i := 0; i < g.H; i++ {
		h = hashStep(h, hashSmallRow(g.Cells[i*g.W:(i+1)*g.W]))
	}
	return hashTupleEnd(h, g.H)
}

// HashValues combines the hashes of one value per input, in input order:
// equal vectors (by dsl.Equal, element by element) hash equal, so that it
// keys a program's behaviour on a task's inputs.
func HashValues(vs []dsl.Value) uint64 {
	h := uint64(hashTagVec)
	for _, v := range vs {
		h = hashStep(h, Hash(v))
	}
	return hashTupleEnd(h, len(vs))
}
