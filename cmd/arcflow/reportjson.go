package main

import (
	"encoding/json"
	"fmt"

	"github.com/arcflow/arcflow/stages"
	"github.com/arcflow/arcflow/view"
)

// writeReportJSON writes the run report for `run --report-json`: the
// stage report as flow.Report marshals and the run's counts, in the form
// view.ReadRunReport reads (mode 0644).
func writeReportJSON(path string, res *stages.Result, skipped int, hidden bool) error {
	s := res.Stats
	r := view.RunReport{
		Report: res.Report,
		Counts: view.RunCounts{
			Tasks: s.Tasks.Load(), Scored: s.TasksScored.Load(),
			Solved: s.Solved.Load(), SolvedBefore: s.SolvedBefore.Load(),
			Skipped:    int64(skipped),
			Candidates: s.Gathered.Load(), Validated: s.Validated.Load(),
			Stored: s.Stored.Load(), StoredDiffer: s.StoredDiffers.Load(),
			HiddenTestOutputs: hidden,
		},
	}
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	if err := writeFileAtomic(path, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("--report-json: %w", err)
	}
	return nil
}
