package task

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// encoding/json decodes a null where an int is wanted as 0, so a grid
// written [[null, 1]] would be read as [[0, 1]]: a black cell nobody wrote.
// The fast decoder gives up on a null, so only what encoding/json decoded
// needs this second look, and only well-formed JSON reaches it.

// pathElem is one step from the root of a JSON value to one inside it: an
// object's key or an array's index.
type pathElem struct {
	key   string
	index int
	array bool
}

// NullCellError is a grid with a null where a row or a colour should be.
type NullCellError struct {
	Grid   string // "train[0].input", or "solution 1" in a solutions file
	Row    int
	Column int // -1 when the whole row is null
	Offset int64
}

func (e *NullCellError) Error() string {
	if e.Column < 0 {
		return fmt.Sprintf("%s: row %d: null, not a list of colours", e.Grid, e.Row)
	}
	return fmt.Sprintf("%s: row %d, column %d: null, not a colour 0..9", e.Grid, e.Row, e.Column)
}

// taskNull returns a *NullCellError for the first null row or cell of a
// grid in a task object's JSON, nil if there is none. It looks where
// encoding/json looks: in "train" and "test", "input" and "output", keys
// matched without regard to case.
func taskNull(data []byte) error {
	return findNull(data, func(p []pathElem) (string, int, int, bool) {
		if len(p) < 4 || len(p) > 5 || p[0].array || !p[1].array || p[2].array || !p[3].array ||
			!isKey(p[0].key, "train", "test") || !isKey(p[2].key, "input", "output") {
			return "", 0, 0, false
		}
		name := fmt.Sprintf("%s[%d].%s", strings.ToLower(p[0].key), p[1].index, strings.ToLower(p[2].key))
		if len(p) == 4 {
			return name, p[3].index, -1, true
		}
		return name, p[3].index, p[4].index, p[4].array
	})
}

// solutionsNull is taskNull for one task's value in a solutions file: a
// list of grids.
func solutionsNull(data []byte) error {
	return findNull(data, func(p []pathElem) (string, int, int, bool) {
		if len(p) < 2 || len(p) > 3 || !p[0].array || !p[1].array {
			return "", 0, 0, false
		}
		name := fmt.Sprintf("solution %d", p[0].index)
		if len(p) == 2 {
			return name, p[1].index, -1, true
		}
		return name, p[1].index, p[2].index, p[2].array
	})
}

// isKey reports whether key is one of names as encoding/json matches a
// field's name: without regard to case.
func isKey(key string, names ...string) bool {
	for _, n := range names {
		if strings.EqualFold(key, n) {
			return true
		}
	}
	return false
}

// findNull walks well-formed JSON and returns a *NullCellError for the
// first null that grid places in a grid: it gets the path to the null (the
// key or index of each container the null is in, outermost first) and
// returns the grid's name, the row and the column (-1 for a null row).
func findNull(data []byte, grid func(p []pathElem) (name string, row, col int, ok bool)) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var stack []pathElem // the containers the decoder is in, each at its current key or index
	wantKey := false     // the next string is an object's key
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil // the end, or JSON encoding/json has already refused
		}
		if s, ok := tok.(string); ok && wantKey {
			stack[len(stack)-1].key = s
			wantKey = false
			continue
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, pathElem{})
			wantKey = true
		case json.Delim('['):
			stack = append(stack, pathElem{array: true})
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			next(stack, &wantKey)
		case nil:
			if name, row, col, ok := grid(stack); ok {
				return &NullCellError{Grid: name, Row: row, Column: col, Offset: dec.InputOffset() - int64(len("null"))}
			}
			next(stack, &wantKey)
		default:
			next(stack, &wantKey)
		}
	}
}

// next moves past a value that has ended: an array goes on to its next
// index, an object to its next key.
func next(stack []pathElem, wantKey *bool) {
	if len(stack) == 0 {
		return
	}
	top := &stack[len(stack)-1]
	if top.array {
		top.index++
	} else {
		*wantKey = true
	}
}
