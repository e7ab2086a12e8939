// Memory over a long session: 1,000,000 JSON-RPC messages (500,000 pings) through one observed
// stdio connection; heap growth after GC and whether the trace store stayed at its bound.

import type { Client } from '@modelcontextprotocol/client';
import { resolve } from 'node:path';
import { createConnection, defaultEngineOptions } from '../../src/core/connection';
import type { Connection } from '../../src/core/connection/connection';
import { heapUsed, mb, type BenchOptions, type Row } from '../util';

const EVERYTHING = resolve('node_modules/@modelcontextprotocol/server-everything/dist/index.js');

export async function longSessionMemory(options: BenchOptions): Promise<Row[]> {
  const messages = options.smoke ? 20_000 : 1_000_000;
  const bound = defaultEngineOptions.traceBufferSize;
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
  ];
}
