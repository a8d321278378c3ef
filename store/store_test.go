package store

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func key(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

func prog(task, text string, score, bucket int) Program {
	return Program{Task: task, Key: key(text), Text: text, Score: score, Bucket: bucket}
}

func TestBucket(t *testing.T) {
	cases := []struct {
		d    time.Duration
		want int
	}{
		{0, 10},
		{time.Second, 11},
		{3 * time.Second, 10},        // ln 3 = 1.09
		{100 * time.Second, 7},       // ln 100 = 4.6
		{time.Millisecond, 17},       // ln 0.001 = -6.9, truncated to -6
		{500 * time.Millisecond, 11}, // ln 0.5 = -0.69, truncated to 0
	}
	for _, c := range cases {
		if got := Bucket(c.d); got != c.want {
			t.Errorf("Bucket(%v) = %d, want %d", c.d, got, c.want)
		}
	}
}

func TestLayout(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	p := prog("007bbfb7", "def solve_x(I):\n    O = vmirror(I)\n    return O\n", 3000, 12)
	if got, err := s.Save(Solvers, p); err != nil || got != Stored {
		t.Fatalf("save: %v %v", got, err)
	}
	link := filepath.Join(dir, "solver_dir", "solve_007bbfb7", "3000", "12", p.Key+".py")
	target, err := os.Readlink(link)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join("..", "..", "..", "..", "solver_md5", p.Key+".py"); target != want {
		t.Errorf("link target %q, want %q", target, want)
	}
	if b, err := os.ReadFile(link); err != nil || string(b) != p.Text {
		t.Errorf("link reads %q, %v", b, err)
	}
	// The same program again, for the same task or another: one file.
	if got, _ := s.Save(Solvers, p); got != Present {
		t.Errorf("second save: %v", got)
	}
	p2 := p
	p2.Task = "other"
	if got, _ := s.Save(Solvers, p2); got != Stored {
		t.Errorf("other task: %v", got)
	}
	files, _ := os.ReadDir(filepath.Join(dir, "solver_md5"))
	if len(files) != 1 {
		t.Errorf("%d content files, want 1", len(files))
	}
	// Differs live apart.
	if _, err := s.Save(Differs, p); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "differ_dir", "solve_007bbfb7", "3000", "12", p.Key+".py")); err != nil {
		t.Error(err)
	}
	if probs, err := s.Check(); err != nil || len(probs) != 0 {
		t.Errorf("check: %v %v", probs, err)
	}
}

func TestEviction(t *testing.T) {
	s, _ := Open(t.TempDir(), 3)
	save := func(text string, score, bucket int) Saved {
		t.Helper()
		got, err := s.Save(Solvers, prog("t", text, score, bucket))
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	save("a", 100, 10)
	save("b", 200, 10)
	save("c", 100, 12)
	if got := save("d", 50, 20); got != Rejected {
		t.Errorf("a worse newcomer: %v", got)
	}
	if got := save("e", 100, 9); got != Rejected {
		t.Errorf("same score, slower: %v", got)
	}
	// Same score and bucket as the worst (a): it gives way.
	if got := save("f", 100, 10); got != Stored {
		t.Errorf("tie: %v", got)
	}
	es, _ := s.Entries(Solvers, "t")
	var keys []string
	for _, e := range es {
		keys = append(keys, fmt.Sprintf("%d/%d", e.Score, e.Bucket))
	}
	if got := strings.Join(keys, " "); got != "200/10 100/12 100/10" || es[2].Key != key("f") {
		t.Errorf("entries %s (last %s)", got, es[2].Key)
	}
	if got := save("g", 300, 1); got != Stored {
		t.Errorf("better: %v", got)
	}
	es, _ = s.Entries(Solvers, "t")
	if len(es) != 3 || es[0].Score != 300 || es[2].Score != 100 || es[2].Bucket != 12 {
		t.Errorf("after eviction: %+v", es)
	}
}

func TestConcurrentSaves(t *testing.T) {
	dir := t.TempDir()
	s, _ := Open(dir, 8)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				task := fmt.Sprintf("t%d", i%3)
				text := fmt.Sprintf("p%d", (i*7+w)%40)
				if _, err := s.Save(Solvers, prog(task, text, i*10%170, w)); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	for _, task := range []string{"t0", "t1", "t2"} {
		es, err := s.Entries(Solvers, task)
		if err != nil || len(es) == 0 || len(es) > 8 {
			t.Errorf("%s: %d entries, %v", task, len(es), err)
		}
		seen := map[string]bool{}
		for _, e := range es {
			if seen[e.Key] {
				t.Errorf("%s links %s twice", task, e.Key)
			}
			seen[e.Key] = true
		}
	}
	if probs, err := s.Check(); err != nil || len(probs) != 0 {
		t.Errorf("check: %v %v", probs, err)
	}
	tasks, _ := s.Tasks(Solvers)
	if len(tasks) != 3 {
		t.Errorf("tasks %v", tasks)
	}
}

func TestBadInput(t *testing.T) {
	s, _ := Open(t.TempDir(), 0)
	if _, err := s.Save(Solvers, Program{Task: "t", Key: "nothex", Text: "x"}); err == nil {
		t.Error("bad key accepted")
	}
	if _, err := s.Save(Solvers, Program{Task: "../x", Key: key("x"), Text: "x"}); err == nil {
		t.Error("task with a slash accepted")
	}
	if _, err := s.Read(Solvers, "../../etc/passwd"); err == nil {
		t.Error("read outside the store")
	}
}
