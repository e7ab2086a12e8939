// The session-check report's wire format between the extension (src/ui/check) and its webview.
// Messages from the webview are untrusted: parseReportMessage returns undefined for anything else.

import type { DoctorReport } from '../../../src/core/doctor/types';

export interface ReportMessage {
  type: 'report';
  server: string;
  report: DoctorReport;
}

export interface RunningMessage {
  type: 'running';
  server: string;
}

export type ExtensionToReport = ReportMessage | RunningMessage;

export type ReportToExtension = { type: 'ready' } | { type: 'rerun' } | { type: 'openRule'; rule: string };

const RULE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export function parseReportMessage(value: unknown): ReportToExtension | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const message = value as { type?: unknown; rule?: unknown };
  if (message.type === 'ready' || message.type === 'rerun') return { type: message.type };
  if (message.type === 'openRule' && typeof message.rule === 'string' && RULE_ID.test(message.rule)) return { type: 'openRule', rule: message.rule };
  return undefined;
}

export function isReportMessage(value: unknown): value is ExtensionToReport {
  const message = value as { type?: unknown; server?: unknown; report?: { checks?: unknown } } | null;
  if (!message || typeof message.server !== 'string') return false;
  return message.type === 'running' || (message.type === 'report' && Array.isArray(message.report?.checks));
}
