// stream-resume-failed (P0, error): the engine resumes its GET stream with Last-Event-ID and the
// server's event store fails the replay.

import * as assert from 'node:assert/strict';
import { startFailingResume } from '../../fixtures/faults/failingResume';
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
      assert.ok(finding.evidence.some((evidence) => evidence.summary.includes(`→ ${status} ${text}`)), JSON.stringify(finding.evidence));
    });
  }
});
