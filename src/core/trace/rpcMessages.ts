// JSON-RPC messages inside a body or an SSE `data:` payload, as trace events carry them: single
// messages or batches, each bounded (a large one becomes a summary) and redacted when it holds
// a credential. Shared by HAR import and the tap, which both see raw bodies rather than messages.

import { redactText } from './redact';

/** Messages larger than this (in characters) are kept as a summary. */
export const MESSAGE_LIMIT = 64 * 1024;

export interface FoundMessage {
  message: Record<string, unknown>;
  /** Length of the message's text. */
  size: number;
}

function isRpc(item: unknown): item is Record<string, unknown> {
  return typeof item === 'object' && item !== null && (item as { jsonrpc?: unknown }).jsonrpc === '2.0';
}

/** JSON-RPC messages in a body (single or batch); nothing for other text. */
export function rpcMessages(text: string | undefined): FoundMessage[] {
  if (!text || !text.includes('"jsonrpc"')) return [];
  try {
    const parsed = JSON.parse(text) as unknown;
    if (!Array.isArray(parsed)) return isRpc(parsed) ? [{ message: parsed, size: text.length }] : [];
    return parsed.filter(isRpc).map((message) => ({ message, size: JSON.stringify(message).length }));
  } catch {
    return [];
  }
}

/** The message as the trace keeps it: a summary when too large, redacted when it may hold a credential. */
export function traceMessage(found: FoundMessage, source: string, secrets: readonly string[] = []): unknown {
  const { message, size } = found;
  if (size > MESSAGE_LIMIT) return { id: message.id, method: message.method, truncated: `${size} characters` };
  const mayHoldSecret = source.includes('Bearer') || source.includes('Basic') || secrets.some((secret) => source.includes(secret));
  if (!mayHoldSecret) return message;
  try {
    return JSON.parse(redactText(JSON.stringify(message), secrets));
  } catch {
    return { id: message.id, method: message.method };
  }
}

/** What a message trace event carries besides the message itself. */
export interface MessageFields {
  method?: string;
  id?: string | number;
  errorCode?: number;
}

/** The method, id and error code of a JSON-RPC message (plain assignments, in this key order: every message passes here). */
export function messageFields(message: unknown): MessageFields {
  const value = message as { method?: unknown; id?: unknown; error?: { code?: unknown } };
  const fields: MessageFields = {};
  if (typeof value.method === 'string') fields.method = value.method;
  if (typeof value.id === 'string' || typeof value.id === 'number') fields.id = value.id;
  if (typeof value.error?.code === 'number') fields.errorCode = value.error.code;
  return fields;
}
