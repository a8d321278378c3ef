package task

import "iter"

// WithoutTestOutputs returns a copy of t whose test pairs have no output,
// as a challenge is given. The grids are shared (they are immutable); the
// pair slices are new, so t itself keeps its outputs.
func (t *Task) WithoutTestOutputs() *Task {
	c := &Task{ID: t.ID, Train: append([]Pair(nil), t.Train...), Test: make([]Pair, len(t.Test))}
	for k, p := range t.Test {
		c.Test[k] = Pair{Input: p.Input}
	}
	return c
}

// HideTestOutputs streams the tasks of seq as challenges: each task is
// replaced by its copy without test outputs (see WithoutTestOutputs), so
// that whatever consumes the stream can never see a test answer. Errors
// pass through unchanged.
func HideTestOutputs(seq iter.Seq2[*Task, error]) iter.Seq2[*Task, error] {
	return func(yield func(*Task, error) bool) {
		for t, err := range seq {
			if t != nil {
				t = t.WithoutTestOutputs()
			}
			if !yield(t, err) {
				return
			}
		}
	}
}
