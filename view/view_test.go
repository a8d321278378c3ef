package view

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/arcflow/arcflow/arc/grid"
	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/arc/sample"
	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/flow"
	"github.com/arcflow/arcflow/store"
	"golang.org/x/net/html"
)

// saveSolver stores the one program of src for task id as the pipeline
// does: canonical key, expanded text.
func saveSolver(t *testing.T, st *store.Store, id, src string, score, bucket int) {
	t.Helper()
	f, err := program.ParseString("test.py", src)
	if err != nil || len(f.Programs) != 1 {
		t.Fatalf("%q: %v", src, err)
	}
	e := program.Inline(f.Programs[0])
	key := program.Key(e.String())
	text := program.Expand("solve_"+key, e).String()
	if _, err := st.Save(store.Solvers, store.Program{Task: id, Key: key, Text: text, Score: score, Bucket: bucket}); err != nil {
		t.Fatal(err)
	}
}

func oneLine(fn string) string { return "def solve_x(I):\n    O = " + fn + "(I)\n    return O\n" }

// The fixture's sample tasks: 67a3c6ac is vmirror and 68b16354 hmirror;
// 007bbfb7 has nothing stored; 74dd1130 (dmirror) comes with its test
// outputs hidden.
const (
	right1st = "67a3c6ac"
	right2nd = "68b16354"
	nothing  = "007bbfb7"
	hidden   = "74dd1130"
)

// fixture is a store where right1st's best program is right, right2nd's
// best is wrong and its second right, and the tasks to view.
func fixture(t *testing.T) (*store.Store, []*task.Task) {
	t.Helper()
	st, err := store.Open(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	saveSolver(t, st, right1st, oneLine("vmirror"), 4000, 10)
	saveSolver(t, st, right2nd, oneLine("vmirror"), 3000, 12)
	saveSolver(t, st, right2nd, oneLine("hmirror"), 2000, 11)
	saveSolver(t, st, hidden, oneLine("dmirror"), 5000, 10)
	var tasks []*task.Task
	for tk, err := range sample.Tasks(right1st, right2nd, nothing, hidden) {
		if err != nil {
			t.Fatal(err)
		}
		if tk.ID == hidden {
			tk = tk.WithoutTestOutputs()
		}
		tasks = append(tasks, tk)
	}
	return st, tasks
}

func seqOf(tasks []*task.Task) iter.Seq2[*task.Task, error] {
	return func(yield func(*task.Task, error) bool) {
		for _, t := range tasks {
			if !yield(t, nil) {
				return
			}
		}
	}
}

// render builds the page and writes its HTML.
func render(t *testing.T, st *store.Store, tasks []*task.Task, opt Options) (*Page, string) {
	t.Helper()
	p, err := Build(context.Background(), st, seqOf(tasks), opt)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := p.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	return p, b.String()
}

// node helpers over golang.org/x/net/html.

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func hasClass(n *html.Node, c string) bool {
	v, _ := attr(n, "class")
	return slices.Contains(strings.Fields(v), c)
}

// find returns the elements under n (n included) that match.
func find(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && match(d) {
			out = append(out, d)
		}
	}
	if n.Type == html.ElementNode && match(n) {
		out = append([]*html.Node{n}, out...)
	}
	return out
}

func tag(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == name }
}

func text(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}

func parse(t *testing.T, doc string) *html.Node {
	t.Helper()
	root, err := html.Parse(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// expectedGrids names every grid the page must draw for the tasks, with
// the grid; attempts as Build chose them.
func expectedGrids(p *Page, tasks []*task.Task) map[string]*grid.Grid {
	want := map[string]*grid.Grid{}
	for i, tk := range tasks {
		for k, pair := range tk.Train {
			want[fmt.Sprintf("%s/%s/%d", tk.ID, RoleTrainInput, k)] = pair.Input
			want[fmt.Sprintf("%s/%s/%d", tk.ID, RoleTrainOutput, k)] = pair.Output
		}
		for k, pair := range tk.Test {
			want[fmt.Sprintf("%s/%s/%d", tk.ID, RoleTestInput, k)] = pair.Input
			if pair.Output != nil {
				want[fmt.Sprintf("%s/%s/%d", tk.ID, RoleTestOutput, k)] = pair.Output
			}
			for n, role := range []string{RoleAttempt1, RoleAttempt2} {
				if g := p.Tasks[i].Tests[k].Attempts[n].Grid; g != nil {
					want[fmt.Sprintf("%s/%s/%d", tk.ID, role, k)] = g
				}
			}
		}
	}
	return want
}

// TestGridsAreDrawnCellByCell: every grid of every task is one svg with
// h×w rects in reading order, each filled with its cell's palette colour,
// and no other grid is drawn.
func TestGridsAreDrawnCellByCell(t *testing.T) {
	st, tasks := fixture(t)
	p, doc := render(t, st, tasks, Options{Source: "fixture", Store: "store"})
	want := expectedGrids(p, tasks)
	svgs := find(parse(t, doc), func(n *html.Node) bool { return n.Data == "svg" && hasClass(n, "grid") })
	if len(svgs) != len(want) || p.Grids != len(want) {
		t.Errorf("%d grids drawn, Page.Grids %d, want %d", len(svgs), p.Grids, len(want))
	}
	seen := map[string]bool{}
	for _, s := range svgs {
		name, _ := attr(s, "data-grid")
		g, ok := want[name]
		if !ok || seen[name] {
			t.Errorf("grid %q drawn: unexpected or twice", name)
			continue
		}
		seen[name] = true
		h, _ := attr(s, "data-h")
		w, _ := attr(s, "data-w")
		if h != strconv.Itoa(g.H) || w != strconv.Itoa(g.W) {
			t.Errorf("%s: data-h %s data-w %s, want %d×%d", name, h, w, g.H, g.W)
		}
		rects := find(s, tag("rect"))
		if len(rects) != g.H*g.W {
			t.Errorf("%s: %d rects for %d×%d", name, len(rects), g.H, g.W)
			continue
		}
		for k, r := range rects {
			x, _ := attr(r, "x")
			y, _ := attr(r, "y")
			fill, _ := attr(r, "fill")
			i, j := k/g.W, k%g.W
			if x != strconv.Itoa(j) || y != strconv.Itoa(i) || fill != Palette[g.At(i, j)] {
				t.Errorf("%s: rect %d at (%s,%s) filled %s, want (%d,%d) %s", name, k, x, y, fill, j, i, Palette[g.At(i, j)])
				break
			}
		}
	}
}

// TestPalette: ARC's usual colours.
func TestPalette(t *testing.T) {
	want := "#000000 #0074D9 #FF4136 #2ECC40 #FFDC00 #AAAAAA #F012BE #FF851B #7FDBFF #870C25"
	if got := strings.Join(Palette[:], " "); got != want {
		t.Errorf("palette %s, want %s", got, want)
	}
}

// TestMarks: attempts are marked right or wrong against known outputs, as
// arcflow score counts them; a missing attempt is wrong; with the output
// not known nothing is marked.
func TestMarks(t *testing.T) {
	st, tasks := fixture(t)
	p, doc := render(t, st, tasks, Options{})
	marks := map[string]string{}
	for _, sec := range find(parse(t, doc), func(n *html.Node) bool { return n.Data == "section" && hasClass(n, "task") }) {
		id, _ := attr(sec, "data-task")
		status, _ := attr(sec, "data-status")
		var ms []string
		for _, f := range find(sec, func(n *html.Node) bool { return n.Data == "figure" && hasClass(n, "attempt") }) {
			m, _ := attr(f, "data-mark")
			ms = append(ms, m)
			if !hasClass(f, m) {
				t.Errorf("%s: attempt marked %s lacks the class", id, m)
			}
			if caption := text(f); (m == "right") != strings.Contains(caption, "✓ right") || (m == "wrong") != strings.Contains(caption, "✗ wrong") {
				t.Errorf("%s: attempt marked %s reads %q", id, m, caption)
			}
		}
		marks[id] = status + " " + strings.Join(ms, ",")
	}
	want := map[string]string{
		right1st: "solved right,wrong",      // vmirror right; no second program
		right2nd: "solved wrong,right",      // vmirror first and wrong, hmirror second and right
		nothing:  "unsolved wrong,wrong",    // nothing stored: [] twice
		hidden:   "unknown unknown,unknown", // dmirror answers, nothing to compare with
	}
	for id, w := range want {
		if marks[id] != w {
			t.Errorf("%s: %q, want %q", id, marks[id], w)
		}
	}
	if p.Known != 3 || p.Solved != 2 || p.Score != 2 || p.Right != 2 || p.Total != 3 || p.WithSolver != 3 {
		t.Errorf("summary: known %d solved %d score %.2f right %d of %d, %d with a solver", p.Known, p.Solved, p.Score, p.Right, p.Total, p.WithSolver)
	}
	if !strings.Contains(doc, `data-known="3" data-solved="2" data-score="2.0000"`) || !strings.Contains(doc, "<b>2</b> solved of 3 (66.67%)") {
		t.Errorf("summary not shown as counted")
	}
	// right1st's and hidden's second attempts, and nothing's two.
	if got := strings.Count(doc, "no answer<br>[]"); got != 4 {
		t.Errorf("%d attempts shown as no answer, want 4", got)
	}
}

// TestProgramsShown: the best program's text, score and bucket, and the
// program that gave an attempt.
func TestProgramsShown(t *testing.T) {
	st, tasks := fixture(t)
	_, doc := render(t, st, tasks, Options{})
	root := parse(t, doc)
	var sec *html.Node
	for _, s := range find(root, tag("section")) {
		if id, _ := attr(s, "data-task"); id == right2nd {
			sec = s
		}
	}
	if sec == nil {
		t.Fatalf("no section for %s", right2nd)
	}
	var got []string
	for _, d := range find(sec, tag("details")) {
		for _, part := range append(find(d, tag("summary")), find(d, tag("pre"))...) {
			got = append(got, strings.Join(strings.Fields(text(part)), " "))
		}
	}
	want := []string{
		"#1 best: score 3000, bucket 12, 1 line " + program.Key("vmirror(I)") + "; gave test 1 attempt 1",
		"def solve_" + program.Key("vmirror(I)") + "(I): O = vmirror(I) return O",
		"#2: score 2000, bucket 11, 1 line " + program.Key("hmirror(I)") + "; gave test 1 attempt 2",
		"def solve_" + program.Key("hmirror(I)") + "(I): O = hmirror(I) return O",
	}
	if !slices.Equal(got, want) {
		t.Errorf("programs shown:\n%q\nwant\n%q", got, want)
	}
	if !strings.Contains(doc, "no stored solver") {
		t.Errorf("a task with nothing stored does not say so")
	}
}

// TestSelfContained: nothing is fetched: no URL, no external script,
// stylesheet, image or font; the filter buttons and their script are
// there, one per status.
func TestSelfContained(t *testing.T) {
	st, tasks := fixture(t)
	_, doc := render(t, st, tasks, Options{Report: sampleReport()})
	for _, s := range []string{"http://", "https://", "//fonts", "@import", "url("} {
		if strings.Contains(doc, s) {
			t.Errorf("the page holds %q", s)
		}
	}
	root := parse(t, doc)
	for _, n := range find(root, func(*html.Node) bool { return true }) {
		for _, a := range []string{"src", "href", "xlink:href"} {
			if v, ok := attr(n, a); ok {
				t.Errorf("<%s %s=%q>: a reference", n.Data, a, v)
			}
		}
		if n.Data == "link" || n.Data == "iframe" || n.Data == "img" {
			t.Errorf("<%s> element", n.Data)
		}
	}
	var filters []string
	for _, b := range find(root, tag("button")) {
		f, _ := attr(b, "data-filter")
		filters = append(filters, f)
	}
	if !slices.Equal(filters, []string{"all", "solved", "unsolved", "unknown"}) {
		t.Errorf("filter buttons %q", filters)
	}
	scripts := find(root, tag("script"))
	if len(scripts) != 1 || !strings.Contains(text(scripts[0]), "data-status") {
		t.Errorf("no filter script")
	}
	if len(find(root, tag("style"))) != 1 {
		t.Errorf("no inline style")
	}
	// Without tasks of unknown status there is no button for them.
	_, doc = render(t, st, tasks[:3], Options{})
	if strings.Contains(doc, `data-filter="unknown"`) || !strings.Contains(doc, `data-filter="unsolved"`) {
		t.Errorf("filters without unknown tasks")
	}
}

// sampleReport is a run report whose bottleneck is plan.
func sampleReport() *RunReport {
	ms := time.Millisecond
	return &RunReport{
		Report: &flow.Report{Wall: 1000 * ms, Stages: []flow.Metrics{
			{Stage: "tasks", Kind: "source", Workers: 1, Out: 4, Wall: 10 * ms, Busy: 5 * ms, Capacity: 10 * ms, Utilization: 0.5},
			{Stage: "plan", Kind: "stage", Workers: 1, In: 4, Out: 4, Wall: 900 * ms, Busy: 810 * ms, Capacity: 900 * ms, Utilization: 0.9},
			{Stage: "score", Kind: "stage", Workers: 2, In: 12, Out: 12, Wall: 950 * ms, Busy: 380 * ms, Capacity: 1900 * ms, Utilization: 0.2},
			{Stage: "save", Kind: "sink", Workers: 4, In: 9, Out: 9, Wall: 1000 * ms, Busy: 40 * ms, Capacity: 4000 * ms, Utilization: 0.01},
		}},
		Counts: RunCounts{Tasks: 4, Scored: 4, Solved: 3, SolvedBefore: 1, Candidates: 100, Validated: 9, Stored: 7, StoredDiffer: 2},
	}
}

// TestTimeline: with a run report, one row per stage, busy drawn as the
// share of the wall time, the bottleneck marked and named, the counts.
func TestTimeline(t *testing.T) {
	st, tasks := fixture(t)
	_, doc := render(t, st, tasks, Options{Report: sampleReport()})
	root := parse(t, doc)
	rows := find(root, func(n *html.Node) bool { return n.Data == "g" && hasClass(n, "stage") })
	var names, bnecks []string
	for _, g := range rows {
		name, _ := attr(g, "data-stage")
		names = append(names, name)
		if hasClass(g, "bottleneck") {
			bnecks = append(bnecks, name)
		}
		var wall, busy float64
		for _, r := range find(g, tag("rect")) {
			w, _ := attr(r, "width")
			v, _ := strconv.ParseFloat(w, 64)
			switch {
			case hasClass(r, "wall"):
				wall = v
			case hasClass(r, "busy"):
				busy = v
			}
		}
		if name == "plan" && (wall != 468 || busy != 421.2) {
			t.Errorf("plan: wall bar %.1f, busy bar %.1f; want 468 (900 of 1000 ms) and 421.2 (90%% of it)", wall, busy)
		}
	}
	if !slices.Equal(names, []string{"tasks", "plan", "score", "save"}) || !slices.Equal(bnecks, []string{"plan"}) {
		t.Errorf("rows %q, bottleneck %q", names, bnecks)
	}
	for _, w := range []string{
		`Bottleneck: <b class="bottleneck-name">plan</b>, busy 90% of 1 workers' time.`,
		"Suggestion: --workers plan=2 (plan kept 1 workers busy 90% of the time; next busiest is tasks at 50%).",
		"Tasks: 4 planned, 4 scored, 3 solved (1 already stored).",
		"<td>plan</td><td>stage</td><td>1</td><td>4</td><td>4</td><td>0</td><td>900.0ms</td><td>810.0ms</td><td>90%</td>",
	} {
		if !strings.Contains(doc, w) {
			t.Errorf("the run section lacks %q", w)
		}
	}
	_, doc = render(t, st, tasks, Options{})
	if strings.Contains(doc, `class="timeline"`) {
		t.Errorf("a timeline without a report")
	}
}

// TestBuildErrors: a task that comes twice, a reader's error, a cancelled
// context.
func TestBuildErrors(t *testing.T) {
	st, tasks := fixture(t)
	if _, err := Build(context.Background(), st, seqOf([]*task.Task{tasks[0], tasks[0]}), Options{}); err == nil || !strings.Contains(err.Error(), "comes twice") {
		t.Errorf("a task twice: %v", err)
	}
	bad := func(yield func(*task.Task, error) bool) { yield(nil, fmt.Errorf("broken")) }
	if _, err := Build(context.Background(), st, bad, Options{}); err == nil || err.Error() != "broken" {
		t.Errorf("a reader's error: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Build(ctx, st, seqOf(tasks), Options{}); err == nil {
		t.Errorf("a cancelled build succeeded")
	}
	if _, err := OpenStore(t.TempDir() + "/none"); err == nil {
		t.Errorf("OpenStore of no store succeeded")
	}
}

// TestReadRunReport: what run --report-json writes reads back; other JSON
// is refused.
func TestReadRunReport(t *testing.T) {
	dir := t.TempDir()
	good := dir + "/r.json"
	writeJSON(t, good, sampleReport())
	r, err := ReadRunReport(good)
	if err != nil || r.Report.Wall != time.Second || len(r.Report.Stages) != 4 || r.Counts.Solved != 3 {
		t.Errorf("read back: %+v, %v", r, err)
	}
	other := dir + "/o.json"
	writeJSON(t, other, map[string]int{"x": 1})
	if _, err := ReadRunReport(other); err == nil {
		t.Errorf("a JSON without a report was read")
	}
}

func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestPageTemplate checks that the page template, parsed on first use
// rather than at init, parses, and is parsed once.
func TestPageTemplate(t *testing.T) {
	a, b := page(), page()
	if a == nil || a != b || a.Lookup("page") == nil {
		t.Fatalf("page() gave %p then %p", a, b)
	}
}
