package view

import (
	"encoding/json"
	"fmt"
	"html"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/arcflow/arcflow/flow"
)

// RunReport is what `arcflow run --report-json F` writes: the stage report
// of the run (flow.Report, as it marshals) and the counts of its report's
// lines.
type RunReport struct {
	Report *flow.Report `json:"report"`
	Counts RunCounts    `json:"counts"`
}

// RunCounts are the counts a run report prints below its stage table.
type RunCounts struct {
	Tasks        int64 `json:"tasks"`         // tasks planned
	Scored       int64 `json:"tasks_scored"`  // tasks whose every sample was scored
	Solved       int64 `json:"solved"`        // tasks with a program exact on every sample, found now or stored before
	SolvedBefore int64 `json:"solved_before"` // … of which the store held one before the run
	Skipped      int64 `json:"skipped"`       // bad tasks skipped (--skip-bad)
	Candidates   int64 `json:"candidates"`    // candidates scored (leaving gather)
	Validated    int64 `json:"validated"`
	Stored       int64 `json:"stored"`         // new solvers stored
	StoredDiffer int64 `json:"stored_differs"` // new differs stored
	// HiddenTestOutputs is --hide-test-outputs: solved means exact on
	// every train pair.
	HiddenTestOutputs bool `json:"hidden_test_outputs"`
}

// ReadRunReport reads a run report written by `arcflow run --report-json`.
func ReadRunReport(path string) (*RunReport, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r RunReport
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if r.Report == nil {
		return nil, fmt.Errorf("%s: no \"report\": not a run report of arcflow run --report-json", path)
	}
	return &r, nil
}

// Timeline geometry, in the svg's pixels.
const (
	tlLabel = 110 // the stage names' column
	tlBars  = 520 // the bars' width at the longest wall time
	tlText  = 340 // the figures' column
	tlRow   = 24
	tlTop   = 22 // the time axis
)

// timelineSVG draws one row per stage: its wall time (from the start of
// the run to the stage's end) as a grey bar and, over it, the share of
// that time its workers were busy (busy summed over workers ÷ capacity)
// as a blue one, orange for the bottleneck.
func timelineSVG(r *flow.Report) string {
	end := r.Wall
	for _, m := range r.Stages {
		end = max(end, m.Wall)
	}
	if end <= 0 {
		end = 1
	}
	bneck, hasBneck := r.Bottleneck()
	x := func(d time.Duration) float64 { return tlBars * float64(d) / float64(end) }
	width := tlLabel + tlBars + tlText
	height := tlTop + tlRow*len(r.Stages) + 6
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="timeline" role="img" aria-label="stage timeline" width="%d" height="%d" viewBox="0 0 %d %d" data-wall-ns="%d">`,
		width, height, width, height, int64(r.Wall))
	for i := 0; i <= 4; i++ {
		d := end * time.Duration(i) / 4
		px := tlLabel + x(d)
		fmt.Fprintf(&b, `<line class="tick" x1="%.1f" y1="%d" x2="%.1f" y2="%d"/><text class="axis" x="%.1f" y="12" text-anchor="middle">%s</text>`,
			px, tlTop-4, px, height, px, dur(d))
	}
	for i, m := range r.Stages {
		y := tlTop + i*tlRow
		cls := "stage"
		if hasBneck && m.Stage == bneck.Stage {
			cls += " bottleneck"
		}
		fmt.Fprintf(&b, `<g class="%s" data-stage="%s" data-kind="%s" data-workers="%d" data-wall-ns="%d" data-busy-ns="%d" data-util="%.4f">`,
			cls, html.EscapeString(m.Stage), html.EscapeString(m.Kind), m.Workers, int64(m.Wall), int64(m.Busy), m.Utilization)
		fmt.Fprintf(&b, `<text class="name" x="%d" y="%d" text-anchor="end">%s</text>`, tlLabel-8, y+15, html.EscapeString(m.Stage))
		fmt.Fprintf(&b, `<rect class="wall" x="%d" y="%d" width="%.1f" height="16"/>`, tlLabel, y+3, x(m.Wall))
		fmt.Fprintf(&b, `<rect class="busy" x="%d" y="%d" width="%.1f" height="16"/>`, tlLabel, y+3, x(m.Wall)*min(max(m.Utilization, 0), 1))
		note := fmt.Sprintf("busy %s, %d worker%s, %.0f%%", dur(m.Busy), m.Workers, plural(m.Workers), 100*m.Utilization)
		if strings.Contains(cls, "bottleneck") {
			note += " ◀ bottleneck"
		}
		fmt.Fprintf(&b, `<text class="note" x="%d" y="%d">%s</text></g>`, tlLabel+tlBars+8, y+15, html.EscapeString(note))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// dur formats d with three or so significant digits.
func dur(d time.Duration) string {
	switch {
	case d <= 0:
		return "0"
	case d < time.Millisecond:
		return strconv.FormatFloat(float64(d)/1e3, 'f', 1, 64) + "µs"
	case d < time.Second:
		return strconv.FormatFloat(float64(d)/1e6, 'f', 1, 64) + "ms"
	case d < time.Minute:
		return strconv.FormatFloat(float64(d)/1e9, 'f', 2, 64) + "s"
	}
	return d.Round(time.Second).String()
}

// plural is "s" unless n is 1.
func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
