// "Analyze Trace or Log File…": the findings of a trace land in Problems on the lines of the file.

import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, waitFor } from './helpers';

const SESSION = '5b1e0c3a9f7d4e21b6a8c0d2e4f60718';

function traceLines(): string[] {
  const t = (seconds: number) => new Date(Date.UTC(2026, 10, 23, 4, 0, seconds)).toISOString();
  const base = { server: 'remote' };
  const post = (exchange: number, seconds: number, body: string, session?: string) =>
    JSON.stringify({
      ...base,
      seq: exchange * 2 - 1,
      t: t(seconds),
      kind: 'http-request',
      exchange,
      method: 'POST',
      url: 'http://127.0.0.1:9/mcp',
      headers: session ? { 'mcp-session-id': session } : {},
      body,
    });
  const answer = (exchange: number, seconds: number, status: number, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ ...base, seq: exchange * 2, t: t(seconds), kind: 'http-response', exchange, status, durationMs: 2, ...extra });
  const json = { 'content-type': 'application/json' };
  return [
    post(1, 0, '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{}}'),
    answer(1, 0, 200, {
      headers: { ...json, 'mcp-session-id': SESSION },
      body: '{"jsonrpc":"2.0","id":0,"result":{"protocolVersion":"2025-06-18","capabilities":{},"serverInfo":{"name":"remote","version":"1"}}}',
    }),
    post(2, 1, '{"jsonrpc":"2.0","id":1,"method":"ping"}', SESSION),
    answer(2, 1, 200, { headers: json, body: '{"jsonrpc":"2.0","id":1,"result":{}}' }),
    post(3, 30, '{"jsonrpc":"2.0","id":2,"method":"tools/list"}', SESSION),
    answer(3, 30, 404, { headers: {}, body: '{"jsonrpc":"2.0","error":{"code":-32001,"message":"Session not found"},"id":null}' }),
  ];
}

describe('ui: analyze a trace file', () => {
  it('puts unknown-session on the line of the 404 in the analysed JSONL, with its docs link', async () => {
    await api();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath as string;
    const file = join(folder, 'recorded.jsonl');
    writeFileSync(file, `${traceLines().join('\n')}\n`);
    const uri = vscode.Uri.file(file);
    await vscode.commands.executeCommand('mcpSessions.analyzeFile', uri);
    const diagnostics = await waitFor(
      () => {
        const found = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'MCP Sessions');
        return found.length ? found : undefined;
      },
      10_000,
      'findings on the analysed file',
    );
    const unknown = diagnostics.find((d) => typeof d.code === 'object' && d.code.value === 'unknown-session');
    assert.ok(unknown, diagnostics.map((d) => d.message).join('\n'));
    assert.equal(unknown.range.start.line, 5, 'the line of the 404 response (0-based)');
    assert.equal(unknown.severity, vscode.DiagnosticSeverity.Error);
    assert.match(unknown.message, new RegExp(SESSION));
    assert.ok((unknown.code as { target: vscode.Uri }).target.path.endsWith('/docs/rules/unknown-session.md'));
    assert.deepEqual(
      diagnostics
        .filter(
          (d) =>
            d.severity <= vscode.DiagnosticSeverity.Warning && d !== unknown && !/unknown-session-status/.test(String((d.code as { value?: string })?.value)),
        )
        .map((d) => d.message),
      [],
      'no other problem in a plain restart trace',
    );

    // Deleting (or editing) the file withdraws its findings: their lines no longer mean anything.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(uri);
    await waitFor(() => vscode.languages.getDiagnostics(uri).length === 0, 10_000, 'the findings of the deleted file to go');
  });
});
