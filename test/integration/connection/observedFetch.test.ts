import * as assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { createObservedFetch } from '../../../src/core/connection/observedFetch';
import { Recorder } from '../../../src/core/connection/recorder';
import { observeResponseBody } from '../../../src/core/connection/responseBodyObserver';
import type { TraceEvent } from '../../../src/core/trace/events';
import { TraceStore } from '../../../src/core/trace/store';
import { quietObserver } from '../../fixtures/support/quietObserver';

const SSE = 'retry: 1500\n\n: keep-alive\n\nid: 7\nevent: message\ndata: {"jsonrpc":"2.0","id":1,\ndata: "result":{}}\n\n';

/** SSE in two writes, gzip-encoded SSE, a redirect to it, and a stream that stays open. */
function sseServer(): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if (request.url === '/json') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"jsonrpc":"2.0","id":1,"result":{}}');
      } else if (request.url === '/redirect') {
        response.writeHead(307, { location: '/stream' });
        response.end('moved');
      } else if (request.url === '/gzip') {
        response.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' });
        response.end(gzipSync(SSE));
      } else if (request.url === '/open') {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write('id: 1\ndata: first\n\n');
      } else {
        response.writeHead(200, { 'content-type': 'text/event-stream', 'mcp-session-id': 's-1' });
        response.write(SSE.slice(0, 30));
        setTimeout(() => response.end(SSE.slice(30)), 10);
      }
    });
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server })));
}

/** What a stream's observation recorded, without times and numbering. */
function streamFacts(events: readonly TraceEvent[]): unknown[] {
  return events
    .filter((event) => event.kind === 'sse-event' || (event.kind === 'lifecycle' && event.name.startsWith('stream-')))
    .map((event) => {
      if (event.kind === 'sse-event') return { event: event.event, id: event.id, data: event.data, retry: event.retry, comment: event.comment };
      const { name, detail } = event as { name: string; detail?: { byClient?: boolean; reason?: string } };
      return { name, byClient: detail?.byClient, reason: detail?.reason };
    });
}

/** Starts `sseServer` for the enclosing describe block; the result reads its base URL. */
function useSseServer(): () => string {
  let base = '';
  let server: Server | undefined;
  before(async () => ({ url: base, server } = await sseServer()));
  after(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));
  return () => base;
}

describe('observed fetch: SSE bodies seen by the tap and by the re-wrapping fallback alike', function () {
  this.timeout(20_000);
  const base = useSseServer();

  /** Fetches `path` through an observed fetch; `fallback` passes an explicit dispatcher, which turns the tap off. */
  async function observe(path: string, fallback: boolean, read: (response: Response) => Promise<string>): Promise<{ body: string; facts: unknown[] }> {
    const store = new TraceStore({ capacity: 1000 });
    const observed = createObservedFetch(new Recorder(store, 's', [], 65_536), quietObserver, { legacy: () => false });
    const dispatcher = (globalThis as Record<symbol, unknown>)[Symbol.for('undici.globalDispatcher.1')];
    const response = await observed(`${base()}${path}`, { method: 'POST', body: '{}', ...(fallback ? { dispatcher } : {}) } as RequestInit);
    const body = await read(response);
    await new Promise((done) => setTimeout(done, 50));
    return { body, facts: streamFacts(store.events()) };
  }
  const readAll = (response: Response) => response.text();

  it('taps responses in this runtime (the hook sees the headers)', async () => {
    await fetch(`${base()}/stream`, { method: 'POST' }).then((response) => response.text());
    const tapped = observeResponseBody({ method: 'POST' });
    assert.ok(tapped, 'Node fetch has a global dispatcher to tap');
    await (await fetch(`${base()}/stream`, tapped.init)).text();
    assert.equal(tapped.observer.hooked, true);
  });

  it('records retry, comment, a multi-line event and the server ending the stream; the SDK still gets every byte', async () => {
    const tapped = await observe('/stream', false, readAll);
    const wrapped = await observe('/stream', true, readAll);
    assert.equal(tapped.body, SSE);
    assert.deepEqual(tapped, wrapped);
    assert.deepEqual(tapped.facts, [
      { name: 'stream-open', byClient: undefined, reason: undefined },
      { event: undefined, id: undefined, data: undefined, retry: 1500, comment: undefined },
      { event: undefined, id: undefined, data: undefined, retry: undefined, comment: 'keep-alive' },
      { event: 'message', id: '7', data: '{"jsonrpc":"2.0","id":1,\n"result":{}}', retry: undefined, comment: undefined },
      { name: 'stream-close', byClient: false, reason: 'ended by the server' },
    ]);
  });

  it('observes the final response of a redirect, and a compressed stream through the fallback', async () => {
    const redirected = await observe('/redirect', false, readAll);
    assert.deepEqual(redirected, await observe('/stream', false, readAll));
    const compressed = await observe('/gzip', false, readAll);
    assert.equal(compressed.body, SSE);
    assert.deepEqual(compressed.facts, (await observe('/stream', true, readAll)).facts);
  });

  it('a stream the client cancels is recorded as closed by the client', async () => {
    const cancel = async (response: Response) => {
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      await reader.cancel();
      return first;
    };
    const tapped = await observe('/open', false, cancel);
    const wrapped = await observe('/open', true, cancel);
    assert.deepEqual(tapped, wrapped);
    assert.deepEqual(tapped.facts.at(-1), { name: 'stream-close', byClient: true, reason: undefined });
    assert.ok(tapped.facts.some((fact) => (fact as { data?: string }).data === 'first'));
  });
});

describe('observed fetch: the SDK’s long-lived abort signal', function () {
  this.timeout(30_000);
  const base = useSseServer();

  it('2,000 requests on one signal leave it no pile of listeners and print no MaxListenersExceededWarning; aborting it still ends a stream in flight', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    try {
      const store = new TraceStore({ capacity: 10_000 });
      const observed = createObservedFetch(new Recorder(store, 's', [], 65_536), quietObserver, { legacy: () => false });
      const transport = new AbortController();
      for (let batch = 0; batch < 50; batch++) {
        await Promise.all(
          Array.from({ length: 40 }, () =>
            observed(`${base()}/json`, { method: 'POST', body: '{}', signal: transport.signal }).then((response) => response.json()),
          ),
        );
      }
      assert.ok(
        getEventListeners(transport.signal, 'abort').length <= 1,
        `${getEventListeners(transport.signal, 'abort').length} listeners on the transport's signal`,
      );

      const stream = await observed(`${base()}/open`, { method: 'POST', body: '{}', signal: transport.signal });
      const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
      await reader.read();
      transport.abort(new Error('client closed'));
      await assert.rejects(reader.read());
      await new Promise((done) => setTimeout(done, 50));
      const closed = store.events().filter((event) => event.kind === 'lifecycle' && event.name === 'stream-close');
      assert.equal(closed.length, 1);
      await new Promise((done) => setImmediate(done));
      assert.deepEqual(
        warnings.filter((warning) => warning.includes('MaxListeners')),
        [],
      );
    } finally {
      process.off('warning', onWarning);
    }
  });
});
