package observability_test

import (
	"context"
	"net"
	"sync"
	"testing"

	colmetricpb "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	"google.golang.org/grpc"
)

// otlpServer is an OTLP gRPC receiver on loopback that keeps what it gets:
// the far end of the exporters in tests. Without metrics it answers
// metric exports Unimplemented, as Jaeger does.
type otlpServer struct {
	coltracepb.UnimplementedTraceServiceServer
	addr string

	mu       sync.Mutex
	spans    int
	roots    int               // spans without a parent
	resource map[string]string // attributes of the last resource seen
	metrics  map[string]int    // metric name → data points received
	requests int
}

func startOTLP(t testing.TB, withMetrics bool) *otlpServer {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &otlpServer{addr: lis.Addr().String(), resource: map[string]string{}, metrics: map[string]int{}}
	gs := grpc.NewServer()
	coltracepb.RegisterTraceServiceServer(gs, s)
	if withMetrics {
		colmetricpb.RegisterMetricsServiceServer(gs, metricsServer{s: s})
	}
	go gs.Serve(lis)
	t.Cleanup(gs.Stop)
	return s
}

func (s *otlpServer) Export(_ context.Context, req *coltracepb.ExportTraceServiceRequest) (*coltracepb.ExportTraceServiceResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests++
	for _, rs := range req.ResourceSpans {
		s.keepResource(rs.GetResource().GetAttributes())
		for _, ss := range rs.ScopeSpans {
			s.spans += len(ss.Spans)
			for _, sp := range ss.Spans {
				if len(sp.ParentSpanId) == 0 {
					s.roots++
				}
			}
		}
	}
	return &coltracepb.ExportTraceServiceResponse{}, nil
}

func (s *otlpServer) keepResource(attrs []*commonpb.KeyValue) {
	for _, a := range attrs {
		s.resource[a.Key] = a.Value.GetStringValue()
	}
}

func (s *otlpServer) spanCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.spans
}

type metricsServer struct {
	colmetricpb.UnimplementedMetricsServiceServer
	s *otlpServer
}

func (m metricsServer) Export(_ context.Context, req *colmetricpb.ExportMetricsServiceRequest) (*colmetricpb.ExportMetricsServiceResponse, error) {
	s := m.s
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, rm := range req.ResourceMetrics {
		for _, sm := range rm.ScopeMetrics {
			for _, mt := range sm.Metrics {
				n := len(mt.GetSum().GetDataPoints()) + len(mt.GetGauge().GetDataPoints()) + len(mt.GetHistogram().GetDataPoints())
				s.metrics[mt.Name] += n
			}
		}
	}
	return &colmetricpb.ExportMetricsServiceResponse{}, nil
}
