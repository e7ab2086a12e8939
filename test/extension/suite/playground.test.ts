// The demo playground (`npm run demo`): its servers show their faults by themselves. Started here
// as the demo starts it, added to the workspace's mcp.json, and read back from the Problems panel.

import * as assert from 'node:assert/strict';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { startPlayground, type Playground } from '../../../demo/playground';
import { waitFor } from './ui/helpers';

/**
 * Replaces a file in one step (write aside, then rename), so the extension's watcher never reads it
 * half-written: a partial mcp.json would drop the other servers and add them again.
 */
function replaceFile(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

/** Rule ids of the Problems on `file` raised for one of `servers` (messages start with the server's name). */
function rulesInProblems(file: vscode.Uri, servers: readonly string[]): Map<string, string[]> {
  const rules = new Map<string, string[]>();
  for (const diagnostic of vscode.languages.getDiagnostics(file)) {
    if (diagnostic.source !== 'MCP Sessions' || typeof diagnostic.code !== 'object') continue;
    const server = servers.find((name) => diagnostic.message.startsWith(`${name}:`));
    if (!server) continue;
    const rule = String(diagnostic.code.value);
    rules.set(rule, [...(rules.get(rule) ?? []), server]);
  }
  return rules;
}

describe('demo playground', function () {
  this.timeout(120_000);
  let playground: Playground | undefined;
  let restore: (() => void) | undefined;

  after(async () => {
    restore?.();
    await playground?.stop();
  });

  it('shows at least four different findings in the Problems panel within a minute, with no action from the user', async () => {
    const root = process.env.MCPSI_REPO_ROOT;
    assert.ok(root, 'the test run passes the repository root in MCPSI_REPO_ROOT');
    // The test workspace pings every second, so the idle server forgets a session after 400 ms.
    playground = await startPlayground({ root, idleMs: 400, restartEveryMs: 10_000 });
    assert.deepEqual(playground.skipped, [], 'every playground server runs here (nginx is installed)');
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder');
    const file = vscode.Uri.joinPath(folder.uri, '.vscode', 'mcp.json');
    const original = readFileSync(file.fsPath, 'utf8');
    const entries = Object.entries(playground.mcpServers())
      .map(([name, entry]) => `    ${JSON.stringify(name)}: ${JSON.stringify(entry)},`)
      .join('\n');
    replaceFile(file.fsPath, original.replace('"servers": {', `"servers": {\n${entries}`));
    restore = () => replaceFile(file.fsPath, original);
    const names = playground.servers.map((server) => server.name);
    const started = Date.now();
    let seen = new Map<string, string[]>();
    try {
      await waitFor(
        () => {
          seen = rulesInProblems(file, names);
          return seen.size >= 4 || undefined;
        },
        60_000,
        "four different rule ids among the playground servers' Problems",
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}; seen: ${JSON.stringify(Object.fromEntries(seen))}`);
    }
    assert.ok(Date.now() - started <= 60_000);
    // The faults are the servers' own: the two healthy servers show none of them.
    for (const [rule, servers] of seen) {
      if (!['unknown-session', 'session-affinity', 'cors-session-header-hidden', 'stream-dropped'].includes(rule)) continue;
      assert.ok(!servers.includes('healthy-everything') && !servers.includes('stateless-2026'), `${rule} on ${servers.join(', ')}`);
    }
    assert.ok(seen.has('unknown-session'), `unknown-session among ${[...seen.keys()].join(', ')}`);
    assert.ok(seen.has('cors-session-header-hidden'), `cors-session-header-hidden among ${[...seen.keys()].join(', ')}`);
  });
});
