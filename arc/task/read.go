package task

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Format is a layout of task data on disk.
type Format int

// The formats a Reader understands.
const (
	// FormatFile is one task per JSON file, the id being the file's name.
	FormatFile Format = iota
	// FormatDir is a directory of task files.
	FormatDir
	// FormatChallenges is ARC Prize's `*_challenges.json`: one object
	// mapping ids to tasks whose test pairs lack outputs, with the outputs
	// in an optional `*_solutions.json` beside it.
	FormatChallenges
	// FormatJSONL is one task object with an "id" per line.
	FormatJSONL
)

func (f Format) String() string {
	return [...]string{"task file", "directory", "challenges", "JSON Lines"}[f]
}

// Error is a bad task or a bad file. It names the file, the task (when its
// id is known) and the place inside it.
type Error struct {
	File  string // path, or "-" for standard input
	Task  string // task id, empty when unknown
	Place string // where in the file: "line 12, column 4", "offset 3301"
	Err   error
}

func (e *Error) Error() string {
	parts := []string{e.File}
	if e.Place != "" {
		parts = append(parts, e.Place)
	}
	if e.Task != "" {
		parts = append(parts, "task "+e.Task)
	}
	return strings.Join(append(parts, e.Err.Error()), ": ")
}

func (e *Error) Unwrap() error { return e.Err }

// Reader streams tasks from a path. Its zero value is not usable; call
// Open or NewJSONL.
type Reader struct {
	path      string
	format    Format
	solutions string    // the solutions file of a challenges file, if any
	stdin     io.Reader // for "-"
	skipBad   bool
	onSkip    func(error)
	skipped   int
	limits    *Limits // nil: DefaultLimits
	// seen maps each id the stream has given to where its task was, so
	// that a second task with the id is refused: two tasks with one id
	// would share one task directory of the store. A string or two per
	// task, reset by each Tasks.
	seen map[string]string
}

// Option configures a Reader.
type Option func(*Reader)

// SkipBad makes the reader skip a bad task, count it and go on, calling
// report (if not nil) with its error. An error that leaves the rest of a
// stream unreadable, such as broken JSON in a challenges file, still ends
// the stream.
func SkipBad(report func(error)) Option {
	return func(r *Reader) { r.skipBad, r.onSkip = true, report }
}

// WithSolutions sets the solutions file of a challenges file explicitly.
func WithSolutions(path string) Option {
	return func(r *Reader) { r.solutions = path }
}

// Open returns a reader for path, recognising its format: "-" is JSON
// Lines on standard input; a directory holds task files; a `.jsonl` or
// `.ndjson` file is JSON Lines; a JSON file whose first key is a task field
// is one task, otherwise it is a challenges file, with its solutions taken
// from the `_solutions.json` beside a `_challenges.json` when present.
func Open(path string, opts ...Option) (*Reader, error) {
	r := &Reader{path: path}
	for _, o := range opts {
		o(r)
	}
	if path == "-" {
		r.format, r.stdin = FormatJSONL, os.Stdin
		return r, nil
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	switch ext := strings.ToLower(filepath.Ext(path)); {
	case st.IsDir():
		r.format = FormatDir
	case ext == ".jsonl" || ext == ".ndjson":
		r.format = FormatJSONL
	default:
		single, err := looksLikeOneTask(path)
		if err != nil {
			return nil, err
		}
		if single {
			r.format = FormatFile
			break
		}
		r.format = FormatChallenges
		if r.solutions == "" && strings.HasSuffix(path, "_challenges.json") {
			sol := strings.TrimSuffix(path, "_challenges.json") + "_solutions.json"
			if _, err := os.Stat(sol); err == nil {
				r.solutions = sol
			}
		}
	}
	return r, nil
}

// NewJSONL returns a reader of JSON Lines from in, named name in errors.
func NewJSONL(name string, in io.Reader, opts ...Option) *Reader {
	r := &Reader{path: name, format: FormatJSONL, stdin: in}
	for _, o := range opts {
		o(r)
	}
	return r
}

// Format returns the format Open recognised.
func (r *Reader) Format() Format { return r.format }

// Skipped returns how many bad tasks SkipBad has skipped so far.
func (r *Reader) Skipped() int { return r.skipped }

// Tasks streams the tasks in file order (directories in name order). It
// stops at the first error unless SkipBad was given, in which case only
// errors that make the rest unreadable are yielded. In a directory, whose
// files are independent, the error of a bad file is yielded and the next
// file read: a consumer that goes on past it gets the other files' tasks.
// A task whose id an earlier task of the stream has is a bad task
// (ErrRepeatedID), whatever its content.
func (r *Reader) Tasks() iter.Seq2[*Task, error] {
	return func(yield func(*Task, error) bool) {
		r.seen = nil
		var err error
		switch r.format {
		case FormatFile:
			err = r.readFile(r.path, yield)
		case FormatDir:
			err = r.readDir(yield)
		case FormatChallenges:
			err = r.readChallenges(yield)
		case FormatJSONL:
			err = r.readJSONL(yield)
		}
		if err != nil && !errors.Is(err, errStop) {
			yield(nil, err)
		}
	}
}

// errStop reports that the consumer stopped the iteration.
var errStop = errors.New("stopped")

// ErrRepeatedID is wrapped by the error of a task whose id an earlier
// task of the same stream has.
var ErrRepeatedID = errors.New("repeated id")

// emit hands a task or a per-task error to the consumer, applying SkipBad.
// file and place say where the task is, for the error of a later task
// with its id.
func (r *Reader) emit(t *Task, err error, file, place string, yield func(*Task, error) bool) error {
	if err == nil {
		err = r.first(t, file, place)
	}
	if err != nil {
		if !r.skipBad {
			return err
		}
		r.skipped++
		if r.onSkip != nil {
			r.onSkip(err)
		}
		return nil
	}
	if !yield(t, nil) {
		return errStop
	}
	return nil
}

// first records where the task with t's id is, or refuses t if an earlier
// task of the stream has its id. Two tasks with one id would be merged
// into one task directory of the store, solvers of either linked as
// solvers of both; which of them is meant cannot be told, so the second is
// a bad task, whether or not it is the same as the first.
func (r *Reader) first(t *Task, file, place string) error {
	where := place
	if file != r.path {
		where = file // a directory's file
	}
	if before, ok := r.seen[t.ID]; ok {
		return &Error{File: file, Task: t.ID, Place: place,
			Err: fmt.Errorf("%w: %s has a task with this id already, and one id is one task of the store", ErrRepeatedID, before)}
	}
	if r.seen == nil {
		r.seen = map[string]string{}
	}
	r.seen[t.ID] = where
	return nil
}

func (r *Reader) readFile(path string, yield func(*Task, error) bool) error {
	t, err := ReadFile(path, WithLimits(r.taskLimits()))
	return r.emit(t, err, path, "", yield)
}

// ReadFile reads one task file; the task's id is the file's base name
// without its extension. Of the options, only WithLimits applies.
func ReadFile(path string, opts ...Option) (*Task, error) {
	buf := fileBufs.Get().(*[]byte)
	data, err := readAll(path, (*buf)[:0])
	defer func() {
		if cap(data) <= maxPooledFile {
			*buf = data[:0]
			fileBufs.Put(buf)
		}
	}()
	if err != nil {
		return nil, err
	}
	// Decode keeps nothing of data (its strings and grids are copies), so
	// the buffer can be read into again.
	return Decode(path, strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)), data, opts...)
}

// fileBufs holds buffers for ReadFile to read task files into. A fresh
// buffer per file, as os.ReadFile allocates, was 1.7 MB over the 400
// training files, each page of it a page fault in a process that has just
// started.
var fileBufs = sync.Pool{New: func() any { return new([]byte) }}

// maxPooledFile bounds the buffers kept in fileBufs: ARC's largest task
// files are about 40 kB, and a huge file's buffer should not stay.
const maxPooledFile = 1 << 20

// Decode decodes one task from JSON; name is the file it came from, for
// errors. Of the options, only WithLimits applies.
func Decode(name, id string, data []byte, opts ...Option) (*Task, error) {
	var j jsonTask
	if off, err := decodeTask(data, &j); err != nil {
		return nil, &Error{File: name, Task: id, Place: Place(data, off), Err: err}
	}
	t, err := j.build(id, limitsOf(opts))
	if err != nil {
		return nil, &Error{File: name, Task: id, Err: err}
	}
	return t, nil
}

func (r *Reader) readDir(yield func(*Task, error) bool) error {
	entries, err := os.ReadDir(r.path)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() || !strings.EqualFold(filepath.Ext(e.Name()), ".json") {
			continue
		}
		err := r.readFile(filepath.Join(r.path, e.Name()), yield)
		if errors.Is(err, errStop) {
			return err
		}
		// The files are independent: one that cannot be read leaves the
		// others readable.
		if err != nil && !yield(nil, err) {
			return errStop
		}
	}
	return nil
}

// decodeTask decodes one task object: with the fast decoder when it has
// the usual shape, else with encoding/json, and then refuses the nulls in
// its grids that encoding/json took for 0. On error, off is the offset in
// data of the problem, or -1 if it has none. j keeps what was decoded.
func decodeTask(data []byte, j *jsonTask) (off int64, err error) {
	if decodeFast(data, j) {
		return -1, nil
	}
	*j = jsonTask{}
	if err := json.Unmarshal(data, j); err != nil {
		return offsetOf(err), jsonProblem(err)
	}
	if err := taskNull(data); err != nil {
		return err.(*NullCellError).Offset, err
	}
	return -1, nil
}

// MaxLineBytes is the longest line of JSON Lines a reader takes: a task
// of ten 30×30 pairs is about 40 kB of JSON. A longer line is a bad task,
// skipped without being held in memory.
const MaxLineBytes = 64 << 20

// errLongLine is the problem of a line over MaxLineBytes.
var errLongLine = fmt.Errorf("line over %d MiB: not read", MaxLineBytes>>20)

// lineReader reads lines of at most max bytes, and skips longer ones.
type lineReader struct {
	in  *bufio.Reader
	max int
	buf []byte
}

// next returns the next line, its "\n" included, or reports it long if
// it has more than max bytes before its "\n", in which case it has been
// read to its end and none of it is kept. After the last line it returns
// io.EOF.
func (l *lineReader) next() (line []byte, long bool, err error) {
	// A buffer grown for a long line is not kept for the short ones
	// after it.
	if cap(l.buf) > 1<<20 {
		l.buf = nil
	}
	l.buf = l.buf[:0]
	read := false
	for {
		chunk, err := l.in.ReadSlice('\n')
		read = read || len(chunk) > 0
		if !long {
			l.buf = append(l.buf, chunk...)
			if n := len(bytes.TrimSuffix(l.buf, []byte{'\n'})); n > l.max {
				long, l.buf = true, l.buf[:0]
			}
		}
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF && !read:
			return nil, false, io.EOF
		case err != nil && err != io.EOF:
			return nil, false, err
		}
		if long {
			return nil, true, nil
		}
		return l.buf, false, nil
	}
}

func (r *Reader) readJSONL(yield func(*Task, error) bool) error {
	in := r.stdin
	if in == nil {
		f, err := os.Open(r.path)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	lines := lineReader{in: bufio.NewReaderSize(in, 64<<10), max: MaxLineBytes}
	for line := 1; ; line++ {
		raw, long, err := lines.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return &Error{File: r.path, Place: fmt.Sprintf("line %d", line), Err: err}
		}
		place := fmt.Sprintf("line %d", line)
		if long {
			if err := r.emit(nil, &Error{File: r.path, Place: place, Err: errLongLine}, r.path, place, yield); err != nil {
				return err
			}
			continue
		}
		text := bytes.TrimSpace(raw)
		if len(text) == 0 {
			continue
		}
		var j jsonTask
		var t *Task
		off, err := decodeTask(text, &j)
		switch {
		case err != nil:
			if off >= 0 {
				lead := len(raw) - len(bytes.TrimLeft(raw, " \t\r\n"))
				place = fmt.Sprintf("line %d, column %d", line, lead+int(off)+1)
			}
			err = &Error{File: r.path, Task: j.ID, Place: place, Err: err}
		case j.ID == "":
			err = &Error{File: r.path, Place: place, Err: errors.New(`no "id"`)}
		default:
			if t, err = j.build(j.ID, r.taskLimits()); err != nil {
				err = &Error{File: r.path, Task: j.ID, Place: place, Err: err}
			}
		}
		if err := r.emit(t, err, r.path, place, yield); err != nil {
			return err
		}
	}
}

// readChallenges decodes the challenges object one task at a time with a
// token decoder, so the whole file is never in memory.
func (r *Reader) readChallenges(yield func(*Task, error) bool) error {
	f, err := os.Open(r.path)
	if err != nil {
		return err
	}
	defer f.Close()
	var sol *solutionIndex
	if r.solutions != "" {
		if sol, err = indexSolutions(r.solutions); err != nil {
			return err
		}
		defer sol.close()
	}
	dec := json.NewDecoder(bufio.NewReaderSize(f, 64<<10))
	at := func() string { return fmt.Sprintf("offset %d", dec.InputOffset()) }
	if err := expectDelim(dec, '{'); err != nil {
		return &Error{File: r.path, Place: at(), Err: err}
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return &Error{File: r.path, Place: at(), Err: jsonProblem(err)}
		}
		id, _ := tok.(string)
		place := at()
		// The task's bytes first: broken JSON leaves the rest of the file
		// unreadable, a task that is well-formed JSON but no task does
		// not.
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return &Error{File: r.path, Task: id, Place: place, Err: jsonProblem(err)}
		}
		var j jsonTask
		if off, err := decodeTask(raw, &j); err != nil {
			if off >= 0 {
				place = fmt.Sprintf("offset %d", dec.InputOffset()-int64(len(raw))+off)
			}
			if err := r.emit(nil, &Error{File: r.path, Task: id, Place: place, Err: err}, r.path, place, yield); err != nil {
				return err
			}
			continue
		}
		t, err := j.build(id, r.taskLimits())
		if err == nil && sol != nil {
			err = sol.fill(t)
			if err == nil {
				err = r.taskLimits().Check(t) // the solutions add cells
			}
		}
		if err != nil {
			err = &Error{File: r.path, Task: id, Place: place, Err: err}
		}
		if err := r.emit(t, err, r.path, place, yield); err != nil {
			return err
		}
	}
	return nil
}

func expectDelim(dec *json.Decoder, d json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return jsonProblem(err)
	}
	if tok != d {
		return fmt.Errorf("expected %q, found %v", d, tok)
	}
	return nil
}

// solutionIndex knows where each task's solutions start in the solutions
// file, so that they can be read one task at a time whatever the order of
// the two files.
type solutionIndex struct {
	path string
	f    *os.File
	at   map[string][2]int64 // id → [start, end) of its value
}

func indexSolutions(path string) (*solutionIndex, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	s := &solutionIndex{path: path, f: f, at: map[string][2]int64{}}
	dec := json.NewDecoder(bufio.NewReaderSize(f, 64<<10))
	fail := func(err error) (*solutionIndex, error) {
		f.Close()
		return nil, &Error{File: path, Place: fmt.Sprintf("offset %d", dec.InputOffset()), Err: jsonProblem(err)}
	}
	if err := expectDelim(dec, '{'); err != nil {
		return fail(err)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fail(err)
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return fail(err)
		}
		end := dec.InputOffset()
		s.at[tok.(string)] = [2]int64{end - int64(len(raw)), end}
	}
	return s, nil
}

func (s *solutionIndex) close() { s.f.Close() }

// fill sets the outputs of t's test pairs from the solutions file.
func (s *solutionIndex) fill(t *Task) error {
	span, ok := s.at[t.ID]
	if !ok {
		return nil // unknown answers stay unknown
	}
	data := make([]byte, span[1]-span[0])
	if _, err := s.f.ReadAt(data, span[0]); err != nil {
		return fmt.Errorf("%s: offset %d: %w", s.path, span[0], err)
	}
	var grids [][][]int
	if err := json.Unmarshal(data, &grids); err != nil {
		return fmt.Errorf("%s: offset %d: %w", s.path, span[0], jsonProblem(err))
	}
	if err := solutionsNull(data); err != nil {
		return fmt.Errorf("%s: offset %d: %w", s.path, span[0]+err.(*NullCellError).Offset, err)
	}
	if len(grids) != len(t.Test) {
		return fmt.Errorf("%s: %d solutions for %d test inputs", s.path, len(grids), len(t.Test))
	}
	for k, rows := range grids {
		g, err := CheckedGrid(rows)
		if err != nil {
			return fmt.Errorf("%s: solution %d: %w", s.path, k, err)
		}
		t.Test[k].Output = g
	}
	return nil
}

// looksLikeOneTask peeks at the first key of a JSON file: a task file starts
// with one of a task's own fields, a challenges file with a task id.
func looksLikeOneTask(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	dec := json.NewDecoder(bufio.NewReader(f))
	if err := expectDelim(dec, '{'); err != nil {
		return false, &Error{File: path, Place: fmt.Sprintf("offset %d", dec.InputOffset()), Err: err}
	}
	if !dec.More() {
		return true, nil // "{}": read as one task, which then lacks train pairs
	}
	tok, err := dec.Token()
	if err != nil {
		return false, &Error{File: path, Place: fmt.Sprintf("offset %d", dec.InputOffset()), Err: jsonProblem(err)}
	}
	switch tok {
	case "train", "test", "id", "name":
		return true, nil
	}
	return false, nil
}

// jsonProblem rewords encoding/json's errors for people who write ARC
// files rather than Go.
func jsonProblem(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		field := te.Field
		if field == "" {
			field = "value"
		}
		return fmt.Errorf("%s: expected %s, found JSON %s", field, goTypeWord(te.Type.String()), te.Value)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return errors.New("unexpected end of JSON")
	}
	return err
}

func goTypeWord(t string) string {
	switch t {
	case "int":
		return "an integer"
	case "[]int", "[][]int":
		return "a list"
	case "string":
		return "a string"
	}
	if strings.HasPrefix(t, "[]") {
		return "a list"
	}
	return "an object"
}

// offsetOf returns the byte offset of a JSON error in its input, -1 if it
// has none.
func offsetOf(err error) int64 {
	var syn *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return syn.Offset
	case errors.As(err, &te):
		return te.Offset
	}
	return -1
}

// Place turns a byte offset into data into "line L, column C", or "" for
// an offset outside it.
func Place(data []byte, off int64) string {
	if off < 0 || off > int64(len(data)) {
		return ""
	}
	before := data[:off]
	line := bytes.Count(before, []byte{'\n'}) + 1
	col := int(off) - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("line %d, column %d", line, col)
}
