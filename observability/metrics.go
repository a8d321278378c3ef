package observability

import (
	"context"
	"sync"
	"time"

	"github.com/arcflow/arcflow/flow"
	"github.com/arcflow/arcflow/observability/annotate"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
)

// Metric names. The counters and gauges are flow.Metrics, the numbers of
// the run report's stage table, observed per stage (attribute
// arcflow.stage) whenever the reader collects; the histogram is the time
// each item took, per stage and per result (attribute error).
const (
	MetricItemsIn     = "arcflow.stage.items.in"
	MetricItemsOut    = "arcflow.stage.items.out"
	MetricItemsErrors = "arcflow.stage.items.errors"
	MetricBusy        = "arcflow.stage.busy"
	MetricStarved     = "arcflow.stage.starved"
	MetricBlocked     = "arcflow.stage.blocked"
	MetricCapacity    = "arcflow.stage.capacity"
	MetricWorkers     = "arcflow.stage.workers"
	MetricUtilization = "arcflow.stage.utilization"
	MetricQueue       = "arcflow.stage.queue"
	MetricMaxQueue    = "arcflow.stage.queue.max"
	MetricItemTime    = "arcflow.stage.item.duration"
)

// itemBuckets are the histogram's bounds in seconds: arcflow's items take
// from microseconds (routing) to seconds (validation under a timeout).
var itemBuckets = []float64{1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30}

// meters holds the metric instruments and the latest stage metrics that
// the observable ones report.
type meters struct {
	hist metric.Float64Histogram
	reg  metric.Registration
	opts sync.Map // stage → *[2]metric.RecordOption, for ok and error

	mu    sync.Mutex
	order []string
	snap  map[string]flow.Metrics
}

func newMeters(m metric.Meter) (*meters, error) {
	ms := &meters{snap: map[string]flow.Metrics{}}
	var err error
	ms.hist, err = m.Float64Histogram(MetricItemTime, metric.WithUnit("s"),
		metric.WithDescription("time a stage worked on one item"),
		metric.WithExplicitBucketBoundaries(itemBuckets...))
	if err != nil {
		return nil, err
	}
	count := func(name, desc string) metric.Int64ObservableCounter {
		c, e := m.Int64ObservableCounter(name, metric.WithUnit("{item}"), metric.WithDescription(desc))
		err = firstErr(err, e)
		return c
	}
	secs := func(name, desc string) metric.Float64ObservableCounter {
		c, e := m.Float64ObservableCounter(name, metric.WithUnit("s"), metric.WithDescription(desc))
		err = firstErr(err, e)
		return c
	}
	gauge := func(name, unit, desc string) metric.Int64ObservableGauge {
		g, e := m.Int64ObservableGauge(name, metric.WithUnit(unit), metric.WithDescription(desc))
		err = firstErr(err, e)
		return g
	}
	in := count(MetricItemsIn, "items a stage received")
	out := count(MetricItemsOut, "items a stage sent on, or a sink consumed")
	errs := count(MetricItemsErrors, "items that failed")
	busy := secs(MetricBusy, "worker time spent on items, summed over workers")
	starved := secs(MetricStarved, "worker time spent waiting for input")
	blocked := secs(MetricBlocked, "worker time spent waiting for downstream (back-pressure)")
	capacity := secs(MetricCapacity, "worker time the stage had: wall time × workers")
	workers := gauge(MetricWorkers, "{worker}", "workers allowed to take items")
	queue := gauge(MetricQueue, "{item}", "items waiting in the stage's input")
	maxQueue := gauge(MetricMaxQueue, "{item}", "the most items that ever waited")
	util, e := m.Float64ObservableGauge(MetricUtilization, metric.WithUnit("1"),
		metric.WithDescription("busy / capacity: near 1 for a bottleneck"))
	if err = firstErr(err, e); err != nil {
		return nil, err
	}
	ms.reg, err = m.RegisterCallback(func(_ context.Context, o metric.Observer) error {
		ms.mu.Lock()
		defer ms.mu.Unlock()
		for _, name := range ms.order {
			s := ms.snap[name]
			at := metric.WithAttributeSet(attribute.NewSet(annotate.KeyStage.String(s.Stage), attribute.String("arcflow.kind", s.Kind)))
			o.ObserveInt64(in, s.In, at)
			o.ObserveInt64(out, s.Out, at)
			o.ObserveInt64(errs, s.Errors, at)
			o.ObserveFloat64(busy, s.Busy.Seconds(), at)
			o.ObserveFloat64(starved, s.Starved.Seconds(), at)
			o.ObserveFloat64(blocked, s.Blocked.Seconds(), at)
			o.ObserveFloat64(capacity, s.Capacity.Seconds(), at)
			o.ObserveInt64(workers, int64(s.Workers), at)
			o.ObserveInt64(queue, s.Queue, at)
			o.ObserveInt64(maxQueue, s.MaxQueue, at)
			o.ObserveFloat64(util, s.Utilization, at)
		}
		return nil
	}, in, out, errs, busy, starved, blocked, capacity, workers, queue, maxQueue, util)
	if err != nil {
		return nil, err
	}
	return ms, nil
}

func firstErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// set records the metrics of one stage.
func (ms *meters) set(m flow.Metrics) {
	ms.mu.Lock()
	if _, ok := ms.snap[m.Stage]; !ok {
		ms.order = append(ms.order, m.Stage)
	}
	ms.snap[m.Stage] = m
	ms.mu.Unlock()
}

// item records the time one item took.
func (ms *meters) item(ctx context.Context, stage string, d time.Duration, err error) {
	v, ok := ms.opts.Load(stage)
	if !ok {
		v, _ = ms.opts.LoadOrStore(stage, &[2]metric.RecordOption{
			metric.WithAttributeSet(attribute.NewSet(annotate.KeyStage.String(stage), attribute.Bool("error", false))),
			metric.WithAttributeSet(attribute.NewSet(annotate.KeyStage.String(stage), attribute.Bool("error", true))),
		})
	}
	opt := v.(*[2]metric.RecordOption)[0]
	if err != nil {
		opt = v.(*[2]metric.RecordOption)[1]
	}
	ms.hist.Record(ctx, d.Seconds(), opt)
}
