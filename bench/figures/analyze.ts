// Offline analysis: `analyze` on a generated 1,000,000-event JSONL trace and a 200 MB HAR, vs a
// bare loop that only reads and JSON.parses each line; each side in its own process, alternated,
// median time and peak RSS.

import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mb, median, type BenchOptions, type Row } from '../util';

const CHILD = 'out/bench/children/analyzeChild.js';

async function write(path: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  for (const line of lines) if (!out.write(`${line}\n`)) await new Promise<void>((done) => out.once('drain', () => done()));
  await new Promise<void>((done) => out.end(done));
}

/** A realistic trace: sessions of ping exchanges, one server restart with its 404s. */
function* jsonlTrace(events: number): Generator<string> {
  const start = Date.parse('2026-11-23T00:00:00Z');
  let session = 'a'.repeat(32);
  for (let seq = 1, exchange = 1; seq <= events; exchange++) {
    const t = new Date(start + seq * 5).toISOString();
    if (seq === Math.floor(events / 2)) session = 'b'.repeat(32);
    const lost = seq > events / 2 && seq < events / 2 + 20;
    yield JSON.stringify({
      seq: seq++,
      t,
      server: 'bench',
      kind: 'http-request',
      exchange,
      method: 'POST',
      url: 'http://127.0.0.1:3001/mcp',
      headers: { 'content-type': 'application/json', 'mcp-session-id': session, 'mcp-protocol-version': '2025-06-18' },
      body: `{"jsonrpc":"2.0","id":${exchange},"method":"ping"}`,
    });
    yield JSON.stringify({
      seq: seq++,
      t,
      server: 'bench',
      kind: 'http-response',
      exchange,
      status: lost ? 404 : 200,
      headers: { 'content-type': 'application/json' },
      durationMs: 1.2,
      body: lost ? '{"jsonrpc":"2.0","error":{"code":-32001,"message":"Session not found"},"id":null}' : `{"jsonrpc":"2.0","id":${exchange},"result":{}}`,
    });
  }
}

/** A HAR of about `bytes`, one entry a line, each an MCP exchange with a padded tool result. */
function* har(bytes: number): Generator<string> {
  const start = Date.parse('2026-11-23T00:00:00Z');
  const pad = 'x'.repeat(1500);
  yield '{"log":{"version":"1.2","creator":{"name":"bench","version":"1"},"entries":[';
  let written = 0;
  for (let index = 0; written < bytes; index++) {
    const entry = JSON.stringify({
      startedDateTime: new Date(start + index * 10).toISOString(),
      time: 3,
      request: {
        method: 'POST',
        url: 'http://127.0.0.1:3001/mcp',
        headers: [
          { name: 'Content-Type', value: 'application/json' },
          { name: 'Mcp-Session-Id', value: 'c'.repeat(32) },
          { name: 'Authorization', value: 'Bearer secret' },
        ],
        postData: { mimeType: 'application/json', text: `{"jsonrpc":"2.0","id":${index},"method":"tools/call","params":{"name":"echo"}}` },
      },
      response: {
        status: 200,
        statusText: 'OK',
        headers: [{ name: 'Content-Type', value: 'application/json' }],
        content: { mimeType: 'application/json', text: `{"jsonrpc":"2.0","id":${index},"result":{"content":[{"type":"text","text":"${pad}"}]}}` },
      },
      timings: { send: 0, wait: 2, receive: 1 },
    });
    written += entry.length + 2;
    yield `${index ? ',' : ''}${entry}`;
  }
  yield ']}}';
}

function run(mode: 'analyze' | 'bare', file: string): { ms: number; maxRssMB: number } {
  const result = spawnSync(process.execPath, [CHILD, mode, file], { encoding: 'utf8', maxBuffer: 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${mode} ${file} failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop() as string) as { ms: number; maxRssMB: number };
}

function compare(name: string, file: string, rounds: number): Row[] {
  const ours: Array<{ ms: number; maxRssMB: number }> = [];
  const bare: Array<{ ms: number; maxRssMB: number }> = [];
  for (let round = 0; round < rounds; round++) {
    bare.push(run('bare', file));
    ours.push(run('analyze', file));
  }
  const time = median(ours.map((r) => r.ms));
  const reference = median(bare.map((r) => r.ms));
  const rss = Math.max(...ours.map((r) => r.maxRssMB));
  return [
    {
      figure: `analyze ${name} (${mb(statSync(file).size)}) vs read+JSON.parse loop`,
      ours: `${(time / 1000).toFixed(2)} s`,
      reference: `${(reference / 1000).toFixed(2)} s`,
      ratio: (time / reference).toFixed(2),
      target: '≤ 2.00',
      pass: time / reference <= 2,
    },
    {
      figure: `analyze ${name}: peak RSS (streaming)`,
      ours: `${rss.toFixed(0)} MB`,
      reference: `bare ${Math.max(...bare.map((r) => r.maxRssMB)).toFixed(0)} MB`,
      ratio: '—',
      target: '≤ 256 MB',
      pass: rss <= 256,
    },
  ];
}

export async function offlineAnalysis(options: BenchOptions): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'mcpsi-bench-'));
  try {
    const events = options.smoke ? 20_000 : 1_000_000;
    const jsonl = join(dir, 'trace.jsonl');
    await write(jsonl, jsonlTrace(events));
    const harFile = join(dir, 'trace.har');
    await write(harFile, har(options.smoke ? 2 * 1024 * 1024 : 200 * 1024 * 1024));
    const rounds = options.smoke ? 1 : 3;
    return [...compare(`${events.toLocaleString('en')}-event JSONL`, jsonl, rounds), ...compare('HAR', harFile, rounds)];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
