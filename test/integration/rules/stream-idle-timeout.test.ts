// stream-idle-timeout (P1, warning): something cuts the GET stream after 5 s without a byte; the
// SDK client reconnects and it is cut again at the same idle time. Silent when the server sends
// often enough that the stream is never idle.

import * as assert from 'node:assert/strict';
import { startIdleCut } from '../../fixtures/faults/idleCut';
import { Cleanups, engine, httpConfig, waitForFinding, waitUntil } from '../../fixtures/support/ruleHarness';

describe('rule stream-idle-timeout (live)', function () {
  this.timeout(60_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('fires when the GET stream drops twice after ~5 s idle, naming the likely culprit', async () => {
    const fixture = cleanups.add(await startIdleCut({ idleMs: 5000 }), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url));
    await conn.connect();
    const finding = await waitForFinding(conn, 'stream-idle-timeout', 30_000);
    assert.equal(finding.severity, 'warning');
    assert.match(finding.message, /get stream dropped 2 times, each after about 5(\.\d)? s without an event/);
    assert.match(finding.message, /keepAliveTimeout \(5 s\)/);
  });

  it('stays silent when the stream is never idle that long', async () => {
    const fixture = cleanups.add(await startIdleCut({ idleMs: 5000, tickMs: 1000 }), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url));
    await conn.connect();
    await waitUntil(
      () => (conn.model.streams.find((stream) => stream.kind === 'get')?.events ?? 0) >= 12,
      30_000,
      'twelve events over twelve seconds on the GET stream',
    );
    assert.ok(!fixture.logs.some((line) => line.includes('Idle for')), fixture.logs.join('\n'));
    await conn.settled();
    assert.ok(!conn.findings().some((finding) => finding.rule === 'stream-idle-timeout' || finding.rule === 'stream-dropped'), JSON.stringify(conn.findings()));
  });
});
