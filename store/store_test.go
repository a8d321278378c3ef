package store

import (
	"crypto/md5"
	"encoding/hex"
	"errors"
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

// TestOpenSweepsDeadWriters: the temporary files of a writer that was
// killed mid-write are removed by the next Open; those of a live process,
// which may be writes in flight, are not.
func TestOpenSweepsDeadWriters(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Save(Solvers, prog("t", "x", 1000, 10)); err != nil {
		t.Fatal(err)
	}
	dead := filepath.Join(dir, ".tmp", fmt.Sprintf(".tmp-%d-123", 1<<30)) // above any pid_max
	mine := filepath.Join(dir, ".tmp", tmpPrefix+"456")
	os.WriteFile(dead, []byte("def solve_"), 0o644)
	os.Symlink("../solver_md5/x.py", mine)
	if probs, _ := s.Check(); len(probs) != 2 {
		t.Fatalf("check before: %v", probs)
	}
	s, err = Open(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(dead); err == nil {
		t.Error("a dead writer's temporary file survived Open")
	}
	if _, err := os.Lstat(mine); err != nil {
		t.Error("Open removed a live writer's temporary file")
	}
	os.Remove(mine)
	if probs, err := s.Check(); err != nil || len(probs) != 0 {
		t.Errorf("check after: %v %v", probs, err)
	}
}

// TestCheckFindsWrongLinks: a link must resolve to the content file of its
// own name in its half of the store.
func TestCheckFindsWrongLinks(t *testing.T) {
	dir := t.TempDir()
	s, _ := Open(dir, 0)
	a, b := prog("t", "a", 1000, 10), prog("t", "b", 1000, 10)
	s.Save(Solvers, a)
	s.Save(Solvers, b)
	link := filepath.Join(dir, "solver_dir", "solve_t", "1000", "10", a.Key+".py")
	os.Remove(link)
	os.Symlink(filepath.Join("..", "..", "..", "..", "solver_md5", b.Key+".py"), link)
	probs, err := s.Check()
	if err != nil || len(probs) != 1 || !strings.Contains(probs[0].What, "not to its content file") {
		t.Errorf("check: %v %v", probs, err)
	}
}

// TestCacheIsBounded: a store that saves for many tasks keeps only the
// last few idle task directories in memory, and one dropped from memory is
// read back from disk with the same entries and the same limit.
func TestCacheIsBounded(t *testing.T) {
	s, _ := Open(t.TempDir(), 2)
	s.maxIdle = 4
	for i := range 40 {
		task := fmt.Sprintf("t%02d", i)
		for j := range 3 {
			if _, err := s.Save(Solvers, prog(task, fmt.Sprintf("%s-%d", task, j), 100*(j+1), 10)); err != nil {
				t.Fatal(err)
			}
		}
		if n := s.cachedTasks(); n > 4 {
			t.Fatalf("after %d tasks, %d cached", i+1, n)
		}
	}
	es, err := s.Entries(Solvers, "t00")
	if err != nil || len(es) != 2 || es[0].Score != 300 || es[1].Score != 200 {
		t.Fatalf("t00 read back: %+v %v", es, err)
	}
	if got, _ := s.Save(Solvers, prog("t00", "t00-worse", 50, 10)); got != Rejected {
		t.Errorf("a worse program for a full task read back: %v", got)
	}
	if got, _ := s.Save(Solvers, prog("t00", "t00-1", 200, 10)); got != Present {
		t.Errorf("a stored program for a task read back: %v", got)
	}
}

// TestCheckTaskID: the one rule for task ids refuses what cannot name a
// task directory, and Save refuses it with ErrInvalid before touching the
// disk.
func TestCheckTaskID(t *testing.T) {
	cases := []struct {
		id string
		ok bool
	}{
		{"007bbfb7", true},
		{"gen-00042_b", true},
		{"été", true},
		{strings.Repeat("a", MaxTaskIDLen), true},
		{strings.Repeat("a", MaxTaskIDLen+1), false},
		{strings.Repeat("a", 5000), false},
		{"", false},
		{".", false},
		{"..", false},
		{"../x", false},
		{`a\b`, false},
		{"a\x00b", false},
		{"a\nb", false},
		{"a\rb", false},
		{"\xff\xfe", false},
	}
	s, err := Open(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		err := CheckTaskID(c.id)
		if (err == nil) != c.ok {
			t.Errorf("CheckTaskID(%.20q…): %v, want ok %v", c.id, err, c.ok)
		}
		if err != nil && !errors.Is(err, ErrInvalid) {
			t.Errorf("CheckTaskID(%.20q…): %v does not wrap ErrInvalid", c.id, err)
		}
		if err != nil && len(err.Error()) > 200 {
			t.Errorf("CheckTaskID(%.20q…): an error of %d bytes", c.id, len(err.Error()))
		}
		_, serr := s.Save(Solvers, Program{Task: c.id, Key: key("x"), Text: "x"})
		if (serr == nil) != c.ok || serr != nil && !errors.Is(serr, ErrInvalid) {
			t.Errorf("Save for task %.20q…: %v, want ok %v or ErrInvalid", c.id, serr, c.ok)
		}
	}
}
