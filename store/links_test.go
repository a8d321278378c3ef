package store

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestPlantedLinks: a symbolic link planted in the store where its layout
// has a directory, a content file or the lock file is refused with a
// *LinkError naming it, and nothing is written or read through it: the
// directory it points to is left as it was (issue 14, item 11). Before,
// Save made its directories with os.MkdirAll and Read opened the content
// file, both following links out of the store.
func TestPlantedLinks(t *testing.T) {
	p := prog("t", "def solve_x(I):\n    O = vmirror(I)\n    return O\n", 1000, 10)
	cases := []struct {
		name  string
		plant string // the link, relative to the store; it points to the outside directory
		file  bool   // it points to the outside directory's file instead
		// what is refused: "open" (Open itself), "lock", else Save and
		// Entries of task t, and with "read" also Read of p's key
		refused string
	}{
		{"content directory", "solver_md5", false, "open"},
		{"link directory", "differ_dir", false, "open"},
		{"temporary directory", ".tmp", false, "open"},
		{"task directory", "solver_dir/solve_t", false, "save"},
		{"score directory", "solver_dir/solve_t/1000", false, "save"},
		{"bucket directory", "solver_dir/solve_t/1000/10", false, "save"},
		{"content file", "solver_md5/" + p.Key + ".py", true, "read"},
		{"lock file", LockFile, true, "lock"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir, outside := t.TempDir(), t.TempDir()
			secret := filepath.Join(outside, "secret")
			if err := os.WriteFile(secret, []byte("not the store's"), 0o644); err != nil {
				t.Fatal(err)
			}
			if c.refused != "open" && c.refused != "lock" {
				if _, err := Open(dir, 0); err != nil {
					t.Fatal(err)
				}
			}
			link := filepath.Join(dir, c.plant)
			if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
				t.Fatal(err)
			}
			target := outside
			if c.file {
				target = secret
			}
			if err := os.Symlink(target, link); err != nil {
				t.Fatal(err)
			}
			refused := func(what string, err error) {
				t.Helper()
				var le *LinkError
				if !errors.As(err, &le) || le.Path != link {
					t.Errorf("%s: %v, want a *LinkError naming %s", what, err, link)
				}
			}

			switch c.refused {
			case "open":
				_, err := Open(dir, 0)
				refused("Open", err)
			case "lock":
				l, err := TryLock(dir)
				refused("TryLock", err)
				l.Unlock()
			default:
				s, err := Open(dir, 0)
				if err != nil {
					t.Fatal(err)
				}
				_, err = s.Save(Solvers, p)
				refused("Save", err)
				if c.refused == "read" {
					_, err := s.Read(Solvers, p.Key)
					refused("Read", err)
					if s.Has(Solvers, p.Key) {
						t.Error("Has takes the link for a program")
					}
					break
				}
				s, _ = Open(dir, 0) // no cached entries
				_, err = s.Entries(Solvers, "t")
				refused("Entries", err)
				if c.plant == "solver_dir/solve_t" {
					_, err = s.Tasks(Solvers)
					refused("Tasks", err)
				}
			}

			des, err := os.ReadDir(outside)
			if err != nil || len(des) != 1 {
				t.Errorf("the outside directory now holds %d entries (%v)", len(des), err)
			}
			if b, _ := os.ReadFile(secret); string(b) != "not the store's" {
				t.Errorf("the outside file now holds %q", b)
			}
		})
	}
}

// TestLinksOfTheLayoutStillWork: the store's own links, a store reached
// through a link to its root, and a user's own link with a name outside
// the layout, are what they were.
func TestLinksOfTheLayoutStillWork(t *testing.T) {
	real := t.TempDir()
	root := filepath.Join(t.TempDir(), "store")
	if err := os.Symlink(real, root); err != nil {
		t.Fatal(err)
	}
	s, err := Open(root, 0)
	if err != nil {
		t.Fatal(err)
	}
	p := prog("t", "def solve_x(I):\n    O = vmirror(I)\n    return O\n", 1000, 10)
	if got, err := s.Save(Solvers, p); got != Stored || err != nil {
		t.Fatalf("save: %v %v", got, err)
	}
	if err := os.Symlink(t.TempDir(), filepath.Join(root, "solver_dir", "solve_t", "notes")); err != nil {
		t.Fatal(err)
	}
	s, _ = Open(root, 0)
	es, err := s.Entries(Solvers, "t")
	if err != nil || len(es) != 1 {
		t.Fatalf("entries: %v %v", es, err)
	}
	if text, err := s.Read(Solvers, p.Key); err != nil || text != p.Text {
		t.Errorf("read: %q %v", text, err)
	}
	if got, err := s.Save(Solvers, prog("t", "other", 1000, 10)); got != Stored || err != nil {
		t.Errorf("second save: %v %v", got, err)
	}
}
