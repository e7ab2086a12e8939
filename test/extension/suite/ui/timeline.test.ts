// The traffic timeline opens from Show Traffic, its webview script runs under the strict CSP and
// renders the server's rows (it reports what it shows), and one panel per server is reused.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitFor } from './helpers';

interface TimelineApi {
  servers(): Array<{ name: string; model: { handshake: { state: string } } }>;
  timelines(): Array<{ server: string; visible: boolean; rendered?: { rows: number; visible: number } }>;
}

describe('ui: traffic timeline', () => {
  it('Show Traffic opens the timeline, which renders the server’s exchanges', async () => {
    const inspector = await (vscode.extensions.getExtension<TimelineApi>(EXTENSION_ID) as vscode.Extension<TimelineApi>).activate();
    await waitFor(
      () => inspector.servers().find((s) => s.name === 'everything' && s.model.handshake.state === 'ready'),
      20_000,
      'the everything server to be ready',
    );
    await vscode.commands.executeCommand('mcpSessions.showTraffic', 'everything');
    const shown = await waitFor(
      () => inspector.timelines().find((t) => t.server === 'everything' && (t.rendered?.rows ?? 0) > 0),
      20_000,
      'the timeline webview to render rows',
    );
    assert.ok(shown.rendered && shown.rendered.visible > 0);
    await vscode.commands.executeCommand('mcpSessions.showTraffic', 'everything');
    assert.equal(inspector.timelines().filter((t) => t.server === 'everything').length, 1, 'the panel is reused');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor(() => !inspector.timelines().some((t) => t.server === 'everything') || undefined, 10_000, 'the closed panel to be forgotten');
  });
});
