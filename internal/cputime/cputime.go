// Package cputime reads the CPU time the system has counted for this
// process or for the calling thread: the run report's per-task figure, the
// benchmarks' per-CPU-second rates and the synth search's clock all need
// it, and on a busy machine only CPU time compares runs.
package cputime
