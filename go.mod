module github.com/arcflow/arcflow

go 1.26

require (
	github.com/reugn/go-streams v0.13.0
	go.uber.org/goleak v1.3.0
)
