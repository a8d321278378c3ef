//go:build !unix

package task

import "os"

// readAll appends the contents of the file at path to buf.
func readAll(path string, buf []byte) ([]byte, error) {
	data, err := os.ReadFile(path)
	return append(buf, data...), err
}
