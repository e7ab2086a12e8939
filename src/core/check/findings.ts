// Failed and warning checks become findings, so the session check's verdicts show up in the Problems
// panel, in `check --json` and in SARIF exactly like live diagnostics.

import type { Finding } from '../model';
import type { SessionCheckReport } from './types';

/** One finding per failed or warning check that maps to a rule. */
export function sessionCheckFindings(report: SessionCheckReport, server: string): Finding[] {
  return report.checks
    .filter((check) => (check.status === 'fail' || check.status === 'warn') && check.rule)
    .map((check) => ({
      rule: check.rule as string,
      severity: check.status === 'fail' ? 'error' : 'warning',
      message: `${check.title}: ${check.message}`,
      server,
      evidence: check.sent.map((sent, index) => ({ summary: `${sent} → ${check.received[index] ?? 'no answer'}` })),
      at: report.startedAt,
      key: `doctor:${check.id}`,
    }));
}
