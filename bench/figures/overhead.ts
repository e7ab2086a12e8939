// Observation overhead: a no-op request (ping) through the engine with full observation vs the
// bare SDK client, same server, Streamable HTTP and stdio; latency p50/p99 and throughput, each
// with the client's CPU per ping beside it (the servers run in child processes, so this
// process's CPU is the client's). Sides alternate over rounds; ratios are per round.

import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { resolve } from 'node:path';
import type { ServerConfig } from '../../src/core/config/types';
import { createConnection, defaultEngineOptions } from '../../src/core/connection';
import type { Connection } from '../../src/core/connection/connection';
import { startEverything } from '../../test/fixtures/support/servers';
import {
  cpuRow,
  interleaved,
  interleavedAll,
  median,
  ms,
  percentile,
  percentileRatios,
  perRound,
  pooledTimes,
  ratioRow,
  spread,
  throughputSlice,
  timeEach,
  timeSlice,
  type BenchOptions,
  type Row,
  type Slice,
} from '../util';

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
    reference: { call: () => unshared.ping(), label: 'bare client spared the listener pile-up', compareOurs: true },
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
      // The floor of any in-memory trace.
      label: `bare client + ${defaultEngineOptions.traceBufferSize.toLocaleString('en')}-slot message ring`,
      compareOurs: false,
    },
    async close() {
      await bare.close();
      await keeping.close();
      await ours.dispose();
    },
  };
}

/** What one transport's comparison is held to (the targets). */
interface Targets {
  /** Added client CPU per ping, µs (ours − bare, per round). */
  addedCpuMicros: number;
  /** Throughput ratio floor, and against whom: the bare client, or the pair's reference. */
  throughput: { against: 'bare' | 'reference'; atLeast: number };
}

/** Sizes: a full `--only=observation` run stays within a few minutes on a loaded 2-core machine. */
function plan(options: BenchOptions) {
  return options.smoke
    ? { warmUp: 50, latencyRounds: 2, perRound: 50, flowRounds: 2, flowMs: 200 }
    : // Warm enough for the JIT to have compiled the engine's own code too: only the observed
      // client runs it, so a short warm-up measures ours half-interpreted against a bare client
      // warmed by the SDK code both share.
      { warmUp: 1000, latencyRounds: 9, perRound: 300, flowRounds: 9, flowMs: 1500 };
}

async function measure(name: string, pair: Pair, options: BenchOptions, targets: Targets): Promise<Row[]> {
  const sizes = plan(options);
  await timeEach(pair.bare, sizes.warmUp);
  await timeEach(pair.ours, sizes.warmUp);
  await timeEach(pair.reference.call, sizes.warmUp);
  const latency = await interleaved(
    sizes.latencyRounds,
    () => timeSlice(pair.bare, sizes.perRound),
    () => timeSlice(pair.ours, sizes.perRound),
  );
  const bare = pooledTimes(latency.a);
  const ours = pooledTimes(latency.b);
  const flow = (call: () => Promise<unknown>) => () => throughputSlice(call, 32, sizes.flowMs);
  const [bareFlows, ourFlows, referenceFlows] = await interleavedAll(sizes.flowRounds, [flow(pair.bare), flow(pair.ours), flow(pair.reference.call)]);
  const rateOf = (slices: Slice[]) => `${Math.round(spread(slices.map((slice) => slice.rate)).median).toLocaleString('en')}/s`;
  const rateRatios = (a: Slice[], b: Slice[]) => perRound(a, b, (x, y) => x.rate / y.rate);
  const reference = pair.reference;
  const againstBare = targets.throughput.against === 'bare';
  const atLeast = targets.throughput.atLeast;
  return [
    ratioRow(
      { figure: `ping latency p50, ${name} (observed vs bare SDK client)`, ours: ms(median(ours)), reference: ms(median(bare)), target: '≤ 1.05' },
      percentileRatios(latency.b, latency.a, 50),
      (ratio) => ratio <= 1.05,
    ),
    ratioRow(
      { figure: `ping latency p99, ${name}`, ours: ms(percentile(ours, 99)), reference: ms(percentile(bare, 99)), target: '≤ 1.10' },
      percentileRatios(latency.b, latency.a, 99),
      (ratio) => ratio <= 1.1,
    ),
    cpuRow(`client CPU per ping, sequential, ${name} (added vs bare)`, latency.b, latency.a, 'bare', targets.addedCpuMicros),
    ratioRow(
      {
        figure: `throughput, 32 in flight, ${name} (vs bare SDK client)`,
        ours: rateOf(ourFlows),
        reference: rateOf(bareFlows),
        target: againstBare ? `≥ ${atLeast.toFixed(2)}` : 'report',
      },
      rateRatios(ourFlows, bareFlows),
      againstBare ? (ratio) => ratio >= atLeast : undefined,
    ),
    cpuRow(`client CPU per ping, 32 in flight, ${name} (added vs bare)`, ourFlows, bareFlows, 'bare', targets.addedCpuMicros),
    ...(reference.compareOurs
      ? [
          ratioRow(
            {
              figure: `throughput, 32 in flight, ${name}, vs ${reference.label}`,
              ours: rateOf(ourFlows),
              reference: rateOf(referenceFlows),
              target: againstBare ? 'report' : `≥ ${atLeast.toFixed(2)}`,
            },
            rateRatios(ourFlows, referenceFlows),
            againstBare ? undefined : (ratio) => ratio >= atLeast,
          ),
          cpuRow(`client CPU per ping, 32 in flight, ${name}, vs ${reference.label}`, ourFlows, referenceFlows, 'reference'),
        ]
      : [
          ratioRow(
            {
              figure: `throughput, 32 in flight, ${name}: ${reference.label}, vs bare`,
              ours: rateOf(referenceFlows),
              reference: rateOf(bareFlows),
              target: 'report',
            },
            rateRatios(referenceFlows, bareFlows),
          ),
          cpuRow(`client CPU per ping, 32 in flight, ${name}: ${reference.label}, vs bare`, referenceFlows, bareFlows, 'bare'),
        ]),
  ];
}

export async function observationOverhead(options: BenchOptions): Promise<Row[]> {
  const rows: Row[] = [];
  const transports: Array<[string, () => Promise<Pair>, Targets]> = [
    // Over HTTP the bare SDK client's abort-listener pile-up costs it throughput the engine does
    // not pay, so the throughput target is held against a bare client spared it.
    ['Streamable HTTP', httpPair, { addedCpuMicros: 10, throughput: { against: 'reference', atLeast: 0.92 } }],
    ['stdio', stdioPair, { addedCpuMicros: 1.5, throughput: { against: 'bare', atLeast: 0.95 } }],
  ];
  for (const [name, open, targets] of transports) {
    const pair = await open();
    try {
      rows.push(...(await measure(name, pair, options, targets)));
    } finally {
      await pair.close();
    }
  }
  return rows;
}
