// The tap in front of servers that do not speak MCP properly: the client gets what the server sent
// (or a 502 naming the cause), the tap keeps serving other requests, never crashes (the
// integration hooks fail on any unhandled rejection), and a 50 MB event passes without the tap
// holding it.

import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { HttpTap } from '../../../src/core/tap/httpTap';
import { startGarbageHttp, type GarbageMode } from '../../fixtures/faults/garbageHttp';
import { waitFor } from '../../fixtures/support/servers';
import { initializeRequest } from '../../fixtures/support/rawClient';

/** One request body for both sides, so answers that echo its id compare equal. */
const INITIALIZE = JSON.stringify(initializeRequest());

async function postInitialize(url: string): Promise<{ status: number; text: string } | { error: string }> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: INITIALIZE,
      signal: AbortSignal.timeout(3000),
      redirect: 'manual',
    });
    return { status: response.status, text: await response.text() };
  } catch (error) {
    return { error: String((error as Error).cause ?? error) };
  }
}

describe('tap: garbage from a server', function () {
  this.timeout(60_000);

  for (const mode of ['malformed-sse', 'invalid-utf8', 'endless-headers', 'never-ends', 'html', 'redirect-loop'] as GarbageMode[]) {
    it(`${mode}: the client gets the server's answer or a 502, and the tap keeps serving`, async () => {
      const fixture = await startGarbageHttp({ mode });
      const tap = await HttpTap.start({ target: fixture.url, tickMs: 0 });
      try {
        const direct = await postInitialize(fixture.url);
        const tapped = await postInitialize(tap.url);
        if ('status' in direct && 'status' in tapped) {
          assert.equal(tapped.status, direct.status, 'the same status through the tap');
          assert.equal(tapped.text, direct.text, 'the same body through the tap');
        } else if ('status' in tapped) {
          assert.ok(tapped.status === 502 || 'error' in direct, `through the tap: ${tapped.status}`);
        }
        // Still alive: a second request gets an answer of some kind, in time.
        const again = await postInitialize(tap.url);
        assert.ok('status' in again || 'error' in again);
        assert.ok(
          tap.hub.trace.events().some((event) => event.kind === 'http-request'),
          'the exchange is in the trace',
        );
      } finally {
        await tap.close();
        await fixture.stop();
      }
    });
  }

  it('a legacy endpoint event that is not a URL passes through and is recorded, nothing crashes', async () => {
    const server: Server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end('event: endpoint\ndata: http://[not-a-host/messages?sessionId=x\n\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const tap = await HttpTap.start({ target: `http://127.0.0.1:${(server.address() as { port: number }).port}/sse`, tickMs: 0 });
    try {
      const text = await (await fetch(tap.url, { headers: { accept: 'text/event-stream' } })).text();
      assert.equal(text, 'event: endpoint\ndata: http://[not-a-host/messages?sessionId=x\n\n');
      await waitFor(
        () => tap.hub.trace.events().some((event) => event.kind === 'sse-event' && event.event === 'endpoint'),
        5000,
        'the endpoint event in the trace',
      );
    } finally {
      await tap.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a 50 MB SSE event reaches the client whole; the trace keeps a bounded copy', async () => {
    const big = 'x'.repeat(50 * 1024 * 1024);
    const server: Server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(`event: message\ndata: {"jsonrpc":"2.0","method":"notifications/message","params":{"data":"${big}"}}\n\n`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const tap = await HttpTap.start({ target: `http://127.0.0.1:${(server.address() as { port: number }).port}/mcp`, tickMs: 0 });
    try {
      const response = await fetch(tap.url, { headers: { accept: 'text/event-stream' } });
      const text = await response.text();
      assert.ok(text.length > 50 * 1024 * 1024, `received ${text.length} characters`);
      await waitFor(
        () => tap.hub.trace.events().some((event) => event.kind === 'sse-event' && event.dataTruncated === true),
        5000,
        'the bounded event in the trace',
      );
      const event = tap.hub.trace.events().find((candidate) => candidate.kind === 'sse-event' && candidate.dataTruncated === true);
      assert.ok(event && event.kind === 'sse-event' && (event.data?.length ?? 0) <= 64 * 1024 + 16, 'the trace holds a bounded copy');
    } finally {
      await tap.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
