// Baseline parse throughput of smol-toml on the same file the .NET benchmarks parse.
//
// usage: node bench.mjs [FILE] [--seconds S]
//   FILE defaults to $MCPCTX_BENCH_FILE, else <repo>/bench/data/big.toml.
//   --seconds: measured time after warm-up (default 3).
//
// MB/s here is decimal: 1 MB = 1,000,000 bytes of input file per second (same as the .NET "MB/s" column).
// Throughput is the median over batches of ~100 ms each. The allocation figure is rough: it is the growth of
// process.memoryUsage().heapUsed across one parse in a child process with a young generation large enough
// that no GC runs during that parse; it misses off-heap memory and is not BenchmarkDotNet's exact count.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parse } from 'smol-toml';

const here = path.dirname(fileURLToPath(import.meta.url));
const smolVersion = JSON.parse(readFileSync(path.join(here, 'node_modules', 'smol-toml', 'package.json'), 'utf8')).version;

const args = process.argv.slice(2);
let file;
let seconds = 3;
let allocProbe = false;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--seconds') seconds = Number(args[++i]);
  else if (a === '--alloc-probe') allocProbe = true;
  else if (a.startsWith('--')) fail(`unknown option ${a}`);
  else file = a;
}
if (!(seconds > 0)) fail('--seconds must be a positive number');
file ??= process.env.MCPCTX_BENCH_FILE || path.resolve(here, '..', 'data', 'big.toml');

let bytes;
try {
  bytes = readFileSync(file);
} catch (e) {
  fail(`cannot read benchmark file ${file}: ${e.message}\n` +
    'generate it with: python3 ../shared/bench/make-big-toml.py bench/data/big.toml (from the repo root), or run bench/run.sh');
}
const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);

if (allocProbe) {
  process.stdout.write(JSON.stringify(await probeAllocation()) + '\n');
  process.exit(0);
}

// Sanity check once, so a silently wrong parse can't produce a flattering number.
const model = parse(text);
const topKeys = Object.keys(model).length;

const decoder = new TextDecoder('utf-8', { fatal: true });
const cases = [
  { name: 'parse(string)', run: () => parse(text) },
  { name: 'decode+parse(utf8 bytes)', run: () => parse(decoder.decode(bytes)) },
];

console.log(`smol-toml ${smolVersion} on node ${process.version} (${os.platform()} ${os.arch()}, ${os.availableParallelism?.() ?? os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? '?'})`);
console.log(`file: ${file} (${bytes.length.toLocaleString('en-US')} bytes, ${topKeys} top-level keys)`);
console.log(`measuring ~${seconds} s per case after warm-up; MB = 1,000,000 bytes`);

let sink = 0;
for (const c of cases) {
  // Warm-up: at least 1 s and 20 parses, so the JIT has optimized the parser; then calibrate the batch size.
  timeParses(c.run, 20, 1e9);
  // Size batches from the fastest parse seen, so a busy moment during calibration can't make them tiny.
  const perParseNs = timeParses(c.run, 5, 2e8).fastestNs;
  // Batches of ~100 ms each until `seconds` have passed.
  const perBatch = Math.max(1, Math.round(100e6 / perParseNs));
  const results = [];
  const deadline = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() < deadline || results.length < 5) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < perBatch; i++) sink += use(c.run());
    const ns = Number(process.hrtime.bigint() - t0);
    results.push(ns / perBatch);
  }
  results.sort((a, b) => a - b);
  const median = results[results.length >> 1];
  const mbps = (ns) => (bytes.length / (ns / 1e9)) / 1e6;
  console.log(
    `${c.name.padEnd(26)} median ${mbps(median).toFixed(1).padStart(7)} MB/s  ` +
    `(${(median / 1e6).toFixed(2)} ms/parse; batches: ${results.length} x ${perBatch} parses, ` +
    `range ${mbps(results[results.length - 1]).toFixed(1)}..${mbps(results[0]).toFixed(1)} MB/s)`);
}
if (sink === 0) console.log('(sink)');

// Rough allocation, measured in a child with a big young generation (does not disturb the timings above).
const child = spawnSync(process.execPath, [
  '--expose-gc', '--min-semi-space-size=512', '--max-semi-space-size=512',
  fileURLToPath(import.meta.url), file, '--alloc-probe',
], { encoding: 'utf8' });
if (child.status !== 0) {
  console.log(`allocation probe failed (exit ${child.status}): ${child.stderr.trim()}`);
} else {
  const p = JSON.parse(child.stdout.trim().split('\n').pop());
  const mb = (n) => (n / 1e6).toFixed(1);
  console.log(`allocated per parse (ROUGH, heapUsed growth, ${p.gcDuringParse ? 'a GC ran during the parse: UNDERCOUNTED' : 'no GC during the parse'}): ` +
    `~${mb(p.allocatedBytes)} MB (${(p.allocatedBytes / bytes.length).toFixed(1)} bytes per input byte)`);
  console.log(`retained parsed model (ROUGH, heapUsed after full GC): ~${mb(p.retainedBytes)} MB`);
}

function timeParses(run, minCount, minNs) {
  const start = process.hrtime.bigint();
  let n = 0;
  let fastestNs = Infinity;
  for (;;) {
    const t0 = process.hrtime.bigint();
    sink += use(run());
    const t1 = process.hrtime.bigint();
    n++;
    fastestNs = Math.min(fastestNs, Number(t1 - t0));
    if (n >= minCount && Number(t1 - start) >= minNs) return { fastestNs };
  }
}

function use(obj) {
  // Cheap use of the result, so the parse can't be optimized away.
  return obj && typeof obj === 'object' ? 1 : 0;
}

async function probeAllocation() {
  if (typeof globalThis.gc !== 'function') fail('--alloc-probe needs node --expose-gc');
  // Warm the parser up first so JIT code and caches are not counted.
  for (let i = 0; i < 10; i++) parse(text);
  const gcStarts = [];
  const obs = new PerformanceObserver((list) => { for (const e of list.getEntries()) gcStarts.push(e.startTime); });
  obs.observe({ entryTypes: ['gc'] });
  const samples = [];
  const allSamples = [];
  let gcDuringParse = false;
  let retainedBytes = 0;
  for (let i = 0; i < 5; i++) {
    globalThis.gc();
    await sleep(20);
    const t0 = performance.now();
    const h0 = process.memoryUsage().heapUsed;
    const result = parse(text);
    const h1 = process.memoryUsage().heapUsed;
    const t1 = performance.now();
    await sleep(20); // let the observer deliver GC entries
    const gcInParse = gcStarts.some((t) => t >= t0 && t <= t1);
    gcDuringParse ||= gcInParse;
    allSamples.push(h1 - h0);
    if (!gcInParse) samples.push(h1 - h0);
    globalThis.gc();
    const h2 = process.memoryUsage().heapUsed;
    retainedBytes = Math.max(retainedBytes, h2 - h0);
    if (!result) fail('empty parse');
  }
  obs.disconnect();
  // Samples with a GC inside the parse are dropped; if all had one, report the undercounted figure.
  const picked = samples.length ? samples : allSamples;
  picked.sort((a, b) => a - b);
  return { allocatedBytes: picked[picked.length >> 1], retainedBytes, gcDuringParse: samples.length === 0 };
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function fail(message) {
  console.error(`bench.mjs: ${message}`);
  process.exit(2);
}
