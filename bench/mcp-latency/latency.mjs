// End-to-end stdio latency of an MCP server, measured from outside the way a client sees it:
// spawn -> initialize result (cold start), tools/list, N sequential tools/call, and resident memory.
// Runs mcpctx serve (context_get) and @modelcontextprotocol/server-memory (read_graph) on the same data.
//
// usage: node latency.mjs --mcpctx PATH --root DIR [--calls 1000] [--starts 10] [--idle-ms 2000]
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
  arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs, []));
if (!args.mcpctx || !args.root) {
  console.error('usage: node latency.mjs --mcpctx PATH --root DIR [--calls 1000] [--starts 10] [--idle-ms 2000]');
  process.exit(2);
}
const calls = Number(args.calls ?? 1000);
const starts = Number(args.starts ?? 10);
const idleMs = Number(args['idle-ms'] ?? 2000);
const here = dirname(fileURLToPath(import.meta.url));
const memoryServer = join(here, 'node_modules', '@modelcontextprotocol', 'server-memory', 'dist', 'index.js');

/** A stdio MCP session over newline-delimited JSON-RPC. */
class Session {
  constructor(command, argv, env) {
    this.child = spawn(command, argv, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    this.pending = new Map();
    this.nextId = 1;
    this.buffer = '';
    this.stderr = '';
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', chunk => this.read(chunk));
    this.child.stderr.on('data', chunk => { this.stderr += chunk; });
    this.exited = new Promise(resolve => this.child.on('exit', code => {
      for (const { reject } of this.pending.values()) reject(new Error(`server exited with ${code}: ${this.stderr}`));
      resolve(code);
    }));
  }

  read(chunk) {
    this.buffer += chunk;
    let newline;
    while ((newline = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + 1);
      if (!line.trim()) continue;
      const message = JSON.parse(line);
      const waiter = message.id !== undefined && this.pending.get(message.id);
      if (!waiter) continue;
      this.pending.delete(message.id);
      if (message.error) waiter.reject(new Error(JSON.stringify(message.error)));
      else waiter.resolve({ result: message.result, bytes: line.length });
    }
  }

  request(method, params) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id, method, params }) + '\n');
    });
  }

  notify(method, params) {
    this.child.stdin.write(JSON.stringify({ jsonrpc: '2.0', method, params }) + '\n');
  }

  async initialize() {
    const reply = await this.request('initialize', {
      protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'mcpcontext-latency-bench', version: '1' },
    });
    this.notify('notifications/initialized', {});
    return reply;
  }

  rssKiB() {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]);
  }

  async close() {
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
  }
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
const ms = value => value.toFixed(3);

async function measure(name, start, tool, toolArgs) {
  const coldStarts = [];
  for (let i = 0; i < starts; i++) {
    const t0 = performance.now();
    const session = start();
    await session.initialize();
    coldStarts.push(performance.now() - t0);
    await session.close();
  }

  const session = start();
  await session.initialize();
  const t1 = performance.now();
  const tools = await session.request('tools/list', {});
  const toolsList = performance.now() - t1;
  await sleep(idleMs);
  const idleRss = session.rssKiB();

  const latencies = [];
  let bytes = 0;
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    const reply = await session.request('tools/call', { name: tool, arguments: toolArgs });
    latencies.push(performance.now() - t);
    if (reply.result.isError) throw new Error(`${name}: ${tool} failed: ${JSON.stringify(reply.result.content)}`);
    bytes = reply.bytes;
  }
  const loadedRss = session.rssKiB();
  await session.close();

  const sorted = [...latencies].sort((a, b) => a - b);
  coldStarts.sort((a, b) => a - b);
  return {
    server: name, tool, tools: tools.result.tools.length, responseBytes: bytes,
    coldStartMedianMs: ms(percentile(coldStarts, 50)), coldStartMinMs: ms(coldStarts[0]), coldStartMaxMs: ms(coldStarts.at(-1)),
    toolsListMs: ms(toolsList),
    p50Ms: ms(percentile(sorted, 50)), p99Ms: ms(percentile(sorted, 99)), maxMs: ms(sorted.at(-1)),
    idleRssMiB: (idleRss / 1024).toFixed(1), rssAfterCallsMiB: (loadedRss / 1024).toFixed(1),
  };
}

const work = mkdtempSync(join(tmpdir(), 'mcp-latency-'));
try {
  const mcpctx = () => new Session(args.mcpctx, ['serve', '--root', args.root], {});
  const ours = await measure('mcpctx serve', mcpctx, 'context_get', {});

  // The memory server gets the same facts as its knowledge graph: one entity per top-level part of the
  // context, its JSON as observations, so both servers return about the same number of bytes.
  const probe = mcpctx();
  await probe.initialize();
  const context = (await probe.request('tools/call', { name: 'context_get', arguments: {} })).result.structuredContent.value;
  await probe.close();
  const memoryFile = join(work, 'memory.jsonl');
  writeFileSync(memoryFile, Object.entries(context).map(([key, value]) => JSON.stringify({
    type: 'entity', name: key, entityType: 'section',
    observations: (Array.isArray(value) ? value : [value]).map(v => JSON.stringify(v)),
  })).join('\n') + '\n');
  const theirs = await measure('@modelcontextprotocol/server-memory', () => new Session(process.execPath, [memoryServer], { MEMORY_FILE_PATH: memoryFile }), 'read_graph', {});

  console.log(JSON.stringify({ calls, starts, idleMs, node: process.version, results: [ours, theirs] }, null, 2));
  console.log();
  console.log('| server | tool | response | cold start (median of ' + starts + ') | tools/list | p50 | p99 | idle RSS | RSS after calls |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of [ours, theirs]) {
    console.log(`| ${r.server} | \`${r.tool}\` | ${r.responseBytes} B | ${r.coldStartMedianMs} ms | ${r.toolsListMs} ms | ${r.p50Ms} ms | ${r.p99Ms} ms | ${r.idleRssMiB} MiB | ${r.rssAfterCallsMiB} MiB |`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
