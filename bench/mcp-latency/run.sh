#!/usr/bin/env bash
# End-to-end stdio latency: mcpctx serve (context_get) next to @modelcontextprotocol/server-memory (read_graph).
#
# usage: bench/mcp-latency/run.sh [--calls 1000] [--starts 10] [--idle-ms 2000]
# It publishes mcpctx the way the README tells clients to install it (self-contained, trimmed, composite ReadyToRun) into
# bench/mcp-latency/out/, installs the pinned memory server, and serves examples/wp-edge-core.
# Output: a JSON record and a Markdown table for docs/benchmarks.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/bench/mcp-latency"
cd "$ROOT"

run() {
  printf '+'; printf ' %q' "$@"; printf '\n'
  "$@"
}

echo "date:    $(date -u '+%Y-%m-%dT%H:%M:%SZ')"
echo "commit:  $(git rev-parse --short HEAD 2>/dev/null || echo 'none')$(git diff --quiet HEAD -- 2>/dev/null || echo ' (+ uncommitted changes)')"
echo "machine: $(uname -srm), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "dotnet:  $(dotnet --version)   node: $(node --version)"

rm -rf "$HERE/out"
run dotnet publish src/McpContext.Cli -c Release -r linux-x64 -o "$HERE/out" --nologo -v quiet
run npm ci --prefix "$HERE" --no-audit --no-fund --loglevel=error
run node "$HERE/latency.mjs" --mcpctx "$HERE/out/mcpctx" --root "$ROOT/examples/wp-edge-core" "$@"
