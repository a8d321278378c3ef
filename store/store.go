// Package store keeps validated programs on disk in the layout of the
// Python tool that arcflow replaces, so that its users' scripts keep
// working:
//
//	solver_md5/<md5>.py                                the program
//	solver_dir/solve_<task>/<score>/<bucket>/<md5>.py  relative symlink to it
//	differ_md5/, differ_dir/                           the same for differs
//
// <md5> is the md5 of the program's canonical (inlined) text; the file holds
// the program expanded to numbered lines (see program.Expand):
//
//	def solve_<md5>(I):
//	    x1 = vmirror(I)
//	    O = hconcat(I, x1)
//	    return O
//
// <score> is the program's total score on the task (1000 per exact sample,
// plus partial credit) and <bucket> its speed class (see Bucket). Each task
// directory holds at most Limit programs: the worst — lowest score, then
// lowest bucket, then oldest — gives way to a better newcomer.
//
// Every write is a temporary file in .tmp/ renamed into place, and a link
// is made only after its content file exists, so a process killed at any
// point leaves no partial file and no dangling link (files are not
// fsynced: a power cut may lose recent programs); content files are never
// removed, only links. The temporary files a killed process leaves in
// .tmp/ are removed by the next Open. Store is safe for concurrent use
// within a process; a process that writes a store holds its lock
// (TryLock, WaitLock), so that no other process writes it meanwhile.
//
// The store follows no symbolic link but its own program links: a link
// found where the layout has a directory, a content file or the lock file
// (planted there, or left by a tool) is refused with a *LinkError, never
// written or read through, since it could lead out of the store.
package store

import (
	"container/list"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"
)

// Kind selects the solver or the differ half of the store.
type Kind int

// The two halves of the store.
const (
	Solvers Kind = iota
	Differs
)

// String is the kind's name, "solver" or "differ", as traces and the
// work queue's results give it.
func (k Kind) String() string {
	if k == Differs {
		return "differ"
	}
	return "solver"
}

// FuncName is the name of a stored program's function: solve_<key> for a
// solver, differ_<key> for a differ, as the Python tool wrote them.
func (k Kind) FuncName(key string) string {
	if k == Differs {
		return "differ_" + key
	}
	return "solve_" + key
}

func (k Kind) dirs() (content, links string) {
	if k == Differs {
		return "differ_md5", "differ_dir"
	}
	return "solver_md5", "solver_dir"
}

// DefaultLimit is the number of programs kept per task, as in the Python
// tool.
const DefaultLimit = 32

// tmpDir is where writes are prepared before they are renamed into place.
const tmpDir = ".tmp"

// DefaultCachedTasks is how many task directories a Store keeps in memory
// once no save or listing is using them.
const DefaultCachedTasks = 256

// Store is a directory of programs.
type Store struct {
	root  string
	limit int
	mu    sync.Mutex            // guards tasks and idle
	tasks map[string]*taskState // task directories in use or cached
	idle  *list.List            // keys of the cached tasks not in use, most recently used first
	// maxIdle bounds idle: a run over thousands of tasks touches each
	// task's directory while the task is in the pipeline, and keeps in
	// memory only the last few it finished with.
	maxIdle int
}

// taskState is one task directory: its lock and its cached entries.
// Reading the directory tree on every save made saving the slowest stage,
// so the entries are read once and kept while the task is in use. Other
// processes' writes to the same task are not seen: a writer holds the
// store's lock, and Save trims what writers that bypass it leave.
type taskState struct {
	mu      sync.Mutex // serialises the task's check-then-evict; guards entries and loaded
	entries []Entry
	loaded  bool
	users   int           // holders of mu and waiters for it; guarded by Store.mu
	elem    *list.Element // the task's place in Store.idle while users == 0
}

// Open creates (if needed) and opens a store rooted at dir, keeping at
// most limit programs per task (DefaultLimit if limit ≤ 0). It removes the
// temporary files that writers killed mid-write left behind.
func Open(dir string, limit int) (*Store, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	for _, k := range []Kind{Solvers, Differs} {
		c, l := k.dirs()
		for _, d := range []string{c, l} {
			if _, err := mkdirs(dir, d); err != nil {
				return nil, err
			}
		}
	}
	if _, err := mkdirs(dir, tmpDir); err != nil {
		return nil, err
	}
	if err := sweepTemps(filepath.Join(dir, tmpDir)); err != nil {
		return nil, err
	}
	return &Store{root: dir, limit: limit, tasks: map[string]*taskState{}, idle: list.New(), maxIdle: DefaultCachedTasks}, nil
}

// tmpPrefix starts the name of every temporary file of this process:
// .tmp-<pid>-, so that Open can tell those of dead processes.
var tmpPrefix = ".tmp-" + strconv.Itoa(os.Getpid()) + "-"

// sweepTemps removes the temporary files in dir whose writer is no longer
// running. Those of live processes, this one included, are left alone:
// they may be writes in flight.
func sweepTemps(dir string) error {
	des, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	for _, d := range des {
		rest, ok := strings.CutPrefix(d.Name(), ".tmp-")
		if !ok {
			continue
		}
		pidText, _, _ := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidText)
		if err != nil || pid <= 0 || processAlive(pid) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, d.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("store: %w", err)
		}
	}
	return nil
}

// Root returns the store's directory.
func (s *Store) Root() string { return s.root }

// Bucket is the Python store's speed class of a run that took d:
// 11 - int(ln(seconds)), with Python's int truncating toward zero, and 10
// for a time too short to measure. Faster programs get larger numbers.
func Bucket(d time.Duration) int {
	sec := d.Seconds()
	if sec <= 0 {
		return 10
	}
	return 11 - int(math.Log(sec))
}

// ExactScore is a program's score on one sample it answers exactly, the
// most a sample can give (search.Exact).
const ExactScore = 1000

// MaxSamples is the number of samples assumed of a task whose samples are
// not known, to bound its score: ARC-AGI-1's training tasks have at most
// 12 samples, and 64 leaves room for other task sets.
const MaxSamples = 64

// MaxScore is the highest total score of a task whose samples are not
// known: ExactScore on each of MaxSamples samples. A score beyond it
// comes from a forged or damaged entry.
const MaxScore = ExactScore * MaxSamples

// Entry is one program linked for a task.
type Entry struct {
	Task   string
	Score  int
	Bucket int
	Key    string // md5 of the canonical text
	Path   string // the link's path
	Mod    time.Time
}

// Program is what Save stores.
type Program struct {
	Task   string
	Key    string // md5 of the canonical text
	Text   string // the expanded program, written to the content file
	Score  int
	Bucket int
}

// Saved tells what Save did.
type Saved int

// What Save may do.
const (
	Stored   Saved = iota // a new link was made
	Present               // the task already links this key
	Rejected              // the task is full of better programs
)

func (s Saved) String() string { return [...]string{"stored", "present", "rejected"}[s] }

// Save writes p's content file (once per key) and links it for its task,
// evicting the task's worst program if the task is full and p is not worse
// than it. A key already linked for the task is left as it is.
func (s *Store) Save(k Kind, p Program) (Saved, error) {
	if err := checkKey(p.Key); err != nil {
		return 0, err
	}
	if err := CheckTaskID(p.Task); err != nil {
		return 0, err
	}
	contentDir, linkDir := k.dirs()
	content := filepath.Join(s.root, contentDir, p.Key+".py")
	if err := s.writeOnce(content, p.Text); err != nil {
		return 0, err
	}

	// Saves to different tasks run in parallel: on this class of disk
	// each directory or link creation costs about half a millisecond.
	ts := s.acquire(k, p.Task)
	defer s.release(k, p.Task, ts)
	entries, err := s.entries(ts, k, p.Task)
	if err != nil {
		return 0, err
	}
	defer func() { ts.entries = entries }()
	if entries, err = s.trim(entries); err != nil {
		return 0, err
	}
	for _, e := range entries {
		if e.Key == p.Key {
			return Present, nil
		}
	}
	for len(entries) >= s.limit {
		w := worst(entries)
		if p.Score < entries[w].Score || p.Score == entries[w].Score && p.Bucket < entries[w].Bucket {
			return Rejected, nil
		}
		if err := os.Remove(entries[w].Path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return 0, fmt.Errorf("store: evict: %w", err)
		}
		entries = append(entries[:w], entries[w+1:]...)
	}
	dir, err := mkdirs(filepath.Join(s.root, linkDir), "solve_"+p.Task, strconv.Itoa(p.Score), strconv.Itoa(p.Bucket))
	if err != nil {
		return 0, err
	}
	rel, err := filepath.Rel(dir, content)
	if err != nil {
		return 0, err
	}
	link := filepath.Join(dir, p.Key+".py")
	if err := s.symlinkAtomic(rel, link); err != nil {
		return 0, err
	}
	entries = append(entries, Entry{Task: p.Task, Score: p.Score, Bucket: p.Bucket, Key: p.Key, Path: link, Mod: time.Now()})
	return Stored, nil
}

func cacheKey(k Kind, task string) string { return strconv.Itoa(int(k)) + "/" + task }

// acquire takes the lock of one task directory; release gives it back.
// While a task is held its state stays in memory; once released it joins
// the idle list, whose oldest states are dropped beyond maxIdle.
func (s *Store) acquire(k Kind, task string) *taskState {
	key := cacheKey(k, task)
	s.mu.Lock()
	ts := s.tasks[key]
	if ts == nil {
		ts = &taskState{}
		s.tasks[key] = ts
	}
	if ts.elem != nil {
		s.idle.Remove(ts.elem)
		ts.elem = nil
	}
	ts.users++
	s.mu.Unlock()
	ts.mu.Lock()
	return ts
}

func (s *Store) release(k Kind, task string, ts *taskState) {
	ts.mu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if ts.users--; ts.users > 0 {
		return
	}
	ts.elem = s.idle.PushFront(cacheKey(k, task))
	for s.idle.Len() > s.maxIdle {
		old := s.idle.Remove(s.idle.Back()).(string)
		s.tasks[old].elem = nil
		delete(s.tasks, old)
	}
}

// cachedTasks is the number of task directories held in memory.
func (s *Store) cachedTasks() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.tasks)
}

// entries returns a copy of the task's entries, reading the directory the
// first time. The caller holds the task.
func (s *Store) entries(ts *taskState, k Kind, task string) ([]Entry, error) {
	if !ts.loaded {
		es, err := s.list(k, task)
		if err != nil {
			return nil, err
		}
		ts.entries, ts.loaded = es, true
	}
	return append([]Entry(nil), ts.entries...), nil
}

// trim restores a task's bounds if they were broken: a key linked more
// than once keeps its best link (highest score, then bucket, then the
// newest), and beyond the limit the worst links go. One writer never
// breaks them: its saves to a task are serialised and see its links as
// they are, since it holds the store's lock and no one else writes. Two
// writers that bypass the lock can (each counts only its own links), and
// the next save to the task after that puts it right.
func (s *Store) trim(entries []Entry) ([]Entry, error) {
	seen := make(map[string]int, len(entries))
	dup := false
	for _, e := range entries {
		if seen[e.Key]++; seen[e.Key] > 1 {
			dup = true
		}
	}
	if !dup && len(entries) <= s.limit {
		return entries, nil
	}
	drop := func(i int) error {
		if err := os.Remove(entries[i].Path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("store: trim: %w", err)
		}
		entries = append(entries[:i], entries[i+1:]...)
		return nil
	}
	for i := 0; dup && i < len(entries); i++ {
		for j := i + 1; j < len(entries); j++ {
			if entries[j].Key != entries[i].Key {
				continue
			}
			if worst([]Entry{entries[i], entries[j]}) == 0 {
				entries[i], entries[j] = entries[j], entries[i] // the better one stays at i
			}
			if err := drop(j); err != nil {
				return entries, err
			}
			j--
		}
	}
	for len(entries) > s.limit {
		if err := drop(worst(entries)); err != nil {
			return entries, err
		}
	}
	return entries, nil
}

// worst returns the index of the entry to evict first.
func worst(es []Entry) int {
	w := 0
	for i, e := range es[1:] {
		b := es[w]
		if e.Score < b.Score || e.Score == b.Score && (e.Bucket < b.Bucket || e.Bucket == b.Bucket && e.Mod.Before(b.Mod)) {
			w = i + 1
		}
	}
	return w
}

// Has reports whether the content file of key exists, as a file of its
// own.
func (s *Store) Has(k Kind, key string) bool {
	c, _ := k.dirs()
	info, err := os.Lstat(filepath.Join(s.root, c, key+".py"))
	return err == nil && info.Mode().IsRegular()
}

// Read returns the content of a stored program. A content file that is a
// symbolic link is refused with a *LinkError.
func (s *Store) Read(k Kind, key string) (string, error) {
	if err := checkKey(key); err != nil {
		return "", err
	}
	c, _ := k.dirs()
	path := filepath.Join(s.root, c, key+".py")
	if err := noLink(path); err != nil {
		return "", err
	}
	b, err := os.ReadFile(path)
	return string(b), err
}

// Entries lists the programs linked for a task, best first: highest score,
// then highest bucket, then key.
func (s *Store) Entries(k Kind, task string) ([]Entry, error) {
	ts := s.acquire(k, task)
	es, err := s.entries(ts, k, task)
	s.release(k, task, ts)
	sort.Slice(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if a.Bucket != b.Bucket {
			return a.Bucket > b.Bucket
		}
		return a.Key < b.Key
	})
	return es, err
}

// Tasks lists the tasks that have a directory in the store, sorted.
func (s *Store) Tasks(k Kind) ([]string, error) {
	_, l := k.dirs()
	des, err := os.ReadDir(filepath.Join(s.root, l))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, d := range des {
		t, ok := strings.CutPrefix(d.Name(), "solve_")
		if ok && d.Type()&fs.ModeSymlink != 0 {
			return nil, &LinkError{Path: filepath.Join(s.root, l, d.Name())}
		}
		if ok && d.IsDir() {
			out = append(out, t)
		}
	}
	return out, nil
}

// list reads a task directory. Names that do not fit the layout are
// ignored rather than fatal: the store may hold a user's own files. A
// symbolic link where the layout has a directory is a *LinkError.
func (s *Store) list(k Kind, task string) ([]Entry, error) {
	_, l := k.dirs()
	base := filepath.Join(s.root, l, "solve_"+task)
	if err := noLink(base); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	var out []Entry
	scores, err := os.ReadDir(base)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	for _, sd := range scores {
		score, err := strconv.Atoi(sd.Name())
		if err == nil && sd.Type()&fs.ModeSymlink != 0 {
			return nil, &LinkError{Path: filepath.Join(base, sd.Name())}
		}
		if err != nil || !sd.IsDir() {
			continue
		}
		buckets, err := os.ReadDir(filepath.Join(base, sd.Name()))
		if err != nil {
			return nil, err
		}
		for _, bd := range buckets {
			bucket, err := strconv.Atoi(bd.Name())
			if err == nil && bd.Type()&fs.ModeSymlink != 0 {
				return nil, &LinkError{Path: filepath.Join(base, sd.Name(), bd.Name())}
			}
			if err != nil || !bd.IsDir() {
				continue
			}
			dir := filepath.Join(base, sd.Name(), bd.Name())
			files, err := os.ReadDir(dir)
			if err != nil {
				return nil, err
			}
			for _, f := range files {
				key, ok := strings.CutSuffix(f.Name(), ".py")
				if !ok || checkKey(key) != nil {
					continue
				}
				e := Entry{Task: task, Score: score, Bucket: bucket, Key: key, Path: filepath.Join(dir, f.Name())}
				if info, err := os.Lstat(e.Path); err == nil {
					e.Mod = info.ModTime()
				}
				out = append(out, e)
			}
		}
	}
	return out, nil
}

// ErrInvalid is what Save and CheckTaskID refuse: a key that is no md5
// or a task id that cannot name a directory of the store. Such a program
// will never be saved, however often it is tried again.
var ErrInvalid = errors.New("invalid")

func checkKey(key string) error {
	if len(key) != 32 {
		return fmt.Errorf("store: bad key %s: not an md5 in hex: %w", quoteShort(key), ErrInvalid)
	}
	for _, c := range key {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return fmt.Errorf("store: bad key %s: not an md5 in hex: %w", quoteShort(key), ErrInvalid)
		}
	}
	return nil
}

// MaxTaskIDLen is the longest task id the store takes, in bytes: its
// directory solve_<id> must fit the 255 bytes of a file name.
const MaxTaskIDLen = 255 - len("solve_")

// CheckTaskID reports whether id can name a task of the store: it is not
// empty, at most MaxTaskIDLen bytes of valid UTF-8, not "." or "..", and
// holds no slash, backslash or control character (a NUL ends a path, a
// line break a log line or a NATS header). It is the one rule for task ids:
// the store, `run`, `enqueue` and `worker` all apply it. Its error wraps
// ErrInvalid.
func CheckTaskID(id string) error {
	why := ""
	switch {
	case id == "":
		why = "empty"
	case len(id) > MaxTaskIDLen:
		why = fmt.Sprintf("%d bytes, over %d", len(id), MaxTaskIDLen)
	case !utf8.ValidString(id):
		why = "not UTF-8"
	case id == "." || id == "..":
		why = "a directory of its own"
	case strings.ContainsAny(id, `/\`):
		why = "holds a slash"
	case strings.ContainsFunc(id, unicode.IsControl):
		why = "holds a control character"
	default:
		return nil
	}
	return fmt.Errorf("store: bad task id %s: %s: %w", quoteShort(id), why, ErrInvalid)
}

// quoteShort quotes s for an error message, cut to 64 bytes: an id or key
// that is refused may be of any length.
func quoteShort(s string) string {
	if len(s) > 64 {
		return strconv.Quote(s[:64]) + "…"
	}
	return strconv.Quote(s)
}

// LinkError is a symbolic link where the store's layout has a directory,
// a content file or the lock file. The store does not follow it: it could
// lead anywhere, and a store's writes and reads stay inside it.
type LinkError struct {
	Path string
}

func (e *LinkError) Error() string {
	return fmt.Sprintf("store: %s is a symbolic link; the store follows none out of itself: replace it by what it points to, or remove it", e.Path)
}

// noLink returns a *LinkError if path is a symbolic link, the error of
// Lstat if it cannot be examined, nil otherwise.
func noLink(path string) error {
	info, err := os.Lstat(path)
	if err != nil {
		return err
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		return &LinkError{Path: path}
	}
	return nil
}

// mkdirs makes the directories base/names[0], base/names[0]/names[1], …
// where they are missing and returns the last. Unlike os.MkdirAll, it
// refuses one that exists as a symbolic link (a *LinkError) rather than
// follow it out of the store; base itself is trusted.
func mkdirs(base string, names ...string) (string, error) {
	dir := base
	for _, n := range names {
		dir = filepath.Join(dir, n)
		info, err := os.Lstat(dir)
		if errors.Is(err, fs.ErrNotExist) {
			err = os.Mkdir(dir, 0o755)
			if errors.Is(err, fs.ErrExist) { // made meanwhile by another writer
				info, err = os.Lstat(dir)
			} else if err == nil {
				continue
			}
		}
		switch {
		case err != nil:
			return "", fmt.Errorf("store: %w", err)
		case info.Mode()&fs.ModeSymlink != 0:
			return "", &LinkError{Path: dir}
		case !info.IsDir():
			return "", fmt.Errorf("store: %s: not a directory", dir)
		}
	}
	return dir, nil
}

// writeOnce writes a content file unless it exists. Content is addressed
// by its key, so an existing file already holds the same program; a
// symbolic link in its place is a *LinkError.
func (s *Store) writeOnce(path, text string) error {
	if info, err := os.Lstat(path); err == nil {
		if info.Mode()&fs.ModeSymlink != 0 {
			return &LinkError{Path: path}
		}
		return nil
	}
	tmp, err := os.CreateTemp(filepath.Join(s.root, tmpDir), tmpPrefix+"*")
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	// No fsync: rename is atomic for other processes and survives the
	// writer being killed; an fsync per program cost 1.5 ms here and made
	// saving the pipeline's slowest stage. Power loss is not covered.
	_, err = tmp.WriteString(text)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("store: write %s: %w", path, err)
	}
	return nil
}

// symlinkAtomic makes link point to target, relative to link's directory,
// by renaming a fresh symlink over it, so the link is never seen half
// made. The fresh link is made in .tmp/, where it points nowhere until it
// is renamed into place.
func (s *Store) symlinkAtomic(target, link string) error {
	tmp := filepath.Join(s.root, tmpDir, tmpPrefix+strconv.FormatInt(time.Now().UnixNano(), 36)+"-"+strconv.FormatUint(linkSeq.Add(1), 36))
	if err := os.Symlink(target, tmp); err != nil {
		return fmt.Errorf("store: link: %w", err)
	}
	if err := os.Rename(tmp, link); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("store: link: %w", err)
	}
	return nil
}

// linkSeq tells apart the temporary links of one process.
var linkSeq atomic.Uint64

// Problem is an inconsistency Check found.
type Problem struct {
	Path string
	What string
}

// Check walks the store and reports what a crash could have left behind
// and should not have: temporary files, and links that point nowhere or
// anywhere but the content file of their own name in their half's content
// directory.
func (s *Store) Check() ([]Problem, error) {
	var out []Problem
	err := filepath.WalkDir(s.root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), ".tmp-") {
			out = append(out, Problem{path, "temporary file left by an interrupted write"})
			return nil
		}
		if d.Type()&fs.ModeSymlink == 0 {
			return nil
		}
		target, err := os.Readlink(path)
		if err != nil {
			return err
		}
		if filepath.IsAbs(target) {
			out = append(out, Problem{path, "absolute link"})
		}
		if _, err := os.Stat(path); err != nil {
			out = append(out, Problem{path, "dangling link to " + target})
			return nil
		}
		for _, k := range []Kind{Solvers, Differs} {
			c, l := k.dirs()
			if rel, err := filepath.Rel(filepath.Join(s.root, l), path); err == nil && !strings.HasPrefix(rel, "..") {
				want := filepath.Join(s.root, c, d.Name())
				if got := filepath.Join(filepath.Dir(path), target); got != filepath.Clean(want) {
					out = append(out, Problem{path, "link to " + target + ", not to its content file"})
				}
			}
		}
		return nil
	})
	return out, err
}
