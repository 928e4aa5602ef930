#!/usr/bin/env python3
"""Times a command end to end: wall clock and CPU (user + system of it and its children) per run.

usage: time.py RUNS WARMUP DIR -- COMMAND...
Prints min / median / max of each over RUNS runs after WARMUP unmeasured ones; the command's exit code
must be the same every time (mcpctx check exits 1 on the benchmark's deny verdict).
"""
import os
import resource
import statistics
import subprocess
import sys
import time

runs, warmup, cwd = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
command = sys.argv[sys.argv.index("--") + 1:]
walls, cpus, codes = [], [], set()
for i in range(warmup + runs):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    code = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    codes.add(code)
    if i >= warmup:
        walls.append(wall * 1000)
        cpus.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)


def fmt(xs):
    return f"min {min(xs):7.1f}  median {statistics.median(xs):7.1f}  max {max(xs):7.1f} ms"


print(f"  {' '.join(command)}")
print(f"    wall {fmt(walls)}")
print(f"    cpu  {fmt(cpus)}   (exit {sorted(codes)}, {runs} runs after {warmup} warm-up)")
