// The secrets canary in real VS Code: servers in the workspace's mcp.json carry canaries in their
// URL's userinfo and query and in a header, and fail (a wrong path, a dead port). Nothing the user
// sees or can copy holds them: the "MCP Sessions" log channel, Problems, the model the tree and
// pop-ups show, and every message the traffic timeline's webview is sent for them.

import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { applyEdits, modify } from 'jsonc-parser';
import * as vscode from 'vscode';
import { RowBuilder, timelineFindings } from '../../../src/ui/traffic/rows';
import { describeServer } from '../../../src/ui/common/format';
import type { InspectedConnection } from '../../../src/core/connection/types';
import { freePort } from '../../fixtures/support/servers';
import { EXTENSION_ID, waitFor } from './ui/helpers';

interface CanaryApi {
  servers(): InspectedConnection[];
  timelines(): Array<{ server: string; rendered?: { rows: number } }>;
}

function filesNamed(dir: string, name: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...filesNamed(path, name));
    else if (entry === name) found.push(path);
  }
  return found;
}

describe('secrets canary in VS Code', () => {
  it('servers failing with canaries in the URL userinfo, query and a header: none in the log channel, Problems, the model or the timeline webview', async function () {
    this.timeout(90_000);
    const planted = JSON.parse(process.env.MCPSI_PLANTED_SECRETS ?? '{}') as Record<string, string>;
    const canaries = [planted.failingPassword, planted.failingQuery, planted.failingHeader];
    assert.ok(canaries.every(Boolean), 'the runner planted the failing servers’ canaries');
    const assertClean = (where: string, text: string) => {
      for (const canary of canaries)
        assert.ok(!text.includes(canary), `${where} shows a canary: …${text.slice(Math.max(0, text.indexOf(canary) - 100), text.indexOf(canary) + 40)}…`);
    };
    const inspector = await (vscode.extensions.getExtension<CanaryApi>(EXTENSION_ID) as vscode.Extension<CanaryApi>).activate();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder');
    const file = vscode.Uri.joinPath(folder.uri, '.vscode', 'mcp.json');
    const original = Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8');
    const everything = /"everything":\s*\{[^}]*"url":\s*"([^"]+)"/.exec(original)?.[1];
    assert.ok(everything, 'the everything server’s URL in mcp.json');
    const withCanaries = (base: string) => {
      const url = new URL(base);
      url.username = 'canary';
      url.password = planted.failingPassword;
      url.searchParams.set('api_key', planted.failingQuery);
      return url.href;
    };
    const servers = {
      'canary-404': { type: 'http', url: withCanaries(everything.replace(/\/mcp$/, '/wrongpath')), headers: { 'X-Api-Key': planted.failingHeader } },
      'canary-dead': { type: 'http', url: withCanaries(`http://127.0.0.1:${await freePort()}/mcp`), headers: { 'X-Api-Key': planted.failingHeader } },
    };
    const names = Object.keys(servers);
    // Added after the other servers, so the entries the UI checks point at keep their lines.
    let edited = original;
    for (const name of names)
      edited = applyEdits(
        edited,
        modify(edited, ['servers', name], servers[name as keyof typeof servers], { formattingOptions: { insertSpaces: true, tabSize: 2 } }),
      );
    await vscode.workspace.fs.writeFile(file, Buffer.from(edited));
    try {
      const failed = await waitFor(
        () => {
          const found = inspector.servers().filter((s) => names.includes(s.name) && s.model.handshake.state === 'failed');
          return found.length === names.length && found;
        },
        30_000,
        'both canary servers to fail',
      );
      await vscode.commands.executeCommand('mcpSessions.showTraffic', 'canary-404');
      await waitFor(
        () => inspector.timelines().find((t) => t.server === 'canary-404' && (t.rendered?.rows ?? 0) > 0),
        20_000,
        'the timeline to render the failed handshake',
      );
      // Diagnostics are published in batches: let them follow the failures.
      await new Promise((resolve) => setTimeout(resolve, 500));

      for (const connection of failed) {
        // The model is what the tree, the status bar and the "Could not connect" pop-up (its reason) show.
        assertClean(`${connection.name}: the model (tree, status bar, pop-ups)`, JSON.stringify(connection.model));
        assert.match(connection.model.handshake.reason ?? '', /404|refused/, `${connection.name} failed for the expected reason`);
        // What the timeline webview is sent: rows (and their details, each event as JSON), findings, the status line.
        const events = connection.trace.events();
        const builder = new RowBuilder();
        const rows = events.map((event) => builder.add(event));
        assertClean(
          `${connection.name}: the timeline's messages`,
          JSON.stringify({ rows, details: events, findings: timelineFindings(connection.model.findings), status: describeServer(connection.model) }),
        );
      }
      const problems = vscode.languages
        .getDiagnostics()
        .flatMap(([uri, diagnostics]) =>
          diagnostics.map((d) => ({ uri: uri.toString(), message: d.message, code: d.code, related: d.relatedInformation?.map((r) => r.message) })),
        );
      assertClean('Problems', JSON.stringify(problems));
      const logsDir = process.env.MCPSI_LOGS_DIR;
      assert.ok(logsDir, 'the runner names the logs directory');
      const logs = filesNamed(logsDir, 'MCP Sessions.log');
      assert.ok(logs.length, 'the MCP Sessions log channel file exists');
      const logText = logs.map((path) => readFileSync(path, 'utf8')).join('\n');
      assert.ok(
        names.every((name) => logText.includes(`${name}: failed`)),
        'the log channel recorded both failures',
      );
      assertClean('the MCP Sessions log channel', logText);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.writeFile(file, Buffer.from(original));
    }
    await waitFor(() => !inspector.servers().some((s) => names.includes(s.name)) || undefined, 10_000, 'the canary servers to go away');
  });
});
