// Observes JSON-RPC traffic on an SDK transport instance without subclassing it (the v2 client
// treats the exact base StdioClientTransport specially): `send` and the handler properties the
// client assigns are wrapped on the instance.

import type { Transport } from '@modelcontextprotocol/client';
import { isSmallAndPlain } from '../trace/plainMessage';
import { messageFields, type MessageFields } from '../protocol/rpcMessages';
import type { Recorder } from './recorder';

/** A bounded, redacted copy of a message for the trace (a summary when it is too large). */
function boundedMessage(message: unknown, recorder: Recorder): unknown {
  // The common case, decided without serialising: small, nothing to redact, kept as is (the SDK
  // does not mutate messages).
  if (isSmallAndPlain(message, recorder.maxBodyBytes, recorder.secrets)) return message;
  const text = JSON.stringify(message) ?? 'null';
  if (text.length > recorder.maxBodyBytes) return { ...messageFields(message), truncated: `${text.length} characters` };
  const redacted = recorder.text(text).text;
  // Nothing to redact (the common case): the message itself is kept; the SDK does not mutate it.
  if (redacted === text) return message;
  try {
    return JSON.parse(redacted) as unknown;
  } catch {
    return redacted;
  }
}

export interface TransportHooks {
  onMessageIn?(fields: MessageFields): void;
  onClose?(): void;
  onError?(error: Error): void;
}

/** Wraps `send`, `onmessage`, `onclose` and `onerror` of one transport instance. */
export function observeTransport<T extends Transport>(transport: T, recorder: Recorder, hooks: TransportHooks = {}): T {
  const originalSend = transport.send.bind(transport);
  const bounded = (message: unknown) => boundedMessage(message, recorder);
  // Not async: one promise less per message; the SDK awaits what the original returns.
  transport.send = (message, options) => {
    recorder.recordMessageLater('message-out', message, bounded);
    return originalSend(message, options);
  };
  // The SDK chains handlers (reads the current one, assigns a function that calls it), so each
  // assigned handler is wrapped and a re-entrancy flag records every dispatch exactly once.
  let dispatching = false;
  // Handlers take at most two arguments (the message and its extra info, or the error): fixed
  // parameters, not rest and spread, since one of them runs for every message.
  type Handler = (a?: unknown, b?: unknown) => void;
  const once = (observe: Handler, handler: Handler | undefined) =>
    handler &&
    ((a?: unknown, b?: unknown) => {
      if (dispatching) return handler(a, b);
      dispatching = true;
      try {
        observe(a, b);
      } finally {
        dispatching = false;
      }
      dispatching = true;
      try {
        handler(a, b);
      } finally {
        dispatching = false;
      }
    });
  const observeMessage = (message: unknown) => {
    recorder.recordMessageLater('message-in', message, bounded);
    hooks.onMessageIn?.(messageFields(message));
  };
  const define = (key: 'onmessage' | 'onclose' | 'onerror', observe: Handler) => {
    let current = once(observe, transport[key] as Handler | undefined);
    Object.defineProperty(transport, key, {
      configurable: true,
      get: () => current,
      set: (handler: Handler | undefined) => (current = once(observe, handler)),
    });
  };
  define('onmessage', observeMessage);
  define('onclose', () => hooks.onClose?.());
  define('onerror', (error) => hooks.onError?.(error as Error));
  return transport;
}
