// session-header-missing (P0, error): a browser client behind CORS that does not expose
// Mcp-Session-Id cannot read the id, so its next request goes without it and is refused.
// The engine always sends the header, so a recording raw client plays the browser.

import * as assert from 'node:assert/strict';
import { startCorsHidden } from '../../fixtures/faults/corsHidden';
import { rpc } from '../../fixtures/support/rawClient';
import { assertSilent, Cleanups, RecordingClient, waitForFinding } from '../../fixtures/support/ruleHarness';

describe('rule session-header-missing (live)', function () {
  this.timeout(30_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('a request after initialize without Mcp-Session-Id, refused 400', async () => {
    const fixture = cleanups.add(await startCorsHidden(), (f) => f.stop());
    const browser = cleanups.add(new RecordingClient(fixture.url, { client: 'browser' }), async (c) => c.dispose());
    const issued = await browser.initialize({ origin: 'http://localhost:5173' });
    assert.ok(issued);
    // What a browser can see: the header is not exposed, so it is dropped.
    browser.sessionId = undefined;
    const refused = await browser.post(rpc('tools/list'), { origin: 'http://localhost:5173', 'mcp-protocol-version': '2025-11-25' });
    assert.equal(refused.status, 400);
    const finding = await waitForFinding(browser, 'session-header-missing', 3000);
    assert.equal(finding.severity, 'error');
    assert.equal(finding.client, 'browser');
    assert.ok(finding.evidence.length > 0);
    assert.ok(
      browser.findings().some((f) => f.rule === 'session-header-missing' && f.sessionId === issued),
      'the trace finding names the issued session',
    );
  });

  it('healthy counterpart: every request carries the id', async () => {
    const fixture = cleanups.add(await startCorsHidden({ expose: 'Mcp-Session-Id' }), (f) => f.stop());
    const browser = cleanups.add(new RecordingClient(fixture.url, { client: 'browser' }), async (c) => c.dispose());
    await browser.initialize({ origin: 'http://localhost:5173' });
    assert.equal((await browser.post(rpc('tools/list'), browser.headers({ origin: 'http://localhost:5173' }))).status, 200);
    await assertSilent(browser, 'session-header-missing');
  });
});
