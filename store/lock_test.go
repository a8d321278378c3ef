package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestLock: a store's lock is held by one Lock at a time, even within a
// process; the one refused learns the holder's pid from the lock file; a
// released lock can be taken again, and WaitLock waits for it or for its
// context to end (issue 14, item 6).
func TestLock(t *testing.T) {
	cases := []struct {
		name string
		do   func(t *testing.T, dir string, held *Lock)
	}{
		{"a second lock is refused, naming the holder", func(t *testing.T, dir string, held *Lock) {
			l, err := TryLock(dir)
			var le *LockedError
			if !errors.As(err, &le) || l != nil {
				t.Fatalf("second lock: %v, %v", l, err)
			}
			if le.PID != os.Getpid() || le.Dir != dir {
				t.Errorf("holder %d of %s, want %d of %s", le.PID, le.Dir, os.Getpid(), dir)
			}
			for _, want := range []string{dir, "process " + strconv.Itoa(os.Getpid()), LockFile} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("%q does not say %q", err, want)
				}
			}
		}},
		{"an unlocked store can be locked again", func(t *testing.T, dir string, held *Lock) {
			if err := held.Unlock(); err != nil {
				t.Fatal(err)
			}
			if err := held.Unlock(); err != nil {
				t.Fatalf("second Unlock: %v", err)
			}
			if b, _ := os.ReadFile(filepath.Join(dir, LockFile)); len(b) != 0 {
				t.Errorf("lock file still says %q", b)
			}
			l, err := TryLock(dir)
			if err != nil {
				t.Fatal(err)
			}
			l.Unlock()
		}},
		{"WaitLock waits for the holder", func(t *testing.T, dir string, held *Lock) {
			time.AfterFunc(150*time.Millisecond, func() { held.Unlock() })
			told := -1
			start := time.Now()
			l, err := WaitLock(context.Background(), dir, 10*time.Millisecond, func(pid int) { told = pid })
			if err != nil {
				t.Fatal(err)
			}
			defer l.Unlock()
			if waited := time.Since(start); waited < 100*time.Millisecond || told != os.Getpid() {
				t.Errorf("waited %v, told of pid %d", waited, told)
			}
		}},
		{"WaitLock ends with its context", func(t *testing.T, dir string, held *Lock) {
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			defer cancel()
			l, err := WaitLock(ctx, dir, 10*time.Millisecond, nil)
			if l != nil || !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), dir) {
				t.Errorf("got %v, %v", l, err)
			}
		}},
		{"a holder's pid the file lacks is unknown", func(t *testing.T, dir string, held *Lock) {
			if err := os.WriteFile(filepath.Join(dir, LockFile), []byte("garbage"), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := TryLock(dir)
			var le *LockedError
			if !errors.As(err, &le) || le.PID != 0 || !strings.Contains(err.Error(), "another process") {
				t.Errorf("got %v", err)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "store")
			held, err := TryLock(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer held.Unlock()
			if b, _ := os.ReadFile(filepath.Join(dir, LockFile)); string(b) != strconv.Itoa(os.Getpid())+"\n" {
				t.Errorf("lock file says %q, not this pid", b)
			}
			c.do(t, dir, held)
		})
	}
}

// taskLinks returns the keys a task's solver directory links, with
// repeats.
func taskLinks(t *testing.T, dir, task string) []string {
	t.Helper()
	var keys []string
	err := filepath.WalkDir(filepath.Join(dir, "solver_dir", "solve_"+task), func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.Type()&fs.ModeSymlink != 0 {
			keys = append(keys, strings.TrimSuffix(d.Name(), ".py"))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// TestRacingWritersAreTrimmed: two writers that bypass the lock each
// count only their own links, so together they leave a task over its
// limit and a key linked twice (as two `arcflow run` did before the lock);
// the next save to the task trims it back, dropping the worst links and
// the worse link of the key, whatever that save does with its own program.
func TestRacingWritersAreTrimmed(t *testing.T) {
	const task, limit = "race", 4
	cases := []struct {
		name  string
		next  Program
		saved Saved
	}{
		{"the next save is stored", prog(task, "next", 900, 10), Stored},
		{"the next save is rejected", prog(task, "next", 1, 10), Rejected},
		{"the next save is present", prog(task, "p3", 300, 10), Present},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			a, err := Open(dir, limit)
			if err != nil {
				t.Fatal(err)
			}
			b, err := Open(dir, limit)
			if err != nil {
				t.Fatal(err)
			}
			// Both have read the task's directory before either writes.
			for _, s := range []*Store{a, b} {
				if _, err := s.Entries(Solvers, task); err != nil {
					t.Fatal(err)
				}
			}
			for i := range limit {
				if got, err := a.Save(Solvers, prog(task, fmt.Sprintf("p%d", i), 100*(i+1), 10)); got != Stored || err != nil {
					t.Fatalf("a: %v %v", got, err)
				}
			}
			for i := range limit - 1 {
				if got, err := b.Save(Solvers, prog(task, fmt.Sprintf("q%d", i), 150+100*i, 10)); got != Stored || err != nil {
					t.Fatalf("b: %v %v", got, err)
				}
			}
			// b stores a's best program again, faster: the same key twice.
			if got, err := b.Save(Solvers, prog(task, "p3", 400, 12)); got != Stored || err != nil {
				t.Fatalf("b: %v %v", got, err)
			}
			if n := len(taskLinks(t, dir, task)); n != 2*limit {
				t.Fatalf("the race left %d links, want %d", n, 2*limit)
			}

			next, err := Open(dir, limit)
			if err != nil {
				t.Fatal(err)
			}
			if got, err := next.Save(Solvers, c.next); got != c.saved || err != nil {
				t.Fatalf("next save: %v %v, want %v", got, err, c.saved)
			}
			links := taskLinks(t, dir, task)
			seen := map[string]bool{}
			for _, k := range links {
				if seen[k] {
					t.Errorf("key %s linked twice", k)
				}
				seen[k] = true
			}
			if len(links) != limit {
				t.Errorf("%d links after the next save, want %d", len(links), limit)
			}
			es, err := Open(dir, limit)
			if err != nil {
				t.Fatal(err)
			}
			got, err := es.Entries(Solvers, task)
			if err != nil {
				t.Fatal(err)
			}
			// The better link of p3 stays (score 400, bucket 12).
			kept := false
			for _, e := range got {
				if e.Key == key("p3") {
					kept = e.Score == 400 && e.Bucket == 12
				}
			}
			if !kept {
				t.Errorf("p3 not kept at 400/12: %+v", got)
			}
			probs, err := next.Check()
			if err != nil || len(probs) > 0 {
				t.Errorf("check: %v %v", probs, err)
			}
		})
	}
}
