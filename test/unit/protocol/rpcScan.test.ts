import assert from 'node:assert/strict';
import { scanRpc } from '../../../src/core/protocol/rpcScan';
import { seededIntegers } from '../support/seededRandom';

/** What JSON.parse gives for the same body (the reference the scanner must match exactly). */
function parsed(body: string): { method?: string; id?: string | number } | 'throws' | 'not-object' {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return 'throws';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not-object';
  const { method, id } = value as { method?: unknown; id?: unknown };
  return {
    ...(typeof method === 'string' ? { method } : {}),
    ...(typeof id === 'string' || typeof id === 'number' ? { id } : {}),
  };
}

/** The scanner either declines or agrees with JSON.parse (including -0 vs 0). */
function agrees(body: string): boolean {
  const scanned = scanRpc(body);
  if (scanned === undefined) return false;
  const reference = parsed(body);
  assert.notEqual(reference, 'throws', `scanner accepted invalid JSON: ${JSON.stringify(body)}`);
  assert.notEqual(reference, 'not-object', `scanner accepted a non-object: ${JSON.stringify(body)}`);
  assert.deepStrictEqual(scanned, reference, `body ${JSON.stringify(body)}`);
  if (typeof scanned.id === 'number') assert.ok(Object.is(scanned.id, (reference as { id: number }).id));
  return true;
}

describe('scanRpc (top-level JSON-RPC method and id without JSON.parse)', () => {
  it('reads method and id of plain requests and notifications', () => {
    assert.deepStrictEqual(scanRpc('{"jsonrpc":"2.0","id":1,"method":"ping"}'), { method: 'ping', id: 1 });
    assert.deepStrictEqual(scanRpc('{"jsonrpc":"2.0","method":"notifications/initialized"}'), { method: 'notifications/initialized' });
    assert.deepStrictEqual(scanRpc(' \r\n\t{ "method" : "tools/list" , "id" : 0 }\n'), { method: 'tools/list', id: 0 });
    assert.deepStrictEqual(scanRpc('{}'), {});
  });

  it('ignores method and id keys nested in params, arrays and strings', () => {
    assert.deepStrictEqual(scanRpc('{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"method":"nested","id":99}}'), { method: 'initialize', id: 1 });
    assert.deepStrictEqual(scanRpc('{"params":{"method":"x","deep":[{"id":3},[[{"method":"y"}]],"]}\\""]},"method":"tools/call","id":"abc"}'), {
      method: 'tools/call',
      id: 'abc',
    });
    assert.deepStrictEqual(scanRpc('{"note":"\\"method\\":\\"fake\\"","method":"ping"}'), { method: 'ping' });
    assert.deepStrictEqual(scanRpc('{"params":{},"a":[],"method":"ping","id":2}'), { method: 'ping', id: 2 });
  });

  it('skips escaped strings elsewhere but leaves escapes in the method, id or keys to JSON.parse', () => {
    assert.deepStrictEqual(scanRpc('{"params":{"text":"a\\"b\\\\c\\u00e9\\n"},"method":"tools/call","id":4}'), { method: 'tools/call', id: 4 });
    assert.equal(scanRpc('{"id":7,"method":"tools\\/call"}'), undefined);
    assert.equal(scanRpc('{"id":"q\\"uote","method":"ping"}'), undefined);
    assert.equal(scanRpc('{"m\\u0065thod":"ping"}'), undefined);
  });

  it('reads numeric, string and null ids as JSON.parse does', () => {
    assert.deepStrictEqual(scanRpc('{"id":42,"method":"ping"}'), { method: 'ping', id: 42 });
    assert.deepStrictEqual(scanRpc('{"id":-7,"method":"ping"}'), { method: 'ping', id: -7 });
    assert.deepStrictEqual(scanRpc('{"id":"req-1","method":"ping"}'), { method: 'ping', id: 'req-1' });
    assert.deepStrictEqual(scanRpc('{"id":null,"method":"ping"}'), { method: 'ping' });
    assert.deepStrictEqual(scanRpc('{"id":true,"method":42}'), {});
    assert.deepStrictEqual(scanRpc('{"id":{"x":1},"method":["a"]}'), {});
    // Last duplicate wins, as in JSON.parse.
    assert.deepStrictEqual(scanRpc('{"id":1,"method":"a","id":"two","method":"b"}'), { method: 'b', id: 'two' });
    assert.deepStrictEqual(scanRpc('{"method":"a","method":null}'), {});
    // Not small integers: left to JSON.parse.
    for (const id of ['1e2', '12.5', '-0.0', '123456789012345678901234567890']) assert.equal(scanRpc(`{"id":${id},"method":"ping"}`), undefined);
  });

  it('declines batches and other non-objects', () => {
    assert.equal(scanRpc('[{"jsonrpc":"2.0","id":5,"method":"ping"},{"jsonrpc":"2.0","id":6,"method":"ping"}]'), undefined);
    for (const body of ['"ping"', '5', 'null', 'true', '']) assert.equal(scanRpc(body), undefined);
  });

  it('declines garbage and invalid JSON (JSON.parse would throw)', () => {
    for (const body of [
      'garbage "method": "weird" not json',
      '{"id":1,"method":"ping"',
      '{"id":1,"method":"ping"}x',
      '{"id":1,"method":"ping"}}',
      '{"id":01,"method":"ping"}',
      '{"id":1,,"method":"ping"}',
      '{"id":1,"method":"ping",}',
      "{'method':'ping'}",
      '{"method":"pi\nng"}',
      '{"params":{"a":[1,2,]},"method":"ping"}',
      '{"params":{"a":[1,2},"method":"ping"}',
      '{"params":{"a" 1},"method":"ping"}',
      '{"params":"\\x","method":"ping"}',
      '{"params":"\\u12g4","method":"ping"}',
      '{"params":tru,"method":"ping"}',
      '{"params":-,"method":"ping"}',
      '{"params":1.,"method":"ping"}',
      '{"params":1e,"method":"ping"}',
      '\uFEFF{"method":"ping"}',
      '{"method":"ping"}\u00a0',
    ]) {
      assert.equal(scanRpc(body), undefined, JSON.stringify(body));
      assert.equal(parsed(body), 'throws', `fixture should be invalid JSON: ${JSON.stringify(body)}`);
    }
  });

  it('agrees with JSON.parse on every mutation of realistic bodies', () => {
    const seeds = [
      '{"jsonrpc":"2.0","id":1,"method":"ping"}',
      '{"jsonrpc":"2.0","id":"a-1","method":"tools/call","params":{"name":"echo","arguments":{"text":"hi \\"there\\"","list":[1,-2.5e3,true,false,null,{"method":"x"}]}}}',
      '{ "method" : "initialize" , "params" : { "protocolVersion" : "2025-06-18" , "capabilities" : { } } , "id" : 0 }',
      '[{"id":1,"method":"a"}]',
    ];
    const alphabet = ['"', '\\', '{', '}', '[', ']', ',', ':', ' ', '0', '1', '-', '.', 'e', 'n', 't', 'u', '\n', '\u0001', 'é'];
    const random = seededIntegers(12345);
    let checked = 0;
    let accepted = 0;
    for (const seed of seeds) {
      agrees(seed);
      for (let at = 0; at <= seed.length; at++) {
        agrees(seed.slice(0, at) + seed.slice(at + 1));
        agrees(seed.slice(0, at));
        for (const char of alphabet) agrees(seed.slice(0, at) + char + seed.slice(at));
        checked += 2 + alphabet.length;
      }
      for (let round = 0; round < 3000; round++) {
        let body = seed;
        for (let edits = 1 + random(3); edits > 0; edits--) {
          const at = random(body.length + 1);
          body = random(2) ? body.slice(0, at) + alphabet[random(alphabet.length)] + body.slice(at) : body.slice(0, at) + body.slice(at + 1);
        }
        if (agrees(body)) accepted++;
        checked++;
      }
    }
    assert.ok(checked > 10_000);
    // The random edits must also produce bodies the scanner reads (not only ones it declines).
    assert.ok(accepted > 100, `accepted ${accepted}`);
  });
});
