package dsl

// Object extraction: dsl.py's objects, partition, fgpartition, occurrences
// and frontiers, which cut a grid into objects or find an object in it.

import (
	"cmp"
	"slices"
	"sync"
)

func init() {
	def4("objects", func(e *Env, g, univalued, diagonal, withoutBg Value) Value {
		return objObjects(e, gridNonEmpty("objects", g), boolArg(univalued), boolArg(diagonal), boolArg(withoutBg))
	})
	def1("partition", func(e *Env, g Value) Value { return objPartition(e, "partition", g, false) })
	def1("fgpartition", func(e *Env, g Value) Value { return objPartition(e, "fgpartition", g, true) })
	def2("occurrences", objOccurrences)
	def1("frontiers", objFrontiers)
}

// objScratch holds the per-call work arrays of objects and occurrences,
// reused across calls.
type objScratch struct {
	labels []int32
	stack  []int32
	ints   []int32
	colors []int8
}

var objScratchPool = sync.Pool{New: func() any { return new(objScratch) }}

func objGrow(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n, max(n, 2*cap(s)))
	}
	return s[:n]
}

// objObjects labels the connected components of the grid's cells (with 4
// or, if diagonal, 8 neighbours): cells of the start cell's colour when
// univalued, cells other than the background otherwise, skipping
// background cells when withoutBg. Python's flood fill finds exactly these
// components, whatever order it visits the cells in.
func objObjects(e *Env, g Grid, univalued, diagonal, withoutBg bool) Value {
	h, w := g.H, g.W
	hasBg, bg := false, int8(0)
	if withoutBg {
		hasBg, bg = true, int8(gridMostcolorOf(e, g)) // raises for a grid of width 0
	}
	n := h * w
	if n == 0 {
		return gridEmptySet
	}
	e.Charge(n)
	cells := g.Cells
	if !univalued && !hasBg {
		// Every cell qualifies and the grid is connected: one object.
		obj := make(Object, n)
		for k, v := range cells {
			obj[k] = Cell{I: k / w, J: k % w, C: int(v)}
		}
		return Set{obj}
	}
	// The grid is framed by a border of cells labelled -1, so neighbours
	// need no bounds checks; background cells are labelled -1 too. Labels
	// of objects start at 1; colours are copied into the same frame.
	s := objScratchPool.Get().(*objScratch)
	defer objScratchPool.Put(s)
	pw := w + 2
	pn := (h + 2) * pw
	labels := objGrow(s.labels, pn)
	s.labels = labels
	if cap(s.colors) < pn {
		s.colors = make([]int8, pn)
	}
	colors := s.colors[:pn]
	for k := 0; k < pw; k++ {
		labels[k], labels[pn-1-k] = -1, -1
	}
	for i := 0; i < h; i++ {
		row := (i + 1) * pw
		labels[row], labels[row+pw-1] = -1, -1
		src := cells[i*w : (i+1)*w]
		copy(colors[row+1:row+1+w], src)
		lab := labels[row+1 : row+1+w]
		for j, v := range src {
			if hasBg && v == bg {
				lab[j] = -1
			} else {
				lab[j] = 0
			}
		}
	}
	nbrs := [8]int{-pw, pw, -1, 1, -pw - 1, -pw + 1, pw - 1, pw + 1}
	nn := 4
	if diagonal {
		nn = 8
	}
	stack := s.stack[:0]
	sizes := s.ints[:0]
	total := 0
	for i := 0; i < h; i++ {
		for k := (i+1)*pw + 1; k < (i+1)*pw+1+w; k++ {
			if labels[k] != 0 {
				continue
			}
			val := colors[k]
			lab := int32(len(sizes) + 1)
			labels[k] = lab
			stack = append(stack[:0], int32(k))
			size := 0
			for len(stack) > 0 {
				c := int(stack[len(stack)-1])
				stack = stack[:len(stack)-1]
				size++
				for _, d := range nbrs[:nn] {
					nk := c + d
					if labels[nk] != 0 || univalued && colors[nk] != val {
						continue
					}
					labels[nk] = lab
					stack = append(stack, int32(nk))
				}
			}
			sizes = append(sizes, int32(size))
			total += size
		}
	}
	s.stack = stack
	s.ints = sizes
	if len(sizes) == 0 {
		return gridEmptySet
	}
	// Carve every object out of one array; a row-major scan fills each in
	// sorted order. sizes becomes each object's next free position.
	backing := make([]Cell, total)
	objs := make([]Object, len(sizes))
	off := 0
	for m, sz := range sizes {
		end := off + int(sz)
		objs[m] = backing[off:end:end]
		sizes[m] = int32(off)
		off = end
	}
	for i := 0; i < h; i++ {
		lab := labels[(i+1)*pw+1 : (i+1)*pw+1+w]
		for j, l := range lab {
			if l > 0 {
				p := &sizes[l-1]
				backing[*p] = Cell{I: i, J: j, C: int(cells[i*w+j])}
				*p++
			}
		}
	}
	return pyAttach(objSet(objs), pyObjectsHint(h, w))
}

// objSet returns distinct objects as a Set, sorted as Compare sorts them,
// with room for a hint (see pyAttach).
func objSet(objs []Object) Set {
	slices.SortFunc(objs, func(a, b Object) int {
		if c := cmp.Compare(len(a), len(b)); c != 0 {
			return c
		}
		return slices.CompareFunc(a, b, compareCells)
	})
	out := pyNewSet(len(objs))
	for k, o := range objs {
		out[k] = o
	}
	return out
}

// objPartition is partition, or fgpartition (fg) which leaves out the most
// common colour: one object per colour of the grid.
func objPartition(e *Env, op string, x Value, fg bool) Value {
	g, ok := gridOf(op, x)
	if !ok {
		if fg {
			panic(fail(op, "max() arg is an empty sequence")) // mostcolor(())
		}
		return gridEmptySet
	}
	skip := -1000
	if fg {
		skip = gridMostcolorOf(e, g)
	}
	e.Charge(len(g.Cells))
	var count [256]int32
	for _, c := range g.Cells {
		count[uint8(c)]++
	}
	// start[u] is the first position of colour u's object in backing.
	var start [256]int32
	total, nobj := 0, 0
	for v := -128; v < 128; v++ {
		u := uint8(int8(v))
		if count[u] == 0 || v == skip {
			continue
		}
		start[u] = int32(total)
		total += int(count[u])
		nobj++
	}
	if nobj == 0 {
		return gridEmptySet
	}
	backing := make([]Cell, total)
	next := start
	for k, c := range g.Cells {
		u := uint8(c)
		if int(c) == skip {
			continue
		}
		backing[next[u]] = Cell{I: k / g.W, J: k % g.W, C: int(c)}
		next[u]++
	}
	objs := make([]Object, 0, nobj)
	for v := -128; v < 128; v++ {
		u := uint8(int8(v))
		if count[u] == 0 || v == skip {
			continue
		}
		objs = append(objs, Object(backing[start[u]:next[u]:next[u]]))
	}
	// The objects are added in the order CPython iterates the palette.
	return pyAttach(objSet(objs), pyPartitionHint(g, fg, skip))
}

// objRun is a horizontal run of one colour in a normalized object.
type objRun struct {
	di, dj, n int
	c         int8
}

// objOccurrences is occurrences: the offsets at which the normalized object
// lies in the grid. Each of the object's rows is cut into runs of one
// colour; with the length of the run of equal cells starting at every grid
// cell precomputed, a run is checked in one step.
func objOccurrences(e *Env, x, objV Value) Value {
	obj, idx, isObj := gridPatch("occurrences", objV)
	g := gridNonEmpty("occurrences", x)
	h, w := g.H, g.W
	if !isObj && len(idx) == 0 {
		// Every offset of the (h+1)×(w+1) range matches the empty object.
		gridCharge(e, h+1, w+1)
		out := make(Indices, 0, (h+1)*(w+1))
		for i := 0; i <= h; i++ {
			for j := 0; j <= w; j++ {
				out = append(out, Point{i, j})
			}
		}
		return out
	}
	if !IsSet(objV) {
		return objOccurrencesTuple(e, g, objV, obj, idx, isObj)
	}
	top, left, bottom, right := patchBounds("occurrences", objV)
	h2, w2 := h-(bottom-top+1)+1, w-(right-left+1)+1
	if h2 <= 0 || w2 <= 0 {
		return gridEmptySet
	}
	if !isObj {
		// `for v, (a, b) in` a set of locations.
		panic(typeError("occurrences", objV))
	}
	runs := make([]objRun, 0, 8)
	long := false
	for k := 0; k < len(obj); {
		c := obj[k]
		if !fitsCell(c.C) {
			return gridEmptySet // no grid cell holds this colour
		}
		end := k + 1
		for end < len(obj) && obj[end].I == c.I && obj[end].J == obj[end-1].J+1 && obj[end].C == c.C {
			end++
		}
		runs = append(runs, objRun{di: c.I - top, dj: c.J - left, n: end - k, c: int8(c.C)})
		long = long || end-k > 1
		k = end
	}
	e.Charge(len(g.Cells) + len(runs))
	cells := g.Cells
	var s *objScratch
	var runLen []int32
	if long {
		// runLen[k]: how many cells from k rightwards in its row equal cell k.
		s = objScratchPool.Get().(*objScratch)
		defer objScratchPool.Put(s)
		runLen = objGrow(s.ints, len(cells))
		s.ints = runLen
		for i := 0; i < h; i++ {
			row := i * w
			runLen[row+w-1] = 1
			for j := w - 2; j >= 0; j-- {
				if cells[row+j] == cells[row+j+1] {
					runLen[row+j] = runLen[row+j+1] + 1
				} else {
					runLen[row+j] = 1
				}
			}
		}
	}
	var out Indices
	for i := 0; i < h2; i++ {
		checks := 0
		for j := 0; j < w2; j++ {
			base := i*w + j
			ok := true
			for _, r := range runs {
				checks++
				k := base + r.di*w + r.dj
				if cells[k] != r.c || (r.n > 1 && int(runLen[k]) < r.n) {
					ok = false
					break
				}
			}
			if ok {
				out = append(out, Point{i, j})
			}
		}
		e.Charge(checks)
	}
	if len(out) == 0 {
		return gridEmptySet
	}
	return out
}

// objFrontiers is frontiers: the rows and the columns of a single colour,
// each as an object.
func objFrontiers(e *Env, x Value) Value {
	g := gridNonEmpty("frontiers", x)
	h, w := g.H, g.W
	if w == 0 {
		return gridEmptySet
	}
	e.Charge(len(g.Cells))
	var objs []Value
	for i := 0; i < h; i++ {
		r := g.Row(i)
		uniform := true
		for _, v := range r {
			if v != r[0] {
				uniform = false
				break
			}
		}
		if uniform {
			o := make(Object, w)
			for j := range o {
				o[j] = Cell{I: i, J: j, C: int(r[0])}
			}
			objs = append(objs, o)
		}
	}
	for j := 0; j < w; j++ {
		c := g.Cells[j]
		uniform := true
		for i := 1; i < h; i++ {
			if g.Cells[i*w+j] != c {
				uniform = false
				break
			}
		}
		if uniform {
			o := make(Object, h)
			for i := range o {
				o[i] = Cell{I: i, J: j, C: int(c)}
			}
			objs = append(objs, o)
		}
	}
	if len(objs) == 0 {
		return gridEmptySet
	}
	return MakeSet(objs)
}

// objOccurrencesTuple is occurrences of a patch given as a non-empty tuple
// of cells or locations, whose shape in dsl.py is (len(patch), 2) rather
// than its bounding box, so that cells may fall outside the grid.
func objOccurrencesTuple(e *Env, g Grid, objV Value, obj Object, idx Indices, isObj bool) Value {
	h, w := g.H, g.W
	top, left := int(^uint(0)>>1), int(^uint(0)>>1)
	for _, c := range obj {
		top, left = min(top, c.I), min(left, c.J)
	}
	for _, p := range idx {
		top, left = min(top, p.I), min(left, p.J)
	}
	h2, w2 := h-Len(objV)+1, w-2+1
	if h2 <= 0 || w2 <= 0 {
		return gridEmptySet
	}
	if !isObj {
		panic(typeError("occurrences", objV))
	}
	var out Indices
	for i := 0; i < h2; i++ {
		e.Charge(w2 * len(obj))
		for j := 0; j < w2; j++ {
			ok := true
			for _, c := range obj {
				a, b := c.I-top+i, c.J-left+j
				if a < 0 || a >= h || b < 0 || b >= w || int(g.Cells[a*w+b]) != c.C {
					ok = false
					break
				}
			}
			if ok {
				out = append(out, Point{i, j})
			}
		}
	}
	if len(out) == 0 {
		return gridEmptySet
	}
	return out
}
