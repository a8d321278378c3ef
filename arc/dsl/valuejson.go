package dsl

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// The JSON form of values used by arc-dsl's reference data:
// {"b": bool}, {"i": int}, {"t": [VALUE…]} for a tuple (a grid is a tuple of
// tuples) and {"s": [VALUE…]} for a frozenset.

type jsonValue struct {
	B *bool             `json:"b"`
	I *int              `json:"i"`
	T []json.RawMessage `json:"t"`
	S []json.RawMessage `json:"s"`
}

// UnmarshalValue decodes a value from its reference-data JSON form into its
// canonical Go form.
func UnmarshalValue(data []byte) (Value, error) {
	var j jsonValue
	if err := json.Unmarshal(data, &j); err != nil {
		return nil, err
	}
	switch {
	case j.B != nil:
		return *j.B, nil
	case j.I != nil:
		return *j.I, nil
	case j.T != nil || j.S != nil:
		raw := j.T
		if j.S != nil {
			raw = j.S
		}
		elems := make([]Value, len(raw))
		for k, r := range raw {
			v, err := UnmarshalValue(r)
			if err != nil {
				return nil, fmt.Errorf("element %d: %w", k, err)
			}
			elems[k] = v
		}
		if j.S != nil {
			return MakeSet(elems), nil
		}
		return MakeTuple(elems), nil
	}
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		return nil, nil
	}
	return nil, fmt.Errorf("not a value: %.60s", data)
}

// MarshalValue encodes a value in the reference-data JSON form; sets are
// written in their sorted order. Functions cannot be encoded.
func MarshalValue(v Value) ([]byte, error) {
	var b bytes.Buffer
	if err := encodeValue(&b, v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func encodeValue(b *bytes.Buffer, v Value) error {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
		return nil
	case bool:
		if x {
			b.WriteString(`{"b": true}`)
		} else {
			b.WriteString(`{"b": false}`)
		}
		return nil
	case int:
		b.WriteString(`{"i": `)
		b.WriteString(strconv.Itoa(x))
		b.WriteByte('}')
		return nil
	case *Func:
		return fmt.Errorf("cannot encode function %s", x.Name)
	}
	key := `{"t": [`
	if IsSet(v) {
		key = `{"s": [`
	}
	b.WriteString(key)
	for k, e := range Elems(v) {
		if k > 0 {
			b.WriteString(", ")
		}
		if err := encodeValue(b, e); err != nil {
			return err
		}
	}
	b.WriteString("]}")
	return nil
}
