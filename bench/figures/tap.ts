// The HTTP tap's cost to the client it carries: added latency per request (ping, same server,
// direct vs through the tap), SSE event forwarding delay (events stamped by the server, arrival
// times compared), and throughput with 32 requests in flight. The tap runs in its own process,
// as `mcp-session-inspector tap` does for real; both sides are measured interleaved, ratios per
// round. Beside the rates: the tap process's CPU per request, against a bare node:http proxy's.

import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { freePort, startEverything, waitFor } from '../../test/fixtures/support/servers';
import {
  clockTicks,
  cpuRow,
  interleaved,
  interleavedAll,
  interleavedLatencySlices,
  latencyPlan,
  median,
  ms,
  percentile,
  percentileRatios,
  perRound,
  pooledTimes,
  processCpuMicros,
  ratioRow,
  spread,
  throughputSlice,
  type BenchOptions,
  type Row,
  type Slice,
} from '../util';

const CLI = resolve('dist/cli.js');

/** A tiny SSE source in its own process: every `intervalMs` an event stamped with its send time (ms since the epoch, sub-ms). */
const SSE_SOURCE = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
  res.flushHeaders();
  let n = 0;
  const timer = setInterval(() => {
    res.write('id: ' + (++n) + '\\ndata: {"jsonrpc":"2.0","method":"notifications/message","params":{"sent":' + (performance.timeOrigin + performance.now()) + '}}\\n\\n');
  }, Number(process.env.INTERVAL_MS));
  req.on('close', () => clearInterval(timer));
});
server.listen(Number(process.env.PORT), '127.0.0.1');
`;

/** A plain node:http reverse proxy that records nothing: what any extra hop costs, for reference. */
const BARE_PROXY = `
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true });
const target = new URL(process.env.TARGET);
http.createServer((req, res) => {
  const up = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host }, agent }, (answer) => {
    res.writeHead(answer.statusCode, answer.statusMessage, answer.headers);
    answer.pipe(res);
  });
  // A reused keep-alive socket the server just closed: answer 502, as the tap does, instead of dying.
  up.on('error', () => { if (!res.headersSent) res.writeHead(502); res.end(); });
  req.pipe(up);
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

/** `mcp-session-inspector tap TARGET` (plus `extra` flags) in its own process, once it listens. */
export async function startTap(target: string, extra: readonly string[] = []): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [CLI, 'tap', target, '--json', ...extra], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await waitFor(() => out.includes('"listening"'), 15_000, 'the tap to listen');
  const url = (JSON.parse(out.split('\n')[0]) as { url: string }).url;
  return { url, child };
}

export async function connect(url: string): Promise<Client> {
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

const signed = (value: number, digits = 2) => `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`;

/** Delays (ms) from send to arrival of `count` events on one stream. */
async function eventDelays(url: string, count: number): Promise<number[]> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream' }, signal: controller.signal });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const delays: number[] = [];
  let buffer = '';
  while (delays.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    const now = performance.timeOrigin + performance.now();
    buffer += decoder.decode(value, { stream: true });
    for (const match of buffer.matchAll(/"sent":([\d.]+)/g)) delays.push(now - Number(match[1]));
    buffer = buffer.slice(buffer.lastIndexOf('\n\n') + 2);
  }
  controller.abort();
  return delays;
}

export async function tapOverhead(options: BenchOptions): Promise<Row[]> {
  const rows: Row[] = [];
  const server = await startEverything('streamableHttp');
  const tap = await startTap(server.url);
  const ssePort = await freePort();
  const source = spawn(process.execPath, ['-e', SSE_SOURCE], { env: { ...process.env, PORT: String(ssePort), INTERVAL_MS: '5' }, stdio: 'ignore' });
  const sseTap = await startTap(`http://127.0.0.1:${ssePort}/events`);
  const barePort = await freePort();
  const bare = spawn(process.execPath, ['-e', BARE_PROXY], { env: { ...process.env, PORT: String(barePort), TARGET: server.url }, stdio: 'ignore' });
  await waitFor(
    async () =>
      fetch(`http://127.0.0.1:${barePort}/mcp`, { method: 'OPTIONS' }).then(
        () => true,
        () => false,
      ),
    10_000,
    'the bare proxy',
  );
  const direct = await connect(server.url);
  const tapped = await connect(tap.url);
  const proxied = await connect(`http://127.0.0.1:${barePort}/mcp`);
  try {
    const latency = await interleavedLatencySlices(
      () => direct.ping(),
      () => tapped.ping(),
      latencyPlan(options),
    );
    const directTimes = pooledTimes(latency.a);
    const tappedTimes = pooledTimes(latency.b);
    const added = spread(perRound(latency.b, latency.a, (a, b) => median(a.times) - median(b.times)));
    rows.push({
      ...ratioRow(
        {
          figure: 'tap: added latency per request (ping p50, Streamable HTTP; per-round added)',
          ours: `${ms(median(tappedTimes))} (${signed(added.median)}; ${added.low.toFixed(2)}–${added.high.toFixed(2)} ms)`,
          reference: `direct ${ms(median(directTimes))}`,
          target: '+ ≤ 0.5 ms',
        },
        percentileRatios(latency.b, latency.a, 50),
      ),
      pass: added.median <= 0.5,
    });
    rows.push(
      ratioRow(
        { figure: 'tap: latency p99', ours: ms(percentile(tappedTimes, 99)), reference: `direct ${ms(percentile(directTimes, 99))}`, target: 'report' },
        percentileRatios(latency.b, latency.a, 99),
      ),
    );

    const events = options.smoke ? 40 : 1000;
    const delays = await interleaved(
      options.smoke ? 1 : 3,
      () => eventDelays(`http://127.0.0.1:${ssePort}/events`, events),
      () => eventDelays(`${new URL(sseTap.url).origin}/events`, events),
    );
    const directDelay = delays.a.flat();
    const tappedDelay = delays.b.flat();
    rows.push({
      ...ratioRow(
        {
          figure: 'tap: SSE event forwarding delay (send → client, p99)',
          ours: `${ms(percentile(tappedDelay, 99))} (${signed(percentile(tappedDelay, 99) - percentile(directDelay, 99))} ms)`,
          reference: `direct ${ms(percentile(directDelay, 99))}`,
          target: '≤ 5 ms',
        },
        delays.b.map((round, index) => percentile(round, 99) / Math.max(0.01, percentile(delays.a[index], 99))),
      ),
      pass: percentile(tappedDelay, 99) <= 5,
    });

    // The tap's and the bare proxy's CPU are read from /proc around each slice through them.
    const rounds = options.smoke ? 1 : 5;
    const sliceMs = options.smoke ? 300 : 2000;
    const run = (client: Client, pid?: number) => () =>
      throughputSlice(() => client.ping(), 32, sliceMs, pid === undefined ? undefined : () => processCpuMicros(pid));
    const [directFlows, tappedFlows, proxiedFlows] = await interleavedAll(rounds, [run(direct), run(tapped, tap.child.pid), run(proxied, bare.pid)]);
    const rateOf = (slices: Slice[]) => `${Math.round(spread(slices.map((slice) => slice.rate)).median).toLocaleString('en')} req/s`;
    const rateRatios = (a: Slice[], b: Slice[]) => perRound(a, b, (x, y) => x.rate / y.rate);
    rows.push(
      ratioRow(
        { figure: 'tap: throughput, 32 requests in flight', ours: rateOf(tappedFlows), reference: `direct ${rateOf(directFlows)}`, target: '≥ 0.90' },
        rateRatios(tappedFlows, directFlows),
        (ratio) => ratio >= 0.9,
      ),
      ratioRow(
        {
          figure: 'tap: throughput vs a bare node:http proxy that records nothing (the hop itself)',
          ours: rateOf(tappedFlows),
          reference: `bare proxy ${rateOf(proxiedFlows)}`,
          target: '≥ 1.00',
        },
        rateRatios(tappedFlows, proxiedFlows),
        (ratio) => ratio >= 1,
      ),
      cpuRow(
        `tap: the tap process's CPU per request, 32 in flight (/proc, ${Math.round(1000 / clockTicks())} ms ticks)`,
        tappedFlows,
        proxiedFlows,
        'bare proxy',
      ),
    );
  } finally {
    await direct.close();
    await tapped.close();
    await proxied.close();
    bare.kill('SIGKILL');
    tap.child.kill('SIGKILL');
    sseTap.child.kill('SIGKILL');
    source.kill('SIGKILL');
    await server.stop();
  }
  return rows;
}
