// orphaned-request (P0, error): the legacy SSE server with one global transport answers the
// engine's request on another client's stream.

import * as assert from 'node:assert/strict';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { runSessionCheck } from '../../../src/core/check';
import { HttpTap } from '../../../src/core/tap/httpTap';
import { startLegacySseMisroute } from '../../fixtures/faults/legacySseMisroute';
import { startSameMillisecondReplay } from '../../fixtures/faults/sameMillisecondReplay';
import { startSseResumable } from '../../fixtures/faults/sseResumable';
import { waitFor } from '../../fixtures/support/servers';
import { LegacySseClient } from '../../fixtures/support/rawClient';
import { Cleanups, engine, httpConfig, problems, requireRule, waitForFinding } from '../../fixtures/support/ruleHarness';

describe('rule orphaned-request (live)', function () {
  this.timeout(30_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());
  beforeEach(function () {
    requireRule(this, 'orphaned-request');
  });

  it('the engine’s ping is accepted (202) but answered on a newer client’s stream', async () => {
    const fixture = cleanups.add(await startLegacySseMisroute(), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url, 'sse'), { requestTimeoutMs: 1500 });
    await conn.connect();
    assert.equal(conn.model.handshake.state, 'ready', conn.model.handshake.reason);
    const sessionId = conn.model.session.id;
    // Another client connects: the server's global transport now points at it.
    const other = cleanups.add(await LegacySseClient.connect(fixture.url), async (c) => c.close());
    await other.initialize();
    await conn.checkHealth();
    const finding = await waitForFinding(conn, 'orphaned-request', 8000);
    assert.equal(finding.severity, 'error');
    assert.equal(finding.sessionId, sessionId);
    assert.match(finding.message, /ping/);
    assert.ok(finding.evidence.length > 0);
    assert.ok(
      other.stream.messages().some((message) => 'result' in message && message.id !== undefined),
      'the other client got our answer',
    );
  });

  it('healthy counterpart (routing by sessionId): no orphaned request', async () => {
    const fixture = cleanups.add(await startLegacySseMisroute({ fixed: true }), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url, 'sse'), { requestTimeoutMs: 1500 });
    await conn.connect();
    const other = cleanups.add(await LegacySseClient.connect(fixture.url), async (c) => c.close());
    await other.initialize();
    await conn.checkHealth();
    await new Promise((done) => setTimeout(done, 2500));
    assert.deepEqual(await problems(conn), []);
  });

  /** A real SDK client behind the tap lists tools on a server that closes that POST stream after its priming event. */
  async function listToolsThroughTap(url: string): Promise<{ tap: HttpTap; listed: boolean }> {
    const tap = cleanups.add(await HttpTap.start({ target: url, name: 'resumable', tickMs: 200, timeouts: { response: 3000 } }), (t) => t.close());
    const client = new Client({ name: 'resuming-client', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(tap.url)));
    cleanups.add(client, (c) => c.close());
    const listed = await client.listTools(undefined, { timeout: 4000 }).then(
      () => true,
      () => false,
    );
    return { tap, listed };
  }

  it('the SDK example event store loses a response on resume: the finding says the replay did not bring it back, and why', async () => {
    const server = cleanups.add(await startSameMillisecondReplay(), (f) => f.stop());
    const { tap, listed } = await listToolsThroughTap(server.url);
    assert.equal(listed, false, 'the client never got its tools');
    assert.ok(
      server.logs.some((line) => /Closing the POST stream of request/.test(line)),
      'the server closed the stream mid-call',
    );
    await waitFor(() => tap.hub.findings().some((finding) => finding.rule === 'orphaned-request'), 10_000, 'orphaned-request');
    const finding = tap.hub.findings().find((candidate) => candidate.rule === 'orphaned-request');
    assert.match(
      finding?.message ?? '',
      /tools\/list .*The client resumed with GET \+ Last-Event-ID \S+_1796528365249_\w+, and the replay did not bring it back\. .*InMemoryEventStore.*typescript-sdk#943/,
    );
    assert.match(finding?.fix ?? '', /replays events in the order it stored them/);
    assert.ok(finding?.evidence.some((evidence) => /GET with Last-Event-ID/.test(evidence.summary)));
    // The session check says the same of the same server.
    const check = (await runSessionCheck(server.url, { timeoutMs: 5000, only: ['sse-priming'] })).checks[1];
    assert.equal(check.status, 'warn', check.message);
    assert.match(check.message, /did not deliver it .*the response is lost\. .*InMemoryEventStore.*same millisecond/);
  });

  it('healthy counterpart (an event store that replays in order): the resumed stream brings the response back, nothing is orphaned', async () => {
    const server = cleanups.add(await startSseResumable({ closeMidCall: true }), (f) => f.stop());
    const { tap, listed } = await listToolsThroughTap(server.url);
    assert.equal(listed, true, 'the client got its tools after resuming');
    assert.ok(server.logs.some((line) => /Closing the POST stream of request/.test(line)));
    // Past the response timeout, with ticks running: the rule has had every chance to fire.
    await new Promise((done) => setTimeout(done, 3500));
    await tap.hub.settled();
    assert.deepEqual(
      tap.hub.findings().filter((finding) => finding.rule === 'orphaned-request'),
      [],
    );
  });
});
