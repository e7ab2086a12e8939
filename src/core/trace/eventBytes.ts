// A cheap estimate of the memory one trace event holds, computed once when the store keeps it:
// the trace ring is bounded by bytes as well as by count, and every JSON-RPC message passes
// here, so nothing is serialised. The figures approximate V8's heap: an object's header (with
// the spare room objects built by spreading or validation carry) and one slot per property, a
// string's header and one byte per character. The bench (bench/figures/memory.ts) compares the
// estimate with the heap a cleared ring frees: about 0.9× for pings, 1.0× for large bodies.

import type { TraceEvent } from './events';

/**
 * The trace ring's default byte budget, 64 MiB: 10,000 events of ordinary traffic (pings, tool
 * calls, lists) take a few megabytes, so the count bounds them; only large bodies reach this first.
 */
export const DEFAULT_TRACE_BYTES = 64 * 1024 * 1024;

/** The event object, its `t` string, its slot in the ring and its recorded size. */
export const EVENT_OVERHEAD_BYTES = 160;
const OBJECT_BYTES = 48;
const SLOT_BYTES = 8;
const STRING_BYTES = 16;
/** Deeper than any message: a structure this deep is counted no further (events are JSON, so never cyclic). */
const MAX_DEPTH = 64;

/** Estimated bytes `event` keeps alive (the strings and objects only it holds). */
export function estimateEventBytes(event: TraceEvent): number {
  switch (event.kind) {
    case 'message-out':
    case 'message-in':
      return EVENT_OVERHEAD_BYTES + valueBytes(event.message, 0);
    case 'http-request':
      return EVENT_OVERHEAD_BYTES + textBytes(event.body) + textBytes(event.url) + valueBytes(event.headers, 0);
    case 'http-response':
      return EVENT_OVERHEAD_BYTES + textBytes(event.body) + textBytes(event.error) + valueBytes(event.headers, 0);
    case 'sse-event':
      return EVENT_OVERHEAD_BYTES + textBytes(event.data) + textBytes(event.comment) + textBytes(event.id);
    case 'stderr':
      return EVENT_OVERHEAD_BYTES + textBytes(event.line) + textBytes(event.file);
    case 'lifecycle':
      return EVENT_OVERHEAD_BYTES + valueBytes(event.detail, 0);
    default:
      // A kind this list does not name yet: every value it carries.
      return EVENT_OVERHEAD_BYTES + valueBytes(event, 0);
  }
}

function textBytes(text: string | undefined): number {
  return text === undefined ? 0 : STRING_BYTES + text.length;
}

function valueBytes(value: unknown, depth: number): number {
  if (typeof value === 'string') return STRING_BYTES + value.length;
  if (typeof value !== 'object' || value === null || depth >= MAX_DEPTH) return 0;
  if (Array.isArray(value)) {
    let bytes = OBJECT_BYTES + SLOT_BYTES * value.length;
    for (let i = 0; i < value.length; i++) bytes += valueBytes(value[i], depth + 1);
    return bytes;
  }
  let bytes = OBJECT_BYTES;
  const object = value as Record<string, unknown>;
  // for…in, not Object.keys: no array allocated per object. JSON values have no inherited keys.
  for (const key in object) bytes += SLOT_BYTES + valueBytes(object[key], depth + 1);
  return bytes;
}
