// Package cluster runs arcflow's search on many machines at once, with a
// NATS JetStream server as the work queue between them.
//
//	arcflow enqueue ─▶ ARCFLOW_TASKS (work queue) ─▶ arcflow worker × N
//	                                                    │ results
//	arcflow collect ◀─ ARCFLOW_RESULTS (work queue) ◀───┘
//	                   ARCFLOW_DEAD ◀── tasks that failed MaxDeliver-1 times
//
// Tasks are one JSON line per message on a stream with work-queue
// retention, consumed by every worker through one durable pull consumer
// with explicit acks: a task leaves the stream only when a worker acks it,
// and a worker acks it only after the pipeline has saved its last result,
// that is, after the results stream has acknowledged every result
// publication. While a worker holds a task it sends InProgress every
// AckWait/3, so a long task is not redelivered; a worker that dies stops
// doing so, and the server redelivers its tasks after AckWait.
//
// A task that fails (it does not decode, or an item of it failed in a
// stage, or a result could not be published) is Nak'ed and retried until
// it has run MaxDeliver-1 times; the last failure publishes it to the
// dead-letter subject and Terms it. The consumer's MaxDeliver is finite,
// and one delivery is held back for a task whose last run never ended
// because its worker died: that delivery goes to the dead-letter subject
// without running. So every task either is acked once, or is
// dead-lettered once, without depending on any advisory being heard.
//
// Results are published with a Nats-Msg-Id of kind/task/md5, so the
// stream drops the duplicates a re-run task produces within its duplicate
// window; `collect` then saves them into one store with store.Save, which
// is idempotent by md5 within a task, so duplicates from outside the
// window are harmless too. Collect acks a result after it is saved.
//
// Source and Sink are the go-streams connectors over nats.go: Source
// yields the messages of a pull consumer and leaves their acknowledgement
// to whoever consumes them (it only keeps them alive); Sink publishes and
// waits for each acknowledgement, counting duplicates.
package cluster
