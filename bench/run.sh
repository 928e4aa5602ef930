#!/usr/bin/env bash
# Parser benchmarks: McpContext.Toml (BenchmarkDotNet) and the smol-toml baseline, on the same generated file.
#
# usage: bench/run.sh [BenchmarkDotNet args...]
#   With no args the .NET job is: --launchCount 1 --warmupCount 5 --iterationCount 20 (a few minutes on 2 cores).
#   Any args replace that job, e.g. `bench/run.sh --job short` (quick look) or `bench/run.sh --job default`.
# env: BENCH_SKIP_NODE=1 / BENCH_SKIP_DOTNET=1 skip a half; BENCH_NODE_SECONDS (default 3) is the node
#      measuring time per case.
# Output: everything is printed and also saved to bench/data/last-run.log; BenchmarkDotNet's reports go to
#         bench/BenchmarkDotNet.Artifacts/results/ (*-report-github.md is the table for docs/benchmarks.md).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
[[ -f McpContext.sln ]] || { echo "run.sh: $ROOT does not look like the repository root (no McpContext.sln)" >&2; exit 1; }

DATA_DIR="$ROOT/bench/data"
BIG="$DATA_DIR/big.toml"
GENERATOR="$ROOT/../shared/bench/make-big-toml.py"
ARTIFACTS="$ROOT/bench/BenchmarkDotNet.Artifacts"
LOG="$DATA_DIR/last-run.log"

run() {
  printf '+'; printf ' %q' "$@"; printf '\n'
  "$@"
}

if [[ $# -gt 0 ]]; then
  JOB_ARGS=("$@")
else
  JOB_ARGS=(--launchCount 1 --warmupCount 5 --iterationCount 20)
fi

main() {
  echo "== environment"
  echo "date:    $(date -u '+%Y-%m-%dT%H:%M:%SZ')"
  echo "commit:  $(git rev-parse --short HEAD 2>/dev/null || echo 'none')$(git diff --quiet HEAD -- 2>/dev/null || echo ' (+ uncommitted changes)')"
  echo "machine: $(uname -srm), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || echo '?')"
  echo "dotnet:  $(dotnet --version 2>/dev/null || echo 'not found')"
  echo "node:    $(node --version 2>/dev/null || echo 'not found')"

  echo
  echo "== input"
  [[ -f "$GENERATOR" ]] || { echo "run.sh: generator not found: $GENERATOR (shared/ must sit beside the repository)" >&2; exit 1; }
  run python3 "$GENERATOR" "$BIG"
  echo "$(wc -c < "$BIG") bytes, sha256 $(sha256sum "$BIG" | cut -d' ' -f1)"

  if [[ "${BENCH_SKIP_NODE:-0}" != 1 ]]; then
    echo
    echo "== smol-toml (node)"
    run npm ci --prefix bench/smol-toml --no-audit --no-fund --loglevel=error
    run node bench/smol-toml/bench.mjs "$BIG" --seconds "${BENCH_NODE_SECONDS:-3}"
  fi

  if [[ "${BENCH_SKIP_DOTNET:-0}" != 1 ]]; then
    echo
    echo "== McpContext.Toml (BenchmarkDotNet)"
    export MCPCTX_BENCH_FILE="$BIG"
    run dotnet run -c Release --project bench/McpContext.Bench -- \
      --filter '*' --artifacts "$ARTIFACTS" "${JOB_ARGS[@]}"
    echo
    echo "== summary table ($ARTIFACTS/results/McpContext.Bench.ParseBenchmarks-report-github.md)"
    cat "$ARTIFACTS/results/McpContext.Bench.ParseBenchmarks-report-github.md"
  fi

  echo
  echo "log: $LOG"
}

mkdir -p "$DATA_DIR"
main 2>&1 | tee "$LOG"
