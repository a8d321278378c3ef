package store

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// FuzzStoreRead plants one entry of any name and kind in a task's
// directory (score and bucket directory names, a file name, and whether
// the entry is a link to its content file, a plain file, a directory or a
// link out of the store, at the file's level or the score's) and reads the
// store back: Entries, Read of any key, Check, then a Save to the task.
// None may panic; every entry listed has an md5 key, its task, the score
// and bucket its directories name and a path inside the store; nothing
// outside the store is read or written.
func FuzzStoreRead(f *testing.F) {
	const good = "0123456789abcdef0123456789abcdef"
	f.Add("1000", "10", good+".py", uint8(0), good)
	f.Fuzz(func(t *testing.T, score, bucket, file string, what uint8, key string) {
		for _, n := range []string{score, bucket, file} {
			if n == "" || n == "." || n == ".." || strings.ContainsAny(n, "/\x00") || len(n) > 200 {
				return // no one name of a directory entry
			}
		}
		root, outside := t.TempDir(), t.TempDir()
		const secretText = "not the store's"
		secret := filepath.Join(outside, "secret")
		if err := os.WriteFile(secret, []byte(secretText), 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := Open(root, 2)
		if err != nil {
			t.Fatal(err)
		}
		task := filepath.Join(root, "solver_dir", "solve_t")
		dir := filepath.Join(task, score, bucket)
		if what&4 != 0 { // the score directory is a link out of the store
			if err := os.MkdirAll(task, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(outside, filepath.Join(task, score)); err != nil {
				t.Fatal(err)
			}
		} else if err := os.MkdirAll(dir, 0o755); err != nil {
			return // a name the file system takes as no directory
		}
		entry := filepath.Join(dir, file)
		if what&4 == 0 {
			var err error
			switch what % 4 {
			case 0: // a link to the content file of its name
				content := filepath.Join(root, "solver_md5", file)
				if err = os.WriteFile(content, []byte("def solve_x(I):\n    return I\n"), 0o644); err == nil {
					rel, _ := filepath.Rel(dir, content)
					err = os.Symlink(rel, entry)
				}
			case 1:
				err = os.WriteFile(entry, nil, 0o644)
			case 2:
				err = os.Mkdir(entry, 0o755)
			case 3: // a link out of the store
				err = os.Symlink(secret, entry)
			}
			if err != nil {
				return
			}
		}

		es, err := s.Entries(Solvers, "t")
		if err == nil {
			for _, e := range es {
				if checkKey(e.Key) != nil || e.Task != "t" || e.Key+".py" != filepath.Base(e.Path) {
					t.Fatalf("entry %+v", e)
				}
				if rel, err := filepath.Rel(root, e.Path); err != nil || strings.HasPrefix(rel, "..") {
					t.Fatalf("entry outside the store: %+v", e)
				}
				bd := filepath.Dir(e.Path)
				if sc, err := strconv.Atoi(filepath.Base(filepath.Dir(bd))); err != nil || sc != e.Score {
					t.Fatalf("score %d in %s", e.Score, e.Path)
				}
				if b, err := strconv.Atoi(filepath.Base(bd)); err != nil || b != e.Bucket {
					t.Fatalf("bucket %d in %s", e.Bucket, e.Path)
				}
			}
		}
		for _, k := range []string{key, strings.TrimSuffix(file, ".py")} {
			text, err := s.Read(Solvers, k)
			if err == nil && (checkKey(k) != nil || text == secretText) {
				t.Fatalf("Read(%q) = %q", k, text)
			}
		}
		if _, err := s.Check(); err != nil && !os.IsNotExist(err) {
			t.Logf("check: %v", err)
		}
		if sc, err1 := strconv.Atoi(score); err1 == nil {
			if b, err2 := strconv.Atoi(bucket); err2 == nil {
				s.Save(Solvers, prog("t", "def solve_y(I):\n    return I\n", sc, b))
			}
		}
		des, err := os.ReadDir(outside)
		if err != nil || len(des) != 1 {
			t.Fatalf("the outside directory holds %d entries (%v)", len(des), err)
		}
		if b, _ := os.ReadFile(secret); string(b) != secretText {
			t.Fatalf("the outside file holds %q", b)
		}
	})
}
