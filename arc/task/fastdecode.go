package task

import (
	"slices"
	"strings"

	"github.com/arcflow/arcflow/arc/grid"
)

// A task file is a few nested lists of small ints, which encoding/json
// decodes through reflection at about 40 MB/s: reading the 400 training
// tasks took 58 ms, most of a conformance pass. decodeFast parses the
// common, well-formed shape directly. It gives up, returning false, on
// anything unusual (an unknown or repeated key, a float, an escape, bad
// syntax), and the caller then decodes with encoding/json, which also
// produces the precise error messages. FuzzFastDecode checks that both
// agree whenever decodeFast succeeds.

type fastParser struct {
	data []byte
	pos  int
	// cells and ends are scratch for the grid being read: its cells, and
	// where in cells each row ends.
	cells []int
	ends  []int
}

// decodeFast decodes data into j when it has the plain shape of a task.
func decodeFast(data []byte, j *jsonTask) bool {
	p := fastParser{data: data}
	ok := p.task(j)
	p.space()
	return ok && p.pos == len(p.data)
}

func (p *fastParser) space() { p.pos = skipSpace(p.data, p.pos) }

// next skips white space and reports whether the next byte is c, consuming
// it if so.
func (p *fastParser) next(c byte) bool {
	p.space()
	if p.pos < len(p.data) && p.data[p.pos] == c {
		p.pos++
		return true
	}
	return false
}

// object calls field for each key of an object; field reports success.
func (p *fastParser) object(field func(key string) bool) bool {
	if !p.next('{') {
		return false
	}
	if p.next('}') {
		return true
	}
	var seen []string // a task object has a handful of keys
	for {
		k, ok := p.key()
		if !ok || slices.Contains(seen, k) {
			return false
		}
		seen = append(seen, k)
		if !field(k) {
			return false
		}
		if p.next('}') {
			return true
		}
		if !p.next(',') {
			return false
		}
	}
}

// list calls elem for each element of a list.
func (p *fastParser) list(elem func() bool) bool {
	if !p.next('[') {
		return false
	}
	if p.next(']') {
		return true
	}
	for {
		if !elem() {
			return false
		}
		if p.next(']') {
			return true
		}
		if !p.next(',') {
			return false
		}
	}
}

func (p *fastParser) int() (int, bool) {
	p.space()
	neg := false
	if p.pos < len(p.data) && p.data[p.pos] == '-' {
		neg = true
		p.pos++
	}
	start, n := p.pos, 0
	for p.pos < len(p.data) && p.data[p.pos] >= '0' && p.data[p.pos] <= '9' {
		n = n*10 + int(p.data[p.pos]-'0')
		p.pos++
		if p.pos-start > 9 {
			return 0, false // leave big numbers to encoding/json
		}
	}
	if p.pos == start || (p.data[start] == '0' && p.pos-start > 1) {
		return 0, false
	}
	if p.pos < len(p.data) {
		switch p.data[p.pos] {
		case '.', 'e', 'E':
			return 0, false
		}
	}
	if neg {
		n = -n
	}
	return n, true
}

// grid reads a grid's list of rows. ARC's cells are single digits: read
// cell by cell through list and int, a row to an allocation, the 400
// training tasks decoded in 10 ms (140 MB/s); read by row and cells, in
// 3.5 ms. A grid within ARC's limits (CheckedGrid's) is returned built,
// rows nil: building it from rows of ints took 5.6 MB more of short-lived
// memory over the training set, about 1,400 page faults of a fresh
// process's heap. Any other list of rows is returned as rows, for build to
// refuse with CheckedGrid's error.
func (p *fastParser) grid() (g *grid.Grid, rows [][]int, ok bool) {
	if !p.next('[') {
		return nil, nil, false
	}
	p.cells, p.ends = p.cells[:0], p.ends[:0]
	if !p.next(']') {
		for {
			if !p.row() {
				return nil, nil, false
			}
			p.ends = append(p.ends, len(p.cells))
			if p.next(']') {
				break
			}
			if !p.next(',') {
				return nil, nil, false
			}
		}
	}
	if g := p.checkedGrid(); g != nil {
		return g, nil, true
	}
	cells := make([]int, len(p.cells))
	copy(cells, p.cells)
	rows = make([][]int, len(p.ends)) // an empty list decodes as empty, not nil
	start := 0
	for k, end := range p.ends {
		// The capacity stops at the row's end, so that an append to one
		// row cannot write over the next.
		rows[k] = cells[start:end:end]
		start = end
	}
	return nil, rows, true
}

// checkedGrid returns the grid just read if CheckedGrid would accept its
// rows, else nil.
func (p *fastParser) checkedGrid() *grid.Grid {
	h := len(p.ends)
	if h == 0 || h > grid.MaxSide {
		return nil
	}
	w := p.ends[0]
	if w == 0 || w > grid.MaxSide || len(p.cells) != h*w {
		return nil
	}
	for k, end := range p.ends {
		if end != (k+1)*w {
			return nil
		}
	}
	cells := make([]int8, len(p.cells))
	for k, v := range p.cells {
		if v < 0 || v > 9 {
			return nil
		}
		cells[k] = int8(v)
	}
	return grid.New(h, w, cells)
}

// row reads one row of a grid onto p.cells.
func (p *fastParser) row() bool {
	if !p.next('[') {
		return false
	}
	if p.next(']') {
		return true
	}
	data, i, cells := p.data, p.pos, p.cells
	defer func() { p.cells = cells }()
	for {
		i = skipSpace(data, i)
		// The common cell: one digit, not the start of a longer number.
		if i+1 < len(data) && isDigit(data[i]) && !isDigit(data[i+1]) && !isFraction(data[i+1]) {
			cells = append(cells, int(data[i]-'0'))
			i++
		} else {
			p.pos = i
			v, ok := p.int()
			if !ok {
				return false
			}
			cells = append(cells, v)
			i = p.pos
		}
		i = skipSpace(data, i)
		if i >= len(data) {
			return false
		}
		switch data[i] {
		case ',':
			i++
		case ']':
			p.pos = i + 1
			return true
		default:
			return false
		}
	}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isFraction reports whether c, after an integer's digits, makes it a
// float, which the fast decoder leaves to encoding/json.
func isFraction(c byte) bool { return c == '.' || c == 'e' || c == 'E' }

// skipSpace returns the offset of the first byte at or after i that is
// not JSON white space.
func skipSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

func (p *fastParser) pairs() ([]jsonPair, bool) {
	pairs := []jsonPair{}
	ok := p.list(func() bool {
		var pr jsonPair
		ok := p.object(func(k string) bool {
			var ok bool
			switch k {
			case "input":
				pr.in, pr.Input, ok = p.grid()
			case "output":
				pr.out, pr.Output, ok = p.grid()
			default:
				ok = p.skipOther(k, "input", "output")
			}
			return ok
		})
		pairs = append(pairs, pr)
		return ok
	})
	return pairs, ok
}

func (p *fastParser) task(j *jsonTask) bool {
	return p.object(func(k string) bool {
		var ok bool
		switch k {
		case "train":
			j.Train, ok = p.pairs()
		case "test":
			j.Test, ok = p.pairs()
		case "id":
			j.ID, ok = p.str()
		default:
			ok = p.skipOther(k, "train", "test", "id")
		}
		return ok
	})
}

func (p *fastParser) str() (string, bool) {
	b, ok := p.rawStr()
	return string(b), ok
}

// rawStr reads a string without escapes or bytes outside printable ASCII,
// and returns its bytes, which alias p.data.
func (p *fastParser) rawStr() ([]byte, bool) {
	if !p.next('"') {
		return nil, false
	}
	start := p.pos
	for p.pos < len(p.data) && p.data[p.pos] != '"' {
		if c := p.data[p.pos]; c == '\\' || c < 0x20 || c >= 0x80 {
			return nil, false
		}
		p.pos++
	}
	if p.pos >= len(p.data) {
		return nil, false
	}
	p.pos++
	return p.data[start : p.pos-1], true
}

// key reads a plain object key and its colon. The keys of a task are
// returned without an allocation: there are about ten in a task.
func (p *fastParser) key() (string, bool) {
	b, ok := p.rawStr()
	if !ok || !p.next(':') {
		return "", false
	}
	switch string(b) {
	case "train":
		return "train", true
	case "test":
		return "test", true
	case "input":
		return "input", true
	case "output":
		return "output", true
	case "id":
		return "id", true
	}
	return string(b), true
}

// skipOther skips the value of a key that is none of fields, as
// encoding/json ignores it. Two of the 400 training tasks have a "name"
// beside their pairs, which sent them to encoding/json. It gives up on a
// key that matches one of fields but for case, which encoding/json would
// decode into the field, and on a value that is not a plain string.
func (p *fastParser) skipOther(k string, fields ...string) bool {
	for _, f := range fields {
		if strings.EqualFold(k, f) {
			return false
		}
	}
	_, ok := p.rawStr()
	return ok
}
