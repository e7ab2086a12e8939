// JUnit XML for `check` and `analyze` (`--junit FILE`), for CI systems that show test reports but
// take no SARIF. One testcase per session check, or per rule for `analyze`. What makes the command
// exit non-zero is a <failure> (a failed check, an error finding); warnings and infos go to
// <system-out> of a passing testcase; skipped checks are <skipped>. Text is redacted again here.

import type { CheckResult } from '../check/types';
import type { Finding } from '../model';
import { redactQueryValues, redactText } from '../trace/redact';

interface TestCase {
  name: string;
  classname: string;
  timeSeconds?: number;
  failure?: { type: string; message: string; text: string };
  skipped?: string;
  out?: string;
}

/** Characters XML 1.0 cannot hold at all (most C0 controls, lone surrogates, U+FFFE/FFFF). */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function escapeXml(text: string): string {
  return redactQueryValues(redactText(text))
    .replace(NOT_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function suiteXml(name: string, cases: readonly TestCase[], timeSeconds?: number): string {
  const failures = cases.filter((test) => test.failure).length;
  const skipped = cases.filter((test) => test.skipped !== undefined).length;
  const time = (seconds: number | undefined) => (seconds === undefined ? '' : ` time="${seconds.toFixed(3)}"`);
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="mcp-session-inspector" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}"${time(timeSeconds)}>`,
    `  <testsuite name="${escapeXml(name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}"${time(timeSeconds)}>`,
  ];
  for (const test of cases) {
    const open = `    <testcase name="${escapeXml(test.name)}" classname="${escapeXml(test.classname)}"${time(test.timeSeconds)}`;
    if (!test.failure && test.skipped === undefined && !test.out) {
      lines.push(`${open}/>`);
      continue;
    }
    lines.push(`${open}>`);
    if (test.failure)
      lines.push(
        `      <failure type="${escapeXml(test.failure.type)}" message="${escapeXml(test.failure.message)}">${escapeXml(test.failure.text)}</failure>`,
      );
    if (test.skipped !== undefined) lines.push(`      <skipped message="${escapeXml(test.skipped)}"/>`);
    if (test.out) lines.push(`      <system-out>${escapeXml(test.out)}</system-out>`);
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}

/** The session check's checks: a failed check fails its testcase; a warning is written to its output. */
export function checksToJunit(target: string, checks: readonly CheckResult[], durationMs?: number): string {
  const cases = checks.map((check): TestCase => {
    const exchange = check.sent.map((sent, index) => `→ ${sent}${check.received[index] ? `\n← ${check.received[index]}` : ''}`).join('\n');
    const text = `${check.message}${exchange ? `\n${exchange}` : ''}`;
    const test: TestCase = { name: `${check.id}: ${check.title}`, classname: `check.${check.rule ?? check.id}`, timeSeconds: check.durationMs / 1000 };
    if (check.status === 'fail') test.failure = { type: 'fail', message: check.message, text };
    else if (check.status === 'skip') test.skipped = check.message;
    else test.out = `${check.status}: ${text}`;
    return test;
  });
  return suiteXml(`check ${target}`, cases, durationMs === undefined ? undefined : durationMs / 1000);
}

function findingText(finding: Finding): string {
  const evidence = finding.evidence.map((item) => `  ${item.file ? `${item.file}${item.line ? `:${item.line}` : ''}: ` : ''}${item.summary}`);
  return [
    `${finding.severity}: ${finding.message}`,
    ...(finding.fix ? [`fix: ${finding.fix}`] : []),
    ...(finding.clearedAt ? [`cleared at ${finding.clearedAt}`] : []),
    ...evidence,
  ].join('\n');
}

/**
 * `analyze`: one testcase per rule (`rules`, in order; a rule that fired but is not listed is
 * added). Error findings fail their rule's testcase; warnings and infos are its output.
 */
export function findingsToJunit(file: string, rules: ReadonlyArray<{ id: string; title: string }>, findings: readonly Finding[]): string {
  const byRule = new Map<string, Finding[]>();
  for (const finding of findings) byRule.set(finding.rule, [...(byRule.get(finding.rule) ?? []), finding]);
  const listed = [...rules, ...[...byRule.keys()].filter((id) => !rules.some((rule) => rule.id === id)).map((id) => ({ id, title: id }))];
  const cases = listed.map((rule): TestCase => {
    const found = byRule.get(rule.id) ?? [];
    const test: TestCase = { name: `${rule.id}: ${rule.title}`, classname: `analyze.${rule.id}` };
    const errors = found.filter((finding) => finding.severity === 'error');
    if (errors.length) test.failure = { type: 'error', message: errors[0].message, text: errors.map(findingText).join('\n\n') };
    const others = found.filter((finding) => finding.severity !== 'error');
    if (others.length) test.out = others.map(findingText).join('\n\n');
    return test;
  });
  return suiteXml(`analyze ${file}`, cases);
}
