package dsl

import (
	"reflect"
	"testing"
)

// TestParseSignatures checks parseSignatures on a small table: the fields,
// the parameters (prapply's first has no annotation), and the errors
// naming the line.
func TestParseSignatures(t *testing.T) {
	got, err := parseSignatures("name\tarity\tparams\treturns\nadd\t2\ta:Numerical, b:Numerical\tNumerical\nprapply\t3\tfunction, a:FrozenSet, b:FrozenSet\tFrozenSet\n")
	want := []Signature{
		{Name: "add", Params: []Param{{"a", Numerical}, {"b", Numerical}}, Returns: Numerical},
		{Name: "prapply", Params: []Param{{"function", Callable}, {"a", FrozenSet}, {"b", FrozenSet}}, Returns: FrozenSet},
	}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v, %v", got, err)
	}
	for text, msg := range map[string]string{
		"h\nx\t1\ta:A":                  "line 2: 3 fields, want 4",
		"h\nx\t1\ta:A\tB\tC":            "line 2: 5 fields, want 4",
		"h\nx\tq\ta:A\tB":               `line 2: arity "q": strconv.Atoi: parsing "q": invalid syntax`,
		"h\nx\t1\ta:A\tB\n\n":           "",
		"h\nx\t1\ta:A\tB\ny\t2\ta:A\tB": "line 3: y has 1 parameters, arity 2",
		"h\n\nx\t1\ta\tB":               "line 2: 1 fields, want 4",
	} {
		_, err := parseSignatures(text)
		if got := errString(err); got != msg {
			t.Errorf("%q: error %q, want %q", text, got, msg)
		}
	}
	if all, err := parseSignatures(signaturesTSV); err != nil || len(all) != len(signatures) {
		t.Errorf("signatures.tsv: %d signatures, %v", len(all), err)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
