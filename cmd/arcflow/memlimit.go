package main

import (
	"fmt"
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"time"
)

// byteSize is a flag holding a number of bytes, written as GOMEMLIMIT is:
// an integer with an optional unit B, KiB, MiB, GiB or TiB.
type byteSize int64

var byteUnits = []struct {
	suffix string
	shift  uint
}{{"TiB", 40}, {"GiB", 30}, {"MiB", 20}, {"KiB", 10}, {"B", 0}}

func (b *byteSize) String() string {
	if *b == 0 {
		return ""
	}
	for _, u := range byteUnits {
		if int64(*b)%(1<<u.shift) == 0 {
			return strconv.FormatInt(int64(*b)>>u.shift, 10) + u.suffix
		}
	}
	return strconv.FormatInt(int64(*b), 10) // not reached: B divides all
}

func (b *byteSize) Set(s string) error {
	n, err := parseByteSize(s)
	if err != nil {
		return err
	}
	*b = byteSize(n)
	return nil
}

// parseByteSize reads a size such as 512MiB, 2GiB or 1048576.
func parseByteSize(s string) (int64, error) {
	digits, shift := s, uint(0)
	for _, u := range byteUnits {
		if strings.HasSuffix(s, u.suffix) {
			digits, shift = strings.TrimSuffix(s, u.suffix), u.shift
			break
		}
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || n < 0 || digits == "" || digits[0] == '+' {
		return 0, fmt.Errorf("%q is not a size: want a whole number of B, KiB, MiB, GiB or TiB, e.g. 256MiB", s)
	}
	if n > math.MaxInt64>>shift {
		return 0, fmt.Errorf("%q is too large", s)
	}
	return n << shift, nil
}

// applyMemoryLimit sets the Go runtime's soft memory limit when the flag
// was given (GOMEMLIMIT otherwise stands). It returns a function that
// puts back the previous limit, for callers that run more than once in a
// process, as the tests do.
func applyMemoryLimit(limit byteSize) (restore func()) {
	if limit == 0 {
		return func() {}
	}
	prev := debug.SetMemoryLimit(int64(limit))
	return func() { debug.SetMemoryLimit(prev) }
}

// searchGCPercent is the GC percent while the synth stage runs: the heap
// may grow to three times its live size between collections. The search
// allocates a grid per template call; `arcflow bench` measured 1.14–1.22×
// the states per second at 200 against Go's default 100 (BenchmarkSearch
// 1.3–1.6× at 400, which held 930 MB at the peak of a run over the 400
// training tasks at 2.5 s per task, against 526 MB at 200 and 1.5 s).
const searchGCPercent = 200

// applySearchGC sets searchGCPercent while the synth stage runs, unless
// GOGC is set. --memory-limit still caps the heap.
func applySearchGC(synthTime time.Duration) (restore func()) {
	if synthTime <= 0 || os.Getenv("GOGC") != "" {
		return func() {}
	}
	prev := debug.SetGCPercent(searchGCPercent)
	return func() { debug.SetGCPercent(prev) }
}

// memoryLine is the run report's memory line: the process's peak RSS
// (where the OS tells it), what the Go runtime holds now, the heap the
// last collection found live, and the soft limit, so that a user can set
// --memory-limit from a run's figures.
func memoryLine() string {
	samples := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/gc/heap/live:bytes"}}
	metrics.Read(samples)
	mb := func(b uint64) string { return fmt.Sprintf("%.0f MB", float64(b)/(1<<20)) }
	var line string
	if peak, err := peakRSS(os.Getpid()); err == nil {
		line = "peak RSS " + mb(uint64(peak)) + "; "
	}
	line += "Go runtime " + mb(samples[0].Value.Uint64()) + ", heap " + mb(samples[1].Value.Uint64()) + " live at the last collection; soft limit "
	if limit := debug.SetMemoryLimit(-1); limit == math.MaxInt64 {
		line += "none (--memory-limit sets one)"
	} else {
		b := byteSize(limit)
		line += b.String()
	}
	return line
}
