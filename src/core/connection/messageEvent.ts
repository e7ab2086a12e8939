// Trace events for JSON-RPC messages, the engine's most frequent: each is built as one object
// literal holding exactly its keys. A key added after the literal goes to a second,
// out-of-object store: 32 bytes and one more object for each of the thousands of events the
// trace ring holds, which the garbage collector then copies and marks.

import type { TraceEvent } from '../trace/events';
import { messageId, messageMethod, setMessageFields } from '../protocol/rpcMessages';

export interface MessageEventBase {
  t: string;
  server: string;
  session: string | undefined;
  client: string;
  kind: 'message-out' | 'message-in';
}

/** The event for `message` (kept in the trace as `kept`), with the keys and key order `setMessageFields` gives. */
export function messageEvent({ t, server, session, client, kind }: MessageEventBase, message: unknown, kept: unknown): TraceEvent {
  const value = (message ?? {}) as { method?: unknown; id?: unknown; error?: unknown };
  const method = messageMethod(value);
  const id = messageId(value);
  if (value.error === undefined) {
    // Requests, answers and notifications.
    if (session === undefined) {
      if (method !== undefined && id !== undefined) return { seq: 0, t, server, client, kind, message: kept, method, id };
      if (id !== undefined) return { seq: 0, t, server, client, kind, message: kept, id };
      if (method !== undefined) return { seq: 0, t, server, client, kind, message: kept, method };
    } else {
      if (method !== undefined && id !== undefined) return { seq: 0, t, server, session, client, kind, message: kept, method, id };
      if (id !== undefined) return { seq: 0, t, server, session, client, kind, message: kept, id };
      if (method !== undefined) return { seq: 0, t, server, session, client, kind, message: kept, method };
    }
  }
  const event: TraceEvent =
    session === undefined ? { seq: 0, t, server, client, kind, message: kept } : { seq: 0, t, server, session, client, kind, message: kept };
  setMessageFields(event, message);
  return event;
}
