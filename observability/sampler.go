package observability

import (
	"fmt"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/arcflow/arcflow/internal/murmur"
	"github.com/arcflow/arcflow/observability/annotate"
)

// NewSampler returns arcflow's sampler: parent-based at both levels. A
// root span (a task) is kept with probability taskRatio, by its trace ID.
// A span whose parent is not sampled is not either, so a task left out
// costs nothing below its root. Under a sampled parent, stage spans are
// always kept and item spans with probability itemRatio, decided by a hash
// of the trace ID and the item ID: the same item is kept or left out at
// every stage it passes, so a kept item can be followed through the
// pipeline.
func NewSampler(taskRatio, itemRatio float64) sdktrace.Sampler {
	items := newItemSampler(itemRatio)
	return sdktrace.ParentBased(sdktrace.TraceIDRatioBased(taskRatio),
		sdktrace.WithLocalParentSampled(items),
		sdktrace.WithRemoteParentSampled(items))
}

type itemSampler struct {
	bound uint64 // keep when the hash is below; all when 1<<64-1
	ratio float64
}

func newItemSampler(ratio float64) itemSampler {
	switch {
	case ratio >= 1:
		return itemSampler{bound: ^uint64(0), ratio: 1}
	case ratio <= 0:
		return itemSampler{ratio: 0}
	}
	return itemSampler{bound: uint64(ratio * (1 << 63) * 2), ratio: ratio}
}

func (s itemSampler) ShouldSample(p sdktrace.SamplingParameters) sdktrace.SamplingResult {
	state := trace.SpanContextFromContext(p.ParentContext).TraceState()
	keep := true
	if s.bound != ^uint64(0) {
		var id string
		item := false
		for _, a := range p.Attributes {
			switch a.Key {
			case annotate.KeySpan:
				item = a.Value.AsString() == "item"
			case annotate.KeyItemID:
				id = a.Value.AsString()
			}
		}
		keep = !item || itemHash(p.TraceID, id) < s.bound
	}
	if !keep {
		return sdktrace.SamplingResult{Decision: sdktrace.Drop, Tracestate: state}
	}
	return sdktrace.SamplingResult{Decision: sdktrace.RecordAndSample, Tracestate: state}
}

func (s itemSampler) Description() string {
	return fmt.Sprintf("ArcflowItems{%g}", s.ratio)
}

// itemHash is FNV-1a over the trace ID and the item ID, finished with a
// mixer so that the high bits, which the bound compares, are well spread.
func itemHash(tid trace.TraceID, id string) uint64 {
	h := uint64(14695981039346656037)
	for _, b := range tid {
		h = (h ^ uint64(b)) * 1099511628211
	}
	for i := 0; i < len(id); i++ {
		h = (h ^ uint64(id[i])) * 1099511628211
	}
	return murmur.Mix(h)
}
