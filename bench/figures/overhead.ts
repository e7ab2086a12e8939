// Observation overhead: a no-op request (ping) through the engine with full observation vs the
// bare SDK client, same server, Streamable HTTP and stdio; latency p50/p99 and throughput.

import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { resolve } from 'node:path';
import type { ServerConfig } from '../../src/core/config/types';
import { createConnection, defaultEngineOptions } from '../../src/core/connection';
import type { Connection } from '../../src/core/connection/connection';
import { startEverything } from '../../test/fixtures/support/servers';
import { interleaved, interleavedAll, median, ms, percentile, throughput, timeEach, type BenchOptions, type Row } from '../util';

const EVERYTHING = resolve('node_modules/@modelcontextprotocol/server-everything/dist/index.js');

/** A third client measured beside the bare one and ours, isolating one part of the cost. */
interface Reference {
  call: () => Promise<unknown>;
  /** How it differs from the bare client, as the figure names it. */
  label: string;
  /** Also report ours against it (else only it against the bare client). */
  compareOurs: boolean;
}

interface Pair {
  bare: () => Promise<unknown>;
  ours: () => Promise<unknown>;
  reference: Reference;
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
    // The bare client piles abort listeners on its transport's signal (see requestSignal.ts); the
    // engine does not. Against a bare client spared that too, the ratio is the observation's cost alone.
    reference: { call: () => unshared.ping(), label: 'a bare client spared the abort-listener pile-up', compareOurs: true },
    async close() {
      await bare.close();
      await unshared.close();
      await ours.dispose();
      await server.stop();
    },
  };
}

/**
 * A bare client that keeps a reference to every message it sends and receives in a ring the size
 * of the engine's trace, and does nothing else: what any in-memory trace costs at the least.
 */
async function messageKeepingClient(transport: StdioClientTransport): Promise<Client> {
  const client = new Client({ name: 'bench-bare-keeping', version: '1' });
  await client.connect(transport);
  const capacity = defaultEngineOptions.traceBufferSize;
  const kept = new Array<unknown>(capacity);
  let next = 0;
  const keep = (message: unknown) => {
    kept[next] = message;
    next = (next + 1) % capacity;
  };
  const send = transport.send.bind(transport);
  transport.send = (message) => {
    keep(message);
    return send(message);
  };
  const receive = transport.onmessage;
  transport.onmessage = (message) => {
    keep(message);
    receive?.(message);
  };
  return client;
}

const everythingStdio = () => new StdioClientTransport({ command: process.execPath, args: [EVERYTHING, 'stdio'], stderr: 'ignore' });

async function stdioPair(): Promise<Pair> {
  const bare = new Client({ name: 'bench-bare', version: '1' });
  await bare.connect(everythingStdio());
  const keeping = await messageKeepingClient(everythingStdio());
  const ours = await observedClient({ name: 'bench', type: 'stdio', command: process.execPath, args: [EVERYTHING, 'stdio'], source: { kind: 'cli' } });
  return {
    bare: () => bare.ping(),
    ours: ours.ping,
    reference: {
      call: () => keeping.ping(),
      label: `a bare client that only keeps each message in a ${defaultEngineOptions.traceBufferSize.toLocaleString('en')}-slot ring (the floor of an in-memory trace)`,
      compareOurs: false,
    },
    async close() {
      await bare.close();
      await keeping.close();
      await ours.dispose();
    },
  };
}

async function measure(name: string, pair: Pair, options: BenchOptions): Promise<Row[]> {
  const rounds = options.smoke ? 2 : 10;
  const perRound = options.smoke ? 50 : 300;
  // Warm enough for the JIT to have compiled the engine's own code too: only the observed client
  // runs it, so a short warm-up measures ours half-interpreted against a bare client warmed by
  // the SDK code both share.
  const warmUp = options.smoke ? 50 : 1000;
  await timeEach(pair.bare, warmUp);
  await timeEach(pair.ours, warmUp);
  await timeEach(pair.reference.call, warmUp);
  const latency = await interleaved(
    rounds,
    () => timeEach(pair.bare, perRound),
    () => timeEach(pair.ours, perRound),
  );
  const bare = latency.a.flat();
  const ours = latency.b.flat();
  const p50 = median(ours) / median(bare);
  const p99 = percentile(ours, 99) / percentile(bare, 99);
  const seconds = options.smoke ? 0.3 : 2;
  const flow = (call: () => Promise<unknown>) => () => throughput(call, 32, seconds * 1000);
  const flows = await interleavedAll(options.smoke ? 2 : 5, [flow(pair.bare), flow(pair.ours), flow(pair.reference.call)]);
  const [bareRate, ourRate, referenceRate] = flows.map(median);
  const perSecond = (rate: number) => `${Math.round(rate).toLocaleString('en')}/s`;
  const rate = ourRate / bareRate;
  const reference = pair.reference;
  return [
    {
      figure: `ping latency p50, ${name} (observed vs bare SDK client)`,
      ours: ms(median(ours)),
      reference: ms(median(bare)),
      ratio: p50.toFixed(2),
      target: '≤ 1.05',
      pass: p50 <= 1.05,
    },
    {
      figure: `ping latency p99, ${name}`,
      ours: ms(percentile(ours, 99)),
      reference: ms(percentile(bare, 99)),
      ratio: p99.toFixed(2),
      target: '≤ 1.10',
      pass: p99 <= 1.1,
    },
    {
      figure: `throughput, 32 in flight, ${name}`,
      ours: perSecond(ourRate),
      reference: perSecond(bareRate),
      ratio: rate.toFixed(2),
      target: '≥ 0.95',
      pass: rate >= 0.95,
    },
    reference.compareOurs
      ? {
          figure: `throughput, 32 in flight, ${name}, vs ${reference.label}`,
          ours: perSecond(ourRate),
          reference: perSecond(referenceRate),
          ratio: (ourRate / referenceRate).toFixed(2),
          target: 'report',
          pass: null,
        }
      : {
          figure: `throughput, 32 in flight, ${name}: ${reference.label} vs bare`,
          ours: perSecond(referenceRate),
          reference: perSecond(bareRate),
          ratio: (referenceRate / bareRate).toFixed(2),
          target: 'report',
          pass: null,
        },
  ];
}

export async function observationOverhead(options: BenchOptions): Promise<Row[]> {
  const rows: Row[] = [];
  for (const [name, open] of [
    ['Streamable HTTP', httpPair],
    ['stdio', stdioPair],
  ] as const) {
    const pair = await open();
    try {
      rows.push(...(await measure(name, pair, options)));
    } finally {
      await pair.close();
    }
  }
  return rows;
}
