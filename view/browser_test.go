package view

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/arcflow/arcflow/arc/grid"
	"github.com/arcflow/arcflow/arc/sample"
	"github.com/arcflow/arcflow/arc/search"
	"github.com/arcflow/arcflow/arc/search/enum"
	"github.com/arcflow/arcflow/arc/submission"
	"github.com/arcflow/arcflow/arc/synth"
	"github.com/arcflow/arcflow/arc/task"
	"github.com/arcflow/arcflow/stages"
	"github.com/arcflow/arcflow/store"
	"github.com/chromedp/chromedp"
)

// browser returns the path of a Chromium or Chrome binary. Without one the
// test fails, so that CI cannot pass without the browser test: on a
// developer's machine without a browser, ARCFLOW_NO_BROWSER=1 skips it,
// except under CI (CI set), where it fails all the same.
func browser(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	const msg = "no Chromium or Chrome on PATH (looked for chromium, chromium-browser, google-chrome, google-chrome-stable): install Debian's chromium package (apt-get install chromium)"
	if os.Getenv("ARCFLOW_NO_BROWSER") == "1" {
		if os.Getenv("CI") == "" {
			t.Skip(msg + "; skipped as ARCFLOW_NO_BROWSER=1 asks")
		}
		t.Fatal(msg + "; ARCFLOW_NO_BROWSER=1 does not skip the browser test under CI")
	}
	t.Fatal(msg + ", or set ARCFLOW_NO_BROWSER=1 to skip this test on a machine without a browser")
	return ""
}

// smallRun runs the pipeline over a few sample tasks into a new store, as
// arcflow run does with a small population, and returns the store and
// the run report as run --report-json writes it.
func smallRun(t *testing.T, ids []string) (*store.Store, *RunReport) {
	t.Helper()
	st, err := store.Open(t.TempDir(), store.DefaultLimit)
	if err != nil {
		t.Fatal(err)
	}
	enumOpt := enum.DefaultOptions()
	enumOpt.MaxStates = 300
	cfg := stages.Config{
		Seeds: search.DefaultSeeds().Programs, Mutants: 40, Seed: 1, Rates: search.DefaultRates(),
		Enum: enumOpt, Store: st, Catalog: st, Top: 256, Timeout: 2 * time.Second, FromStore: 1,
		Synth: synth.Options{MaxTime: 100 * time.Millisecond, MaxCost: 2},
	}
	res, err := stages.Run(context.Background(), sample.Tasks(ids...), cfg)
	if err != nil {
		t.Fatal(err)
	}
	s := res.Stats
	return st, &RunReport{Report: res.Report, Counts: RunCounts{
		Tasks: s.Tasks.Load(), Scored: s.TasksScored.Load(), Solved: s.Solved.Load(), SolvedBefore: s.SolvedBefore.Load(),
		Candidates: s.Gathered.Load(), Validated: s.Validated.Load(), Stored: s.Stored.Load(), StoredDiffer: s.StoredDiffers.Load(),
	}}
}

// domGrid is a grid as the browser shows it.
type domGrid struct {
	Name   string   `json:"name"`
	H      int      `json:"h"`
	W      int      `json:"w"`
	Width  float64  `json:"width"`  // rendered, in CSS pixels
	Height float64  `json:"height"` // rendered
	Fills  []string `json:"fills"`  // each rect's computed fill, in document order
}

const gridsJS = `Array.from(document.querySelectorAll('svg.grid')).map(function (s) {
  var r = s.getBoundingClientRect();
  return {name: s.getAttribute('data-grid'), h: +s.getAttribute('data-h'), w: +s.getAttribute('data-w'),
    width: r.width, height: r.height,
    fills: Array.from(s.querySelectorAll('rect')).map(function (c) { return getComputedStyle(c).fill; })};
})`

// visibleJS lists the status of every task section the browser displays.
const visibleJS = `Array.from(document.querySelectorAll('section.task'))
  .filter(function (s) { return s.getClientRects().length > 0; })
  .map(function (s) { return s.getAttribute('data-status'); })`

// rgb is a palette colour as getComputedStyle gives it.
func rgb(hex string) string {
	v, _ := strconv.ParseUint(hex[1:], 16, 32)
	return fmt.Sprintf("rgb(%d, %d, %d)", v>>16, v>>8&0xff, v&0xff)
}

// TestInBrowser opens the view of a small run in headless Chromium and
// checks from the DOM that every grid rendered with the right cells and
// colours, and that the filters show the tasks of their status only; it
// saves a screenshot to $ARCFLOW_ARTIFACTS (or the test's temporary
// directory).
func TestInBrowser(t *testing.T) {
	exe := browser(t)
	// Three tasks the small run solves, one it does not, and one it never
	// saw (a copy of a sample task under another id: nothing stored).
	ids := []string{"67a3c6ac", "68b16354", "74dd1130", "05f2a901"}
	st, rep := smallRun(t, ids)
	var tasks []*task.Task
	for tk, err := range sample.Tasks(ids...) {
		if err != nil {
			t.Fatal(err)
		}
		tasks = append(tasks, tk)
	}
	unseen := *tasks[0]
	unseen.ID = "notrun00"
	tasks = append(tasks, &unseen)

	page, doc := render(t, st, tasks, Options{Source: "a small run", Store: "test store", Report: rep})
	out := filepath.Join(t.TempDir(), "view.html")
	if err := os.WriteFile(out, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	// What the page must show, from the tasks and from submit's choice of
	// attempts made here, not from the page.
	want := map[string]*grid.Grid{}
	solved := 0
	for _, tk := range tasks {
		cs, err := submission.Candidates(st, tk.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		all := true
		for k, p := range tk.Test {
			a, _ := submission.Answer(context.Background(), cs, p.Input, submission.DefaultBudget)
			// An attempt no program gave is drawn as no grid.
			if a.Attempt1 != nil {
				want[fmt.Sprintf("%s/attempt-1/%d", tk.ID, k)] = a.Attempt1
			}
			if a.Attempt2 != nil {
				want[fmt.Sprintf("%s/attempt-2/%d", tk.ID, k)] = a.Attempt2
			}
			all = all && (a.Attempt1 != nil && a.Attempt1.Equal(p.Output) || a.Attempt2 != nil && a.Attempt2.Equal(p.Output))
		}
		if all {
			solved++
		}
		for k, p := range tk.Train {
			want[fmt.Sprintf("%s/train-input/%d", tk.ID, k)] = p.Input
			want[fmt.Sprintf("%s/train-output/%d", tk.ID, k)] = p.Output
		}
		for k, p := range tk.Test {
			want[fmt.Sprintf("%s/test-input/%d", tk.ID, k)] = p.Input
			want[fmt.Sprintf("%s/test-output/%d", tk.ID, k)] = p.Output
		}
	}
	if solved == 0 || solved == len(tasks) || page.Solved != solved {
		t.Fatalf("%d of %d tasks solved (page: %d): the filters need both kinds", solved, len(tasks), page.Solved)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.Headless, chromedp.DisableGPU,
		chromedp.WindowSize(1280, 1000))
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()
	if err := chromedp.Do(bctx, chromedp.Navigate("file://"+out), chromedp.WaitVisible(chromedp.CSS("section.task"))); err != nil {
		t.Fatalf("open %s in %s: %v", out, exe, err)
	}

	grids, err := chromedp.Run(bctx, chromedp.Evaluate[[]domGrid](gridsJS))
	if err != nil {
		t.Fatal(err)
	}
	if len(grids) != len(want) {
		t.Errorf("%d grids in the DOM, want %d", len(grids), len(want))
	}
	seen := map[string]bool{}
	for _, dg := range grids {
		g, ok := want[dg.Name]
		if !ok || seen[dg.Name] {
			t.Errorf("grid %q: not expected, or twice", dg.Name)
			continue
		}
		seen[dg.Name] = true
		if dg.H != g.H || dg.W != g.W || len(dg.Fills) != g.H*g.W {
			t.Errorf("%s: %d×%d with %d cells, want %d×%d", dg.Name, dg.H, dg.W, len(dg.Fills), g.H, g.W)
			continue
		}
		if dg.Width < float64(g.W) || dg.Height < float64(g.H) {
			t.Errorf("%s: rendered %.0f×%.0f px", dg.Name, dg.Width, dg.Height)
		}
		for k, fill := range dg.Fills {
			if c := rgb(Palette[g.Cells[k]]); fill != c {
				t.Errorf("%s: cell %d (row %d, column %d) is %s, want %s", dg.Name, k, k/g.W, k%g.W, fill, c)
				break
			}
		}
	}
	for name := range want {
		if !seen[name] {
			t.Errorf("grid %s not in the DOM", name)
		}
	}

	counts := map[string]int{}
	for _, s := range []string{"all", "solved", "unsolved", "all"} {
		if err := chromedp.Do(bctx, chromedp.Click(chromedp.CSS(`button[data-filter="`+s+`"]`), chromedp.NodeVisible)); err != nil {
			t.Fatalf("click %s: %v", s, err)
		}
		shown, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](visibleJS))
		if err != nil {
			t.Fatal(err)
		}
		for _, got := range shown {
			if s != "all" && got != s {
				t.Errorf("filter %s shows a task %s", s, got)
			}
		}
		counts[s] = len(shown)
	}
	if counts["all"] != len(tasks) || counts["solved"] != solved || counts["unsolved"] != len(tasks)-solved {
		t.Errorf("tasks shown per filter %v; want %d, %d solved, %d unsolved", counts, len(tasks), solved, len(tasks)-solved)
	}

	bottleneck, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.querySelector('.timeline g.bottleneck').getAttribute('data-stage')`))
	if b, ok := rep.Report.Bottleneck(); err != nil || !ok || bottleneck != b.Stage {
		t.Errorf("timeline's bottleneck %q (%v), the report's %q", bottleneck, err, b.Stage)
	}

	png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	dir := os.Getenv("ARCFLOW_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(dir, "view-screenshot.png")
	if err := os.WriteFile(shot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes); %d grids checked, %d of %d tasks solved", shot, len(png), len(grids), solved, len(tasks))
}
