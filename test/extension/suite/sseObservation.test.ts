// SSE bodies observed in the real extension host. Outside VS Code the engine copies body bytes
// from the request handler of Node's fetch (the response tap) and falls back to re-wrapping the
// stream where that hook does not answer; which one VS Code's extension host gets (it may patch
// `fetch` for proxy support) is written to MCPSI_RUNTIME_FILE for the benchmark's report.

import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createObservedFetch } from '../../../src/core/connection/observedFetch';
import { Recorder } from '../../../src/core/connection/recorder';
import { observeResponseBody } from '../../../src/core/connection/responseBodyObserver';
import { TraceStore } from '../../../src/core/trace/store';
import { quietObserver } from '../../fixtures/support/quietObserver';

const SSE = 'id: 1\ndata: {"jsonrpc":"2.0","method":"notifications/message","params":{}}\n\nid: 2\ndata: second\n\n';

describe('SSE observation in the extension host', () => {
  it('records each SSE event of a response the SDK reads whole, through the response tap or its fallback', async () => {
    const server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write(SSE.slice(0, 20));
        setTimeout(() => response.end(SSE.slice(20)), 10);
      });
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
    try {
      const store = new TraceStore({ capacity: 100 });
      const observed = createObservedFetch(new Recorder(store, 'host', [], 65_536), quietObserver, { legacy: () => false });
      const response = await observed(url, { method: 'POST', body: '{}' });
      assert.equal(await response.text(), SSE, 'the reader gets every byte');
      await new Promise((done) => setTimeout(done, 50));
      const events = store.events();
      assert.deepEqual(
        events.filter((event) => event.kind === 'sse-event').map((event) => (event as { id?: string }).id),
        ['1', '2'],
      );
      assert.ok(
        events.some((event) => event.kind === 'lifecycle' && event.name === 'stream-close'),
        'the end of the stream is recorded',
      );

      const tapped = observeResponseBody({ method: 'POST', body: '{}' });
      if (tapped) await (await fetch(url, tapped.init)).text();
      const runtime = { sseObservation: tapped?.observer.hooked ? 'response tap' : 're-wrapped stream (fallback)', node: process.version };
      if (process.env.MCPSI_RUNTIME_FILE) writeFileSync(process.env.MCPSI_RUNTIME_FILE, JSON.stringify(runtime));
    } finally {
      await new Promise<void>((closed) => server.close(() => closed()));
    }
  });
});
