package observability_test

import (
	"context"
	"os"
	"sync/atomic"
	"testing"

	"github.com/arcflow/arcflow/observability"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// burst ends traces×perTrace spans as fast as one goroutine can: each
// trace a root and perTrace-1 children, the root ended last, as a task's.
func burst(tr trace.Tracer, traces, perTrace int) {
	ctx := context.Background()
	for range traces {
		rctx, root := tr.Start(ctx, "task", trace.WithNewRoot())
		for range perTrace - 1 {
			_, sp := tr.Start(rctx, "score.item")
			sp.End()
		}
		root.End()
	}
}

// counted is a span exporter that counts what it exports.
type counted struct {
	sdktrace.SpanExporter
	n atomic.Int64
}

func (c *counted) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	err := c.SpanExporter.ExportSpans(ctx, spans)
	if err == nil {
		c.n.Add(int64(len(spans)))
	}
	return err
}

// TestBurst sends a burst of 100k spans over OTLP gRPC to a receiver on
// loopback, through the SDK's default batch processor and through ours.
// ARCFLOW_BURST_OTLP=host:port sends them there instead (a Jaeger's
// localhost:4317, say); root spans are then not counted.
// The default queue (2,048 spans) drops most of the burst, root spans
// included, and nothing says so; ours queues it whole, and its drops, if
// any, are counted.
func TestBurst(t *testing.T) {
	const traces, perTrace = 100, 1000
	const total = traces * perTrace

	t.Run("sdk default", func(t *testing.T) {
		srv := startOTLP(t, false)
		exp, err := otlptracegrpc.New(context.Background(), otlptracegrpc.WithEndpoint(burstAddr(srv)), otlptracegrpc.WithInsecure())
		if err != nil {
			t.Fatal(err)
		}
		c := &counted{SpanExporter: exp}
		tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(c))
		burst(tp.Tracer("burst"), traces, perTrace)
		if err := tp.Shutdown(context.Background()); err != nil {
			t.Fatal(err)
		}
		dropped := total - int(c.n.Load())
		srv.mu.Lock()
		roots := srv.roots
		srv.mu.Unlock()
		t.Logf("SDK default: %d of %d spans dropped (%.0f%%), %d of %d root spans received (0: not counted at %s)",
			dropped, total, 100*float64(dropped)/total, roots, traces, burstAddr(srv))
		if dropped == 0 {
			t.Log("the default processor kept up with the burst on this machine")
		}
	})

	t.Run("arcflow", func(t *testing.T) {
		srv := startOTLP(t, false)
		o := observability.DefaultOptions()
		o.Endpoint = burstAddr(srv)
		t.Setenv("OTEL_METRICS_EXPORTER", "none")
		p, err := observability.New(context.Background(), o)
		if err != nil {
			t.Fatal(err)
		}
		burst(p.TracerProvider().Tracer("burst"), traces, perTrace)
		if err := p.Shutdown(context.Background()); err != nil {
			t.Fatal(err)
		}
		s := p.Stats()
		srv.mu.Lock()
		roots, got := srv.roots, srv.spans
		srv.mu.Unlock()
		t.Logf("arcflow (queue %d, batch %d): %d of %d spans dropped, %d exported, %d root spans received",
			observability.DefaultQueueSize, observability.DefaultBatchSize, s.Dropped, s.Spans, s.Exported, roots)
		if os.Getenv("ARCFLOW_BURST_OTLP") != "" {
			got, roots = total, traces
		}
		if s.Spans != total || s.Dropped != 0 || s.Exported != total || got != total || roots != traces {
			t.Errorf("stats %+v; received %d spans, %d roots", s, got, roots)
		}
	})
}

func burstAddr(srv *otlpServer) string {
	if a := os.Getenv("ARCFLOW_BURST_OTLP"); a != "" {
		return a
	}
	return srv.addr
}
