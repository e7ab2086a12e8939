// SARIF output validates against the SARIF 2.1.0 JSON schema (the copy shipped in
// @microsoft/jest-sarif), for `analyze` findings located in a file and session check findings about a server.

import * as assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { Finding } from '../../../src/core/model';
import { SESSION_CHECK_ONLY_RULES, RULE_DOCS_BASE, toSarif } from '../../../src/core/report/sarif';
import { allRules } from '../../../src/core/rules/registry';

const schema = createRequire(__filename)('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;
// The schema's language pattern is not valid as a unicode regular expression.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

function finding(rule: string, extra: Partial<Finding> = {}): Finding {
  return {
    rule,
    severity: 'error',
    message: `${rule} happened`,
    server: 'srv',
    evidence: [{ summary: 'POST /mcp → 404' }],
    at: '2026-11-23T05:00:00.000Z',
    key: `${rule}:k`,
    ...extra,
  };
}

describe('SARIF 2.1.0', () => {
  it('analyze findings located in a file (line, column, HAR entry) validate', () => {
    const log = toSarif(
      [
        finding('unknown-session', {
          sessionId: 'abc',
          evidence: [{ summary: 'POST /mcp (ping #3) → 404', file: '/tmp/trace.har', line: 1, column: 2817, entryIndex: 4 }],
        }),
        finding('stream-buffered', { severity: 'warning', evidence: [{ summary: 'gzip', file: '/tmp/trace.jsonl', line: 12 }] }),
        finding('legacy-transport', { severity: 'info' }),
      ],
      { toolVersion: '0.1.0', artifact: '/tmp/trace.har' },
    );
    const valid = validate(log);
    assert.ok(valid, JSON.stringify(validate.errors, null, 2));
    const results = log.runs[0].results as Array<{
      level: string;
      locations: Array<{ physicalLocation?: { region?: { startLine: number; startColumn?: number } } }>;
    }>;
    assert.deepEqual(
      results.map((result) => result.level),
      ['error', 'warning', 'note'],
    );
    assert.deepEqual(results[0].locations[0].physicalLocation?.region, { startLine: 1, startColumn: 2817 });
  });

  it('every rule, and the session check-only ones, carry help text and a docs link', () => {
    const ids = [...allRules.map((rule) => rule.id), ...SESSION_CHECK_ONLY_RULES.map((rule) => rule.id)];
    const log = toSarif(
      ids.map((id) => finding(id)),
      { toolVersion: '0.1.0', artifact: 'http://127.0.0.1:3001/mcp' },
    );
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    const rules = (log.runs[0].tool as { driver: { rules: Array<{ id: string; helpUri: string; help: { text: string } }> } }).driver.rules;
    assert.equal(rules.length, ids.length);
    for (const rule of rules) {
      assert.equal(rule.helpUri, `${RULE_DOCS_BASE}${rule.id}.md`);
      assert.ok(rule.help.text.length > 20, rule.id);
    }
  });

  it('an empty run validates too (a clean check uploads as "no results"), and the validator does reject', () => {
    assert.ok(validate(toSarif([], { toolVersion: '0.1.0' })), JSON.stringify(validate.errors));
    assert.equal(validate({ version: '2.1.0' }), false, 'a log without runs is invalid');
    assert.equal(validate({ ...toSarif([], { toolVersion: '0.1.0' }), version: '2.0.0' }), false);
  });
});
