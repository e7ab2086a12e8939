// Proxying changes nothing a client can observe: one scripted session is replayed directly and
// through the tap, against two fresh instances of the same server (session ids from a counter,
// so both runs are identical), and every status, header (hop-by-hop and Date aside) and body
// must match.

import * as assert from 'node:assert/strict';
import { HttpTap } from '../../../src/core/tap/httpTap';
import { startSessionServer } from '../../fixtures/support/sessionServer';
import { PROTOCOL_VERSION } from '../../fixtures/support/rawClient';

interface Step {
  name: string;
  method: string;
  headers?: (session: string | undefined) => Record<string, string>;
  body?: unknown;
  /** Read only the first bytes of a stream that stays open. */
  stream?: boolean;
}

interface Observed {
  status: number;
  headers: Array<[string, string]>;
  body: string;
}

/** Headers a client may see differ by hop (connection management) and by clock. */
const NOT_END_TO_END = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date']);

const json = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
const onSession = (session: string | undefined) => ({ ...json, 'mcp-session-id': session ?? '', 'mcp-protocol-version': PROTOCOL_VERSION });

const SCRIPT: Step[] = [
  {
    name: 'initialize',
    method: 'POST',
    headers: () => json,
    body: {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'script', version: '1' } },
    },
  },
  { name: 'initialized', method: 'POST', headers: onSession, body: { jsonrpc: '2.0', method: 'notifications/initialized' } },
  { name: 'tools/list', method: 'POST', headers: onSession, body: { jsonrpc: '2.0', id: 2, method: 'tools/list' } },
  {
    name: 'tools/call',
    method: 'POST',
    headers: onSession,
    body: { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'echo', arguments: { text: 'héllo ✓' } } },
  },
  { name: 'batch-like garbage', method: 'POST', headers: onSession, body: 'not json at all' },
  { name: 'GET stream', method: 'GET', headers: (session) => ({ accept: 'text/event-stream', 'mcp-session-id': session ?? '' }), stream: true },
  { name: 'no session id', method: 'POST', headers: () => json, body: { jsonrpc: '2.0', id: 4, method: 'tools/list' } },
  { name: 'unknown session', method: 'POST', headers: () => onSession('no-such-session'), body: { jsonrpc: '2.0', id: 5, method: 'tools/list' } },
  { name: 'DELETE', method: 'DELETE', headers: onSession },
  { name: 'after DELETE', method: 'POST', headers: onSession, body: { jsonrpc: '2.0', id: 6, method: 'tools/list' } },
];

async function replay(url: string): Promise<Observed[]> {
  let session: string | undefined;
  const seen: Observed[] = [];
  for (const step of SCRIPT) {
    const controller = new AbortController();
    const response = await fetch(url, {
      method: step.method,
      headers: step.headers?.(session),
      ...(step.body !== undefined ? { body: typeof step.body === 'string' ? step.body : JSON.stringify(step.body) } : {}),
      signal: controller.signal,
    });
    session ??= response.headers.get('mcp-session-id') ?? undefined;
    let body: string;
    if (step.stream) {
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const first = await Promise.race([reader.read(), new Promise<{ value?: Uint8Array }>((resolve) => setTimeout(() => resolve({}), 300))]);
      body = first.value ? Buffer.from(first.value).toString('utf8') : '';
      controller.abort();
    } else body = await response.text();
    const headers: Array<[string, string]> = [];
    response.headers.forEach((value, name) => {
      if (!NOT_END_TO_END.has(name)) headers.push([name, value]);
    });
    seen.push({ status: response.status, headers: headers.sort(), body });
  }
  return seen;
}

function counterSessions(): () => string {
  let next = 0;
  return () => `session-${++next}`;
}

describe('HTTP tap transparency', function () {
  this.timeout(60_000);

  it('a scripted session sees the same statuses, headers and bodies directly and through the tap', async () => {
    const direct = await startSessionServer({ transportOptions: { sessionIdGenerator: counterSessions() } });
    const behindTap = await startSessionServer({ transportOptions: { sessionIdGenerator: counterSessions() } });
    const tap = await HttpTap.start({ target: behindTap.url, tickMs: 0 });
    try {
      const expected = await replay(direct.url);
      const actual = await replay(tap.url);
      assert.equal(actual.length, SCRIPT.length);
      SCRIPT.forEach((step, index) => assert.deepEqual(actual[index], expected[index], `step "${step.name}" differs through the tap`));
      // The script really exercised what it claims to.
      assert.deepEqual(
        expected.map((observed) => observed.status),
        [200, 202, 200, 200, 400, 200, 400, 404, 200, 404],
      );
      // And the tap saw it all.
      const kinds = new Set(tap.hub.trace.events().map((event) => event.kind));
      for (const kind of ['http-request', 'http-response', 'message-out', 'message-in', 'lifecycle']) assert.ok(kinds.has(kind as never), `trace has ${kind}`);
    } finally {
      await tap.close();
      await direct.stop();
      await behindTap.stop();
    }
  });
});
