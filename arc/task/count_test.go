package task

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCount: each source counts its tasks without decoding them; standard
// input has no known count.
func TestCount(t *testing.T) {
	dir := t.TempDir()
	one := `{"train": [{"input": [[1]], "output": [[2]]}], "test": [{"input": [[1]]}]}`
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("tasks/a.json", one)
	write("tasks/b.JSON", one)
	write("tasks/c.json", "not even JSON") // counted: Count decodes nothing
	write("tasks/notes.txt", "x")
	os.Mkdir(filepath.Join(dir, "tasks", "sub.json"), 0o755)
	cases := []struct {
		name string
		path string
		n    int
		ok   bool
	}{
		{"directory", filepath.Join(dir, "tasks"), 3, true},
		{"task file", write("one.json", one), 1, true},
		{"challenges", write("x_challenges.json",
			`{"aa": `+one+`, "b\"b:{": `+one+`,`+"\n"+` "cc": {"train": [], "test": [{"input": [[0]], "note": "a:b}"}]}}`), 3, true},
		{"JSON Lines", write("t.jsonl", "{\"id\": \"a\"}\n\n  \r\n{\"id\": \"b\"}\r\n{\"id\": \"c\"}"), 3, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := Open(c.path)
			if err != nil {
				t.Fatal(err)
			}
			if n, ok := r.Count(); n != c.n || ok != c.ok {
				t.Errorf("Count() = %d, %v; want %d, %v", n, ok, c.n, c.ok)
			}
		})
	}
	if n, ok := NewJSONL("-", strings.NewReader(one)).Count(); ok {
		t.Errorf("stdin: Count() = %d, true; want no count", n)
	}
}
