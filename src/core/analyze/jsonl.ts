// Reads the inspector's own JSONL trace line by line (never the whole file): each line one
// trace event. Lines that are not events are reported with their line number and skipped.

import type { TraceEvent, TraceKind } from '../trace/events';
import { readTextChunks } from './textChunks';

const KINDS = new Set<TraceKind>(['http-request', 'http-response', 'sse-event', 'message-out', 'message-in', 'stderr', 'lifecycle']);

export type JsonlItem = { line: number; event: TraceEvent } | { line: number; error: string };

/** Two ASCII digits at `at` as a number, or -1. */
function twoDigits(t: string, at: number): number {
  const high = t.charCodeAt(at) - 48;
  const low = t.charCodeAt(at + 1) - 48;
  return high >= 0 && high <= 9 && low >= 0 && low <= 9 ? high * 10 + low : -1;
}

/**
 * `YYYY-MM-DDTHH:MM:SS.sssZ` (what toISOString writes) with fields in the ranges `Date.parse`
 * accepts; anything else is left to `Date.parse`.
 */
function canonicalTime(t: string): boolean {
  if (
    t.length !== 24 ||
    t.charCodeAt(4) !== 45 ||
    t.charCodeAt(7) !== 45 ||
    t.charCodeAt(10) !== 84 ||
    t.charCodeAt(13) !== 58 ||
    t.charCodeAt(16) !== 58 ||
    t.charCodeAt(19) !== 46 ||
    t.charCodeAt(23) !== 90
  )
    return false;
  if (twoDigits(t, 0) < 0 || twoDigits(t, 2) < 0 || twoDigits(t, 20) < 0 || t.charCodeAt(22) < 48 || t.charCodeAt(22) > 57) return false;
  const month = twoDigits(t, 5);
  const day = twoDigits(t, 8);
  const hour = twoDigits(t, 11);
  const minute = twoDigits(t, 14);
  const second = twoDigits(t, 17);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59;
}

/** `Date.parse` accepts it (checked by hand for the canonical form: this runs for every line). */
function validTime(t: string): boolean {
  return canonicalTime(t) || !Number.isNaN(Date.parse(t));
}

/** Validates one parsed line as a trace event; returns the reason it is not one. */
export function traceEventProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const event = value as Partial<TraceEvent>;
  if (typeof event.kind !== 'string' || !KINDS.has(event.kind)) return `unknown event kind ${JSON.stringify(event.kind)}`;
  if (typeof event.t !== 'string' || !validTime(event.t)) return 'missing or invalid time `t`';
  if (
    (event.kind === 'http-request' || event.kind === 'http-response') &&
    (typeof event.exchange !== 'number' || typeof event.headers !== 'object' || event.headers === null)
  )
    return `${event.kind} without exchange or headers`;
  if (event.kind === 'http-request' && (typeof event.url !== 'string' || typeof event.method !== 'string')) return 'http-request without method or url';
  if (event.kind === 'http-response' && typeof event.status !== 'number') return 'http-response without status';
  return undefined;
}

/**
 * Reads the file line by line, handing each event (or the reason a line is not one) to `onItem`.
 * Lines are cut from large decoded chunks (no readline), ending where readline ends them: at LF,
 * CRLF or a lone CR.
 */
export async function readJsonlTrace(path: string, onItem: (item: JsonlItem) => void): Promise<void> {
  let number = 0;
  const handle = (text: string) => {
    number++;
    if (!text || (text.charCodeAt(0) <= 32 && !text.trim())) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      onItem({ line: number, error: 'not valid JSON' });
      return;
    }
    const problem = traceEventProblem(parsed);
    onItem(problem ? { line: number, error: problem } : { line: number, event: parsed as TraceEvent });
  };
  // A lone CR also ends a line (as in readline): split further only in chunks that have a CR.
  const line = (text: string, mayHaveCr: boolean) => {
    if (!mayHaveCr || text.indexOf('\r') === -1) handle(text);
    else for (const part of text.split('\r')) handle(part);
  };
  let partial = '';
  await readTextChunks(path, (chunk) => {
    const text = partial ? partial + chunk : chunk;
    const hasCr = text.indexOf('\r') !== -1;
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      line(text.slice(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end), hasCr);
      start = end + 1;
    }
    partial = text.slice(start);
  });
  if (partial) line(partial, true);
}
