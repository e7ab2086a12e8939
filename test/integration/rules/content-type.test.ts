// content-type (P1, error), live: the v1 SDK's stateful transport refuses a POST with
// Content-Type text/plain (415); a proxy that relabels JSON answers as text/plain is caught too.
// Silent on healthy traffic of both eras.

import * as assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { initializeRequest } from '../../fixtures/support/rawClient';
import { assertSilentWhenHealthy, recordingClient } from '../../fixtures/support/eraTraffic';
import { Cleanups, waitForFinding } from '../../fixtures/support/ruleHarness';
import { startSessionServer } from '../../fixtures/support/sessionServer';

describe('rule content-type (live)', function () {
  this.timeout(60_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('a POST with Content-Type text/plain is refused 415', async () => {
    const server = cleanups.add(await startSessionServer(), (s) => s.stop());
    const client = recordingClient(cleanups, server.url);
    assert.equal((await client.post(initializeRequest(), { 'content-type': 'text/plain' })).status, 415);
    const finding = await waitForFinding(client, 'content-type');
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /Content-Type is not application\/json/);
  });

  it('a proxy that answers JSON-RPC as text/plain', async () => {
    const server = cleanups.add(await startSessionServer({ path: '/upstream' }), (s) => s.stop());
    // A relabelling proxy in front of the real server: the body passes unchanged, the media type does not.
    const proxy = createServer(
      (request, response) =>
        void (async () => {
          const chunks: Buffer[] = [];
          for await (const chunk of request) chunks.push(chunk as Buffer);
          const upstream = await fetch(server.url, {
            method: request.method,
            headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
            body: Buffer.concat(chunks),
          });
          response.writeHead(upstream.status, { 'content-type': 'text/plain' }).end(await upstream.text());
        })(),
    );
    await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
    cleanups.add(proxy, (p) => new Promise((done) => p.close(done)));
    const client = recordingClient(cleanups, `http://127.0.0.1:${(proxy.address() as { port: number }).port}/mcp`);
    assert.equal((await client.post(initializeRequest())).status, 200);
    const finding = await waitForFinding(client, 'content-type');
    assert.match(finding.message, /answered POST \/mcp \(initialize #\d+\) → 200 .* as text\/plain\. Clients parse only/);
  });

  it('silent on healthy traffic in both eras', async () => {
    await assertSilentWhenHealthy(cleanups, 'content-type');
  });
});
