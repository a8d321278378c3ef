package task

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const goodTask = `{"train": [{"input": [[1, 2], [3, 4]], "output": [[4, 3], [2, 1]]}],
 "test": [{"input": [[5, 6], [7, 8]], "output": [[8, 7], [6, 5]]}]}`

func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func collect(t *testing.T, r *Reader) ([]*Task, error) {
	t.Helper()
	var out []*Task
	for tk, err := range r.Tasks() {
		if err != nil {
			return out, err
		}
		out = append(out, tk)
	}
	return out, nil
}

func TestReadFile(t *testing.T) {
	p := writeFile(t, t.TempDir(), "abcd1234.json", goodTask)
	tk, err := ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if tk.ID != "abcd1234" || len(tk.Train) != 1 || len(tk.Test) != 1 {
		t.Fatalf("got %+v", tk)
	}
	if got := tk.Train[0].Output.String(); got != "43|21" {
		t.Errorf("train output %q", got)
	}
	if tk.Samples() != 2 || len(tk.Examples()) != 2 {
		t.Errorf("samples %d", tk.Samples())
	}
}

func TestBadTasks(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string // substrings of the error
	}{
		{"malformed", `{"train": [{"input": [[1, 2]`, []string{"bad.json", "task bad", "unexpected end"}},
		{"syntax", "{\"train\": [\n{\"input\": [[1,, 2]]}]}", []string{"line 2", "invalid character"}},
		{"ragged", `{"train": [{"input": [[1, 2], [3]], "output": [[1]]}]}`, []string{"train[0].input", "ragged", "row 1"}},
		{"value", `{"train": [{"input": [[1, 12]], "output": [[1]]}]}`, []string{"train[0].input", "row 0, column 1", "value 12 outside 0..9"}},
		{"negative", `{"train": [{"input": [[1]], "output": [[-1]]}]}`, []string{"train[0].output", "value -1"}},
		{"empty grid", `{"train": [{"input": [], "output": [[1]]}]}`, []string{"train[0].input", "empty grid"}},
		{"empty row", `{"train": [{"input": [[]], "output": [[1]]}]}`, []string{"empty grid"}},
		{"too big", `{"train": [{"input": [` + strings.Repeat("[1],", 30) + `[1]], "output": [[1]]}]}`, []string{"31x1", "over 30x30"}},
		{"too wide", `{"train": [{"input": [[` + strings.Repeat("1,", 30) + `1]], "output": [[1]]}]}`, []string{"1x31", "over 30x30"}},
		{"longer row", `{"train": [{"input": [[1], [2, 3]], "output": [[1]]}]}`, []string{"train[0].input", "ragged", "row 1 has 2 cells"}},
		{"no train", `{"train": [], "test": [{"input": [[1]]}]}`, []string{"no train pairs"}},
		{"no output", `{"train": [{"input": [[1]]}]}`, []string{"train[0]: no output"}},
		{"not int", `{"train": [{"input": [[1.5]], "output": [[1]]}]}`, []string{"expected an integer"}},
		{"bad test", `{"train": [{"input": [[1]], "output": [[1]]}], "test": [{"input": [[1, 2], [1]]}]}`, []string{"test[0].input", "ragged"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := writeFile(t, t.TempDir(), "bad.json", c.text)
			_, err := ReadFile(p)
			if err == nil {
				t.Fatal("no error")
			}
			var te *Error
			if !errors.As(err, &te) || te.File != p {
				t.Errorf("error %v does not name the file", err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestDirAndSkipBad(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "b.json", goodTask)
	writeFile(t, dir, "a.json", goodTask)
	writeFile(t, dir, "c.json", `{"train": []}`)
	writeFile(t, dir, "notes.txt", "ignored")

	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if r.Format() != FormatDir {
		t.Fatalf("format %v", r.Format())
	}
	tasks, err := collect(t, r)
	if err == nil || !strings.Contains(err.Error(), "c.json") {
		t.Fatalf("want error naming c.json, got %v", err)
	}
	if len(tasks) != 2 || tasks[0].ID != "a" || tasks[1].ID != "b" {
		t.Fatalf("tasks before the bad one: %d", len(tasks))
	}

	var reported []error
	r, _ = Open(dir, SkipBad(func(err error) { reported = append(reported, err) }))
	tasks, err = collect(t, r)
	if err != nil || len(tasks) != 2 || r.Skipped() != 1 || len(reported) != 1 {
		t.Fatalf("skip: %d tasks, err %v, skipped %d", len(tasks), err, r.Skipped())
	}
}

func TestJSONL(t *testing.T) {
	var buf bytes.Buffer
	src, err := Decode("x.json", "t1", []byte(goodTask))
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"t1", "t2"} {
		src.ID = id
		if err := WriteJSONL(&buf, src); err != nil {
			t.Fatal(err)
		}
	}
	buf.WriteString("\n{\"id\": \"t3\", \"train\": [{\"input\": [[1]], \"output\": [[10]]}]}\n")
	buf.WriteString("not json\n")
	buf.WriteString(`{"train": [{"input": [[1]], "output": [[1]]}]}` + "\n")

	r := NewJSONL("set.jsonl", bytes.NewReader(buf.Bytes()))
	tasks, err := collect(t, r)
	if len(tasks) != 2 || err == nil {
		t.Fatalf("%d tasks, err %v", len(tasks), err)
	}
	if want := "set.jsonl: line 4: task t3: train[0].output"; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %q, want prefix %q", err, want)
	}
	if !tasks[1].Test[0].Output.Equal(tasks[0].Test[0].Output) || tasks[1].ID != "t2" {
		t.Errorf("round trip lost data")
	}

	r = NewJSONL("set.jsonl", bytes.NewReader(buf.Bytes()), SkipBad(nil))
	tasks, err = collect(t, r)
	if err != nil || len(tasks) != 2 || r.Skipped() != 3 {
		t.Fatalf("skip: %d tasks, err %v, skipped %d", len(tasks), err, r.Skipped())
	}
}

func TestChallengesWithSolutions(t *testing.T) {
	dir := t.TempDir()
	ch := writeFile(t, dir, "arc-agi_test_challenges.json", `{
 "aa": {"train": [{"input": [[1]], "output": [[2]]}], "test": [{"input": [[3]]}, {"input": [[4]]}]},
 "bb": {"train": [{"input": [[5]], "output": [[6]]}], "test": [{"input": [[7]]}]},
 "cc": {"train": [{"input": [[5]], "output": [[6]]}], "test": [{"input": [[7]]}]}
}`)
	// Solutions in another order, and none for cc.
	writeFile(t, dir, "arc-agi_test_solutions.json", `{"bb": [[[8]]], "aa": [[[9]], [[0]]]}`)
	r, err := Open(ch)
	if err != nil {
		t.Fatal(err)
	}
	if r.Format() != FormatChallenges {
		t.Fatalf("format %v", r.Format())
	}
	tasks, err := collect(t, r)
	if err != nil {
		t.Fatal(err)
	}
	if len(tasks) != 3 {
		t.Fatalf("%d tasks", len(tasks))
	}
	if got := tasks[0].Test[1].Output.String(); tasks[0].ID != "aa" || got != "0" {
		t.Errorf("aa test[1] output %q", got)
	}
	if got := tasks[1].Test[0].Output.String(); got != "8" {
		t.Errorf("bb output %q", got)
	}
	if tasks[2].Test[0].Output != nil {
		t.Errorf("cc has an output it was never given")
	}
}

func TestChallengesErrors(t *testing.T) {
	dir := t.TempDir()
	ch := writeFile(t, dir, "x_challenges.json", `{
 "aa": {"train": [{"input": [[1]], "output": [[2]]}], "test": []},
 "bb": {"train": [{"input": [[1, 2], [3]], "output": [[6]]}], "test": []},
 "cc": {"train": [{"input": [[1]], "output": [[2]]}], "test": []},
 "dd": {"train": [{"input": [[1]], "output": [[2]]`)
	r, _ := Open(ch, SkipBad(nil))
	tasks, err := collect(t, r)
	if len(tasks) != 2 || r.Skipped() != 1 {
		t.Fatalf("%d tasks, %d skipped", len(tasks), r.Skipped())
	}
	if err == nil || !strings.Contains(err.Error(), "task dd") {
		t.Fatalf("truncated file: %v", err)
	}
	r, _ = Open(ch)
	_, err = collect(t, r)
	if err == nil || !strings.Contains(err.Error(), "task bb") || !strings.Contains(err.Error(), "offset") {
		t.Fatalf("bad task: %v", err)
	}
}

func TestOpenErrors(t *testing.T) {
	if _, err := Open(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("missing path: no error")
	}
	p := writeFile(t, t.TempDir(), "x.json", `[1, 2]`)
	if _, err := Open(p); err == nil || !strings.Contains(err.Error(), "x.json") {
		t.Errorf("not an object: %v", err)
	}
}

// TestDirReadsPastABadFile: a bad file in a directory is yielded as an
// error naming it, and the files after it are still read (issue 14, item
// 4); a consumer that stops at the error stops the reading.
func TestDirReadsPastABadFile(t *testing.T) {
	cases := []struct {
		name    string
		bad     string // the text of b.json
		wantErr string
	}{
		{"truncated", goodTask[:len(goodTask)/2], "b.json"},
		{"ragged", `{"train": [{"input": [[1, 2], [3]], "output": [[1]]}]}`, "b.json"},
		{"empty", "", "b.json"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, "a.json", goodTask)
			writeFile(t, dir, "b.json", c.bad)
			writeFile(t, dir, "c.json", goodTask)
			r, err := Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			var errs []error
			for tk, err := range r.Tasks() {
				if err != nil {
					errs = append(errs, err)
					continue
				}
				ids = append(ids, tk.ID)
			}
			if strings.Join(ids, ",") != "a,c" || len(errs) != 1 || !strings.Contains(errs[0].Error(), c.wantErr) {
				t.Errorf("tasks %v, errors %v; want a,c and one error naming %s", ids, errs, c.wantErr)
			}
			n := 0
			for _, err := range r.Tasks() {
				n++
				if err != nil {
					break
				}
			}
			if n != 2 {
				t.Errorf("a consumer that stops at the error got %d items, want 2", n)
			}
		})
	}
}
