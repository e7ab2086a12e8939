// Memory over a long session: 1,000,000 JSON-RPC messages (500,000 pings) through one observed
// stdio connection; heap growth after GC and whether the trace store stayed at its bound. Then
// the trace ring's own size: its estimate of the bytes held (what bounds it) beside the heap it
// frees when cleared, for 10,000 held pings and for a flood of large bodies, which must stay
// under the byte budget rather than reach 10,000 events of 60 KiB (600 MB).

import type { Client } from '@modelcontextprotocol/client';
import { resolve } from 'node:path';
import { createConnection, defaultEngineOptions } from '../../src/core/connection';
import type { Connection } from '../../src/core/connection/connection';
import { heapUsed, mb, type BenchOptions, type Row } from '../util';

const EVERYTHING = resolve('node_modules/@modelcontextprotocol/server-everything/dist/index.js');
/** Characters of each echoed message: a 60 KiB body out and one back, under the 64 KiB body limit. */
const LARGE = 60 * 1024;

interface RingSize {
  held: number;
  estimate: number;
  /** Heap freed when the ring is cleared (what the held events really kept alive). */
  freed: number;
}

/** The ring's estimate, then clears it and measures the heap that freed. */
function ringSize(connection: Connection): RingSize {
  const held = connection.trace.events().length;
  const estimate = connection.trace.heldBytes;
  const before = heapUsed();
  connection.trace.clear();
  return { held, estimate, freed: before - heapUsed() };
}

export async function longSessionMemory(options: BenchOptions): Promise<Row[]> {
  const messages = options.smoke ? 20_000 : 1_000_000;
  const floodCalls = 1000;
  const bound = defaultEngineOptions.traceBufferSize;
  const budget = defaultEngineOptions.traceBufferBytes;
  const connection = createConnection(
    { name: 'bench', type: 'stdio', command: process.execPath, args: [EVERYTHING, 'stdio'], source: { kind: 'cli' } },
    { ...defaultEngineOptions, pingIntervalMs: 0 },
  ) as Connection;
  await connection.connect();
  const client = (connection as unknown as { active: { client: Client } }).active.client;
  for (let i = 0; i < 2000; i++) await client.ping();
  const before = heapUsed();
  let sent = 0;
  const started = performance.now();
  const worker = async () => {
    while (sent < messages / 2) {
      sent++;
      await client.ping();
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  const seconds = (performance.now() - started) / 1000;
  const growth = heapUsed() - before;
  const held = connection.trace.events().length;
  const total = connection.trace.total;
  const pings = ringSize(connection);

  // Each call is a 60 KiB message out and a 60 KiB answer in, each a distinct string.
  let called = 0;
  const echo = async () => {
    while (called < floodCalls) {
      const message = String(called++).padEnd(LARGE, 'x');
      await client.callTool({ name: 'echo', arguments: { message } });
    }
  };
  await Promise.all(Array.from({ length: 4 }, echo));
  const floodEvents = connection.trace.total - total;
  const flood = ringSize(connection);
  await connection.dispose();
  return [
    {
      figure: `heap growth over ${(messages / 1e6).toFixed(messages >= 1e6 ? 0 : 2)}M messages (stdio, ${seconds.toFixed(0)} s)`,
      ours: mb(growth),
      reference: '—',
      ratio: '—',
      target: '≤ 64 MB',
      pass: growth <= 64 * 1024 * 1024,
    },
    {
      figure: 'trace store stays at its bound',
      ours: `${held.toLocaleString('en')} held of ${total.toLocaleString('en')}`,
      reference: `bound ${bound.toLocaleString('en')}`,
      ratio: '—',
      target: '= bound',
      pass: held <= bound,
    },
    {
      figure: `trace ring's estimated bytes at ${pings.held.toLocaleString('en')} held pings (ref.: heap freed by clear)`,
      ours: mb(pings.estimate),
      reference: `${mb(pings.freed)} freed`,
      ratio: (pings.estimate / pings.freed).toFixed(2),
      target: `count bound, ≤ ${mb(budget)}`,
      pass: pings.held === Math.min(bound, total) && pings.estimate <= budget,
    },
    {
      figure: `flood of ${floodEvents.toLocaleString('en')} events of 60 KiB (echo, stdio): ring under its byte budget`,
      ours: `${mb(flood.estimate)} in ${flood.held.toLocaleString('en')} events`,
      reference: `${mb(flood.freed)} freed`,
      ratio: (flood.estimate / flood.freed).toFixed(2),
      target: `≤ ${mb(budget)}`,
      pass: flood.estimate <= budget && flood.freed <= budget,
    },
  ];
}
