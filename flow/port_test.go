package flow

import (
	"strings"
	"testing"
	"time"
)

// TestPortLearn checks how a receiver sizes the batches it asks for.
func TestPortLearn(t *testing.T) {
	for _, tc := range []struct {
		name  string
		old   int64
		items int
		busy  time.Duration
		want  int64
	}{
		{"cheap items grow halfway", 1, 100, 10 * time.Microsecond, 101},
		{"capped", maxBatch, 100, time.Nanosecond, maxBatch},
		{"slow items shrink at once", 200, 2, time.Millisecond, 1},
		{"toward the target", 10, 10, 10 * time.Microsecond, 15},
		{"no items", 7, 0, 0, 7},
	} {
		var p inport[int]
		p.init(0)
		p.hint.Store(tc.old)
		p.learn(tc.items, int64(tc.busy))
		if got := p.hint.Load(); got != tc.want {
			t.Errorf("%s: hint %d, want %d", tc.name, got, tc.want)
		}
	}
}

// TestPortDecode checks what a stage accepts from a go-streams upstream.
func TestPortDecode(t *testing.T) {
	var bad []any
	var p inport[error]
	p.init(0)
	p.mismatch = func(v any) { bad = append(bad, v) }
	b := p.decode(nil, []item[error]{{ID: "x"}})
	b = p.decode(b, errTest)
	b = p.decode(b, nil) // the nil error
	b = p.decode(b, 42)
	var ids []string
	for _, it := range b {
		ids = append(ids, it.ID)
	}
	if want := "x 0 1"; len(b) != 3 || strings.Join(ids, " ") != want || b[1].Value != errTest || b[2].Value != nil {
		t.Errorf("decoded %v, want ids %s", b, want)
	}
	if len(bad) != 1 || bad[0] != 42 {
		t.Errorf("mismatches %v, want [42]", bad)
	}
}

var errTest = testError("test")

type testError string

func (e testError) Error() string { return string(e) }
