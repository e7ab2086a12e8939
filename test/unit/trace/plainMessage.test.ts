import assert from 'node:assert/strict';
import { isSmallAndPlain } from '../../../src/core/trace/plainMessage';
import { redactText } from '../../../src/core/trace/redact';
import { seededFractions } from '../support/seededRandom';

const PIECES = [
  'ping',
  'tools/call',
  '"quoted"',
  'back\\slash',
  'new\nline',
  '\u0001',
  'é',
  '😀',
  '\ud800',
  'Bearer abcdefghijkl',
  'Basic',
  's3cr3t-token',
  'x'.repeat(300),
];

function value(next: () => number, depth: number): unknown {
  const pick = next();
  if (depth > 3 || pick < 0.35) {
    const leaf = next();
    if (leaf < 0.4) return PIECES[Math.floor(next() * PIECES.length)].repeat(1 + Math.floor(next() * 3));
    if (leaf < 0.55) return (Math.floor(next() * 1e6) * (next() < 0.5 ? -1 : 1)) / (next() < 0.5 ? 1 : 7);
    if (leaf < 0.6) return [4242, 142420, -4242.5, 42][Math.floor(next() * 4)];
    if (leaf < 0.7) return next() < 0.5;
    if (leaf < 0.8) return null;
    if (leaf < 0.85) return undefined;
    return [Number.NaN, Number.POSITIVE_INFINITY, -0, 1e21, 5e-324][Math.floor(next() * 5)];
  }
  if (pick < 0.6) return Array.from({ length: Math.floor(next() * 5) }, () => value(next, depth + 1));
  const object: Record<string, unknown> = {};
  for (let i = Math.floor(next() * 5); i > 0; i--) object[PIECES[Math.floor(next() * PIECES.length)].slice(0, 12) + i] = value(next, depth + 1);
  return object;
}

describe('isSmallAndPlain (keeping a message as is without serialising it)', () => {
  it('keeps ordinary small messages', () => {
    assert.equal(isSmallAndPlain({ jsonrpc: '2.0', id: 1, method: 'ping' }, 65536, []), true);
    assert.equal(
      isSmallAndPlain({ jsonrpc: '2.0', id: 'a', result: { content: [{ type: 'text', text: 'hello' }], isError: false } }, 65536, ['unrelated-secret']),
      true,
    );
  });

  it('sends credentials, large and unusual messages to the exact path', () => {
    assert.equal(isSmallAndPlain({ params: { headers: { authorization: 'Bearer abcdefghijkl' } } }, 65536, []), false);
    assert.equal(isSmallAndPlain({ params: { key: 'the s3cr3t-token here' } }, 65536, ['s3cr3t-token']), false);
    assert.equal(isSmallAndPlain({ params: { 's3cr3t-token': 1 } }, 65536, ['s3cr3t-token']), false);
    assert.equal(isSmallAndPlain({ id: 123456 }, 65536, ['123456']), false);
    assert.equal(isSmallAndPlain({ id: 123456 }, 65536, ['a123456']), true);
    // Keys are remembered per list of secrets: the same key is judged again under another list.
    assert.equal(isSmallAndPlain({ 'x-api-key-s3cr3t': 1 }, 65536, []), true);
    assert.equal(isSmallAndPlain({ 'x-api-key-s3cr3t': 1 }, 65536, ['key-s3cr3t']), false);
    assert.equal(isSmallAndPlain({ text: 'x'.repeat(70_000) }, 65536, []), false);
    assert.equal(isSmallAndPlain({ at: new Date(0) }, 65536, []), false);
    assert.equal(isSmallAndPlain({ big: BigInt(1) }, 65536, []), false);
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = { deep };
    assert.equal(isSmallAndPlain(deep, 65536, []), false);
  });

  it('never keeps a message whose JSON is longer than the limit or would be redacted (generated messages)', () => {
    const next = seededFractions(7);
    const secrets = ['s3cr3t-token', '4242'];
    let kept = 0;
    for (let i = 0; i < 20_000; i++) {
      const message = value(next, 0);
      const limit = Math.floor(next() * 400);
      if (!isSmallAndPlain(message, limit, secrets)) continue;
      kept++;
      const text = JSON.stringify(message) ?? 'null';
      assert.ok(text.length <= limit, `${text.length} > ${limit}: ${text}`);
      assert.equal(redactText(text, secrets), text, `would be redacted: ${text}`);
    }
    assert.ok(kept > 2_000, `only ${kept} messages took the fast path`);
  });
});
