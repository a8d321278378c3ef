package flow

import (
	"context"
	"fmt"
	"iter"
	"testing"

	"github.com/reugn/go-streams"
	"github.com/reugn/go-streams/extension"
	gsflow "github.com/reugn/go-streams/flow"
)

// BenchmarkOverhead runs the same trivial work, benchItems integers through
// benchStages stages of one worker each, three ways: a hand-written
// goroutine-and-channel pipeline, flow, and plain go-streams Map operators.
// The ns/item/stage metric is wall time over items × stages.
func BenchmarkOverhead(b *testing.B) {
	const items, stages = 200_000, 4
	inc := func(_ context.Context, v int) ([]int, error) { return []int{v + 1}, nil }
	want := items*(items-1)/2 + items*stages
	report := func(b *testing.B) {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*items*stages), "ns/item/stage")
		b.ReportMetric(0, "ns/op")
	}

	b.Run("raw-channels", func(b *testing.B) {
		for b.Loop() {
			if got := rawPipeline(items, stages, inc); got != want {
				b.Fatalf("sum %d, want %d", got, want)
			}
		}
		report(b)
	})

	b.Run("flow", func(b *testing.B) {
		for b.Loop() {
			var sum int
			flows := make([]streams.Flow, stages)
			for i := range flows {
				flows[i] = NewStage(fmt.Sprint("inc", i), inc)
			}
			_, err := Run(context.Background(), FromSeq("ints", count(items)), flows,
				NewSink("sum", func(_ context.Context, v int) error { sum += v; return nil }))
			if err != nil || sum != want {
				b.Fatalf("sum %d, err %v; want %d", sum, err, want)
			}
		}
		report(b)
	})

	b.Run("go-streams", func(b *testing.B) {
		for b.Loop() {
			in := make(chan any)
			go func() {
				for i := range items {
					in <- i
				}
				close(in)
			}()
			out := make(chan any)
			var f streams.Flow = gsflow.NewMap(func(v int) int { return v + 1 }, 1)
			extension.NewChanSource(in).Via(f)
			for range stages - 1 {
				f = f.Via(gsflow.NewMap(func(v int) int { return v + 1 }, 1))
			}
			go f.To(extension.NewChanSink(out))
			sum := 0
			for v := range out {
				sum += v.(int)
			}
			if sum != want {
				b.Fatalf("sum %d, want %d", sum, want)
			}
		}
		report(b)
	})
}

// rawPipeline is what one would write by hand: a goroutine per stage,
// joined by channels with as much buffer as a flow stage has.
func rawPipeline(items, stages int, fn Func[int, int]) int {
	ctx := context.Background()
	src := make(chan int, 8)
	go func() {
		for i := range items {
			src <- i
		}
		close(src)
	}()
	in := src
	for range stages {
		out := make(chan int, 8)
		go func(in <-chan int) {
			defer close(out)
			for v := range in {
				outs, err := fn(ctx, v)
				if err != nil {
					continue
				}
				for _, o := range outs {
					out <- o
				}
			}
		}(in)
		in = out
	}
	sum := 0
	for v := range in {
		sum += v
	}
	return sum
}

func count(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}
