package task

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Count returns how many tasks the reader's source holds, decoding none of
// them: a directory's task files, one for a task file, a challenges file's
// top-level keys, a JSON Lines file's non-blank lines. Bad tasks are
// counted too, so it is what a progress line may aim at, not a promise.
// It reports false for standard input, which can be read only once, and
// when the source cannot be read.
func (r *Reader) Count() (int, bool) {
	if r.stdin != nil {
		return 0, false
	}
	switch r.format {
	case FormatFile:
		return 1, true
	case FormatDir:
		entries, err := os.ReadDir(r.path)
		if err != nil {
			return 0, false
		}
		n := 0
		for _, e := range entries {
			if !e.IsDir() && strings.EqualFold(filepath.Ext(e.Name()), ".json") {
				n++
			}
		}
		return n, true
	}
	f, err := os.Open(r.path)
	if err != nil {
		return 0, false
	}
	defer f.Close()
	in := bufio.NewReaderSize(f, 64<<10)
	if r.format == FormatJSONL {
		return countLines(in)
	}
	return countKeys(in)
}

// countLines counts the lines of in that hold more than white space.
func countLines(in *bufio.Reader) (int, bool) {
	n, filled := 0, false
	for {
		c, err := in.ReadByte()
		if err == io.EOF {
			if filled {
				n++
			}
			return n, true
		}
		if err != nil {
			return 0, false
		}
		switch c {
		case '\n':
			if filled {
				n++
			}
			filled = false
		case ' ', '\t', '\r':
		default:
			filled = true
		}
	}
}

// countKeys counts the keys of the JSON object in: the colons at its top
// level, outside strings. It does not check that the JSON is valid.
func countKeys(in *bufio.Reader) (int, bool) {
	n, depth := 0, 0
	inString, escaped := false, false
	for {
		c, err := in.ReadByte()
		if err == io.EOF {
			return n, true
		}
		if err != nil {
			return 0, false
		}
		switch {
		case inString && escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case inString:
			inString = c != '"'
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			depth--
		case c == ':' && depth == 1:
			n++
		}
	}
}
