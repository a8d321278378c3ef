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
	"sync"
	"time"
)

// LockFile is the name of a store's lock file, in its directory. A process
// that writes the store holds an advisory lock on it (flock, exclusive) for
// as long as it writes, with its pid in the file; readers take no lock.
// The lock goes with the process: a killed writer leaves no stale lock,
// only its pid in the file, which the next holder overwrites.
const LockFile = ".lock"

// LockedError is what TryLock returns when another holder has the store's
// lock: another process, or another Lock of this one.
type LockedError struct {
	Dir string // the store
	PID int    // the holder's pid as its lock file gives it; 0 when unknown
}

func (e *LockedError) Error() string {
	who := "another process"
	if e.PID > 0 {
		who = "process " + strconv.Itoa(e.PID)
	}
	return fmt.Sprintf("store %s is in use: %s holds its lock (%s)", e.Dir, who, filepath.Join(e.Dir, LockFile))
}

// Lock is a store's write lock, held until Unlock.
type Lock struct {
	mu  sync.Mutex // guards f
	f   *os.File
	dir string
}

// TryLock takes the write lock of the store in dir at once, creating the
// directory and the lock file if need be, and writes this process's pid
// into the lock file. If another holder has the lock it returns a
// *LockedError naming the holder's pid.
func TryLock(dir string) (*Lock, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	path := filepath.Join(dir, LockFile)
	// Opening a link planted as the lock file would create or truncate
	// the file it points to, wherever that is.
	if err := noLink(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("store: lock: %w", err)
	}
	held, err := flock(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("store: lock %s: %w", path, err)
	}
	if !held {
		f.Close()
		return nil, &LockedError{Dir: dir, PID: lockHolder(path)}
	}
	pid := []byte(strconv.Itoa(os.Getpid()) + "\n")
	if err := f.Truncate(0); err == nil {
		_, err = f.WriteAt(pid, 0)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("store: lock %s: %w", path, err)
	}
	return &Lock{f: f, dir: dir}, nil
}

// WaitLock takes the write lock of the store in dir, waiting as long as
// another holder has it, until ctx ends. waiting, if not nil, is called
// once, with the holder's pid (0 if unknown), if it has to wait. The
// lock is tried every poll (100ms if 0): a blocking flock could not be
// interrupted by ctx.
func WaitLock(ctx context.Context, dir string, poll time.Duration, waiting func(pid int)) (*Lock, error) {
	if poll <= 0 {
		poll = 100 * time.Millisecond
	}
	told := false
	for {
		l, err := TryLock(dir)
		var le *LockedError
		if !errors.As(err, &le) {
			return l, err
		}
		if !told && waiting != nil {
			waiting(le.PID)
		}
		told = true
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for the lock of store %s: %w", dir, context.Cause(ctx))
		case <-time.After(poll):
		}
	}
}

// lockHolder reads the pid in a lock file; 0 if there is none.
func lockHolder(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return 0
	}
	return pid
}

// Dir returns the directory of the locked store.
func (l *Lock) Dir() string { return l.dir }

// Unlock clears the pid from the lock file and releases the lock. It may
// be called more than once, from any goroutine.
func (l *Lock) Unlock() error {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	err := l.f.Truncate(0)
	if cerr := l.f.Close(); err == nil { // closing releases the flock
		err = cerr
	}
	l.f = nil
	return err
}
