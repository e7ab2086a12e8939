// Offline, history is the point: a session the client lost and then recovered from stays in the
// report of `analyze`, with when it cleared — in the JSONL trace and in the HAR exported from it,
// as the live connection keeps it in its history while Problems let it go.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { analyzeFile } from '../../../src/core/analyze/analyzeFile';
import { traceToHar } from '../../../src/core/trace/harExport';
import { startSessionsLost } from '../../fixtures/faults/sessionsLost';
import { Cleanups, engine, httpConfig, waitForFinding, waitUntil } from '../../fixtures/support/ruleHarness';

describe('analyze keeps what held and cleared', function () {
  this.timeout(60_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('a session lost, then a new one after reconnecting: unknown-session stays, with when it cleared', async () => {
    const fixture = cleanups.add(await startSessionsLost(), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url));
    await conn.connect();
    const lost = conn.model.session.id;
    await fixture.restart();
    await conn.checkHealth();
    await waitForFinding(conn, 'unknown-session');
    await conn.reconnect();
    await conn.checkHealth();
    await waitUntil(() => !conn.findings().some((finding) => finding.rule === 'unknown-session'), 5000, 'the live finding to clear');
    const kept = conn.findingHistory().find((finding) => finding.rule === 'unknown-session');
    assert.equal(kept?.sessionId, lost);
    assert.ok(kept?.clearedAt, 'the live history keeps it, cleared');

    const dir = mkdtempSync(join(tmpdir(), 'mcpsi-history-'));
    const jsonl = join(dir, 'trace.jsonl');
    writeFileSync(
      jsonl,
      `${conn.trace
        .events()
        .map((event) => JSON.stringify(event))
        .join('\n')}\n`,
    );
    const har = join(dir, 'trace.har');
    writeFileSync(har, JSON.stringify(traceToHar(conn.trace.events(), '0.0.0-test')));
    for (const file of [jsonl, har]) {
      const found = (await analyzeFile(file)).findings.find((finding) => finding.rule === 'unknown-session');
      assert.equal(found?.sessionId, lost, file);
      assert.ok(found?.clearedAt && found.clearedAt > found.at, `${file}: ${JSON.stringify(found)}`);
    }
    const run = spawnSync(process.execPath, [resolve('dist/cli.js'), 'analyze', jsonl, '--no-color'], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.status, 1, 'a lost session is an error in the file even though it cleared');
    assert.match(run.stdout, /unknown-session .*\(held from \S+ until \S+\)/);
    const json = JSON.parse(spawnSync(process.execPath, [resolve('dist/cli.js'), 'analyze', jsonl, '--json'], { encoding: 'utf8', timeout: 30_000 }).stdout);
    assert.ok(JSON.stringify(json).includes('"clearedAt"'), 'the JSON report says when it cleared');
  });
});
