#!/usr/bin/env bash
# Streamable HTTP load: the published (Release, self-contained, ReadyToRun) mcpctx serve --http under
# load.mjs, then @modelcontextprotocol/server-everything's echo tool under the same load for comparison.
#
# usage: bench/http-load/run.sh [SOAK_SECONDS]
#   SOAK_SECONDS (default 0) keeps 8 clients calling context_get for that long after the measured run,
#   sampling the server's RSS every 10 s; the published figures use 600 (10 minutes).
# env: BENCH_CLIENTS (8), BENCH_CALLS (2000 per client), BENCH_SKIP_BASELINE=1 (no server-everything).
# Output: JSON lines on stdout, also kept in bench/data/http-load.log.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
SOAK="${1:-0}"
CLIENTS="${BENCH_CLIENTS:-8}"
CALLS="${BENCH_CALLS:-2000}"
DATA="$ROOT/bench/data"
LOG="$DATA/http-load.log"
mkdir -p "$DATA"
exec > >(tee "$LOG") 2>&1

echo "# $(date -u +%FT%TZ) commit $(git rev-parse --short HEAD) on $(uname -sm), $(nproc) cores, node $(node --version), dotnet $(dotnet --version)"
(cd bench/http-load && npm ci --no-audit --no-fund --silent)
dotnet publish src/McpContext.Cli -c Release -r linux-x64 --self-contained -p:PublishReadyToRun=true -o "$DATA/mcpctx" --nologo -v quiet

PROJECT="$(mktemp -d)"
cp examples/wp-edge-core/project-context.toml "$PROJECT/"
SERVER_PID=
cleanup() { [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null || true; rm -rf "$PROJECT"; }
trap cleanup EXIT

# Starts "$@" in the background and waits until its stderr has a line matching $READY.
start() {
  local err="$DATA/server.err"
  : > "$err"
  "$@" 2> "$err" > /dev/null &
  SERVER_PID=$!
  for _ in $(seq 100); do
    grep -q "$READY" "$err" && return 0
    sleep 0.1
  done
  echo "run.sh: the server did not start:" >&2; cat "$err" >&2; exit 1
}

stop() { kill -TERM "$SERVER_PID"; wait "$SERVER_PID" || true; SERVER_PID=; }

echo "# mcpctx serve --http, tool context_get(path=services.green.port), $CLIENTS clients x $CALLS calls, soak ${SOAK}s"
READY="listening on" start "$DATA/mcpctx/mcpctx" serve --http --urls http://127.0.0.1:7311 --root "$PROJECT"
node bench/http-load/load.mjs --url http://127.0.0.1:7311/mcp --clients "$CLIENTS" --calls "$CALLS" --pid "$SERVER_PID" --soak-seconds "$SOAK"
stop

if [[ "${BENCH_SKIP_BASELINE:-}" != 1 ]]; then
  echo "# @modelcontextprotocol/server-everything streamableHttp, tool echo, $CLIENTS clients x $CALLS calls"
  READY="listening on port" PORT=7312 start node bench/http-load/node_modules/@modelcontextprotocol/server-everything/dist/index.js streamableHttp
  node bench/http-load/load.mjs --url http://127.0.0.1:7312/mcp --clients "$CLIENTS" --calls "$CALLS" --pid "$SERVER_PID" --tool echo --args '{"message":"hello"}'
  stop
fi
