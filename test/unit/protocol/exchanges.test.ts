import assert from 'node:assert/strict';
import { Exchanges, legacySessionOf, requestInfoOf } from '../../../src/core/protocol/exchanges';
import type { HttpRequestEvent } from '../../../src/core/trace/events';
import { seededIntegers } from '../support/seededRandom';

/** Bodies of every kind the bookkeeping reads: requests, notifications, batches, non-objects, escapes, invalid JSON. */
const BODIES = [
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo"}}',
  '{"jsonrpc":"2.0","id":"a-1","method":"initialize"}',
  '{"jsonrpc":"2.0","method":"notifications/initialized"}',
  '{"jsonrpc":"2.0","id":1e2,"method":"ping"}',
  '{"jsonrpc":"2.0","id":-0,"method":"ping"}',
  '{"jsonrpc":"2.0","id":12345678901234567,"method":"ping"}',
  '{"jsonrpc":"2.0","id":null,"method":"ping"}',
  '{"jsonrpc":"2.0","id":{"a":1},"method":["x"]}',
  '{"jsonrpc":"2.0","id":7,"m\\u0065thod":"escaped key"}',
  '{"jsonrpc":"2.0","id":"q\\"uote","method":"tools\\/call"}',
  '{"jsonrpc":"2.0","id":1,"method":"a","id":2,"method":""}',
  '{"jsonrpc":"1.0","id":3,"method":"not rpc 2.0"}',
  '[{"jsonrpc":"2.0","id":5,"method":"ping"},{"jsonrpc":"2.0","id":6,"method":"ping"}]',
  '"jsonrpc"',
  'null',
  '42',
  ' {"jsonrpc":"2.0","id":8,"method":"spaced"} ',
  '{"jsonrpc":"2.0","id":1,',
  'not json "jsonrpc" "method": "regex fallback"',
  '',
];

function request(exchange: number, body: string, url: string, headers: Record<string, string>, client?: string): HttpRequestEvent {
  const event: HttpRequestEvent = {
    kind: 'http-request',
    seq: exchange,
    t: new Date(exchange * 1000).toISOString(),
    server: 's',
    exchange,
    method: 'POST',
    url,
    headers,
  };
  if (body) event.body = body;
  if (client) event.client = client;
  return event;
}

/** What JSON.parse gives for the body, or undefined when it throws. */
function parsedOrUndefined(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

describe("Exchanges (the rules' request bookkeeping)", () => {
  it('reads each request as requestInfoOf does, with a body handed over parsed or not, whatever came before', () => {
    const random = seededIntegers(5);
    const urls = ['http://h:1/mcp', 'http://h:1/mcp', 'http://h:1/other?x=1#frag', 'http://h:1/sse?session_id=legacy', 'http://h:1', 'relative/path'];
    const sessions = [undefined, 'abc', 'abc', 'def', ''];
    const versions = [undefined, '2025-06-18', '2025-06-18', '2025-03-26', '2026-07-28', ''];
    const handedOver = new Exchanges();
    const readAgain = new Exchanges();
    for (let exchange = 1; exchange <= 20_000; exchange++) {
      const body = BODIES[random(BODIES.length)];
      const headers: Record<string, string> = {};
      const session = sessions[random(sessions.length)];
      if (session !== undefined) headers['mcp-session-id'] = session;
      const version = versions[random(versions.length)];
      if (version !== undefined) headers['mcp-protocol-version'] = version;
      const event = request(exchange, body, urls[random(urls.length)], headers, random(3) ? undefined : ['a', 'b', ''][random(3)]);
      // requestInfoOf caches per event: a copy keeps the two readings apart.
      const expected = requestInfoOf({ ...event });
      const parsed = body ? parsedOrUndefined(body) : undefined;
      handedOver.observe(event, parsed);
      readAgain.observe(event);
      assert.deepStrictEqual(handedOver.get(exchange), expected, `body ${JSON.stringify(body)}`);
      assert.deepStrictEqual(readAgain.get(exchange), expected, `body ${JSON.stringify(body)}`);
    }
  });

  it('marks batches and reads a stateless-era request as belonging to no session', () => {
    const batch = requestInfoOf(request(1, BODIES[12], 'http://h:1/mcp', { 'mcp-protocol-version': '2025-06-18' }));
    assert.equal(batch.batch, true);
    assert.equal(batch.rpcMethod, 'ping');
    assert.equal(batch.rpcId, 5);
    const modern = requestInfoOf(request(2, BODIES[0], 'http://h:1/mcp', { 'mcp-session-id': 'left-over', 'mcp-protocol-version': '2026-07-28' }));
    assert.equal(modern.sessionId, undefined);
    assert.equal(modern.ignoredSessionId, 'left-over');
    const sessionEra = requestInfoOf(request(3, BODIES[0], 'http://h:1/mcp', { 'mcp-session-id': 'live', 'mcp-protocol-version': '2025-11-25' }));
    assert.equal(sessionEra.sessionId, 'live');
    assert.equal(sessionEra.ignoredSessionId, undefined);
    const legacy = requestInfoOf(request(4, BODIES[0], 'http://h:1/messages?session_id=abc', {}));
    assert.equal(legacy.sessionId, 'abc');
  });

  it('finds a legacy session id in the query only, as a parsed URL reads it', () => {
    const cases: Array<[string, string | undefined]> = [
      ['http://h:1/messages?session_id=abc', 'abc'],
      ['http://h:1/messages?sessionId=x%20y', 'x y'],
      ['/messages?session_id=rel', 'rel'],
      ['http://h:1/messages', undefined],
      ['http://h:1/messages/session_id=abc', undefined],
      ['http://h:1/messages#?session_id=abc', undefined],
      ['http://[bad/messages?session_id=abc', undefined],
    ];
    for (const [url, expected] of cases) {
      assert.equal(legacySessionOf(url, 'http://base:2'), expected, url);
      if (!url.includes('[')) assert.equal(legacySessionOf(new URL(url, 'http://base:2')), expected, `${url} as a URL`);
    }
  });
});
