package task

import "slices"

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
	row  []int // scratch for the row being read
}

// decodeFast decodes data into j when it has the plain shape of a task.
func decodeFast(data []byte, j *jsonTask) bool {
	p := fastParser{data: data}
	ok := p.task(j)
	p.space()
	return ok && p.pos == len(p.data)
}

func (p *fastParser) space() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

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

func (p *fastParser) rows() ([][]int, bool) {
	rows := make([][]int, 0, 30) // an empty list decodes as empty, not nil
	ok := p.list(func() bool {
		p.row = p.row[:0]
		ok := p.list(func() bool {
			v, ok := p.int()
			p.row = append(p.row, v)
			return ok
		})
		rows = append(rows, append(make([]int, 0, len(p.row)), p.row...))
		return ok
	})
	return rows, ok
}

func (p *fastParser) pairs() ([]jsonPair, bool) {
	pairs := []jsonPair{}
	ok := p.list(func() bool {
		var pr jsonPair
		ok := p.object(func(k string) bool {
			var ok bool
			switch k {
			case "input":
				pr.Input, ok = p.rows()
			case "output":
				pr.Output, ok = p.rows()
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
		}
		return ok
	})
}

func (p *fastParser) str() (string, bool) {
	if !p.next('"') {
		return "", false
	}
	start := p.pos
	for p.pos < len(p.data) && p.data[p.pos] != '"' {
		if c := p.data[p.pos]; c == '\\' || c < 0x20 || c >= 0x80 {
			return "", false
		}
		p.pos++
	}
	if p.pos >= len(p.data) {
		return "", false
	}
	p.pos++
	return string(p.data[start : p.pos-1]), true
}

// key reads a plain object key and its colon.
func (p *fastParser) key() (string, bool) {
	k, ok := p.str()
	return k, ok && p.next(':')
}
