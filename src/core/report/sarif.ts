// SARIF 2.1.0 output for `check` and `analyze`: one run, the rules that fired with help text and
// links to their docs, one result per finding located in a file when the evidence has one.

import type { Finding } from '../model';
import { allRules } from '../rules/registry';

/** Where rule docs live; help links are `${RULE_DOCS_BASE}<id>.md`. */
export const RULE_DOCS_BASE = 'https://github.com/mcp-session-inspector/mcp-session-inspector/blob/main/docs/rules/';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/** Rules only the session check reports (they need active probes, not a trace). */
export const SESSION_CHECK_ONLY_RULES: ReadonlyArray<{ id: string; severity: 'error' | 'warning' | 'info'; title: string }> = [
  { id: 'origin-not-validated', severity: 'warning', title: 'A loopback server accepts a foreign Origin' },
  { id: 'header-mismatch-accepted', severity: 'warning', title: 'A 2026-07-28 server accepts Mcp-Method or Mcp-Name that disagree with the body' },
  { id: 'stateless-era-answers', severity: 'warning', title: 'A 2026-07-28 server answers GET, DELETE or initialize unlike the era expects' },
];

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: Array<Record<string, unknown>>;
}

/** Builds a SARIF log for findings; `artifact` is the file analysed or the server URL checked. */
export function toSarif(findings: readonly Finding[], options: { toolVersion: string; artifact?: string }): SarifLog {
  const titles = new Map<string, { severity: 'error' | 'warning' | 'info'; title: string }>(
    [...allRules, ...SESSION_CHECK_ONLY_RULES].map((rule) => [rule.id, rule]),
  );
  const ruleIds = [...new Set(findings.map((finding) => finding.rule))].sort();
  const rules = ruleIds.map((id) => {
    const rule = titles.get(id);
    const title = rule?.title ?? id;
    return {
      id,
      name: id.replace(/(^|-)(\w)/g, (_match, _dash, letter: string) => letter.toUpperCase()),
      shortDescription: { text: title },
      fullDescription: { text: `${title}. See the rule's page for why it matters and how to fix it.` },
      helpUri: `${RULE_DOCS_BASE}${id}.md`,
      help: { text: `${title}. ${RULE_DOCS_BASE}${id}.md`, markdown: `**${title}**\n\n[How to fix](${RULE_DOCS_BASE}${id}.md)` },
      defaultConfiguration: { level: LEVEL[rule?.severity ?? 'warning'] },
    };
  });
  const results = findings.map((finding) => {
    const located = finding.evidence.find((evidence) => evidence.file);
    const location = located?.file
      ? {
          physicalLocation: {
            artifactLocation: { uri: located.file },
            ...(located.line ? { region: { startLine: located.line, ...(located.column ? { startColumn: located.column } : {}) } } : {}),
          },
        }
      : { logicalLocations: [{ name: finding.server, kind: 'module', fullyQualifiedName: `mcp-server:${finding.server}` }] };
    return {
      ruleId: finding.rule,
      ruleIndex: ruleIds.indexOf(finding.rule),
      level: LEVEL[finding.severity],
      message: { text: `${finding.message}${finding.fix ? ` Fix: ${finding.fix}` : ''}` },
      locations: [location],
      ...(finding.sessionId
        ? { properties: { sessionId: finding.sessionId, evidence: finding.evidence.map((evidence) => evidence.summary) } }
        : { properties: { evidence: finding.evidence.map((evidence) => evidence.summary) } }),
      partialFingerprints: { findingKey: finding.key },
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'mcp-session-inspector',
            version: options.toolVersion,
            informationUri: RULE_DOCS_BASE.replace(/blob\/main\/docs\/rules\/$/, ''),
            rules,
          },
        },
        ...(options.artifact ? { artifacts: [{ location: { uri: options.artifact } }] } : {}),
        results,
      },
    ],
  };
}
