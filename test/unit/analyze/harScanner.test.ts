import * as assert from 'node:assert/strict';
import { HarEntryScanner, type RawEntry } from '../../../src/core/analyze/harScanner';
import { SeqIndex } from '../../../src/core/analyze/seqIndex';
import { leadingTime } from '../../../src/core/analyze/logLines';
import { seededIntegers } from '../support/seededRandom';

const ENTRIES = [
  { request: { method: 'POST', url: 'http://h/mcp', postData: { text: '{"jsonrpc":"2.0","id":1,"method":"x","params":{"s":"} ] { [ \\" \\\\"}}' } } },
  { request: { method: 'GET', url: 'http://h/mcp?q={}' }, response: { content: { text: 'data: {"a":[1,{"b":2}]}\n\n' } } },
];
const HAR = { log: { version: '1.2', creator: { name: 't', entries: [{ fake: true }] }, pages: [{ id: 'p', entries: [] }], entries: ENTRIES } };

function scan(text: string, chunkSize: number): RawEntry[] {
  const scanner = new HarEntryScanner();
  const found: RawEntry[] = [];
  for (let i = 0; i < text.length; i += chunkSize) scanner.feed(text.slice(i, i + chunkSize), (entry) => found.push(entry));
  return found;
}

describe('HAR entry scanner', () => {
  it('finds exactly log.entries, whatever the chunking, braces in strings and escapes', () => {
    for (const text of [JSON.stringify(HAR), JSON.stringify(HAR, null, 2)]) {
      for (const size of [1, 2, 3, 7, 64, text.length]) {
        const found = scan(text, size);
        assert.deepEqual(
          found.map((entry) => JSON.parse(entry.text)),
          ENTRIES,
          `chunk size ${size}`,
        );
      }
    }
  });

  it('reports the line and column each entry starts on', () => {
    const pretty = JSON.stringify(HAR, null, 2);
    const lines = pretty.split('\n');
    for (const entry of scan(pretty, 5)) assert.equal(lines[entry.line - 1].slice(entry.column - 1, entry.column), '{');
    const compact = JSON.stringify(HAR);
    const [first, second] = scan(compact, 11);
    assert.equal(first.line, 1);
    assert.ok(compact.slice(second.column - 1).startsWith(JSON.stringify(ENTRIES[1])));
  });

  it('parses entries written one a line as it finds them, exactly as scanning finds them', () => {
    const tricky = [
      { a: 'ends like an entry },', b: [1, -2.5e-3, 1e21, true, false, null, [], {}, [[{ c: '] } {' }]]] },
      { s: 'escapes \\ " \n \t \u00e9 \ud83d\ude00 é 中', nested: { deeper: { deepest: ['},', '{'] } } },
      { request: { method: 'POST', postData: { text: '{"jsonrpc":"2.0","id":1,"method":"x"}' } } },
      {},
    ];
    const lines = tricky.map((entry) => JSON.stringify(entry));
    // (No string left open across lines: where such a string's newlines count depends on chunking.)
    const invalid = ['{"open": [1, 2}', '{"a": "x" "y"}', '{"a": 1} {"b": 2}', '{"bad": tru}', '{"a": [}]}'];
    const random = seededIntegers(7);
    let parsedWhole = 0;
    for (let round = 0; round < 200; round++) {
      const count = 1 + random(8);
      const picked = Array.from({ length: count }, () => (random(6) ? lines[random(lines.length)] : invalid[random(invalid.length)]));
      const newline = random(3) ? '\n' : '\r\n';
      const space = [' ', '', '\t'][random(3)];
      const body = random(2)
        ? picked.map((line, i) => `${i ? ',' : ''}${line}`).join(newline) // `,{…}` lines
        : picked.map((line, i) => `${line}${i < count - 1 ? `${space},` : ''}${space}`).join(newline); // `{…},` lines
      const closing = random(2) ? `${newline}]}}` : ']}}';
      const text = `{"log":{"version":"1.2","entries":[${newline}${body}${closing}${newline}`;
      // One character a chunk never holds a whole line: the reference, found by scanning alone.
      const reference = scan(text, 1);
      assert.ok(reference.every((entry) => entry.parsed === undefined));
      for (const size of [2, 50, 333, text.length]) {
        const found = scan(text, size);
        assert.deepEqual(
          found.map(({ text: entryText, line, column }) => ({ text: entryText, line, column })),
          reference.map(({ text: entryText, line, column }) => ({ text: entryText, line, column })),
          `chunk size ${size} of ${JSON.stringify(text)}`,
        );
        for (const entry of found) {
          if (entry.parsed === undefined) continue;
          parsedWhole++;
          assert.deepStrictEqual(entry.parsed, JSON.parse(entry.text));
        }
      }
    }
    assert.ok(parsedWhole > 500, `entries parsed whole: ${parsedWhole}`);
  });

  it('ignores files without log.entries', () => {
    assert.deepEqual(scan('{"entries":[{"a":1}],"log":{"pages":[{"b":2}]}}', 4), []);
  });
});

describe('offline helpers', () => {
  it('SeqIndex maps seqs to values and grows', () => {
    const index = new SeqIndex();
    for (let i = 0; i < 5000; i++) assert.equal(index.push(i * 3), i + 1);
    assert.equal(index.get(1), 0);
    assert.equal(index.get(5000), 4999 * 3);
    assert.equal(index.get(5001), undefined);
  });

  it('reads leading timestamps of common log formats', () => {
    assert.equal(leadingTime('2026-11-23T04:12:01.123Z INFO x'), Date.parse('2026-11-23T04:12:01.123Z'));
    assert.equal(leadingTime('[2026-11-23 04:12:01,5+0100] x'), Date.parse('2026-11-23T04:12:01.500+01:00'));
    assert.equal(leadingTime('INFO:     127.0.0.1 - "POST /messages/ HTTP/1.1" 404'), undefined);
  });
});
