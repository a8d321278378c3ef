package observability

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/arcflow/arcflow/flow"
	"github.com/arcflow/arcflow/observability/annotate"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlpmetric/otlpmetricgrpc"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"
)

// ServiceName is the service.name of arcflow's telemetry.
const ServiceName = "arcflow"

// Defaults of Options.
const (
	DefaultMaxSpansPerTrace = 1000
	// DefaultQueueSize is the batch span processor's queue: 128 Ki spans,
	// against the SDK's 2,048, so that a burst of 100k spans is queued
	// whole while the exporter catches up. A queued span takes about 1 KB,
	// so a full queue is about 128 MB.
	DefaultQueueSize = 1 << 17
	// DefaultBatchSize is the most spans per export request: 2,048 spans
	// of arcflow's make a request of well under 4 MiB, gRPC's default
	// limit on the receiving side.
	DefaultBatchSize = 2048
	// DefaultSource is the flow source whose items are tasks.
	DefaultSource = "tasks"
)

// Options configure a Provider.
type Options struct {
	// Endpoint is the OTLP gRPC endpoint, host:port (plaintext, as a local
	// Jaeger or collector listens) or a URL (https:// for TLS). Empty: the
	// standard variables decide, OTEL_EXPORTER_OTLP_ENDPOINT or
	// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, with the other OTEL_EXPORTER_OTLP_*
	// ones (headers, TLS, timeout, compression). With neither, telemetry
	// is off: no exporter, no span recorded.
	Endpoint string
	// TaskRatio is the share of tasks traced, ItemRatio the share of item
	// spans kept in a traced task; see NewSampler.
	TaskRatio, ItemRatio float64
	// MaxSpansPerTrace caps the spans of one task's trace; 0 for no cap.
	MaxSpansPerTrace int
	// Source is the flow source whose items are tasks; "" for "tasks".
	Source string
	// ServiceVersion is service.version; "" for the build's module version.
	ServiceVersion string
	// RunID names the run (arcflow.run.id and service.instance.id); ""
	// for a new one made of the time and random bits.
	RunID string
	// QueueSize and BatchSize size the batch span processor; 0 for
	// OTEL_BSP_MAX_QUEUE_SIZE and OTEL_BSP_MAX_EXPORT_BATCH_SIZE if set,
	// else DefaultQueueSize and DefaultBatchSize.
	QueueSize, BatchSize int
	// Blocking makes the processor wait for room in its queue instead of
	// dropping a span when the queue is full.
	Blocking bool

	// SpanExporter, if set, replaces the OTLP exporter and turns tracing
	// on; MetricReader likewise for metrics. With a SpanExporter and no
	// MetricReader, metrics are off. For tests.
	SpanExporter sdktrace.SpanExporter
	MetricReader sdkmetric.Reader
}

// DefaultOptions are the options of a run without flags: every task and
// item traced, at most DefaultMaxSpansPerTrace spans per trace.
func DefaultOptions() Options {
	return Options{TaskRatio: 1, ItemRatio: 1, MaxSpansPerTrace: DefaultMaxSpansPerTrace, Source: DefaultSource}
}

// Provider owns the tracer and meter providers of a run and its Observer.
// Shut it down before the program exits, or the last spans are lost.
type Provider struct {
	opts     Options
	endpoint string // where telemetry goes, for the report
	runID    string
	version  string

	tp      *sdktrace.TracerProvider // nil when tracing is off
	mp      *sdkmetric.MeterProvider // nil when metrics are off
	obs     *Observer
	exp     *countingExporter
	ended   *endCounter
	mexp    *countingMetricExporter
	metered bool

	shutOnce sync.Once
	shutErr  error
	shut     atomic.Bool
}

// Enabled reports whether spans are recorded and exported.
func (p *Provider) Enabled() bool { return p.tp != nil }

// RunID is the run's ID.
func (p *Provider) RunID() string { return p.runID }

// Observer is the flow.Observer that traces the run. With tracing off it
// is still valid and records nothing, but there is no reason to install
// it: leave stages.Config.Observer nil instead.
func (p *Provider) Observer() *Observer { return p.obs }

// TracerProvider is the provider the Observer's spans come from: the SDK's
// when tracing is on, a no-op one otherwise.
func (p *Provider) TracerProvider() trace.TracerProvider {
	if p.tp == nil {
		return tracenoop.NewTracerProvider()
	}
	return p.tp
}

// New starts telemetry as the options and the environment say. With no
// endpoint it returns a Provider that records nothing and exports nothing.
func New(ctx context.Context, o Options) (*Provider, error) {
	if o.Source == "" {
		o.Source = DefaultSource
	}
	if o.TaskRatio < 0 || o.TaskRatio > 1 || o.ItemRatio < 0 || o.ItemRatio > 1 {
		return nil, fmt.Errorf("observability: sampling ratios must be within [0, 1], not %g and %g", o.TaskRatio, o.ItemRatio)
	}
	if o.MaxSpansPerTrace < 0 {
		return nil, fmt.Errorf("observability: the span cap must be at least 0 (no cap), not %d", o.MaxSpansPerTrace)
	}
	p := &Provider{opts: o, runID: o.RunID, version: o.ServiceVersion}
	if p.runID == "" {
		p.runID = newRunID()
	}
	if p.version == "" {
		p.version = buildVersion()
	}
	endpoint, on := tracesEndpoint(o.Endpoint)
	if o.SpanExporter != nil {
		on, endpoint = true, "(exporter)"
	}
	p.endpoint = endpoint
	p.obs = &Observer{tracer: tracenoop.NewTracerProvider().Tracer(""), source: o.Source,
		runID: p.runID, limit: o.MaxSpansPerTrace, seen: map[string]bool{}, open: map[*taskTrace]struct{}{}}
	if !on {
		return p, nil
	}

	res, err := resource.New(ctx,
		resource.WithAttributes(
			attribute.String("service.name", ServiceName),
			attribute.String("service.version", p.version),
			attribute.String("service.instance.id", p.runID),
			annotate.KeyRunID.String(p.runID)),
		resource.WithFromEnv(), resource.WithTelemetrySDK(), resource.WithHost())
	if err != nil && res == nil {
		return nil, fmt.Errorf("observability: resource: %w", err)
	}

	exp := o.SpanExporter
	if exp == nil {
		exp, err = otlptracegrpc.New(ctx, traceOptions(o.Endpoint)...)
		if err != nil {
			return nil, fmt.Errorf("observability: OTLP trace exporter: %w", err)
		}
	}
	p.exp = &countingExporter{SpanExporter: exp}
	p.ended = &endCounter{}
	queue, batch := o.QueueSize, o.BatchSize
	if queue <= 0 {
		queue = envInt("OTEL_BSP_MAX_QUEUE_SIZE", DefaultQueueSize)
	}
	if batch <= 0 {
		batch = envInt("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", DefaultBatchSize)
	}
	bspOpts := []sdktrace.BatchSpanProcessorOption{
		sdktrace.WithMaxQueueSize(queue), sdktrace.WithMaxExportBatchSize(min(batch, queue)),
	}
	if o.Blocking {
		bspOpts = append(bspOpts, sdktrace.WithBlocking())
	}
	p.tp = sdktrace.NewTracerProvider(
		sdktrace.WithResource(res),
		sdktrace.WithSampler(NewSampler(o.TaskRatio, o.ItemRatio)),
		sdktrace.WithSpanProcessor(p.ended),
		sdktrace.WithSpanProcessor(sdktrace.NewBatchSpanProcessor(p.exp, bspOpts...)),
	)
	p.obs.tracer = p.tp.Tracer("github.com/arcflow/arcflow/observability")
	p.obs.tracing = true

	reader := o.MetricReader
	if reader == nil && o.SpanExporter == nil && metricsWanted() {
		mexp, err := otlpmetricgrpc.New(ctx, metricOptions(o.Endpoint)...)
		if err != nil {
			return nil, fmt.Errorf("observability: OTLP metric exporter: %w", err)
		}
		p.mexp = &countingMetricExporter{Exporter: mexp}
		var ropts []sdkmetric.PeriodicReaderOption
		if os.Getenv("OTEL_METRIC_EXPORT_INTERVAL") == "" {
			ropts = append(ropts, sdkmetric.WithInterval(15*time.Second))
		}
		reader = sdkmetric.NewPeriodicReader(p.mexp, ropts...)
	}
	if reader != nil {
		p.mp = sdkmetric.NewMeterProvider(sdkmetric.WithResource(res), sdkmetric.WithReader(reader))
		ms, err := newMeters(p.mp.Meter("github.com/arcflow/arcflow/observability"))
		if err != nil {
			return nil, fmt.Errorf("observability: metrics: %w", err)
		}
		p.obs.metrics = ms
		p.metered = true
	}
	return p, nil
}

// MeterProvider is the provider of the stage metrics: the SDK's when
// metrics are on, else nil.
func (p *Provider) MeterProvider() metric.MeterProvider {
	if p.mp == nil {
		return nil
	}
	return p.mp
}

// Record sets the stage metrics that the next collection reports to those
// of r: a live report during the run, the final one at its end, so that
// the exported metrics are the run report's numbers.
func (p *Provider) Record(r *flow.Report) {
	if r == nil || p.obs.metrics == nil {
		return
	}
	for _, m := range r.Stages {
		p.obs.metrics.set(m)
	}
}

// Shutdown ends the traces still open, exports what is queued and stops
// the exporters. Call it once the run is over, with a context that bounds
// the wait (a dead endpoint makes the exporter retry). Later calls return
// the first call's result.
func (p *Provider) Shutdown(ctx context.Context) error {
	p.shutOnce.Do(func() {
		p.shut.Store(true)
		p.obs.closeAll()
		var errs []error
		if p.tp != nil {
			errs = append(errs, p.tp.Shutdown(ctx))
		}
		if p.mp != nil {
			errs = append(errs, p.mp.Shutdown(ctx))
		}
		p.shutErr = errors.Join(errs...)
	})
	return p.shutErr
}

// Stats is the account of a run's telemetry for the run report.
type Stats struct {
	Enabled  bool
	Endpoint string
	RunID    string

	Traces     int64 // tasks traced
	Untraced   int64 // tasks the task ratio left out
	Spans      int64 // spans ended and handed to the processor
	Exported   int64 // spans the endpoint accepted
	Failed     int64 // spans whose export failed
	Dropped    int64 // spans the processor dropped (queue full); final after Shutdown
	Capped     int64 // item spans not recorded because of the per-trace cap
	SampledOut int64 // item spans the item ratio left out
	Cap        int
	ExportErr  error // the last export error

	Metrics       bool
	MetricExports int64 // metric exports accepted
	MetricFailed  int64 // metric exports that failed
	MetricErr     error
}

// Stats returns the counts so far; after Shutdown they are final.
func (p *Provider) Stats() Stats {
	s := Stats{Enabled: p.Enabled(), Endpoint: p.endpoint, RunID: p.runID, Cap: p.opts.MaxSpansPerTrace, Metrics: p.metered}
	o := p.obs
	s.Traces, s.Untraced = o.traces.Load(), o.untraced.Load()
	s.Capped, s.SampledOut = o.capped.Load(), o.sampledOut.Load()
	if p.exp != nil {
		s.Spans = p.ended.n.Load()
		s.Exported, s.Failed = p.exp.exported.Load(), p.exp.failed.Load()
		s.ExportErr = p.exp.err()
		if p.shut.Load() {
			s.Dropped = max(s.Spans-s.Exported-s.Failed, 0)
		}
	}
	if p.mexp != nil {
		s.MetricExports, s.MetricFailed = p.mexp.ok.Load(), p.mexp.failed.Load()
		s.MetricErr = p.mexp.err()
	}
	return s
}

// WriteReport writes the telemetry lines of the run report.
func (s Stats) WriteReport(w io.Writer) {
	if !s.Enabled {
		return
	}
	capText := "no cap"
	if s.Cap > 0 {
		capText = "cap " + strconv.Itoa(s.Cap) + " per trace"
	}
	fmt.Fprintf(w, "tracing:     %d spans exported to %s in %d task traces (run %s); dropped: %d by the span processor, %d by the span cap (%s); %d failed to export",
		s.Exported, s.Endpoint, s.Traces, s.RunID, s.Dropped, s.Capped, capText, s.Failed)
	if s.SampledOut > 0 || s.Untraced > 0 {
		fmt.Fprintf(w, "; sampled out: %d tasks, %d item spans", s.Untraced, s.SampledOut)
	}
	fmt.Fprintln(w)
	if s.ExportErr != nil {
		fmt.Fprintf(w, "             last export error: %v\n", s.ExportErr)
	}
	if s.Metrics {
		switch {
		case s.MetricFailed > 0 && s.MetricExports == 0 && isUnimplemented(s.MetricErr):
			fmt.Fprintf(w, "metrics:     not exported: %s takes no OTLP metrics (Jaeger stores traces only); "+
				"send them to a collector with OTEL_EXPORTER_OTLP_METRICS_ENDPOINT, or set OTEL_METRICS_EXPORTER=none\n", s.Endpoint)
		case s.MetricFailed > 0:
			fmt.Fprintf(w, "metrics:     %d exports accepted, %d failed: %v\n", s.MetricExports, s.MetricFailed, s.MetricErr)
		default:
			fmt.Fprintf(w, "metrics:     %d exports accepted\n", s.MetricExports)
		}
	}
}

func isUnimplemented(err error) bool {
	return err != nil && strings.Contains(err.Error(), "Unimplemented")
}

// tracesEndpoint returns where traces go and whether they go at all.
func tracesEndpoint(flagValue string) (string, bool) {
	if flagValue != "" {
		return flagValue, true
	}
	if strings.EqualFold(os.Getenv("OTEL_SDK_DISABLED"), "true") || os.Getenv("OTEL_TRACES_EXPORTER") == "none" {
		return "", false
	}
	for _, v := range []string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT"} {
		if e := os.Getenv(v); e != "" {
			return e, true
		}
	}
	return "", false
}

// metricsWanted reports whether metrics go out over OTLP too, once traces
// do: yes, to the traces' endpoint or to OTEL_EXPORTER_OTLP_METRICS_ENDPOINT,
// unless OTEL_METRICS_EXPORTER=none.
func metricsWanted() bool {
	return os.Getenv("OTEL_METRICS_EXPORTER") != "none"
}

// traceOptions turn --otlp into exporter options; without it the exporter
// reads the OTEL_EXPORTER_OTLP_* variables itself.
func traceOptions(endpoint string) []otlptracegrpc.Option {
	switch {
	case endpoint == "":
		return nil
	case strings.Contains(endpoint, "://"):
		return []otlptracegrpc.Option{otlptracegrpc.WithEndpointURL(endpoint)}
	}
	return []otlptracegrpc.Option{otlptracegrpc.WithEndpoint(endpoint), otlptracegrpc.WithInsecure()}
}

// metricOptions are traceOptions for metrics, except that a set
// OTEL_EXPORTER_OTLP_METRICS_ENDPOINT wins over --otlp, so that metrics
// can go to a collector while traces go to Jaeger.
func metricOptions(endpoint string) []otlpmetricgrpc.Option {
	switch {
	case endpoint == "" || os.Getenv("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT") != "":
		return nil
	case strings.Contains(endpoint, "://"):
		return []otlpmetricgrpc.Option{otlpmetricgrpc.WithEndpointURL(endpoint)}
	}
	return []otlpmetricgrpc.Option{otlpmetricgrpc.WithEndpoint(endpoint), otlpmetricgrpc.WithInsecure()}
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// newRunID is the time to the second and 32 random bits: sortable and
// unique enough to tell runs apart in one Jaeger.
func newRunID() string {
	var b [4]byte
	rand.Read(b[:])
	return time.Now().UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:])
}

// buildVersion is the main module's version, with the VCS revision when
// the build recorded one.
func buildVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += "+" + s.Value[:12]
		}
	}
	return v
}

// countingExporter counts the spans the exporter took and those it
// failed on. A failed export is reported once through the SDK's error
// handler (stderr by default) and then only counted, for the run report.
type countingExporter struct {
	sdktrace.SpanExporter
	exported, failed atomic.Int64
	mu               sync.Mutex
	last             error
}

func (c *countingExporter) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	err := c.SpanExporter.ExportSpans(ctx, spans)
	if err == nil {
		c.exported.Add(int64(len(spans)))
		return nil
	}
	first := c.failed.Add(int64(len(spans))) == int64(len(spans))
	c.mu.Lock()
	c.last = err
	c.mu.Unlock()
	if first {
		return err
	}
	return nil
}

func (c *countingExporter) err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last
}

// endCounter counts the sampled spans that ended: what the batch processor
// was handed. Less what was exported or failed, that is what it dropped.
type endCounter struct{ n atomic.Int64 }

func (*endCounter) OnStart(context.Context, sdktrace.ReadWriteSpan) {}
func (e *endCounter) OnEnd(s sdktrace.ReadOnlySpan) {
	if s.SpanContext().IsSampled() {
		e.n.Add(1)
	}
}
func (*endCounter) Shutdown(context.Context) error   { return nil }
func (*endCounter) ForceFlush(context.Context) error { return nil }

// countingMetricExporter counts metric exports; failures are only counted
// and shown in the run report, since the common one, Jaeger refusing
// metrics, would otherwise print every interval.
type countingMetricExporter struct {
	sdkmetric.Exporter
	ok, failed atomic.Int64
	mu         sync.Mutex
	last       error
}

func (c *countingMetricExporter) Export(ctx context.Context, rm *metricdata.ResourceMetrics) error {
	if err := c.Exporter.Export(ctx, rm); err != nil {
		c.failed.Add(1)
		c.mu.Lock()
		c.last = err
		c.mu.Unlock()
		return nil
	}
	c.ok.Add(1)
	return nil
}

func (c *countingMetricExporter) err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last
}
