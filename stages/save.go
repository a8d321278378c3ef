package stages

import (
	"context"

	"github.com/arcflow/arcflow/observability/annotate"
	"github.com/arcflow/arcflow/store"
)

// Save is the save stage. It writes validated programs to the store: the
// content file once per key, and a link ranked by score and bucket in the
// task's directory.
//
//	Validated ─▶ save ─▶ the store (Saver)
type Save struct {
	Store Saver
	Stats *Stats
}

// Process saves one program.
func (s *Save) Process(ctx context.Context, v Validated) error {
	got, err := s.Store.Save(v.Kind, store.Program{
		Task: v.Job.Task.ID, Key: v.Key, Text: v.Text, Score: v.Actual, Bucket: v.Bucket,
	})
	if err != nil {
		return err
	}
	switch got {
	case store.Stored:
		if v.Kind == store.Differs {
			s.Stats.StoredDiffers.Add(1)
		} else {
			s.Stats.Stored.Add(1)
		}
	case store.Present:
		s.Stats.Present.Add(1)
	case store.Rejected:
		s.Stats.Rejected.Add(1)
	}
	traceCandidate(ctx, got.String(), &v.Candidate, v.Key, annotate.KeyScore.Int(v.Actual))
	if v.Solves && got != store.Rejected {
		v.Job.solved.Store(true) // counted when the task ends (Run)
	}
	return nil
}

// Saver is where validated programs go: a *store.Store, or a publisher
// that forwards them to the machine that owns the store.
type Saver interface {
	Save(k store.Kind, p store.Program) (store.Saved, error)
}
