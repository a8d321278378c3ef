package view

import (
	"fmt"
	"html"
	"html/template"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/arcflow/arcflow/arc/grid"
	"github.com/arcflow/arcflow/flow"
)

// Palette is ARC's usual colour of each cell value 0..9: black, blue, red,
// green, yellow, grey, magenta, orange, light blue, maroon.
var Palette = [10]string{
	"#000000", "#0074D9", "#FF4136", "#2ECC40", "#FFDC00",
	"#AAAAAA", "#F012BE", "#FF851B", "#7FDBFF", "#870C25",
}

// RoleTrainInput and the five after it are the grids' roles, as data-grid
// names them.
const (
	RoleTrainInput  = "train-input"
	RoleTrainOutput = "train-output"
	RoleTestInput   = "test-input"
	RoleTestOutput  = "test-output"
	RoleAttempt1    = "attempt-1"
	RoleAttempt2    = "attempt-2"
)

// gridSVG draws g as an inline svg, one unit rect per cell filled with its
// colour; a value outside 0..9 (no task grid has one) is drawn white.
func gridSVG(taskID, role string, k int, g *grid.Grid) template.HTML {
	cell := max(3, min(16, 160/max(g.H, g.W, 1)))
	var b strings.Builder
	b.Grow(64 + 56*len(g.Cells))
	fmt.Fprintf(&b, `<svg class="grid" role="img" aria-label="%d×%d grid" data-grid="%s/%s/%d" data-h="%d" data-w="%d" width="%d" height="%d" viewBox="0 0 %d %d">`,
		g.H, g.W, html.EscapeString(taskID), role, k, g.H, g.W, g.W*cell, g.H*cell, g.W, g.H)
	for i := range g.H {
		for j := range g.W {
			fill := "#FFFFFF"
			if v := g.At(i, j); v >= 0 && int(v) < len(Palette) {
				fill = Palette[v]
			}
			b.WriteString(`<rect x="`)
			b.WriteString(strconv.Itoa(j))
			b.WriteString(`" y="`)
			b.WriteString(strconv.Itoa(i))
			b.WriteString(`" width="1" height="1" fill="`)
			b.WriteString(fill)
			b.WriteString(`"/>`)
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// funcs are the page template's functions.
var funcs = template.FuncMap{
	"grid": gridSVG,
	"inc":  func(k int) int { return k + 1 },
	"pct": func(x float64, n int) string {
		if n == 0 {
			return "0"
		}
		return strconv.FormatFloat(100*x/float64(n), 'f', 2, 64)
	},
	"float": func(n int) float64 { return float64(n) },
	"role": func(n int) string {
		if n == 0 {
			return RoleAttempt1
		}
		return RoleAttempt2
	},
	"timeline": func(r *flow.Report) template.HTML { return template.HTML(timelineSVG(r)) },
	"dur":      dur,
	"percent":  func(u float64) string { return strconv.FormatFloat(100*u, 'f', 0, 64) + "%" },
	"join":     strings.Join,
	"bottleneck": func(r *flow.Report) *flow.Metrics {
		if m, ok := r.Bottleneck(); ok {
			return &m
		}
		return nil
	},
	"suggest": func(r *flow.Report) *flow.Suggestion {
		if s, ok := r.Suggest(); ok {
			return &s
		}
		return nil
	},
}

// page returns the parsed page template, parsed on first use: parsed at
// init, it was 0.2-0.3 ms of the start of every arcflow command (5 ms in
// all for `arcflow help`), most of which never write a page.
var page = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("page").Funcs(funcs).Parse(pageTemplate))
})

// WriteHTML writes the page as one self-contained HTML document.
func (p *Page) WriteHTML(w io.Writer) error {
	return page().Execute(w, p)
}

// pageTemplate is the page: a header with the summary and the filters,
// the run's section when there is a report, a section per task, and the
// filters' script.
const pageTemplate = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>arcflow view: {{len .Tasks}} tasks from {{.Source}}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; background: #f4f4f6; color: #222; }
header { background: #1d1f27; color: #eee; padding: 12px 20px; position: sticky; top: 0; z-index: 1; }
header h1 { font-size: 18px; margin: 0 0 4px; }
header .source { margin: 0 0 8px; color: #bbb; }
.summary { display: flex; flex-wrap: wrap; gap: 8px 24px; margin-bottom: 8px; }
.summary b { font-size: 18px; color: #fff; }
.filters button { font: inherit; background: #333744; color: #eee; border: 1px solid #555; border-radius: 4px; padding: 3px 12px; cursor: pointer; }
.filters button[aria-pressed="true"] { background: #0074D9; border-color: #0074D9; }
main, .run { padding: 12px 20px; }
.run { background: #fff; border-bottom: 1px solid #ddd; }
.run h2 { font-size: 16px; margin: 0 0 6px; }
.run table { border-collapse: collapse; margin-top: 8px; }
.run td, .run th { padding: 1px 10px 1px 0; text-align: right; }
.run td:first-child, .run th:first-child { text-align: left; }
.timeline text { font: 12px system-ui, sans-serif; fill: #333; }
.timeline .tick { stroke: #ddd; }
.timeline .wall { fill: #d5d7de; }
.timeline .busy { fill: #0074D9; }
.timeline .bottleneck .busy { fill: #FF851B; }
.timeline .bottleneck .name, .timeline .bottleneck .note { font-weight: bold; }
section.task { background: #fff; border: 1px solid #ddd; border-radius: 6px; margin: 0 0 14px; padding: 8px 14px 10px; }
section.task[hidden] { display: none; }
section.task h2 { font-size: 16px; margin: 0 0 6px; font-family: ui-monospace, monospace; }
.badge { font: 12px system-ui, sans-serif; border-radius: 10px; padding: 1px 9px; vertical-align: middle; color: #fff; }
.badge.solved { background: #2a9d3a; }
.badge.unsolved { background: #c4362c; }
.badge.unknown { background: #888; }
.row { display: flex; flex-wrap: wrap; align-items: center; gap: 10px 18px; margin: 4px 0 8px; }
.row h3 { font-size: 13px; margin: 0; width: 36px; color: #666; font-weight: normal; }
.pair, .case { display: flex; align-items: center; gap: 6px; }
.case { border-left: 3px solid #eee; padding-left: 8px; }
figure { margin: 0; display: inline-flex; flex-direction: column; align-items: center; gap: 2px; padding: 3px; border: 2px solid transparent; border-radius: 4px; }
figcaption { font-size: 11px; color: #666; }
figure.right { border-color: #2ECC40; }
figure.wrong { border-color: #FF4136; }
.mark.right { color: #1f8a2e; font-weight: bold; }
.mark.wrong { color: #c4362c; font-weight: bold; }
.arrow { color: #888; font-size: 18px; }
svg.grid { background: #555; shape-rendering: crispEdges; }
svg.grid rect { stroke: #555; stroke-width: 0.06; }
.nogrid { width: 60px; height: 60px; display: flex; align-items: center; justify-content: center; text-align: center; font-size: 11px; color: #888; border: 1px dashed #bbb; }
.programs details { margin: 2px 0; }
.programs summary { cursor: pointer; color: #444; }
.programs code { font-size: 12px; color: #777; }
.programs pre { background: #f7f7f9; border: 1px solid #e3e3e8; padding: 6px 10px; margin: 4px 0; overflow-x: auto; font-size: 12px; }
.none { color: #888; margin: 2px 0; }
</style>
</head>
<body>
<header>
<h1>arcflow view</h1>
<p class="source">{{len .Tasks}} tasks from {{.Source}}; programs from the store {{.Store}}, answered as arcflow submit answers</p>
<div class="summary" id="summary" data-tasks="{{len .Tasks}}" data-known="{{.Known}}" data-solved="{{.Solved}}" data-score="{{printf "%.4f" .Score}}">
<span><b>{{len .Tasks}}</b> tasks</span>
{{- if .Known}}
<span><b>{{.Solved}}</b> solved of {{.Known}} ({{pct (float .Solved) .Known}}%): every test output right with either attempt</span>
<span>ARC Prize score <b>{{printf "%.2f" .Score}}</b> of {{.Known}} ({{pct .Score .Known}}%)</span>
<span>test outputs right: <b>{{.Right}}</b> of {{.Total}}</span>
{{- else}}
<span>no test output known: nothing to score</span>
{{- end}}
<span><b>{{.WithSolver}}</b> with a stored solver</span>
</div>
<nav class="filters" aria-label="filter tasks">
<button type="button" data-filter="all" aria-pressed="true">all ({{len .Tasks}})</button>
<button type="button" data-filter="solved" aria-pressed="false">solved ({{.Count "solved"}})</button>
<button type="button" data-filter="unsolved" aria-pressed="false">unsolved ({{.Count "unsolved"}})</button>
{{- if .Count "unknown"}}
<button type="button" data-filter="unknown" aria-pressed="false">test outputs not known ({{.Count "unknown"}})</button>
{{- end}}
</nav>
</header>
{{- with .Report}}
<section class="run" id="run">
<h2>The run</h2>
{{- with .Report}}
{{timeline .}}
<table>
<tr><th>stage</th><th>kind</th><th>workers</th><th>in</th><th>out</th><th>errors</th><th>wall</th><th>busy</th><th>util</th><th>max queue</th></tr>
{{- range .Stages}}
<tr><td>{{.Stage}}</td><td>{{.Kind}}</td><td>{{.Workers}}</td><td>{{.In}}</td><td>{{.Out}}</td><td>{{.Errors}}</td><td>{{dur .Wall}}</td><td>{{dur .Busy}}</td><td>{{percent .Utilization}}</td><td>{{.MaxQueue}}</td></tr>
{{- end}}
</table>
<p>Wall {{dur .Wall}}. Grey: a stage's wall time, from the start of the run to the stage's end; blue: the share of it its workers were busy.
{{- with bottleneck .}} Bottleneck: <b class="bottleneck-name">{{.Stage}}</b>, busy {{percent .Utilization}} of {{.Workers}} workers' time.{{end}}
{{- with suggest .}} Suggestion: --workers {{.}} ({{.Reason}}).{{end}}</p>
{{- end}}
{{- with .Counts}}
<p>Tasks: {{.Tasks}} planned, {{.Scored}} scored, {{.Solved}} solved ({{.SolvedBefore}} already stored){{if .HiddenTestOutputs}} on the train pairs, test outputs hidden{{end}}{{if .Skipped}}, {{.Skipped}} bad tasks skipped{{end}}.
Candidates: {{.Candidates}} scored, {{.Validated}} validated; {{.Stored}} new solvers and {{.StoredDiffer}} new differs stored.</p>
{{- end}}
</section>
{{- end}}
<main>
{{- range .Tasks}}
{{- $id := .ID}}
<section class="task" id="task-{{.ID}}" data-task="{{.ID}}" data-status="{{.Status}}">
<h2>{{.ID}} <span class="badge {{.Status}}">{{if eq .Status "solved"}}solved{{else if eq .Status "unsolved"}}unsolved: {{.Right}} of {{len .Tests}} test outputs right{{else}}test outputs not known{{end}}</span></h2>
<div class="row train"><h3>train</h3>
{{- range $k, $p := .Train}}
<div class="pair"><figure>{{grid $id "train-input" $k $p.Input}}<figcaption>{{inc $k}} in</figcaption></figure><span class="arrow">→</span><figure>{{grid $id "train-output" $k $p.Output}}<figcaption>{{inc $k}} out</figcaption></figure></div>
{{- end}}
</div>
<div class="row test"><h3>test</h3>
{{- range $k, $t := .Tests}}
<div class="case" data-test="{{$k}}"><figure>{{grid $id "test-input" $k $t.Input}}<figcaption>{{inc $k}} in</figcaption></figure><span class="arrow">→</span>
{{- if $t.Expected}}<figure class="expected">{{grid $id "test-output" $k $t.Expected}}<figcaption>expected</figcaption></figure>{{else}}<figure class="expected"><div class="nogrid">not known</div><figcaption>expected</figcaption></figure>{{end}}
{{- range $n, $a := $t.Attempts}}
<figure class="attempt {{$a.Mark}}" data-attempt="{{inc $n}}" data-mark="{{$a.Mark}}">{{if $a.Grid}}{{grid $id (role $n) $k $a.Grid}}{{else}}<div class="nogrid">no answer<br>[]</div>{{end}}<figcaption>attempt {{inc $n}}{{if $a.Grid}} (#{{inc $a.Rank}}){{end}}{{if eq $a.Mark "right"}} <span class="mark right">✓ right</span>{{else if eq $a.Mark "wrong"}} <span class="mark wrong">✗ wrong</span>{{end}}</figcaption></figure>
{{- end}}
</div>
{{- end}}
</div>
<div class="programs">
{{- range .Programs}}
<details{{if eq .Rank 0}} open{{end}} data-rank="{{inc .Rank}}"><summary>#{{inc .Rank}}{{if eq .Rank 0}} best{{end}}: score {{.Score}}, bucket {{.Bucket}}, {{.Lines}} line{{if ne .Lines 1}}s{{end}} <code>{{.Key}}</code>{{if .Gave}}; gave {{join .Gave ", "}}{{end}}</summary><pre>{{.Text}}</pre></details>
{{- else}}
<p class="none">no stored solver</p>
{{- end}}
</div>
</section>
{{- end}}
</main>
<script>
(function () {
  var buttons = document.querySelectorAll('button[data-filter]');
  buttons.forEach(function (b) {
    b.addEventListener('click', function () {
      var f = b.getAttribute('data-filter');
      document.querySelectorAll('section.task').forEach(function (s) {
        s.hidden = !(f === 'all' || s.getAttribute('data-status') === f);
      });
      buttons.forEach(function (x) { x.setAttribute('aria-pressed', String(x === b)); });
    });
  });
})();
</script>
</body>
</html>
`
