// Reads the inspector's own JSONL trace line by line (never the whole file): each line one
// trace event. Lines that are not events are reported with their line number and skipped.

import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { TraceEvent, TraceKind } from '../trace/events';

const KINDS = new Set<TraceKind>(['http-request', 'http-response', 'sse-event', 'message-out', 'message-in', 'stderr', 'lifecycle']);

export type JsonlItem = { line: number; event: TraceEvent } | { line: number; error: string };

/** Validates one parsed line as a trace event; returns the reason it is not one. */
export function traceEventProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const event = value as Partial<TraceEvent>;
  if (typeof event.kind !== 'string' || !KINDS.has(event.kind)) return `unknown event kind ${JSON.stringify(event.kind)}`;
  if (typeof event.t !== 'string' || Number.isNaN(Date.parse(event.t))) return 'missing or invalid time `t`';
  if ((event.kind === 'http-request' || event.kind === 'http-response') && (typeof event.exchange !== 'number' || typeof event.headers !== 'object' || event.headers === null)) return `${event.kind} without exchange or headers`;
  return undefined;
}

/** Reads the file line by line, handing each event (or the reason a line is not one) to `onItem`. */
export async function readJsonlTrace(path: string, onItem: (item: JsonlItem) => void): Promise<void> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let number = 0;
  for await (const text of lines) {
    number++;
    if (!text || (text.charCodeAt(0) <= 32 && !text.trim())) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      onItem({ line: number, error: 'not valid JSON' });
      continue;
    }
    const problem = traceEventProblem(parsed);
    onItem(problem ? { line: number, error: problem } : { line: number, event: parsed as TraceEvent });
  }
}
