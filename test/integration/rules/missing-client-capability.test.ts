// missing-client-capability (P1, error): a real 2026-07-28 server's tool asks for input by
// elicitation; a request that declared no elicitation capability gets -32021, and the finding
// names the capability. Silent on healthy traffic of both eras, and once the capability is declared.

import * as assert from 'node:assert/strict';
import { assertSilentWhenHealthy, META_2026, post2026, recordingClient, start2026 } from '../../fixtures/support/eraTraffic';
import { Cleanups, waitForFinding } from '../../fixtures/support/ruleHarness';

describe('rule missing-client-capability (live)', function () {
  this.timeout(60_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('a tool that needs elicitation, called without declaring it', async () => {
    const server = await start2026(cleanups);
    const client = recordingClient(cleanups, server.url);
    assert.equal((await post2026(client, 'tools/call', { name: 'confirm', arguments: { what: 'deploy' } })).status, 400);
    const finding = await waitForFinding(client, 'missing-client-capability');
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /needs the client capability elicitation\.form/);
    assert.match(finding.fix ?? '', /clientCapabilities/);
  });

  it('silent when the capability is declared, and on healthy traffic in both eras', async () => {
    const server = await start2026(cleanups);
    const client = recordingClient(cleanups, server.url);
    const declared = await client.post(
      {
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: {
          name: 'confirm',
          arguments: { what: 'deploy' },
          _meta: { ...META_2026, 'io.modelcontextprotocol/clientCapabilities': { elicitation: { form: {} } } },
        },
      },
      { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': 'confirm' },
    );
    assert.equal(declared.status, 200, declared.text);
    await new Promise((done) => setTimeout(done, 400));
    await client.settled();
    assert.deepEqual(
      client.findings().filter((finding) => finding.rule === 'missing-client-capability'),
      [],
    );
    await assertSilentWhenHealthy(cleanups, 'missing-client-capability');
  });
});
