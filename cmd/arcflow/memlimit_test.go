package main

import (
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

func TestParseByteSize(t *testing.T) {
	for _, c := range []struct {
		in      string
		want    int64
		wantErr string
	}{
		{"0", 0, ""},
		{"4096", 4096, ""},
		{"12B", 12, ""},
		{"64KiB", 64 << 10, ""},
		{"256MiB", 256 << 20, ""},
		{"3GiB", 3 << 30, ""},
		{"1TiB", 1 << 40, ""},
		{"", 0, "not a size"},
		{"MiB", 0, "not a size"},
		{"-1MiB", 0, "not a size"},
		{"+1MiB", 0, "not a size"},
		{"1.5GiB", 0, "not a size"},
		{"64MB", 0, "not a size"}, // GOMEMLIMIT's units are binary only
		{"64 MiB", 0, "not a size"},
		{"9000000TiB", 0, "too large"},
	} {
		got, err := parseByteSize(c.in)
		if c.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("parseByteSize(%q) = %d, %v; want an error saying %q", c.in, got, err, c.wantErr)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("parseByteSize(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
}

// FuzzParseByteSize: whatever parses prints back to a string that parses
// to the same size.
func FuzzParseByteSize(f *testing.F) {
	for _, s := range []string{"0", "1", "1536KiB", "64MiB", "2GiB", "1TiB", "x", "-3B", "9223372036854775807"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := parseByteSize(s)
		if err != nil {
			return
		}
		if n < 0 {
			t.Fatalf("parseByteSize(%q) = %d < 0", s, n)
		}
		b := byteSize(n)
		back, err := parseByteSize(b.String())
		if n == 0 {
			return // 0 prints as the unset default
		}
		if err != nil || back != n {
			t.Fatalf("%q → %d → %q → %d, %v", s, n, b.String(), back, err)
		}
	})
}

func TestApplyMemoryLimit(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	restore := applyMemoryLimit(byteSize(96 << 20))
	if got := debug.SetMemoryLimit(-1); got != 96<<20 {
		t.Errorf("limit %d after applying 96MiB", got)
	}
	restore()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("limit %d after restoring, want %d", got, before)
	}
	restore = applyMemoryLimit(byteSize(96 << 20))
	if line := memoryLine(); !strings.HasSuffix(line, "soft limit 96MiB") {
		t.Errorf("memory line %q does not give the limit set", line)
	}
	restore()
	if line := memoryLine(); runtime.GOOS == "linux" && !strings.HasPrefix(line, "peak RSS ") {
		t.Errorf("memory line %q lacks the peak RSS, which Linux gives", line)
	}
	applyMemoryLimit(0)() // unset: no change
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("an unset flag changed the limit to %d", got)
	}
}

func TestApplySearchGC(t *testing.T) {
	t.Setenv("GOGC", "")
	prev := debug.SetGCPercent(100)
	defer debug.SetGCPercent(prev)
	restore := applySearchGC(time.Second)
	if got := debug.SetGCPercent(searchGCPercent); got != searchGCPercent {
		t.Errorf("with synth on, GC percent %d, want %d", got, searchGCPercent)
	}
	restore()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("after restore, GC percent %d, want 100", got)
	}
	applySearchGC(0)()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with synth off, GC percent %d, want 100", got)
	}
	t.Setenv("GOGC", "50")
	applySearchGC(time.Second)
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with GOGC set, GC percent %d, want it left alone (100)", got)
	}
}
