#!/usr/bin/env python3
"""Drift benchmark: wall time and CPU time of `mcpctx drift --format json` on generated repositories.

usage: bench/drift/run.py [--runs 5] [--mcpctx PATH]

Builds the CLI (Release, unless --mcpctx names a binary), generates the repositories with make-repo.py
into bench/drift/data/ (git-ignored; reused when present), and for each one runs drift once to warm the
file cache (checking it reports no drift), then --runs times, printing the median wall time and the median CPU time (user + system,
the command and its git children). Two series: total files growing with 1% of them read by drift, and
50,000 files with a growing number read. `git ls-files` alone is timed beside each, because listing the
files (a walk of the working tree for untracked ones) is work drift cannot skip.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DATA = os.path.join(HERE, "data")
SIZES = [(6_250, None), (12_500, None), (25_000, None), (50_000, None)]
RELEVANT = [(50_000, 250), (50_000, 1_000), (50_000, 2_000), (50_000, 4_000)]


def timed(command, cwd=None):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return result.returncode, result.stderr, wall, cpu


def measure(command, runs, cwd=None, ok=(0,)):
    walls, cpus = [], []
    for _ in range(runs):
        code, stderr, wall, cpu = timed(command, cwd)
        if code not in ok:
            sys.exit(f"{' '.join(command)} exited {code}: {stderr}")
        walls.append(wall)
        cpus.append(cpu)
    return statistics.median(walls), statistics.median(cpus)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--mcpctx")
    args = parser.parse_args()
    if args.mcpctx:
        mcpctx = [args.mcpctx]
    else:
        subprocess.run(["dotnet", "build", "-c", "Release", "--nologo", "-v", "q", "src/McpContext.Cli"], cwd=ROOT, check=True)
        mcpctx = ["dotnet", os.path.join(ROOT, "src/McpContext.Cli/bin/Release/net10.0/mcpctx.dll")]

    print(f"machine: {os.uname().sysname} {os.uname().machine}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    print(f"mcpctx:  {' '.join(mcpctx)}")
    print()
    print("| files | read by drift | changed since verified | drift wall (median) | drift CPU | git ls-files wall |")
    print("|---:|---:|---:|---:|---:|---:|")
    for files, relevant in SIZES + RELEVANT:
        name = f"repo-{files}-{relevant if relevant is not None else 'default'}"
        repo = os.path.join(DATA, name)
        marker = os.path.join(DATA, name + ".txt")
        if not os.path.exists(marker):
            extra = [] if relevant is None else ["--relevant", str(relevant)]
            summary = subprocess.run([sys.executable, os.path.join(HERE, "make-repo.py"), repo, "--files", str(files), *extra],
                                     check=True, capture_output=True, text=True).stdout.strip()
            with open(marker, "w", encoding="utf-8") as f:
                f.write(summary)
        with open(marker, encoding="utf-8") as f:
            summary = f.read()
        read = int(summary.split(", ")[1].split(" ")[0])
        report = json.loads(subprocess.run([*mcpctx, "drift", repo, "--format", "json"], check=True, capture_output=True, text=True).stdout)
        if not report["in_sync"] or report["files_scanned"] != read:
            sys.exit(f"{repo}: expected in sync with {read} files read, got {report['findings'][:3]}, {report['files_scanned']} read")
        changed = len(report["changes"]["files"]) + report["changes"]["other_files"]
        wall, cpu = measure([*mcpctx, "drift", repo, "--format", "json"], args.runs)
        git_wall, _ = measure(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], args.runs, cwd=repo)
        print(f"| {files:,} | {read:,} | {changed:,} | {wall:.2f} s | {cpu:.2f} s | {git_wall:.2f} s |", flush=True)


if __name__ == "__main__":
    main()
