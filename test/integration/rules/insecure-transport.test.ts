// insecure-transport (P1, warning): credentials in the URL (live, on loopback), and plain http to
// a remote host (offline: a real loopback recording whose host is renamed in the HAR, so no
// traffic ever leaves this machine). Silent on loopback http and on https.

import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeFile } from '../../../src/core/analyze/analyzeFile';
import { traceToHar } from '../../../src/core/trace/harExport';
import { startSessionServer } from '../../fixtures/support/sessionServer';
import { Cleanups, engine, httpConfig, waitForFinding } from '../../fixtures/support/ruleHarness';

describe('rule insecure-transport', function () {
  this.timeout(30_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('live: a token in the URL query is named, and its value never shown', async () => {
    const server = cleanups.add(await startSessionServer({}), (s) => s.stop());
    const conn = engine(cleanups, httpConfig(`${server.url}?api_key=INSECURESECRET42`));
    await conn.connect();
    assert.equal(conn.model.handshake.state, 'ready');
    const finding = await waitForFinding(conn, 'insecure-transport');
    assert.equal(finding.severity, 'warning');
    assert.match(finding.message, /credentials in the URL \(api_key\)/);
    assert.ok(!JSON.stringify(conn.findings()).includes('INSECURESECRET42'));
  });

  it('offline: plain http to a remote host fires; the same traffic over https, or on loopback, does not', async () => {
    const server = cleanups.add(await startSessionServer({}), (s) => s.stop());
    const conn = engine(cleanups, httpConfig(server.url));
    await conn.connect();
    await conn.checkHealth();
    await conn.settled();
    assert.ok(!conn.findings().some((finding) => finding.rule === 'insecure-transport'), 'loopback http is fine');
    const har = JSON.stringify(traceToHar(conn.trace.events(), '0.0.0-test'));
    const origin = new URL(server.url).origin;
    const dir = mkdtempSync(join(tmpdir(), 'insecure-'));
    const analyzed = async (replacement: string) => {
      const file = join(dir, `${replacement.replace(/\W+/g, '_')}.har`);
      writeFileSync(file, har.split(origin).join(replacement));
      return (await analyzeFile(file)).findings.filter((finding) => finding.rule === 'insecure-transport');
    };
    const plain = await analyzed('http://mcp.example.com');
    assert.equal(plain.length, 1, JSON.stringify(plain));
    assert.match(plain[0].message, /mcp\.example\.com over plain http/);
    assert.deepEqual(await analyzed('https://mcp.example.com'), []);
    assert.deepEqual(await analyzed(origin), []);
  });
});
