#!/usr/bin/env bash
# End-to-end tracing test against a real Jaeger.
#
# 1. Builds Jaeger from the Go module proxy: `go build` of
#    github.com/jaegertracing/jaeger/cmd/jaeger in tools/jaeger, a module of
#    its own so that Jaeger's ~300 dependencies stay out of arcflow's go.mod.
#    A cold build takes 5 to 11 minutes and about 2.3 GB of memory, so the
#    binary is kept under the Go build cache and reused.
# 2. Starts it with its default configuration: all-in-one, in-memory
#    storage, OTLP gRPC on 4317, query API and UI on 16686.
# 3. Runs the e2e Go test (build tag jaeger_e2e), which runs `arcflow run`
#    with --otlp and checks through the query API what Jaeger stored.
# 4. Stops Jaeger.
#
# Anything missing (Go, the build, a port, Jaeger's readiness) fails the
# script: it never skips.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"

version=$(cd tools/jaeger && go list -m -f '{{.Version}}' github.com/jaegertracing/jaeger)
if [ -z "$version" ]; then
	echo "jaeger-e2e: no Jaeger version in tools/jaeger/go.mod" >&2
	exit 1
fi
query=${ARCFLOW_JAEGER_QUERY:-http://localhost:16686}
otlp=${ARCFLOW_JAEGER_OTLP:-localhost:4317}

command -v curl >/dev/null || { echo "jaeger-e2e: curl is missing" >&2; exit 1; }
pid= log= tmpcache=
cleanup() {
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid"
		wait "$pid" 2>/dev/null || true
		echo "== jaeger stopped"
	fi
	rm -rf "$log" "$tmpcache"
}
trap cleanup EXIT

# 1. The binary, from the cache or built.
cache=$(go env GOCACHE)
if [ -z "$cache" ] || [ "$cache" = off ] || ! mkdir -p "$cache/arcflow-tools" 2>/dev/null; then
	tmpcache=$(mktemp -d)
	cache=$tmpcache
	mkdir -p "$cache/arcflow-tools"
fi
bin="$cache/arcflow-tools/jaeger-$version"
if [ -x "$bin" ]; then
	echo "== jaeger $version: cached at $bin"
else
	echo "== jaeger $version: building (cold: 5-11 minutes, ~2.3 GB)"
	start=$(date +%s)
	(cd tools/jaeger && GOFLAGS=-mod=mod go build -o "$bin.tmp" github.com/jaegertracing/jaeger/cmd/jaeger)
	mv "$bin.tmp" "$bin"
	echo "== jaeger $version: built in $(($(date +%s) - start))s"
fi

# 2. Start it; its ports must be free, or we would test someone else's.
port_open() { (exec 3<>"/dev/tcp/${1%:*}/${1##*:}") 2>/dev/null; }
hostport=${query#*://}
for p in "$otlp" "${hostport%%/*}"; do
	if port_open "$p"; then
		echo "jaeger-e2e: $p is already in use: stop what listens there first" >&2
		exit 1
	fi
done
log=$(mktemp)
"$bin" >"$log" 2>&1 &
pid=$!

start=$(date +%s)
until curl -sf "$query/api/services" >/dev/null 2>&1 && port_open "$otlp"; do
	if ! kill -0 "$pid" 2>/dev/null; then
		echo "jaeger-e2e: Jaeger exited:" >&2
		tail -n 30 "$log" >&2
		exit 1
	fi
	if [ $(($(date +%s) - start)) -ge 60 ]; then
		echo "jaeger-e2e: Jaeger not ready after 60s:" >&2
		tail -n 30 "$log" >&2
		exit 1
	fi
	sleep 0.5
done
echo "== jaeger ready in $(($(date +%s) - start))s (pid $pid): OTLP gRPC $otlp, query $query"

# 3. The test.
if ! ARCFLOW_JAEGER_QUERY=$query ARCFLOW_JAEGER_OTLP=$otlp \
	go test -tags jaeger_e2e -count=1 -run '^TestJaeger$' -v ./observability/; then
	echo "jaeger-e2e: failed; Jaeger's log:" >&2
	tail -n 50 "$log" >&2
	exit 1
fi
# 4. The EXIT trap stops Jaeger.
