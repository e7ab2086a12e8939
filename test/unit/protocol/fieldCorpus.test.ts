// The field corpus through the classifier and through `analyze` of a HAR made from each entry:
// every answer shape seen in the wild gets the verdict and the findings it should, in both eras
// where the entry says so (the live path is test/integration/protocol/fieldCorpus.test.ts).

import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeFile } from '../../../src/core/analyze/analyzeFile';
import { classify } from '../../../src/core/protocol/answers';
import { legacySessionOf } from '../../../src/core/protocol/exchanges';
import { sessionIdOf } from '../../../src/core/protocol/eras';
import { assertFindings, bodyText, fieldEntries, statelessVariant, writeHar, type FieldEntry, type FieldExpectation } from '../../fixtures/support/fieldCorpus';

function classifyEntry(entry: FieldEntry) {
  const headers = entry.request.headers;
  const body = entry.request.body as { method?: string } | Array<{ method?: string }> | undefined;
  const first = Array.isArray(body) ? body[0] : body;
  return classify(entry.response, {
    method: entry.request.method,
    rpcMethod: first?.method,
    sessionId: sessionIdOf(headers['mcp-session-id'], legacySessionOf(entry.request.url, 'http://127.0.0.1'), headers['mcp-protocol-version']),
    protocolVersion: headers['mcp-protocol-version'],
    batch: Array.isArray(body),
  });
}

describe('field corpus: classifier and analyze of a HAR', () => {
  const entries = fieldEntries();
  const dir = mkdtempSync(join(tmpdir(), 'mcpsi-field-'));

  it('holds every shape of the issue table', () => {
    assert.ok(entries.length >= 12, `${entries.length} entries`);
    for (const entry of entries) {
      assert.ok(entry.source.length > 20, `${entry.name}: a source`);
      assert.ok(bodyText(entry) !== undefined || entry.request.method !== 'POST', `${entry.name}: a POST needs its body`);
    }
  });

  for (const entry of fieldEntries()) {
    const eras: Array<[string, FieldEntry, FieldExpectation]> = [['session era', entry, entry.expect]];
    if (entry.stateless) eras.push(['under a 2026-07-28 header', statelessVariant(entry), entry.stateless]);
    for (const [era, variant, expected] of eras) {
      describe(`${entry.name} (${era})`, () => {
        it(`classifier: ${expected.verdict ?? 'no verdict'}, naming the shape and who answers so`, () => {
          const verdict = classifyEntry(variant);
          assert.equal(verdict?.kind ?? null, expected.verdict, JSON.stringify(verdict));
          if (verdict) {
            assert.ok(verdict.shape.startsWith(String(variant.response.status)), verdict.shape);
            assert.ok(verdict.source.length > 20, verdict.source);
          }
        });

        it(`analyze of a HAR: ${expected.findings.join(', ') || 'no error or warning'}`, async () => {
          const path = writeHar(variant, join(dir, `${entry.name}-${era === 'session era' ? 'session' : 'stateless'}.har`));
          const result = await analyzeFile(path);
          assert.equal(result.mcpEntries, variant.sessionIssuedBefore ? 2 : 1, 'the entries read as MCP traffic');
          assertFindings(result.findings, expected, entry.name);
        });
      });
    }
  }
});
