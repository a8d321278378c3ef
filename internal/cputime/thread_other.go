//go:build !linux

package cputime

import "time"

// Thread cannot tell a thread's CPU time on this system.
func Thread() (time.Duration, bool) { return 0, false }
