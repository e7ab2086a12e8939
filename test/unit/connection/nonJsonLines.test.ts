import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { watchNonJsonLines } from '../../../src/core/connection/nonJsonLines';
import { seededFractions } from '../support/seededRandom';

/** The straightforward definition: split the text into lines, keep the non-blank ones that are not JSON objects or arrays. */
function reference(text: string): string[] {
  const lines = text.split('\n');
  lines.pop();
  const out: string[] = [];
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!line.trim()) continue;
    const start = line.replace(/^[ \t\r\v\f]+/, '');
    if (start.startsWith('{')) continue;
    if (start.startsWith('[')) {
      try {
        JSON.parse(line);
        continue;
      } catch {
        // not JSON after all
      }
    }
    out.push(line);
  }
  return out;
}

function feed(text: string, cuts: number[], maxBytes: number): string[] {
  const stream = new EventEmitter();
  const lines: string[] = [];
  watchNonJsonLines(stream as never, maxBytes, (line) => lines.push(line));
  const bytes = Buffer.from(text);
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    stream.emit('data', bytes.subarray(start, Math.max(start, cut)));
    start = Math.max(start, cut);
  }
  return lines;
}

const LINES = [
  '{"jsonrpc":"2.0","id":1,"result":{}}',
  '  {"jsonrpc":"2.0","method":"x"}',
  '[{"jsonrpc":"2.0","id":2,"result":{}}]',
  '[not json',
  'Server started on stdio',
  '',
  '   ',
  '\t\tindented log',
  'debug: é 😀 ünïcode',
  'line with CR\r',
  '{broken but brace-first',
  'x'.repeat(200),
];

describe('watchNonJsonLines (stdout lines that are not JSON-RPC)', () => {
  it('reports log lines and skips messages', () => {
    const text = '{"jsonrpc":"2.0","id":1,"result":{}}\nlistening on stdio\r\n[1,2]\n[oops\n';
    assert.deepEqual(feed(text, [], 1000), ['listening on stdio', '[oops']);
  });

  it('agrees with splitting the text into lines, however the bytes are chunked', () => {
    const next = seededFractions(11);
    for (let round = 0; round < 2_000; round++) {
      const text = Array.from({ length: 1 + Math.floor(next() * 8) }, () => LINES[Math.floor(next() * LINES.length)]).join('\n') + '\n';
      const length = Buffer.byteLength(text);
      const cuts = Array.from({ length: Math.floor(next() * 6) }, () => Math.floor(next() * length)).sort((a, b) => a - b);
      assert.deepEqual(feed(text, cuts, 1000), reference(text), `text ${JSON.stringify(text)} cut at ${cuts.join(',')}`);
    }
  });

  it('cuts an over-long line at the limit once and skips the rest of it', () => {
    const lines = feed(`${'y'.repeat(50)}\nshort\n`, [10, 20, 30], 16);
    assert.deepEqual(lines, ['y'.repeat(16), 'short']);
    assert.deepEqual(feed(`[${'1,'.repeat(40)}1]\nafter\n`, [7], 16), ['after'], 'a cut batch counts as JSON');
  });
});
