//go:build unix

package store

import (
	"errors"
	"os"
	"syscall"
)

// flock takes an exclusive flock on f without blocking; it reports false
// when another open file holds one. Two opens of one file conflict even
// within a process, so two Locks of one store exclude each other too.
func flock(f *os.File) (bool, error) {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		switch {
		case err == nil:
			return true, nil
		case errors.Is(err, syscall.EWOULDBLOCK):
			return false, nil
		case errors.Is(err, syscall.EINTR):
			continue
		}
		return false, err
	}
}
