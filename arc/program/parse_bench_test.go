package program

import (
	"os"
	"testing"
)

// solverSource returns arc-dsl's solvers.py from ARCFLOW_SOLVERS, skipping
// b without it.
func solverSource(b *testing.B) string {
	b.Helper()
	path := os.Getenv("ARCFLOW_SOLVERS")
	if path == "" {
		b.Skip("set ARCFLOW_SOLVERS to arc-dsl's solvers.py")
	}
	src, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	return string(src)
}

// BenchmarkParseSolvers parses arc-dsl's 400 solvers, as conform does
// before its pass.
func BenchmarkParseSolvers(b *testing.B) {
	src := solverSource(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseString("solvers.py", src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompileSolvers compiles arc-dsl's 400 solvers.
func BenchmarkCompileSolvers(b *testing.B) {
	file, err := ParseString("solvers.py", solverSource(b))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range file.Programs {
			if _, err := Compile(p); err != nil {
				b.Fatal(err)
			}
		}
	}
}
