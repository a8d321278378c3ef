package cputime

import (
	"runtime"
	"testing"
	"time"
)

// TestClocksAdvanceWithWork: 50 ms of busy work shows in the process's
// CPU time and, where the system tells it, in the thread's.
func TestClocksAdvanceWithWork(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	p0 := Process()
	t0, ok := Thread()
	for end := time.Now().Add(50 * time.Millisecond); time.Now().Before(end); {
	}
	if p0 > 0 && Process()-p0 < 20*time.Millisecond {
		t.Errorf("process CPU time grew by %v over 50 ms of work", Process()-p0)
	}
	if t1, ok1 := Thread(); ok && ok1 && t1-t0 < 20*time.Millisecond {
		t.Errorf("thread CPU time grew by %v over 50 ms of work", t1-t0)
	}
}
