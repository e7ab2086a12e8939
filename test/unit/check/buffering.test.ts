// The buffering check's pure parts: the timing verdict, and that without allowMutating it never
// sends a tool call (a recording stand-in for the probe; no network).

import * as assert from 'node:assert/strict';
import { bufferingCheck, judgeTiming } from '../../../src/core/check/checks/buffering';
import type { ProbeClient, ProbeRequest, ProbeResponse } from '../../../src/core/check/probe';
import type { CheckContext } from '../../../src/core/check/types';

function answer(status: number, messages: Array<Record<string, unknown>> = [], headers: Record<string, string> = {}): ProbeResponse {
  return { status, statusText: '', headers: new Headers(headers), text: '', messages, events: [], comments: [] };
}

/** A probe that answers like a stateful server with a GET stream answered 405, recording every request. */
function recordingProbe(requests: ProbeRequest[]): ProbeClient {
  const probe = {
    async send(request: ProbeRequest): Promise<ProbeResponse> {
      requests.push(request);
      const body = request.body as { id?: number; method?: string } | undefined;
      if (body?.method === 'initialize')
        return answer(200, [{ jsonrpc: '2.0', id: body.id, result: { protocolVersion: '2025-06-18' } }], {
          'mcp-session-id': 'a1b2c3d4-e5f6-4711-8899-aabbccddeeff',
        });
      if (body?.method === 'tools/list')
        return answer(200, [
          { jsonrpc: '2.0', id: body.id, result: { tools: [{ name: 'ticks', inputSchema: { properties: { count: {}, intervalMs: {} } } }] } },
        ]);
      if (request.method === 'GET') return answer(405);
      return answer(202);
    },
    async open(request: ProbeRequest): Promise<never> {
      requests.push(request);
      throw new Error('the passive path opens no stream by hand');
    },
  };
  return probe as unknown as ProbeClient;
}

function context(probe: ProbeClient, allowMutating: boolean): CheckContext {
  const url = new URL('http://127.0.0.1:1/mcp');
  return { url, probe, allowMutating, timeoutMs: 1000, facts: { loopback: true, transport: 'streamable-http', initializeWorks: true, stateful: true } };
}

describe('session check buffering check (unit)', () => {
  it('events spread like their send times → spread', () => {
    const timing = judgeTiming(
      [0, 200, 400, 600, 800].map((atMs) => ({ atMs: atMs + 30 })),
      200,
    );
    assert.equal(timing.verdict, 'spread');
    assert.equal(timing.sentSpreadMs, 800);
    assert.equal(timing.burst, 1);
  });

  it('events sent 200 ms apart arriving together → burst, with its size', () => {
    const timing = judgeTiming(
      [810, 810, 811, 811, 812].map((atMs, index) => ({ atMs, sentAt: 1_000_000 + index * 200 })),
      200,
    );
    assert.equal(timing.verdict, 'burst');
    assert.equal(timing.burst, 5);
    assert.equal(timing.arrivedSpreadMs, 2);
    assert.ok(timing.fromServerClock);
  });

  it('too few events → no verdict', () => {
    assert.equal(judgeTiming([{ atMs: 5 }, { atMs: 6 }], 200).verdict, 'unclear');
  });

  it('without allowMutating it sends neither tools/list nor tools/call, and says what would enable it', async () => {
    const requests: ProbeRequest[] = [];
    const log = { sent: [] as string[], received: [] as string[] };
    const outcome = await bufferingCheck.run(context(recordingProbe(requests), false), log);
    const methods = requests.map((request) => (request.body as { method?: string } | undefined)?.method ?? request.method);
    assert.ok(!methods.some((method) => method.startsWith('tools/')), methods.join(', '));
    assert.deepEqual(methods, ['initialize', 'notifications/initialized', 'GET', 'DELETE']);
    assert.equal(outcome.status, 'skip');
    assert.match(
      outcome.message,
      /needs --allow-mutating \(in VS Code the setting mcpSessions.sessionCheck.allowMutating\): calling a tool may change server state/,
    );
  });

  it('with allowMutating it lists tools and calls the known streaming one', async () => {
    const requests: ProbeRequest[] = [];
    const log = { sent: [] as string[], received: [] as string[] };
    await bufferingCheck.run(context(recordingProbe(requests), true), log);
    const call = requests.find((request) => (request.body as { method?: string } | undefined)?.method === 'tools/call');
    assert.deepEqual((call?.body as { params?: { name?: string; arguments?: unknown } }).params?.name, 'ticks');
    assert.deepEqual((call?.body as { params?: { arguments?: unknown } }).params?.arguments, { count: 5, intervalMs: 200 });
  });
});
