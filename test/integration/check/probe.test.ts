// The session check's probe reading POST answers that are short SSE streams. Regression for the old
// "session check hangs in tools/list" bug: on Node 20, aborting a fetch whose body has just been
// received completely could leave the pending body read unsettled forever, so `send` never
// returned. Every read must now end within its deadline, however the stream ends.

import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { ProbeClient, rpc } from '../../../src/core/check/probe';

/** Answers every POST with an SSE stream: `notifications` events `gapMs` apart, then the response, then the end of the body. */
async function sseServer(notifications: number, gapMs: number): Promise<{ url: URL; server: Server }> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on(
      'end',
      () =>
        void (async () => {
          const { id } = JSON.parse(body) as { id: number };
          response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
          response.flushHeaders();
          for (let index = 1; index <= notifications; index++) {
            await new Promise((done) => setTimeout(done, gapMs));
            response.write(
              `event: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/progress', params: { progress: index, progressToken: 'p' } })}\n\n`,
            );
          }
          // The response and the end of the body together, as the SDK writes a finished request stream.
          response.end(`event: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', id, result: {} })}\n\n`);
        })(),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  return { url: new URL(`http://127.0.0.1:${(server.address() as { port: number }).port}/mcp`), server };
}

describe('session check probe: POST answered by a short SSE stream', function () {
  this.timeout(30_000);

  for (const [notifications, gapMs] of [
    [0, 0],
    [5, 20],
  ] as const) {
    it(`returns as soon as the response arrives (${notifications} notifications first), every time`, async () => {
      const { url, server } = await sseServer(notifications, gapMs);
      try {
        const probe = new ProbeClient(url, {}, 5000, []);
        for (let attempt = 0; attempt < 10; attempt++) {
          const request = rpc('tools/list');
          const started = Date.now();
          const log = { sent: [] as string[], received: [] as string[] };
          const answer = await Promise.race([
            probe.send({ method: 'POST', body: request, untilResponseId: request.id }, log),
            new Promise<undefined>((done) => setTimeout(() => done(undefined), 4000).unref()),
          ]);
          assert.ok(answer, `attempt ${attempt}: send did not return within 4 s`);
          assert.equal(answer.messages.at(-1)?.id, request.id);
          assert.equal(answer.events.length, notifications + 1);
          assert.ok(Date.now() - started < notifications * gapMs + 1000, `attempt ${attempt} took ${Date.now() - started} ms`);
        }
      } finally {
        server.closeAllConnections();
        await new Promise((done) => server.close(done));
      }
    });
  }
});
