package observability_test

import (
	"context"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/arcflow/arcflow/arc/sample"
	"github.com/arcflow/arcflow/internal/cputime"
	"github.com/arcflow/arcflow/observability"
	"github.com/arcflow/arcflow/observability/annotate"
	"github.com/arcflow/arcflow/stages"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

// benchTasks take the pipeline about a tenth of a second together.
var benchTasks = []string{"67a3c6ac", "68b16354", "74dd1130", "3c9b0459", "a416b8f3", "d511f180", "25ff71a9", "c9e6f938"}

// BenchmarkOverhead runs the pipeline on sample tasks three ways, in a
// random order within each iteration so that drifts of the machine hit all
// three alike:
//
//	none: no Observer, as a build without tracing runs;
//	off:  the Observer of a Provider with no endpoint (tracing off),
//	      installed although arcflow run does not install it then;
//	on:   tracing on, every task and item, spans exported to nowhere.
//
// For each it reports the median wall time (ms/none, ms/off, ms/on) and
// the medians of the ratios within an iteration, whose three runs saw the
// same load: of wall time (off/none, on/none) and of the CPU time the
// process used, the exporter's included (cpu-off/none, cpu-on/none), which
// other processes on the machine disturb less. The bound is
// off/none ≤ 1.02.
//
//	go test -run '^$' -bench Overhead -benchtime 60x ./observability/
func BenchmarkOverhead(b *testing.B) {
	b.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "")
	b.Setenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "")
	off, err := observability.New(context.Background(), observability.DefaultOptions())
	if err != nil || off.Enabled() {
		b.Fatal("tracing on without an endpoint", err)
	}
	o := observability.DefaultOptions()
	o.SpanExporter = tracetest.NewNoopExporter()
	on, err := observability.New(context.Background(), o)
	if err != nil {
		b.Fatal(err)
	}
	defer on.Shutdown(context.Background())

	type cost struct{ wall, cpu time.Duration }
	run := func(p *observability.Provider) cost {
		cfg := smallConfig(b)
		if p != nil {
			cfg = traced(cfg, p)
		}
		runtime.GC() // no variant pays for another's garbage
		c0, t0 := cputime.Process(), time.Now()
		if _, err := stages.Run(context.Background(), sample.Tasks(benchTasks...), cfg); err != nil {
			b.Fatal(err)
		}
		return cost{time.Since(t0), cputime.Process() - c0}
	}
	providers := []*observability.Provider{nil, off, on}
	var costs [3][]cost
	rng := rand.New(rand.NewPCG(1, 2))
	for b.Loop() {
		for _, v := range rng.Perm(len(providers)) {
			costs[v] = append(costs[v], run(providers[v]))
		}
	}
	med := func(f func(i int) float64) float64 {
		xs := make([]float64, len(costs[0]))
		for i := range xs {
			xs[i] = f(i)
		}
		slices.Sort(xs)
		return xs[len(xs)/2]
	}
	for v, name := range []string{"none", "off", "on"} {
		b.ReportMetric(med(func(i int) float64 { return costs[v][i].wall.Seconds() * 1e3 }), "ms/"+name)
	}
	for v, name := range map[int]string{1: "off", 2: "on"} {
		b.ReportMetric(med(func(i int) float64 { return float64(costs[v][i].wall) / float64(costs[0][i].wall) }), name+"/none")
		b.ReportMetric(med(func(i int) float64 { return float64(costs[v][i].cpu) / float64(costs[0][i].cpu) }), "cpu-"+name+"/none")
	}
}

// BenchmarkAnnotateOff is what a stage's annotation costs an item that is
// not traced: the price of the calls compiled into the stages.
func BenchmarkAnnotateOff(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		annotate.Item(ctx, "scored", annotate.KeySample.Int(3), attribute.Int("n", 7))
	}
}

// BenchmarkObserverOff is ItemStart and ItemEnd with tracing off.
func BenchmarkObserverOff(b *testing.B) {
	b.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "")
	b.Setenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "")
	p, _ := observability.New(context.Background(), observability.DefaultOptions())
	obs := p.Observer()
	ctx := context.Background()
	for b.Loop() {
		c := obs.ItemStart(ctx, "score", "0/1")
		obs.ItemEnd(c, "score", "0/1", time.Microsecond, nil)
	}
}

// BenchmarkObserverOn is one item span, its annotation and its end with
// tracing on, in a task's trace.
func BenchmarkObserverOn(b *testing.B) {
	o := observability.DefaultOptions()
	o.SpanExporter = tracetest.NewNoopExporter()
	o.MaxSpansPerTrace = 0
	p, _ := observability.New(context.Background(), o)
	defer p.Shutdown(context.Background())
	obs := p.Observer()
	obs.StageStart("score")
	task := obs.ItemStart(context.Background(), "tasks", "0")
	for b.Loop() {
		c := obs.ItemStart(task, "score", "0/1")
		annotate.Item(c, "scored", annotate.KeySample.Int(3))
		obs.ItemEnd(c, "score", "0/1", time.Microsecond, nil)
	}
}
