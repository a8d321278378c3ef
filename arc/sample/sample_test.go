package sample

import (
	"slices"
	"testing"
)

func TestTasks(t *testing.T) {
	var all []string
	for tk, err := range Tasks() {
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, tk.ID)
	}
	if !slices.Equal(all, IDs()) {
		t.Errorf("Tasks() gives %v, want every id in order %v", all, IDs())
	}

	var some []string
	for tk, err := range Tasks("74dd1130", "67a3c6ac") {
		if err != nil {
			t.Fatal(err)
		}
		some = append(some, tk.ID)
	}
	if want := []string{"74dd1130", "67a3c6ac"}; !slices.Equal(some, want) {
		t.Errorf("Tasks(ids) gives %v, want %v in that order", some, want)
	}

	n, failed := 0, false
	for _, err := range Tasks("67a3c6ac", "nosuchtask", "74dd1130") {
		n++
		failed = failed || err != nil
	}
	if n != 2 || !failed {
		t.Errorf("a missing id: %d values, error seen %v; want the stream to end with its error", n, failed)
	}
}
