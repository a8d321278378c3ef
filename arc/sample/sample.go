// Package sample embeds a small set of ARC training tasks: the default input
// of `arcflow run` and a fixture for tests. See NOTICE.md for their origin
// and licence.
package sample

import (
	"embed"
	"io/fs"
	"iter"
	"path"
	"strings"

	"github.com/arcflow/arcflow/arc/task"
)

//go:embed tasks/*.json
var files embed.FS

// Name is how the embedded set is named in reports and errors.
const Name = "embedded sample"

// IDs returns the ids of the embedded tasks in name order.
func IDs() []string {
	entries, _ := fs.ReadDir(files, "tasks")
	ids := make([]string, 0, len(entries))
	for _, e := range entries {
		ids = append(ids, strings.TrimSuffix(e.Name(), ".json"))
	}
	return ids
}

// Task returns one embedded task.
func Task(id string) (*task.Task, error) {
	data, err := files.ReadFile(path.Join("tasks", id+".json"))
	if err != nil {
		return nil, err
	}
	return task.Decode(Name+"/"+id+".json", id, data)
}

// Tasks streams the embedded tasks with the given ids, in that order, or
// all of them in id order when no id is given. A missing id ends the
// stream with its error.
func Tasks(ids ...string) iter.Seq2[*task.Task, error] {
	if len(ids) == 0 {
		ids = IDs()
	}
	return func(yield func(*task.Task, error) bool) {
		for _, id := range ids {
			t, err := Task(id)
			if !yield(t, err) || err != nil {
				return
			}
		}
	}
}
