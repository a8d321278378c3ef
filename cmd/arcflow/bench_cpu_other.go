//go:build !unix

package main

import "time"

// processCPUTime cannot tell the process's CPU time on this system: 0.
func processCPUTime() time.Duration { return 0 }
