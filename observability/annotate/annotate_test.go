package annotate_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"go.opentelemetry.io/otel/attribute"

	"github.com/arcflow/arcflow/observability/annotate"
)

// fakeRecorder records what reaches an item span.
type fakeRecorder struct {
	recording bool
	calls     []string
}

func (f *fakeRecorder) Recording() bool { return f.recording }

func (f *fakeRecorder) Annotate(outcome string, kv []attribute.KeyValue) {
	s := "annotate " + outcome
	for _, a := range kv {
		s += fmt.Sprintf(" %s=%s", a.Key, a.Value.Emit())
	}
	f.calls = append(f.calls, s)
}

func (f *fakeRecorder) Fanin(key string, kept bool) {
	f.calls = append(f.calls, fmt.Sprintf("fanin %s kept=%v", key, kept))
}

func (f *fakeRecorder) Join(key string, last bool) {
	f.calls = append(f.calls, fmt.Sprintf("join %s last=%v", key, last))
}

func TestCallsReachTheRecorder(t *testing.T) {
	for _, c := range []struct {
		name      string
		recording bool
		call      func(ctx context.Context)
		want      []string
	}{
		{"item", true, func(ctx context.Context) { annotate.Item(ctx, "scored", annotate.KeySample.Int(2)) },
			[]string{"annotate scored arcflow.sample=2"}},
		{"item not recorded", false, func(ctx context.Context) { annotate.Item(ctx, "scored") }, nil},
		{"fanin kept", true, func(ctx context.Context) { annotate.Fanin(ctx, "k1", true, annotate.KeyScore.Int(7)) },
			[]string{"fanin k1 kept=true", "annotate kept arcflow.score=7"}},
		{"fanin repeat", true, func(ctx context.Context) { annotate.Fanin(ctx, "k1", false) },
			[]string{"fanin k1 kept=false", "annotate duplicate"}},
		// An item without a span still takes part in fan-in and joins.
		{"fanin not recorded", false, func(ctx context.Context) { annotate.Fanin(ctx, "k2", true) },
			[]string{"fanin k2 kept=true"}},
		{"join held", true, func(ctx context.Context) { annotate.Join(ctx, "t", false) },
			[]string{"join t last=false", "annotate held"}},
		{"join complete", true, func(ctx context.Context) { annotate.Join(ctx, "t", true) },
			[]string{"join t last=true", "annotate complete"}},
		{"join not recorded", false, func(ctx context.Context) { annotate.Join(ctx, "t", true) },
			[]string{"join t last=true"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := &fakeRecorder{recording: c.recording}
			ctx := annotate.WithRecorder(context.Background(), r)
			c.call(ctx)
			if !slices.Equal(r.calls, c.want) {
				t.Errorf("calls %q, want %q", r.calls, c.want)
			}
			if annotate.Tracing(ctx) != c.recording {
				t.Errorf("Tracing = %v, want %v", annotate.Tracing(ctx), c.recording)
			}
		})
	}
}

// TestUntracedCostsNothing: without a recorder the calls allocate nothing,
// so that stage functions annotate every item unconditionally.
func TestUntracedCostsNothing(t *testing.T) {
	ctx := context.Background()
	n := testing.AllocsPerRun(100, func() {
		annotate.Item(ctx, "scored", annotate.KeySample.Int(1), annotate.KeyCandidates.Int(2))
		annotate.Fanin(ctx, "k", true, annotate.KeyScore.Int(3))
		annotate.Join(ctx, "t", false, annotate.KeySample.Int(4))
	})
	if n != 0 {
		t.Errorf("%v allocations per untraced call set, want 0", n)
	}
	if annotate.Tracing(ctx) || annotate.RecorderFrom(ctx) != nil {
		t.Error("a bare context reports a recorder")
	}
}

// A stage function describes its item; with tracing off (no Recorder in
// the context, as here) the call does nothing.
func ExampleItem() {
	score := func(ctx context.Context, sample int) int {
		scored := 42
		annotate.Item(ctx, "scored", annotate.KeySample.Int(sample), annotate.KeyCandidates.Int(scored))
		return scored
	}
	fmt.Println(score(context.Background(), 0))
	// Output: 42
}
