package cluster

import (
	"encoding/json"
	"testing"

	"github.com/arcflow/arcflow/arc/program"
	"github.com/arcflow/arcflow/store"
)

// FuzzDecodeResult feeds collect's decoder any message, as anyone who can
// publish on the results subject may: DecodeResult and Verify may refuse
// it but not panic, and what Verify accepts is what the store may take: a
// task id of the store's rule, an md5 key that is the md5 of the stored
// text's canonical form, one program in that text, a score within the
// task's samples. Verify is a fixed point: the program it returns, sent
// again, comes back the same.
func FuzzDecodeResult(f *testing.F) {
	f.Add([]byte(`{"kind":"solver","task":"t","key":"k","score":1,"text":"x"}`), 0)
	f.Fuzz(func(t *testing.T, data []byte, samples int) {
		r, err := DecodeResult(data)
		if err != nil {
			return
		}
		if r.Task == "" || r.Key == "" {
			t.Fatalf("decoded %+v", r)
		}
		kind, err := r.StoreKind()
		if err != nil {
			t.Fatalf("decoded a result of kind %q", r.Kind)
		}
		p, err := r.Verify(samples)
		if err != nil {
			return
		}
		if err := store.CheckTaskID(p.Task); err != nil {
			t.Fatalf("accepted task id: %v", err)
		}
		n := samples
		if n <= 0 {
			n = store.MaxSamples
		}
		if p.Score < 0 || p.Score > store.ExactScore*n {
			t.Fatalf("accepted score %d for %d samples", p.Score, samples)
		}
		f, err := program.ParseString("stored", p.Text)
		if err != nil || len(f.Programs) != 1 {
			t.Fatalf("stored text does not parse to one program: %v\n%s", err, p.Text)
		}
		if key := program.Key(program.Inline(f.Programs[0]).String()); key != p.Key || key != r.Key {
			t.Fatalf("stored key %s, result key %s, md5 of the canonical text %s", p.Key, r.Key, key)
		}
		again := Result{Kind: kind.String(), Task: p.Task, Key: p.Key, Score: p.Score, Bucket: p.Bucket, Text: p.Text}
		msg, err := json.Marshal(&again)
		if err != nil {
			t.Fatal(err)
		}
		back, err := DecodeResult(msg)
		if err != nil {
			t.Fatalf("the verified result does not decode: %v", err)
		}
		q, err := back.Verify(samples)
		if err != nil || q != p {
			t.Fatalf("verified again: %+v, %v; first %+v", q, err, p)
		}
	})
}
