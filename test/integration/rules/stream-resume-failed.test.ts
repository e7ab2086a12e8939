// stream-resume-failed (P0, error): the engine resumes its GET stream with Last-Event-ID and the
// server's event store fails the replay.

import * as assert from 'node:assert/strict';
import { InMemoryEventStore } from '@modelcontextprotocol/sdk/examples/shared/inMemoryEventStore.js';
import { startFailingResume } from '../../fixtures/faults/failingResume';
import { startSessionServer } from '../../fixtures/support/sessionServer';
import { Cleanups, engine, httpConfig, waitForFinding, waitUntil } from '../../fixtures/support/ruleHarness';

describe('rule stream-resume-failed (live)', function () {
  this.timeout(30_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  for (const [mode, status, text] of [
    ['replay-error', 500, 'Error replaying events'],
    ['invalid-id', 400, 'Invalid event ID format'],
  ] as const) {
    it(`${mode}: resume answered ${status} "${text}"`, async () => {
      const fixture = cleanups.add(await startFailingResume({ mode, tickMs: 150 }), (f) => f.stop());
      const conn = engine(cleanups, httpConfig(fixture.url));
      await conn.connect();
      await waitUntil(() => Boolean(conn.model.streams.find((stream) => stream.kind === 'get')?.lastEventId), 5000, 'an event id on the GET stream');
      await conn.resume();
      const finding = await waitForFinding(conn, 'stream-resume-failed');
      assert.equal(finding.severity, 'error');
      assert.ok(
        finding.evidence.some((evidence) => evidence.summary.includes(`→ ${status} ${text}`)),
        JSON.stringify(finding.evidence),
      );
    });
  }

  it('stays silent where resumption works: the SDK example event store replays after Last-Event-ID', async () => {
    const server = cleanups.add(await startSessionServer({ tickMs: 150, eventStore: () => new InMemoryEventStore() }), (s) => s.stop());
    const conn = engine(cleanups, httpConfig(server.url));
    await conn.connect();
    await waitUntil(() => Boolean(conn.model.streams.find((stream) => stream.kind === 'get')?.lastEventId), 5000, 'an event id on the GET stream');
    const before = conn.model.streams.find((stream) => stream.kind === 'get')?.lastEventId;
    await conn.resume();
    await waitUntil(
      () => conn.model.streams.some((stream) => stream.kind === 'get' && stream.state === 'open' && stream.reconnects > 0),
      5000,
      'the resumed GET stream open',
    );
    const resumed = conn.trace.events().find((event) => event.kind === 'http-request' && event.method === 'GET' && event.headers['last-event-id'] === before);
    assert.ok(resumed, 'the GET carried Last-Event-ID');
    const answer = conn.trace
      .events()
      .find((event) => event.kind === 'http-response' && resumed.kind === 'http-request' && event.exchange === resumed.exchange);
    assert.equal(answer?.kind === 'http-response' && answer.status, 200);
    await conn.checkHealth();
    await conn.settled();
    assert.ok(!conn.findings().some((finding) => finding.rule === 'stream-resume-failed'), JSON.stringify(conn.findings()));
  });
});
