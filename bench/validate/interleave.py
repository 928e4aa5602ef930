#!/usr/bin/env python3
"""Times `mcpctx check --staged` of several builds and `git diff` alone, interleaved: one run of each in
turn per round, so a machine whose speed drifts slows all of them alike.

usage: interleave.py ROUNDS DIR MCPCTX [MCPCTX...]
Prints per command the median and minimum wall time and the median CPU (user + system of it and its
children) over ROUNDS rounds after 2 warm-up rounds.
"""
import os
import resource
import statistics
import subprocess
import sys
import time

rounds, repo = int(sys.argv[1]), sys.argv[2]
builds = [os.path.abspath(b) for b in sys.argv[3:]]
commands = [[b, "check", "--staged"] for b in builds]
commands.append(["git", "diff", "--cached", "--no-color", "--no-ext-diff", "--no-textconv", "-M"])
walls = [[] for _ in commands]
cpus = [[] for _ in commands]
for i in range(rounds + 2):
    for k, command in enumerate(commands):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, cwd=repo, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = (time.perf_counter() - start) * 1000
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if i >= 2:
            walls[k].append(wall)
            cpus[k].append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
for command, wall, cpu in zip(commands, walls, cpus):
    print(f"  {' '.join(command)}")
    print(f"    wall median {statistics.median(wall):7.1f}  min {min(wall):7.1f}   cpu median {statistics.median(cpu):7.1f} ms   ({rounds} rounds)")
