//go:build !linux

package synth

import "time"

// threadCPU cannot tell a thread's CPU time here: the clock counts wall
// time.
func threadCPU() (time.Duration, bool) { return 0, false }
