//go:build !unix

package stages

import "time"

// processCPU cannot tell the process's CPU time on this system: 0.
func processCPU() time.Duration { return 0 }
