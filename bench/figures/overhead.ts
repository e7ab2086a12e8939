// Observation overhead: a no-op request (ping) through the engine with full observation vs the
// bare SDK client, same server, Streamable HTTP and stdio; latency p50/p99 and throughput.

import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { resolve } from 'node:path';
import type { ServerConfig } from '../../src/core/config/types';
import { createConnection, defaultEngineOptions } from '../../src/core/connection';
import type { Connection } from '../../src/core/connection/connection';
import { startEverything } from '../../test/fixtures/support/servers';
import { interleaved, median, ms, percentile, throughput, timeEach, type BenchOptions, type Row } from '../util';

const EVERYTHING = resolve('node_modules/@modelcontextprotocol/server-everything/dist/index.js');

interface Pair {
  bare: () => Promise<unknown>;
  ours: () => Promise<unknown>;
  /** A bare client whose requests leave the transport's abort signal alone, as the engine's do (HTTP only). */
  bareUnshared?: () => Promise<unknown>;
  close(): Promise<void>;
}

/**
 * `fetch` giving each request a signal of its own instead of the transport's long-lived one, as
 * the engine does, so nothing piles up on it (this reference client is never aborted mid-request,
 * so its signals need not follow the transport's).
 */
const fetchWithoutSharedSignal: typeof fetch = (input, init) => fetch(input, { ...init, signal: new AbortController().signal });

async function observedClient(config: ServerConfig): Promise<{ ping: () => Promise<unknown>; dispose(): Promise<void> }> {
  const connection = createConnection(config, { ...defaultEngineOptions, pingIntervalMs: 0 }) as Connection;
  await connection.connect();
  const client = (connection as unknown as { active: { client: Client } }).active.client;
  return { ping: () => client.ping(), dispose: () => connection.dispose() };
}

async function httpPair(): Promise<Pair> {
  const server = await startEverything('streamableHttp');
  const bare = new Client({ name: 'bench-bare', version: '1' });
  await bare.connect(new StreamableHTTPClientTransport(new URL(server.url)));
  const ours = await observedClient({ name: 'bench', type: 'http', url: server.url, source: { kind: 'cli' } });
  const unshared = new Client({ name: 'bench-bare-unshared-signal', version: '1' });
  await unshared.connect(new StreamableHTTPClientTransport(new URL(server.url), { fetch: fetchWithoutSharedSignal }));
  return {
    bare: () => bare.ping(),
    ours: ours.ping,
    bareUnshared: () => unshared.ping(),
    async close() {
      await bare.close();
      await unshared.close();
      await ours.dispose();
      await server.stop();
    },
  };
}

async function stdioPair(): Promise<Pair> {
  const bare = new Client({ name: 'bench-bare', version: '1' });
  await bare.connect(new StdioClientTransport({ command: process.execPath, args: [EVERYTHING, 'stdio'], stderr: 'ignore' }));
  const ours = await observedClient({ name: 'bench', type: 'stdio', command: process.execPath, args: [EVERYTHING, 'stdio'], source: { kind: 'cli' } });
  return {
    bare: () => bare.ping(),
    ours: ours.ping,
    async close() {
      await bare.close();
      await ours.dispose();
    },
  };
}

async function measure(name: string, pair: Pair, options: BenchOptions): Promise<Row[]> {
  const rounds = options.smoke ? 2 : 10;
  const perRound = options.smoke ? 50 : 300;
  await timeEach(pair.bare, 50);
  await timeEach(pair.ours, 50);
  const latency = await interleaved(rounds, () => timeEach(pair.bare, perRound), () => timeEach(pair.ours, perRound));
  const bare = latency.a.flat();
  const ours = latency.b.flat();
  const p50 = median(ours) / median(bare);
  const p99 = percentile(ours, 99) / percentile(bare, 99);
  const seconds = options.smoke ? 0.3 : 2;
  const flows = await interleaved(options.smoke ? 2 : 5, () => throughput(pair.bare, 32, seconds * 1000), () => throughput(pair.ours, 32, seconds * 1000));
  const rate = median(flows.b) / median(flows.a);
  const rows: Row[] = [];
  if (pair.bareUnshared) {
    // The bare client piles abort listeners on its transport's signal (see requestSignal.ts); the
    // engine does not. Against a bare client spared that too, the ratio is the observation's cost alone.
    const fair = await interleaved(options.smoke ? 2 : 5, () => throughput(pair.bareUnshared as () => Promise<unknown>, 32, seconds * 1000), () => throughput(pair.ours, 32, seconds * 1000));
    const fairRate = median(fair.b) / median(fair.a);
    rows.push({ figure: `throughput, 32 in flight, ${name}, vs a bare client spared the abort-listener pile-up`, ours: `${Math.round(median(fair.b)).toLocaleString('en')}/s`, reference: `${Math.round(median(fair.a)).toLocaleString('en')}/s`, ratio: fairRate.toFixed(2), target: 'report', pass: null });
  }
  return [
    { figure: `ping latency p50, ${name} (observed vs bare SDK client)`, ours: ms(median(ours)), reference: ms(median(bare)), ratio: p50.toFixed(2), target: '≤ 1.05', pass: p50 <= 1.05 },
    { figure: `ping latency p99, ${name}`, ours: ms(percentile(ours, 99)), reference: ms(percentile(bare, 99)), ratio: p99.toFixed(2), target: '≤ 1.10', pass: p99 <= 1.1 },
    { figure: `throughput, 32 in flight, ${name}`, ours: `${Math.round(median(flows.b)).toLocaleString('en')}/s`, reference: `${Math.round(median(flows.a)).toLocaleString('en')}/s`, ratio: rate.toFixed(2), target: '≥ 0.95', pass: rate >= 0.95 },
    ...rows,
  ];
}

export async function observationOverhead(options: BenchOptions): Promise<Row[]> {
  const rows: Row[] = [];
  for (const [name, open] of [['Streamable HTTP', httpPair], ['stdio', stdioPair]] as const) {
    const pair = await open();
    try {
      rows.push(...(await measure(name, pair, options)));
    } finally {
      await pair.close();
    }
  }
  return rows;
}
