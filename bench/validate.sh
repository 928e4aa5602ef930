#!/usr/bin/env bash
# validate_change / mcpctx check benchmark: a 5,000-file change against 200 rules.
#
# usage: bench/validate.sh [BenchmarkDotNet args...]
#   Builds bench/data/validate-repo (bench/validate/make-repo.py; history packed, as in a clone) and
#   bench/data/validate-repo-loose (history never packed, the worst case), publishes mcpctx as users install it
#   (self-contained, composite ReadyToRun) to bench/data/mcpctx, times `mcpctx check` end to end, then runs the
#   engine's BenchmarkDotNet job (default: --launchCount 1 --warmupCount 3 --iterationCount 15).
# env: VALIDATE_RUNS (default 20) timed runs per end-to-end case; BENCH_SKIP_DOTNET=1 skips BenchmarkDotNet.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DATA="$ROOT/bench/data"
REPO="$DATA/validate-repo"
LOOSE_REPO="$DATA/validate-repo-loose"
DIFF="$DATA/validate.diff"
BIN="$DATA/mcpctx"
RUNS="${VALIDATE_RUNS:-20}"
JOB_ARGS=("$@")
[[ ${#JOB_ARGS[@]} -gt 0 ]] || JOB_ARGS=(--launchCount 1 --warmupCount 3 --iterationCount 15)

run() {
  printf '+'; printf ' %q' "$@"; printf '\n'
  "$@"
}

main() {
  echo "== environment"
  echo "date:    $(date -u '+%Y-%m-%dT%H:%M:%SZ')"
  echo "commit:  $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src bench 2>/dev/null || echo ' (+ uncommitted changes)')"
  echo "machine: $(uname -srm), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "dotnet:  $(dotnet --version), git: $(git --version | cut -d' ' -f3)"

  echo
  echo "== input"
  run python3 bench/validate/make-repo.py "$REPO"
  run python3 bench/validate/make-repo.py "$LOOSE_REPO" --loose-history
  git -C "$REPO" diff --cached --no-color --no-ext-diff --no-textconv -M --src-prefix=a/ --dst-prefix=b/ > "$DIFF"
  echo "staged change: $(git -C "$REPO" diff --cached --shortstat); diff $(wc -c < "$DIFF") bytes"

  echo
  echo "== mcpctx, published as users install it"
  # The README's install command (self-contained, trimmed, composite ReadyToRun: the project's publish defaults). Mixing composite and plain ReadyToRun publishes
  # of one checkout reuses stale images from obj/ and gives a binary that aborts at start: clear them.
  find src -path '*/obj/Release/net10.0/linux-x64/R2R' -type d -prune -exec rm -rf {} +
  run dotnet publish src/McpContext.Cli -c Release -r linux-x64 -o "$BIN" --nologo -v quiet

  echo
  echo "== end to end (wall and CPU per run)"
  python3 bench/validate/time.py "$RUNS" 3 "$REPO" -- "$BIN/mcpctx" check --staged
  python3 bench/validate/time.py "$RUNS" 3 "$REPO" -- "$BIN/mcpctx" check --diff "$DIFF"
  python3 bench/validate/time.py "$RUNS" 3 "$REPO" -- git diff --cached --no-color --no-ext-diff --no-textconv -M
  python3 bench/validate/time.py "$RUNS" 3 "$REPO" -- "$BIN/mcpctx" --version
  echo "the same change in a repository whose history was never packed (worst case):"
  python3 bench/validate/time.py "$RUNS" 3 "$LOOSE_REPO" -- "$BIN/mcpctx" check --staged
  python3 bench/validate/time.py "$RUNS" 3 "$LOOSE_REPO" -- git diff --cached --no-color --no-ext-diff --no-textconv -M
  "$BIN/mcpctx" check --staged --root "$REPO" | head -1 || true

  if [[ "${BENCH_SKIP_DOTNET:-0}" != 1 ]]; then
    echo
    echo "== engine (BenchmarkDotNet)"
    export MCPCTX_VALIDATE_REPO="$REPO" MCPCTX_VALIDATE_DIFF="$DIFF"
    run dotnet run -c Release --project bench/McpContext.Bench -- --filter '*ValidateBenchmarks*' \
      --artifacts "$ROOT/bench/BenchmarkDotNet.Artifacts" "${JOB_ARGS[@]}"
    cat "$ROOT/bench/BenchmarkDotNet.Artifacts/results/McpContext.Bench.ValidateBenchmarks-report-github.md"
  fi
}

mkdir -p "$DATA"
main 2>&1 | tee "$DATA/validate-last-run.log"
