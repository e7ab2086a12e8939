// Every rule has its page and one row in docs/rules/README.md, with the severity the code gives it;
// every page belongs to a rule (live rules and the session check's own ids), and names the tests
// that make it fire and keep it silent.

import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allChecks } from '../../../src/core/check';
import { SESSION_CHECK_ONLY_RULES } from '../../../src/core/report/sarif';
import { allRules } from '../../../src/core/rules/registry';

// Tests run from out/test/unit/docs; the docs and tests live in the repo root.
const ROOT = join(__dirname, '..', '..', '..', '..');
const RULES_DIR = join(ROOT, 'docs', 'rules');
const SECTIONS = ['## What it detects', '## Why it matters', '## How to fix it', '## Example evidence', '## How it is tested', '## Spec reference'];

const rules = [...allRules.map(({ id, severity }) => ({ id, severity })), ...SESSION_CHECK_ONLY_RULES.map(({ id, severity }) => ({ id, severity }))];
const pages = readdirSync(RULES_DIR)
  .filter((name) => name.endsWith('.md') && name !== 'README.md')
  .map((name) => name.slice(0, -3));
const table = readFileSync(join(RULES_DIR, 'README.md'), 'utf8');
const rows = [...table.matchAll(/^\| \[`([a-z-]+)`\]\(([a-z-]+)\.md\) \| ([a-z]+) \|/gm)].map(([, id, link, severity]) => ({ id, link, severity }));

function page(id: string): string {
  return readFileSync(join(RULES_DIR, `${id}.md`), 'utf8');
}

describe('rule pages and the rule table', () => {
  it('no rule id is registered twice (live rules and session-check-only ids together)', () => {
    const ids = rules.map((rule) => rule.id);
    assert.deepEqual(
      ids.filter((id, index) => ids.indexOf(id) !== index),
      [],
    );
  });

  it('every rule a session check reports is registered (so it has a page and a row)', () => {
    const unknown = allChecks.filter((check) => check.rule && !rules.some((rule) => rule.id === check.rule)).map((check) => `${check.id}: ${check.rule}`);
    assert.deepEqual(unknown, []);
  });

  it('every registered rule has a page under docs/rules', () => {
    assert.deepEqual(
      rules.filter((rule) => !pages.includes(rule.id)).map((rule) => rule.id),
      [],
    );
  });

  it('every page under docs/rules belongs to a registered rule', () => {
    assert.deepEqual(
      pages.filter((id) => !rules.some((rule) => rule.id === id)),
      [],
    );
  });

  it('docs/rules/README.md lists every rule exactly once, linking its own page, with the severity the code gives it', () => {
    assert.deepEqual(
      rows.filter((row) => row.link !== row.id).map((row) => row.id),
      [],
      'rows linking another page',
    );
    const listed = rows.map((row) => row.id);
    assert.deepEqual(
      listed.filter((id, index) => listed.indexOf(id) !== index),
      [],
      'listed twice',
    );
    assert.deepEqual(
      rules.filter((rule) => !listed.includes(rule.id)).map((rule) => rule.id),
      [],
      'missing from the table',
    );
    assert.deepEqual(
      listed.filter((id) => !rules.some((rule) => rule.id === id)),
      [],
      'in the table but not registered',
    );
    const wrong = rows.filter((row) => rules.find((rule) => rule.id === row.id)?.severity !== row.severity);
    assert.deepEqual(
      wrong.map((row) => `${row.id}: table says ${row.severity}`),
      [],
    );
  });

  it('every page states the severity the code gives it and has the same sections', () => {
    const problems: string[] = [];
    for (const rule of rules.filter((candidate) => pages.includes(candidate.id))) {
      const text = page(rule.id);
      if (!text.startsWith(`# \`${rule.id}\``)) problems.push(`${rule.id}: the title does not name the rule`);
      const severity = /^\*\*Severity:\*\* ([a-z]+)/m.exec(text)?.[1];
      if (severity !== rule.severity) problems.push(`${rule.id}: page says ${severity ?? 'nothing'}, code says ${rule.severity}`);
      for (const section of SECTIONS) if (!text.includes(`\n${section}\n`)) problems.push(`${rule.id}: no "${section}"`);
    }
    assert.deepEqual(problems, []);
  });

  it('the tests a page names exist', () => {
    const missing: string[] = [];
    for (const id of pages) {
      const tested = page(id).split('\n## How it is tested\n')[1]?.split('\n## ')[0] ?? '';
      const files = [...tested.matchAll(/`(test\/[^`]+\.ts)`/g)].map((match) => match[1]);
      if (!files.length) missing.push(`${id}: names no test file`);
      for (const file of files) if (!existsSync(join(ROOT, file))) missing.push(`${id}: ${file} does not exist`);
    }
    assert.deepEqual(missing, []);
  });
});
