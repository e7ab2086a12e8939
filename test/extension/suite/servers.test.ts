// What a user notices about configured servers, through the extension's test API.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './activation.test';

interface InspectorApi {
  servers(): Array<{ name: string; model: { handshake: { state: string }; session: { id?: string } } }>;
}

async function api(): Promise<InspectorApi> {
  const extension = vscode.extensions.getExtension<InspectorApi>(EXTENSION_ID) as vscode.Extension<InspectorApi>;
  return extension.activate();
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('configured servers', () => {
  it('connects to the workspace mcp.json server and shows its session', async () => {
    const inspector = await api();
    const server = await waitFor(() => inspector.servers().find((s) => s.name === 'everything' && s.model.handshake.state === 'ready'), 20_000, 'the everything server to be ready');
    assert.ok(server.model.session.id, 'a session id');
  });
});
