package observability_test

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/arcflow/arcflow/arc/sample"
	"github.com/arcflow/arcflow/observability"
	"github.com/arcflow/arcflow/observability/annotate"
	"github.com/arcflow/arcflow/stages"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
)

// TestMetricsMatchReport: the exported stage metrics are the run report's
// numbers, and the item-time histogram counts every item of every stage.
func TestMetricsMatchReport(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	o := observability.DefaultOptions()
	o.SpanExporter = &recorder{}
	o.MetricReader = reader
	p, err := observability.New(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Shutdown(context.Background())
	res, err := stages.Run(context.Background(), sample.Tasks(solvable...), traced(smallConfig(t), p))
	if err != nil {
		t.Fatal(err)
	}
	p.Record(res.Report)
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	ints := map[string]map[string]int64{}     // metric → stage → value
	floats := map[string]map[string]float64{} // likewise
	hist := map[string]uint64{}               // stage → items timed
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			switch d := m.Data.(type) {
			case metricdata.Sum[int64]:
				for _, dp := range d.DataPoints {
					put(ints, m.Name, stageOf(dp.Attributes), dp.Value)
				}
			case metricdata.Gauge[int64]:
				for _, dp := range d.DataPoints {
					put(ints, m.Name, stageOf(dp.Attributes), dp.Value)
				}
			case metricdata.Sum[float64]:
				for _, dp := range d.DataPoints {
					put(floats, m.Name, stageOf(dp.Attributes), dp.Value)
				}
			case metricdata.Gauge[float64]:
				for _, dp := range d.DataPoints {
					put(floats, m.Name, stageOf(dp.Attributes), dp.Value)
				}
			case metricdata.Histogram[float64]:
				for _, dp := range d.DataPoints {
					hist[stageOf(dp.Attributes)] += dp.Count
				}
			}
		}
	}
	if got := rm.Resource.String(); !strings.Contains(got, "service.name=arcflow") || !strings.Contains(got, "arcflow.run.id=") {
		t.Errorf("resource %s", got)
	}
	for _, m := range res.Report.Stages {
		st := m.Stage
		for name, want := range map[string]int64{
			observability.MetricItemsIn: m.In, observability.MetricItemsOut: m.Out, observability.MetricItemsErrors: m.Errors,
			observability.MetricWorkers: int64(m.Workers), observability.MetricMaxQueue: m.MaxQueue,
		} {
			if got, ok := ints[name][st]; !ok || got != want {
				t.Errorf("%s{stage=%s} = %d (%v), the report says %d", name, st, got, ok, want)
			}
		}
		for name, want := range map[string]float64{
			observability.MetricBusy: m.Busy.Seconds(), observability.MetricBlocked: m.Blocked.Seconds(),
			observability.MetricStarved: m.Starved.Seconds(), observability.MetricCapacity: m.Capacity.Seconds(),
			observability.MetricUtilization: m.Utilization,
		} {
			if got := floats[name][st]; math.Abs(got-want) > 1e-9 {
				t.Errorf("%s{stage=%s} = %g, the report says %g", name, st, got, want)
			}
		}
		items := uint64(m.In)
		if m.Kind == "source" {
			items = uint64(m.Out)
		}
		if hist[st] != items {
			t.Errorf("%s: %d items timed, the report says %d", st, hist[st], items)
		}
	}
}

func stageOf(s attribute.Set) string {
	v, _ := s.Value(annotate.KeyStage)
	return v.AsString()
}

func put[V any](m map[string]map[string]V, name, stage string, v V) {
	if m[name] == nil {
		m[name] = map[string]V{}
	}
	m[name][stage] = v
}

// TestOTLP exports a run over OTLP gRPC to a receiver on loopback: every
// span arrives, with arcflow's resource, and so do the metrics.
func TestOTLP(t *testing.T) {
	srv := startOTLP(t, true)
	for _, how := range []string{"flag", "env"} {
		t.Run(how, func(t *testing.T) {
			o := observability.DefaultOptions()
			o.ServiceVersion = "v9.9.9-test"
			if how == "flag" {
				o.Endpoint = srv.addr
			} else {
				t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://"+srv.addr)
			}
			before := srv.spanCount()
			p, err := observability.New(context.Background(), o)
			if err != nil {
				t.Fatal(err)
			}
			if !p.Enabled() {
				t.Fatal("not enabled")
			}
			runStages(t, p, solvable[:2]...)
			s := p.Stats()
			got := srv.spanCount() - before
			if s.Exported == 0 || int64(got) != s.Exported || s.Dropped != 0 || s.Failed != 0 {
				t.Errorf("received %d spans; stats %+v", got, s)
			}
			srv.mu.Lock()
			res, metrics := srv.resource, srv.metrics[observability.MetricItemsIn]
			srv.mu.Unlock()
			if res["service.name"] != "arcflow" || res["service.version"] != "v9.9.9-test" || res["arcflow.run.id"] != p.RunID() {
				t.Errorf("resource %v", res)
			}
			if metrics == 0 || s.MetricExports == 0 {
				t.Errorf("%d %s points received, %d exports", metrics, observability.MetricItemsIn, s.MetricExports)
			}
			var b strings.Builder
			s.WriteReport(&b)
			if !strings.Contains(b.String(), "spans exported to") || !strings.Contains(b.String(), "0 by the span processor") {
				t.Errorf("report:\n%s", b.String())
			}
		})
	}
}

// TestMetricsRefused: an endpoint that takes traces but not metrics, as
// Jaeger, costs the traces nothing; the report says why metrics failed.
func TestMetricsRefused(t *testing.T) {
	srv := startOTLP(t, false)
	o := observability.DefaultOptions()
	o.Endpoint = srv.addr
	p, err := observability.New(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	runStages(t, p, solvable[0])
	s := p.Stats()
	if s.Exported == 0 || s.Exported != int64(srv.spanCount()) || s.MetricFailed == 0 {
		t.Errorf("stats %+v", s)
	}
	var b strings.Builder
	s.WriteReport(&b)
	if !strings.Contains(b.String(), "takes no OTLP metrics") || !strings.Contains(b.String(), "not exported") {
		t.Errorf("report:\n%s", b.String())
	}
}

// TestDeadEndpoint: with nothing listening, the run still ends and its
// report counts the spans that failed to export.
func TestDeadEndpoint(t *testing.T) {
	o := observability.DefaultOptions()
	o.Endpoint = "127.0.0.1:1" // nothing listens there
	t.Setenv("OTEL_EXPORTER_OTLP_TIMEOUT", "500")
	t.Setenv("OTEL_METRICS_EXPORTER", "none")
	p, err := observability.New(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	res, err := stages.Run(context.Background(), sample.Tasks(solvable[0]), traced(smallConfig(t), p))
	if err != nil || res.Stats.Solved.Load() != 1 {
		t.Fatalf("run: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	p.Shutdown(ctx)
	s := p.Stats()
	if s.Exported != 0 || s.Failed+s.Dropped != s.Spans || s.Spans == 0 {
		t.Errorf("stats %+v", s)
	}
}
