// Problems mirror the live findings: one diagnostic per finding, code = rule id linking to its docs.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, waitFor } from './helpers';

function findingDiagnostics(): Array<{ rule: string; diagnostic: vscode.Diagnostic }> {
  const out: Array<{ rule: string; diagnostic: vscode.Diagnostic }> = [];
  for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
    // Findings of analysed trace files are not live findings (a settings server's live findings sit on its trace document, not a file).
    if (uri.scheme === 'file' && /\.(jsonl|har|log)$/.test(uri.path)) continue;
    for (const diagnostic of diagnostics) {
      // Config errors carry a plain string code; findings carry { value: rule, target: docs }.
      if (diagnostic.source === 'MCP Sessions' && typeof diagnostic.code === 'object') out.push({ rule: String(diagnostic.code.value), diagnostic });
    }
  }
  return out;
}

describe('ui: diagnostics', () => {
  it('mirror model.findings, with the rule id as code and a link to the rule docs', async () => {
    const inspector = await api();
    await waitFor(
      () => inspector.servers().find((s) => s.name === 'everything' && s.model.handshake.state === 'ready'),
      20_000,
      'the everything server to be ready',
    );
    const expected = (): string[] =>
      inspector
        .servers()
        .flatMap((s) => s.model.findings.map((f) => f.rule))
        .sort();
    await waitFor(
      () =>
        JSON.stringify(
          findingDiagnostics()
            .map((d) => d.rule)
            .sort(),
        ) === JSON.stringify(expected()),
      5_000,
      `diagnostics to equal findings ${JSON.stringify(expected())}`,
    );
    for (const { rule, diagnostic } of findingDiagnostics()) {
      const code = diagnostic.code as { value: string; target: vscode.Uri };
      assert.ok(code.target.path.endsWith(`/docs/rules/${rule}.md`), code.target.toString());
    }
  });
});
