package task

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// trainingFiles returns the bytes of the ARC-AGI-1 training files, from
// ARCFLOW_TASKS or the shared copy beside the repository, skipping b when
// neither is there.
func trainingFiles(b *testing.B) (names []string, data [][]byte) {
	b.Helper()
	dir := os.Getenv("ARCFLOW_TASKS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "arc", "training")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		b.Skipf("no training tasks: %v (set ARCFLOW_TASKS)", err)
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		d, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			b.Fatal(err)
		}
		names, data = append(names, filepath.Join(dir, e.Name())), append(data, d)
	}
	return names, data
}

// BenchmarkDecodeTraining decodes the 400 training tasks from memory, the
// part of a conformance pass's task loading that is not the file system.
func BenchmarkDecodeTraining(b *testing.B) {
	names, data := trainingFiles(b)
	var n int64
	for _, d := range data {
		n += int64(len(d))
	}
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for k, d := range data {
			if _, err := Decode(names[k], "x", d); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkReadTraining reads the 400 training task files, as conform's
// loader does.
func BenchmarkReadTraining(b *testing.B) {
	names, _ := trainingFiles(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, name := range names {
			if _, err := ReadFile(name); err != nil {
				b.Fatal(err)
			}
		}
	}
}
