package task

import (
	"encoding/json"
	"io"
)

// WriteJSONL writes t as one line of JSON Lines, the format NewJSONL reads.
func WriteJSONL(w io.Writer, t *Task) error {
	data, err := json.Marshal(toJSON(t))
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}
