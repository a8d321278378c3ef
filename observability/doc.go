// Package observability traces arcflow's pipeline with OpenTelemetry and
// exports the traces and the stage metrics over OTLP gRPC, to Jaeger or
// any OpenTelemetry collector.
//
// # Telemetry on and off
//
// New reads the endpoint from Options.Endpoint (arcflow's --otlp) or the
// standard OTEL_EXPORTER_OTLP_ENDPOINT / OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
// variables; the other OTEL_EXPORTER_OTLP_* variables (headers, TLS,
// timeout, compression) and OTEL_RESOURCE_ATTRIBUTES apply as the SDK
// defines them. With no endpoint, telemetry is off: no exporter, no span,
// and arcflow installs no Observer at all. The resource carries
// service.name=arcflow, service.version and the run ID (arcflow.run.id,
// also service.instance.id).
//
// # Span model
//
// One trace per task. Its root span, "task", starts when the source yields
// the task and ends when its last candidate is saved or dropped
// (Observer.TaskDone, wired to stages.Config.TaskDone); it carries task.id,
// task.samples, task.outcome (solved, unsolved, error or unfinished) and
// the trace's span counts. Under it, one span per stage the task reached,
// named after the stage (plan, score, gather, differs, dedup, inline,
// validate, save), from the start of the task's first item there to the end
// of its last, with the items' count, errors and busy time. Under each
// stage span, one span per item, named stage+".item", with the item ID, the
// outcome the stage function gave (annotate.Item) and what it knows: sample
// index, candidate ID and key, score. A failed item's span has the error
// status, the error recorded and outcome "error"; its stage and task spans
// get the error status too.
//
// Fan-in uses span links: gather merges a task's scored samples into the
// last one, whose span links to the others (annotate.Join); dedup and inline keep the
// first candidate of each body or canonical key, and its span links to the
// repeats dropped in its favour (annotate.Fanin). At most MaxLinks links per span;
// the rest are counted in arcflow.fanin.links_dropped.
//
// # Sampling and limits
//
// NewSampler is parent-based at two levels: a share of tasks (by trace ID)
// and, within a traced task, a share of item spans (by a hash of the item
// ID, so that an item is kept at every stage or at none). A cap on the spans
// of a trace (Options.MaxSpansPerTrace, default 1,000) keeps each trace small
// enough for Jaeger's UI; each stage keeps a small reserve under it, so that
// the late stages still show when the early ones fill the trace. Spans over
// the cap are counted per trace and per run.
//
// The batch span processor's queue holds DefaultQueueSize spans (the SDK's
// default of 2,048 drops most of a burst of 100k spans, root spans
// included). Spans it drops anyway, spans that fail to export and spans
// over the cap are counted in Stats, which the run report prints.
//
// # Metrics
//
// The flow.Metrics of every stage (items in, out and failed; busy, starved,
// blocked and capacity time; workers, queue, utilization) are exported as
// OTel counters and gauges per stage, from the same numbers as the run
// report's stage table, and the time of each item as a histogram per stage.
// Jaeger takes no metrics: send them to a collector with
// OTEL_EXPORTER_OTLP_METRICS_ENDPOINT.
package observability
