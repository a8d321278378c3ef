package task

import (
	"bufio"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// spaces is an io.Reader of n spaces, to make a long line without
// holding it in memory.
type spaces struct{ n int }

func (s *spaces) Read(p []byte) (int, error) {
	if s.n == 0 {
		return 0, io.EOF
	}
	k := min(len(p), s.n)
	for i := range k {
		p[i] = ' '
	}
	s.n -= k
	return k, nil
}

const (
	lineT1 = `{"id": "t1", "train": [{"input": [[1]], "output": [[2]]}]}` + "\n"
	lineT2 = `{"id": "t2", "train": [{"input": [[3]], "output": [[4]]}]}` + "\n"
)

// TestLongLine: a line of JSON Lines over MaxLineBytes is a bad task on
// that line: with SkipBad it is counted and the lines after it are read;
// without, the stream ends with an error naming its line (issue 14, item
// 4). The old reader ended the stream with "token too long" either way.
func TestLongLine(t *testing.T) {
	input := func() io.Reader {
		return io.MultiReader(strings.NewReader(lineT1+`{"id": "big", "train": [`),
			&spaces{MaxLineBytes}, strings.NewReader("]}\n"+lineT2))
	}
	var reported []error
	r := NewJSONL("big.jsonl", input(), SkipBad(func(err error) { reported = append(reported, err) }))
	tasks, err := collect(t, r)
	if err != nil || len(tasks) != 2 || tasks[1].ID != "t2" || r.Skipped() != 1 {
		t.Fatalf("skip: %d tasks, err %v, skipped %d", len(tasks), err, r.Skipped())
	}
	if len(reported) != 1 || !strings.Contains(reported[0].Error(), "big.jsonl: line 2: line over 64 MiB") {
		t.Errorf("reported %v", reported)
	}

	tasks, err = collect(t, NewJSONL("big.jsonl", input()))
	if len(tasks) != 1 || err == nil || !strings.HasPrefix(err.Error(), "big.jsonl: line 2: line over 64 MiB") {
		t.Errorf("without skip: %d tasks, err %v", len(tasks), err)
	}
}

// TestLineReader: lines up to the limit are read whole, longer ones are
// skipped to their end, wherever they fall.
func TestLineReader(t *testing.T) {
	cases := []struct {
		name, in string
		want     []string // the lines, "LONG" for a line reported long
	}{
		{"empty", "", nil},
		{"at the limit", "abcd\nab\n", []string{"abcd\n", "ab\n"}},
		{"over the limit", "abcde\nab\n", []string{"LONG", "ab\n"}},
		{"crlf at the limit", "abc\r\nx", []string{"abc\r\n", "x"}},
		{"long last line", "ab\nabcdefgh", []string{"ab\n", "LONG"}},
		{"blank lines", "\n\nab", []string{"\n", "\n", "ab"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// A 16-byte buffer makes long lines arrive in pieces.
			l := lineReader{in: bufio.NewReaderSize(strings.NewReader(c.in), 16), max: 4}
			var got []string
			for {
				line, long, err := l.next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				if long {
					got = append(got, "LONG")
					continue
				}
				got = append(got, string(line))
			}
			if strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
	// Pieces smaller than the limit: a long line spans many reads.
	l := lineReader{in: bufio.NewReaderSize(strings.NewReader(strings.Repeat("x", 100)+"\nok\n"), 16), max: 40}
	if _, long, err := l.next(); !long || err != nil {
		t.Errorf("100 bytes over a limit of 40: long %v, %v", long, err)
	}
	if line, long, err := l.next(); string(line) != "ok\n" || long || err != nil {
		t.Errorf("after it: %q %v %v", line, long, err)
	}
}

// TestNullCells: a null where a grid's colour or row should be is an
// error naming the file, the place and the grid, in every format, where
// encoding/json read it as 0; a null that is not in a grid is what it was
// (issue 14, item 11).
func TestNullCells(t *testing.T) {
	const pair = `{"input": [[1]], "output": [[2]]}`
	cases := []struct {
		name string
		task string // a task object, as JSON
		want string // "" for accepted
	}{
		{"cell", `{"train": [{"input": [[1, null]], "output": [[1, 2]]}]}`, "train[0].input: row 0, column 1: null, not a colour 0..9"},
		{"first cell", `{"train": [{"input": [[null]], "output": [[1]]}]}`, "train[0].input: row 0, column 0: null"},
		{"cell of an output", `{"train": [` + pair + `, {"input": [[1]], "output": [[2], [null]]}]}`, "train[1].output: row 1, column 0: null"},
		{"cell of a test", `{"train": [` + pair + `], "test": [{"input": [[1, 2], [3, null]]}]}`, "test[0].input: row 1, column 1: null"},
		{"row", `{"train": [{"input": [[1], null], "output": [[1]]}]}`, "train[0].input: row 1: null, not a list of colours"},
		{"keys in another case", `{"Train": [{"INPUT": [[1, null]], "output": [[1, 2]]}]}`, "train[0].input: row 0, column 1: null"},
		{"unknown test output", `{"train": [` + pair + `], "test": [{"input": [[1]], "output": null}]}`, ""},
		{"null outside the grids", `{"train": [` + pair + `], "notes": [[null]], "test": [{"input": [[1]], "extra": [[null]]}]}`, ""},
	}
	check := func(t *testing.T, err error, want, place string) {
		t.Helper()
		switch {
		case want == "" && err != nil:
			t.Errorf("refused: %v", err)
		case want == "":
		case err == nil:
			t.Errorf("accepted, want %q", want)
		case !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), place):
			t.Errorf("error %q, want %q at %q", err, want, place)
		}
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			file := writeFile(t, dir, "x.json", "\n"+c.task)
			_, err := ReadFile(file)
			check(t, err, c.want, file+": line 2, column ")

			jsonl := writeFile(t, dir, "x.jsonl", lineT1+`{"id": "x", `+c.task[1:]+"\n")
			r, _ := Open(jsonl)
			_, err = collect(t, r)
			check(t, err, c.want, jsonl+": line 2, column ")

			ch := writeFile(t, dir, "x_challenges.json", `{"x": `+c.task+`}`)
			r, _ = Open(ch)
			_, err = collect(t, r)
			check(t, err, c.want, ch+": offset ")
		})
	}
	// The null's place: line 2, the column of the null.
	file := writeFile(t, t.TempDir(), "x.json", "{\n"+`"train": [{"input": [[1, null]], "output": [[1, 2]]}]}`)
	if _, err := ReadFile(file); err == nil || !strings.Contains(err.Error(), "line 2, column 26") {
		t.Errorf("place of the null: %v", err)
	}
	// In a solutions file.
	dir := t.TempDir()
	ch := writeFile(t, dir, "s_challenges.json", `{"aa": {"train": [`+pair+`], "test": [{"input": [[3]]}, {"input": [[4]]}]}}`)
	sol := writeFile(t, dir, "s_solutions.json", `{"aa": [[[5]], [[6, null]]]}`)
	r, _ := Open(ch)
	_, err := collect(t, r)
	check(t, err, "solution 1: row 0, column 1: null", sol+": offset 20")
}

// TestRepeatedID: a task whose id an earlier task of the stream has is a
// bad task, its error naming both places, in every format that can hold
// two; with SkipBad it is skipped and counted. A first task that was bad
// does not count (issue 14, item 11).
func TestRepeatedID(t *testing.T) {
	const other = `{"id": "t1", "train": [{"input": [[5]], "output": [[6]]}]}` + "\n"
	dir := t.TempDir()
	jsonl := writeFile(t, dir, "set.jsonl", lineT1+lineT2+other)
	r, _ := Open(jsonl)
	tasks, err := collect(t, r)
	if len(tasks) != 2 || !errors.Is(err, ErrRepeatedID) ||
		!strings.HasPrefix(err.Error(), jsonl+": line 3: task t1: repeated id: line 1 has a task with this id already") {
		t.Errorf("JSON Lines: %d tasks, %v", len(tasks), err)
	}
	r, _ = Open(jsonl, SkipBad(nil))
	if tasks, err := collect(t, r); len(tasks) != 2 || err != nil || r.Skipped() != 1 {
		t.Errorf("JSON Lines, skipping: %d tasks, %v, %d skipped", len(tasks), err, r.Skipped())
	}
	// Read again, the same reader starts afresh.
	if tasks, err := collect(t, r); len(tasks) != 2 || err != nil {
		t.Errorf("read again: %d tasks, %v", len(tasks), err)
	}

	// The first task with the id was bad: the second is the task.
	bad := `{"id": "t1", "train": []}` + "\n"
	r, _ = Open(writeFile(t, dir, "badfirst.jsonl", bad+lineT1), SkipBad(nil))
	if tasks, err := collect(t, r); len(tasks) != 1 || err != nil || r.Skipped() != 1 {
		t.Errorf("bad first: %d tasks, %v, %d skipped", len(tasks), err, r.Skipped())
	}

	ch := writeFile(t, dir, "x_challenges.json", `{"aa": {"train": [{"input": [[1]], "output": [[2]]}]},
"aa": {"train": [{"input": [[1]], "output": [[2]]}]}}`)
	r, _ = Open(ch)
	tasks, err = collect(t, r)
	if len(tasks) != 1 || !errors.Is(err, ErrRepeatedID) || !strings.Contains(err.Error(), ": task aa: repeated id: offset 5 has") {
		t.Errorf("challenges: %d tasks, %v", len(tasks), err)
	}

	sub := filepath.Join(dir, "d")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	a := writeFile(t, sub, "x.JSON", goodTask)
	b := writeFile(t, sub, "x.json", goodTask)
	r, _ = Open(sub)
	var errs []error
	n := 0
	for _, err := range r.Tasks() {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		n++
	}
	if n != 1 || len(errs) != 1 || !errors.Is(errs[0], ErrRepeatedID) || !strings.HasPrefix(errs[0].Error(), b+": task x: repeated id: "+a+" has") {
		t.Errorf("directory: %d tasks, errors %v", n, errs)
	}
}
