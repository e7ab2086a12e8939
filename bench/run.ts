// `npm run bench`: figures for what the inspector costs. Each comparison runs both sides in one
// process, interleaved over several rounds, and reports medians and ratios (machines here are
// noisy; ratios matter). `--smoke` runs tiny sizes only to keep the benchmark working.
// Writes bench/results.json.

import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { createConnection, defaultEngineOptions } from '../src/core/connection';
import type { Connection } from '../src/core/connection/connection';
import { RuleRunner } from '../src/core/rules/runner';
import type { TraceEvent } from '../src/core/trace/events';
import { startEverything } from '../test/fixtures/support/servers';

const smoke = process.argv.includes('--smoke');
const ROUNDS = smoke ? 2 : 5;
const PINGS_PER_ROUND = smoke ? 50 : 400;

interface Row {
  figure: string;
  ours: string;
  reference: string;
  ratio: string;
  target: string;
  pass: boolean | null;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function median(values: number[]): number {
  return percentile(values, 50);
}

async function timePings(ping: () => Promise<unknown>, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await ping();
    times.push(performance.now() - started);
  }
  return times;
}

async function observationOverhead(url: string): Promise<Row[]> {
  const bare = new Client({ name: 'bench-bare', version: '1' });
  await bare.connect(new StreamableHTTPClientTransport(new URL(url)));
  const observed = createConnection({ name: 'bench', type: 'http', url, source: { kind: 'cli' } }, { ...defaultEngineOptions, pingIntervalMs: 0 }) as Connection;
  await observed.connect();
  const client = (observed as unknown as { active: { client: Client } }).active.client;
  const ours: number[] = [];
  const reference: number[] = [];
  await timePings(() => bare.ping(), 20);
  await timePings(() => client.ping(), 20);
  for (let round = 0; round < ROUNDS; round++) {
    reference.push(...(await timePings(() => bare.ping(), PINGS_PER_ROUND)));
    ours.push(...(await timePings(() => client.ping(), PINGS_PER_ROUND)));
  }
  await bare.close();
  await observed.dispose();
  const p50 = median(ours) / median(reference);
  const p99 = percentile(ours, 99) / percentile(reference, 99);
  return [
    { figure: 'ping latency p50, Streamable HTTP (observed vs bare SDK client)', ours: `${median(ours).toFixed(2)} ms`, reference: `${median(reference).toFixed(2)} ms`, ratio: p50.toFixed(2), target: '≤ 1.05', pass: p50 <= 1.05 },
    { figure: 'ping latency p99, Streamable HTTP', ours: `${percentile(ours, 99).toFixed(2)} ms`, reference: `${percentile(reference, 99).toFixed(2)} ms`, ratio: p99.toFixed(2), target: '≤ 1.10', pass: p99 <= 1.1 },
  ];
}

function ruleThroughput(): Row {
  const count = smoke ? 20_000 : 400_000;
  const events: TraceEvent[] = [];
  const t = new Date(0).toISOString();
  for (let i = 0; i < 1000; i++) {
    events.push({ seq: i * 2, t, server: 's', kind: 'http-request', exchange: i, method: 'POST', url: 'http://h/mcp', headers: { 'mcp-session-id': 'abc' }, body: '{"jsonrpc":"2.0","id":1,"method":"ping"}' });
    events.push({ seq: i * 2 + 1, t, server: 's', kind: 'http-response', exchange: i, status: 200, headers: {}, durationMs: 1, body: '{"jsonrpc":"2.0","id":1,"result":{}}' });
  }
  const runner = new RuleRunner({ mode: 'offline', server: 's', timeouts: { response: 30_000, endpoint: 10_000, handshake: 30_000 } });
  const started = performance.now();
  for (let i = 0; i < count; i++) runner.push(events[i % events.length]);
  const perSecond = count / ((performance.now() - started) / 1000);
  return { figure: 'rule engine throughput (all rules, HTTP exchanges)', ours: `${Math.round(perSecond).toLocaleString('en')} events/s`, reference: '—', ratio: '—', target: 'report', pass: null };
}

function cliColdStart(url: string): Row {
  const runs: number[] = [];
  for (let i = 0; i < (smoke ? 2 : 7); i++) {
    const started = performance.now();
    spawnSync(process.execPath, ['dist/cli.js', 'status', url, '--json'], { encoding: 'utf8' });
    runs.push(performance.now() - started);
  }
  return { figure: 'CLI cold start: status <url> (whole process)', ours: `${median(runs).toFixed(0)} ms`, reference: 'official inspector CLI not installed here', ratio: '—', target: 'report', pass: null };
}

function bundleSize(): Row {
  const bytes = statSync('dist/extension.js').size;
  return { figure: 'extension bundle (SDK loaded lazily, not at activation)', ours: `${(bytes / 1024).toFixed(0)} KiB`, reference: '—', ratio: '—', target: 'report', pass: null };
}

async function main(): Promise<void> {
  const server = await startEverything('streamableHttp');
  const rows: Row[] = [];
  try {
    rows.push(...(await observationOverhead(server.url)));
    rows.push(cliColdStart(server.url));
  } finally {
    await server.stop();
  }
  rows.push(ruleThroughput(), bundleSize());
  const widths = [62, 22, 22, 7, 8];
  const line = (cells: string[]) => cells.map((cell, index) => cell.padEnd(widths[index])).join(' ');
  console.log(line(['figure', 'ours', 'reference', 'ratio', 'target']) + ' result');
  for (const row of rows) console.log(line([row.figure, row.ours, row.reference, row.ratio, row.target]) + ' ' + (row.pass === null ? '' : row.pass ? 'pass' : 'MISS'));
  writeFileSync('bench/results.json', JSON.stringify({ at: new Date().toISOString(), smoke, rows }, null, 2));
}

void main();
