//go:build unix

package task

import (
	"io/fs"
	"syscall"
)

// readAll appends the contents of the file at path to buf. It opens,
// reads and closes the file with bare system calls: os.Open also
// registers a file with the network poller and sets it non-blocking
// (fcntl, two epoll_ctl and a cleanup for each file), which made reading
// the 400 training files 2.0 ms against 1.3 ms this way. Its errors are
// os.ReadFile's: a *fs.PathError of "open" or "read".
func readAll(path string, buf []byte) ([]byte, error) {
	var fd int
	for {
		var err error
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err == nil {
			break
		}
		if err != syscall.EINTR {
			return buf, &fs.PathError{Op: "open", Path: path, Err: err}
		}
	}
	defer syscall.Close(fd)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)] // grow
		}
		n, err := syscall.Read(fd, buf[len(buf):cap(buf)])
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return buf, &fs.PathError{Op: "read", Path: path, Err: err}
		case n == 0:
			return buf, nil
		}
		buf = buf[:len(buf)+n]
	}
}
