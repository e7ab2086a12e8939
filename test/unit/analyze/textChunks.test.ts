import * as assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTextChunks } from '../../../src/core/analyze/textChunks';
import { seededIntegers } from '../support/seededRandom';

async function chunksOf(path: string, size: number): Promise<string[]> {
  const chunks: string[] = [];
  await readTextChunks(path, (text) => chunks.push(text), size);
  return chunks;
}

/** The text a utf8 read stream gives for the file (what analyze read before). */
async function streamed(path: string, size: number): Promise<string> {
  let text = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: size })) text += chunk as string;
  return text;
}

describe('text chunks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mcpsi-chunks-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the whole text in order, never splitting a character, whatever the chunk size', async () => {
    const random = seededIntegers(11);
    const pieces = ['a', '{"x":1}\n', 'é', '中', '😀', '\r\n', ' '];
    // Invalid UTF-8 too: a lone continuation byte, a truncated sequence, an overlong form.
    const invalid = [Buffer.from([0x80]), Buffer.from([0xe4, 0xb8]), Buffer.from([0xc0, 0xaf]), Buffer.from([0xf0, 0x9f, 0x98])];
    for (let round = 0; round < 16; round++) {
      const parts: Buffer[] = [];
      const withInvalid = round % 4 === 3;
      for (let i = 0, n = random(400); i < n; i++)
        parts.push(withInvalid && random(10) === 0 ? invalid[random(invalid.length)] : Buffer.from(pieces[random(pieces.length)]));
      const bytes = Buffer.concat(parts);
      const path = join(dir, `f${round}.txt`);
      writeFileSync(path, bytes);
      for (const size of [1, 2, 3, 5, 64, 4096]) {
        const chunks = await chunksOf(path, size);
        assert.equal(chunks.join(''), await streamed(path, size), `round ${round}, chunk size ${size}`);
        if (!withInvalid) assert.equal(chunks.join(''), bytes.toString('utf8'));
        assert.ok(chunks.every((chunk) => chunk.length > 0));
      }
    }
  });

  it('reads an empty file as no chunks, and passes on what the handler throws', async () => {
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '');
    assert.deepEqual(await chunksOf(empty, 16), []);
    const full = join(dir, 'full.txt');
    writeFileSync(full, 'x'.repeat(100));
    await assert.rejects(
      readTextChunks(
        full,
        () => {
          throw new Error('handler failed');
        },
        16,
      ),
      /handler failed/,
    );
  });
});
