import assert from 'node:assert/strict';
import { allRules } from '../../../src/core/rules/registry';
import { RuleRunner } from '../../../src/core/rules/runner';
import type { TraceEvent } from '../../../src/core/trace/events';
import { seededIntegers } from '../support/seededRandom';

/** A seeded stream of every kind of event, with the statuses and bodies rules react to. */
function randomTrace(seed: number, count: number): TraceEvent[] {
  const random = seededIntegers(seed);
  const pick = <T>(items: readonly T[]): T => items[random(items.length)];
  const sessions = [undefined, 's1', 's2'];
  const clients = ['inspector', 'a', 'b'];
  const errors = [
    'Session not found',
    'Bad Request: No valid session ID provided',
    'Server not initialized',
    'already initialized',
    'Unsupported protocol version',
    'Invalid Origin',
    'Only one SSE stream is allowed per session',
    'Invalid event ID',
  ];
  const events: TraceEvent[] = [];
  let clock = Date.parse('2026-01-01T00:00:00Z');
  for (let seq = 1, exchange = 1; seq <= count;) {
    clock += pick([1, 5, 1000, 40_000]);
    const base = { t: new Date(clock).toISOString(), server: 'srv', client: pick(clients), session: pick(sessions) };
    const session = base.session;
    const headers: Record<string, string> = session ? { 'mcp-session-id': session } : {};
    if (random(2)) headers['mcp-protocol-version'] = pick(['2025-06-18', '2024-11-05']);
    const id = random(20);
    const method = pick(['POST', 'POST', 'GET', 'DELETE', 'OPTIONS']);
    const rpc = pick(['initialize', 'tools/call', 'ping', 'server/discover']);
    events.push({
      ...base,
      seq: seq++,
      kind: 'http-request',
      exchange,
      method,
      url: pick(['http://localhost/mcp', 'http://localhost/sse?session_id=x', 'http://localhost/messages']),
      headers,
      ...(method === 'POST' ? { body: JSON.stringify({ jsonrpc: '2.0', id, method: rpc }) } : {}),
    } as TraceEvent);
    if (random(2))
      events.push({ ...base, seq: seq++, kind: 'message-out', exchange, method: rpc, id, message: { jsonrpc: '2.0', id, method: rpc } } as TraceEvent);
    const status = pick([200, 200, 202, 400, 404, 405, 409, 403, 500]);
    const responseHeaders: Record<string, string> = random(2) ? { 'mcp-session-id': pick(['s1', 's2', 's3']) } : {};
    if (random(4) === 0) responseHeaders['access-control-allow-origin'] = '*';
    const streaming = status === 200 && random(3) === 0;
    if (streaming) responseHeaders['content-type'] = 'text/event-stream';
    const body =
      status >= 400
        ? JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32000, message: pick(errors) } })
        : random(2)
          ? JSON.stringify({ jsonrpc: '2.0', id, result: { protocolVersion: '2025-06-18' } })
          : undefined;
    events.push({
      ...base,
      seq: seq++,
      kind: 'http-response',
      exchange,
      status,
      headers: responseHeaders,
      durationMs: 3,
      ...(streaming ? { streaming: true } : {}),
      ...(body ? { body } : {}),
    } as TraceEvent);
    const stream = `${pick(['get', 'post-response', 'legacy-sse'])}#${exchange}`;
    if (streaming) {
      events.push({
        ...base,
        seq: seq++,
        kind: 'lifecycle',
        name: 'stream-open',
        stream,
        streamKind: stream.split('#')[0],
        detail: { exchange },
      } as TraceEvent);
      if (random(2))
        events.push({
          ...base,
          seq: seq++,
          kind: 'sse-event',
          exchange,
          stream,
          streamKind: stream.split('#')[0],
          ...(random(2) ? { id: String(seq) } : {}),
          ...(random(4) === 0 ? { event: 'endpoint' } : {}),
          data: random(2) ? '/messages?session_id=x' : JSON.stringify({ jsonrpc: '2.0', id, result: {} }),
          dataBytes: 10,
        } as TraceEvent);
      if (random(2))
        events.push({
          ...base,
          seq: seq++,
          kind: 'lifecycle',
          name: 'stream-close',
          stream,
          streamKind: stream.split('#')[0],
          detail: { exchange, byClient: random(2) === 0 },
        } as TraceEvent);
    }
    if (random(2))
      events.push({
        ...base,
        seq: seq++,
        kind: 'message-in',
        exchange,
        ...(random(5) ? { id: pick([id, 99]) } : { method: 'notifications/message' }),
        message: { jsonrpc: '2.0', id, result: { protocolVersion: '2025-06-18' } },
      } as TraceEvent);
    if (random(10) === 0)
      events.push({ ...base, seq: seq++, kind: 'stderr', line: pick(['Session not found', 'listening', 'Error: boom']), source: 'stderr' } as TraceEvent);
    exchange++;
  }
  return events;
}

describe('rule kinds', () => {
  it('a rule declaring its event kinds finds exactly what it finds when it sees every event', function () {
    // 96 000 events through every rule, twice over: seconds on a busy 2-core machine.
    this.timeout(60_000);
    assert.ok(allRules.some((rule) => rule.kinds));
    const everyEvent = allRules.map((rule) => ({ ...rule, kinds: undefined }));
    for (const mode of ['offline', 'live'] as const) {
      for (let seed = 1; seed <= 6; seed++) {
        const trace = randomTrace(seed, 4000);
        const findings = (rules: typeof allRules) => {
          const runner = new RuleRunner({ mode, server: 'srv', timeouts: { response: 30_000, endpoint: 10_000, handshake: 30_000 } }, rules);
          for (const event of trace) runner.push(event);
          runner.finish();
          const found = runner.findings();
          runner.dispose();
          return found;
        };
        const declared = findings(allRules);
        assert.ok(declared.length > 5, `seed ${seed}: ${declared.length} findings`);
        assert.deepStrictEqual(declared, findings(everyEvent), `${mode} seed ${seed}`);
      }
    }
  });
});
