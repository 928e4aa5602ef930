// Load over the MCP Streamable HTTP transport: N clients, each its own session, each calling one tool in a
// loop as fast as the server answers. Reports calls/s, latency percentiles and errors for a fixed number of
// calls per client, then (optionally) keeps the same load up for a soak, sampling the server's RSS.
//
// usage: node load.mjs --url http://127.0.0.1:7311/mcp [--clients 8] [--calls 2000] [--warmup 200]
//          [--tool context_get] [--args '{"path":"services.green.port"}'] [--pid SERVER_PID]
//          [--soak-seconds 0] [--sample-seconds 10] [--token TOKEN]
import http from "node:http";
import { readFileSync } from "node:fs";

const options = parse(process.argv.slice(2), {
  url: null, clients: 8, calls: 2000, warmup: 200, tool: "context_get", args: '{"path":"services.green.port"}',
  pid: null, "soak-seconds": 0, "sample-seconds": 10, token: null,
});
if (!options.url) {
  console.error("load.mjs: --url is required (the MCP endpoint, e.g. http://127.0.0.1:7311/mcp)");
  process.exit(2);
}

const url = new URL(options.url);
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
const toolArgs = JSON.parse(options.args);

function parse(argv, defaults) {
  const result = { ...defaults };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, "");
    if (!(key in defaults)) {
      console.error(`load.mjs: unknown option ${argv[i]}`);
      process.exit(2);
    }
    result[key] = typeof defaults[key] === "number" ? Number(argv[i + 1]) : argv[i + 1];
  }
  return result;
}

function post(body, headers) {
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: "POST", agent,
      headers: {
        "content-type": "application/json", accept: "application/json, text/event-stream",
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...headers,
      },
    }, (response) => {
      const chunks = [];
      response.on("data", (c) => chunks.push(c));
      response.on("end", () => resolve({ status: response.statusCode, headers: response.headers, text: Buffer.concat(chunks).toString("utf8") }));
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(body);
  });
}

// A response is one JSON object, or an event stream whose last data line holds it.
function message(response) {
  if ((response.headers["content-type"] ?? "").startsWith("application/json")) return JSON.parse(response.text);
  const data = response.text.split("\n").filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).filter((d) => d.trim().length > 0);
  return data.length ? JSON.parse(data[data.length - 1]) : null;
}

async function connect(index) {
  const init = await post(JSON.stringify({
    jsonrpc: "2.0", id: 0, method: "initialize",
    params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: `load-${index}`, version: "1" } },
  }), {});
  const reply = message(init);
  if (init.status !== 200 || !reply?.result) throw new Error(`initialize failed: ${init.status} ${init.text.slice(0, 300)}`);
  const headers = { "mcp-protocol-version": reply.result.protocolVersion };
  if (init.headers["mcp-session-id"]) headers["mcp-session-id"] = init.headers["mcp-session-id"];
  const initialized = await post(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }), headers);
  if (initialized.status !== 202 && initialized.status !== 200) throw new Error(`notifications/initialized failed: ${initialized.status}`);
  return { headers, id: 1 };
}

// One call; returns its latency in ms, or throws with what went wrong.
async function call(client) {
  const body = JSON.stringify({ jsonrpc: "2.0", id: client.id++, method: "tools/call", params: { name: options.tool, arguments: toolArgs } });
  const start = process.hrtime.bigint();
  const response = await post(body, client.headers);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const reply = response.status === 200 ? message(response) : null;
  if (!reply || reply.error || reply.result?.isError) throw new Error(`${response.status} ${response.text.slice(0, 200)}`);
  return ms;
}

function rssMiB(pid) {
  if (!pid) return null;
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:"));
  return Number(line.split(/\s+/)[1]) / 1024;
}

function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;
}

function summary(latencies, seconds, errors) {
  const sorted = Float64Array.from(latencies).sort();
  return {
    calls: latencies.length, errors, seconds: +seconds.toFixed(2), callsPerSecond: Math.round(latencies.length / seconds),
    p50: +percentile(sorted, 50).toFixed(2), p90: +percentile(sorted, 90).toFixed(2), p99: +percentile(sorted, 99).toFixed(2), max: +sorted[sorted.length - 1].toFixed(2),
  };
}

async function run(clients, perClient) {
  const latencies = [];
  let errors = 0;
  let firstError = null;
  const start = process.hrtime.bigint();
  await Promise.all(clients.map(async (client) => {
    for (let i = 0; i < perClient; i++) {
      try {
        latencies.push(await call(client));
      } catch (e) {
        errors++;
        firstError ??= e.message;
      }
    }
  }));
  return { ...summary(latencies, Number(process.hrtime.bigint() - start) / 1e9, errors), firstError };
}

async function soak(clients, seconds, sampleSeconds) {
  const deadline = Date.now() + seconds * 1000;
  let window = [];
  let errors = 0;
  const samples = [];
  const sampler = setInterval(() => {
    const s = summary(window, sampleSeconds, errors);
    samples.push({ t: samples.length * sampleSeconds + sampleSeconds, rssMiB: rssMiB(options.pid), callsPerSecond: s.callsPerSecond, p99: s.p99, errors });
    console.log(JSON.stringify(samples[samples.length - 1]));
    window = [];
  }, sampleSeconds * 1000);
  await Promise.all(clients.map(async (client) => {
    while (Date.now() < deadline) {
      try {
        window.push(await call(client));
      } catch {
        errors++;
      }
    }
  }));
  clearInterval(sampler);
  return { samples, errors };
}

const clients = await Promise.all(Array.from({ length: options.clients }, (_, i) => connect(i)));
const rssBefore = rssMiB(options.pid);
await run(clients, options.warmup);
const rssWarm = rssMiB(options.pid);
const measured = await run(clients, options.calls);
console.log(JSON.stringify({
  url: options.url, tool: options.tool, clients: options.clients, callsPerClient: options.calls, warmupPerClient: options.warmup,
  ...measured, rssMiB: { beforeWarmup: rssBefore, afterWarmup: rssWarm, afterRun: rssMiB(options.pid) },
}));

if (options["soak-seconds"] > 0) {
  const { samples, errors } = await soak(clients, options["soak-seconds"], options["sample-seconds"]);
  const rss = samples.map((s) => s.rssMiB).filter((r) => r !== null);
  const firstMinute = rss.slice(0, Math.max(1, Math.round(60 / options["sample-seconds"])));
  const lastMinute = rss.slice(-Math.max(1, Math.round(60 / options["sample-seconds"])));
  const mean = (a) => a.reduce((x, y) => x + y, 0) / a.length;
  console.log(JSON.stringify({
    soakSeconds: options["soak-seconds"], errors,
    callsPerSecond: Math.round(mean(samples.map((s) => s.callsPerSecond))),
    rssMiB: rss.length ? { first: +rss[0].toFixed(1), min: +Math.min(...rss).toFixed(1), max: +Math.max(...rss).toFixed(1), last: +rss[rss.length - 1].toFixed(1), firstMinuteMean: +mean(firstMinute).toFixed(1), lastMinuteMean: +mean(lastMinute).toFixed(1) } : null,
  }));
}

agent.destroy();
