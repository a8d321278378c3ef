// Package flow runs typed, concurrent stage pipelines on top of
// github.com/reugn/go-streams and makes their cost visible.
//
// A pipeline is a Source, any number of Stages and a Sink, joined by Run:
//
//	src := flow.FromSeq("tasks", tasks)
//	score := flow.NewStage("score", scoreFn, flow.Workers(2))
//	save := flow.NewSink("save", saveFn)
//	report, err := flow.Run(ctx, src, []streams.Flow{score}, save)
//
// Every Source, Stage and Sink implements the matching go-streams interface
// (streams.Source, streams.Flow, streams.Sink), and Run joins them with the
// go-streams Via and To calls, so go-streams operators and connectors may
// stand anywhere in the chain. Between two flow nodes items travel in
// batches whose size follows the receiver's cost per item: cheap stages get
// up to a few hundred items per channel operation, slow stages get one, so
// the engine costs less than a channel hop per item and still spreads slow
// work over all workers. A go-streams operator receives and sends plain
// values, one at a time.
//
// flow adds what go-streams leaves out. Run takes a context: cancelling it
// stops every stage, and each stage then drains its input until its upstream
// closes, so that no goroutine is left blocked. An error returned by a stage,
// or a panic inside one, becomes a *StageError naming the stage and the
// item; it is counted and logged, and the stream goes on, unless FailFast
// makes it end the run.
//
// Every node reports Metrics: items in, out and in error; time its workers
// were busy, starved of input and blocked by downstream back-pressure; and
// its queue. The Report returned by Run sets wall-clock time beside busy time
// summed over workers, names the bottleneck and suggests a worker count.
// Workers sets a node's worker count, and Adaptive moves workers toward
// the busiest stage while the run goes on.
// An Observer sees stage and item events, for tracing without flow
// depending on a tracing library.
//
// Options come in two kinds, so that each goes only where it means
// something: a StageOption (Workers) configures one node when it is made,
// an Option (FailFast, Adaptive, Logger, Observe, Progress) the run.
package flow
