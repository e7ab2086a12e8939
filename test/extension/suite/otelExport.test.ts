// `mcpSessions.otlp.endpoint` (user settings only): once set, the configured servers' traffic goes
// to the collector as OpenTelemetry spans; cleared, nothing more is sent.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { attribute, startOtlpReceiver } from '../../fixtures/support/otlpReceiver';
import { EXTENSION_ID } from './activation.test';
import { waitFor } from './ui/helpers';

interface InspectorApi {
  servers(): Array<{
    name: string;
    config: { url?: string };
    model: { handshake: { state: string }; session: { id?: string } };
    checkHealth(): Promise<unknown>;
  }>;
}

describe('OpenTelemetry export setting', () => {
  it('with mcpSessions.otlp.endpoint set, a ping of the workspace server reaches the collector as a CLIENT span with its session id', async () => {
    const extension = vscode.extensions.getExtension<InspectorApi>(EXTENSION_ID) as vscode.Extension<InspectorApi>;
    const inspector = await extension.activate();
    const server = await waitFor(
      () => inspector.servers().find((s) => s.name === 'everything' && s.model.handshake.state === 'ready'),
      20_000,
      'the everything server to be ready',
    );
    const receiver = await startOtlpReceiver();
    const config = vscode.workspace.getConfiguration('mcpSessions');
    try {
      assert.equal(config.inspect('otlp.endpoint')?.defaultValue, '', 'off by default');
      await config.update('otlp.endpoint', receiver.url, vscode.ConfigurationTarget.Global);
      // The setting is picked up asynchronously; ping until a span arrives (spans are sent in batches).
      // The other configured servers ping too: this server's spans are those naming its port.
      const port = Number(new URL(server.config.url ?? '').port);
      const pingOfServer = () => receiver.spans().find((span) => span.name === 'ping' && attribute(span.attributes, 'server.port') === port);
      const deadline = Date.now() + 30_000;
      let ping = pingOfServer();
      while (!ping) {
        assert.ok(
          Date.now() < deadline,
          `timed out waiting for a ping span of port ${port} at the collector (spans: ${receiver
            .spans()
            .map((span) => `${span.name}@${String(attribute(span.attributes, 'server.port'))}`)
            .join(', ')})`,
        );
        await server.checkHealth();
        await new Promise((resolve) => setTimeout(resolve, 500));
        ping = pingOfServer();
      }
      assert.equal(ping.kind, 3, 'CLIENT');
      assert.equal(attribute(ping.attributes, 'mcp.session.id'), server.model.session.id);
      assert.equal(attribute(ping.attributes, 'network.transport'), 'tcp');
    } finally {
      await config.update('otlp.endpoint', undefined, vscode.ConfigurationTarget.Global);
      await receiver.close();
    }
  });
});
