package stages

import (
	"context"
	"fmt"
	"time"

	"github.com/arcflow/arcflow/arc/dsl"
	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/arc/search"
	"github.com/arcflow/arcflow/store"
)

// Validate is the validate stage. It re-runs a canonical program alone on
// every sample of its task, under a time limit per candidate, to get the
// score and the speed bucket that the store records. The program is parsed
// back from the very text that will be stored, so what is stored is what
// was validated.
//
//	Canonical ─▶ validate (alone, under Timeout) ─▶ Validated that scores
type Validate struct {
	Timeout time.Duration // per candidate, all samples together; 0 for none
	Budget  int64         // work budget per sample
	Differs []search.Differ
	Stats   *Stats
}

// Process validates one program; it drops programs that score nothing
// when run alone.
func (v *Validate) Process(ctx context.Context, c Canonical) (out []Validated, err error) {
	defer func() { traceValidated(ctx, &c, out) }()
	f, err := program.ParseString(c.Key+".py", c.Text)
	if err != nil {
		return nil, fmt.Errorf("task %s: canonical program does not parse: %w", c.Job.Task.ID, err)
	}
	comp, err := program.Compile(f.Programs[0])
	if err != nil {
		return nil, fmt.Errorf("task %s: %w", c.Job.Task.ID, err)
	}
	if v.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, v.Timeout)
		defer cancel()
	}
	env := dsl.NewEnv(ctx, v.Budget)
	total, exact := 0, 0
	start := time.Now()
	for _, s := range c.Job.Samples {
		env.Reset(ctx)
		out, err := comp.Run(env, s.Input)
		sc := search.Score(out, err, s.Output, v.Differs)
		total += sc
		if sc == search.Exact {
			exact++
		}
	}
	elapsed := time.Since(start)
	v.Stats.Validated.Add(1)
	if c.Kind == store.Differs {
		total -= c.Job.Baseline
	}
	res := Validated{
		Canonical: c,
		Actual:    total,
		Bucket:    store.Bucket(elapsed),
		Elapsed:   elapsed,
		Mismatch:  total != c.Score,
		Solves:    c.Kind == store.Solvers && exact == len(c.Job.Samples),
	}
	if res.Mismatch {
		v.Stats.Mismatches.Add(1)
	}
	if total <= 0 {
		return nil, nil
	}
	return []Validated{res}, nil
}

// Validated is a canonical program re-run on every example.
type Validated struct {
	Canonical
	Actual   int // the score the program earns when run alone
	Bucket   int
	Elapsed  time.Duration
	Mismatch bool // Actual differs from the score the DAG gave
	Solves   bool // exact on every sample, test samples included
}
