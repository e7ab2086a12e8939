// JSON-RPC messages inside a body or an SSE `data:` payload, as trace events carry them: single
// messages or batches, each bounded (a large one becomes a summary) and redacted when it holds
// a credential. Shared by HAR import and the tap, which both see raw bodies rather than messages.

import { mayHoldCredential, NO_SECRETS, redactText } from '../trace/redact';

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

/** A body read as JSON: the value `JSON.parse` gave, and the JSON-RPC messages in it. */
export interface ParsedBody {
  value: unknown;
  messages: FoundMessage[];
}

/** The body parsed, when it may hold JSON-RPC (it mentions "jsonrpc") and is JSON; else undefined. */
export function parseRpcBody(text: string | undefined): ParsedBody | undefined {
  if (!text || !text.includes('"jsonrpc"')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value)) return { value, messages: isRpc(value) ? [{ message: value, size: text.length }] : [] };
  return { value, messages: value.filter(isRpc).map((message) => ({ message, size: JSON.stringify(message).length })) };
}

/** JSON-RPC messages in a body (single or batch); nothing for other text. */
export function rpcMessages(text: string | undefined): FoundMessage[] {
  return parseRpcBody(text)?.messages ?? [];
}

/** The message as the trace keeps it: a summary when too large, redacted when it may hold a credential. */
export function traceMessage(found: FoundMessage, source: string, secrets: readonly string[] = NO_SECRETS): unknown {
  const { message, size } = found;
  if (size > MESSAGE_LIMIT) return { id: message.id, method: message.method, truncated: `${size} characters` };
  if (!mayHoldCredential(source, secrets)) return message;
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
  const fields: MessageFields = {};
  setMessageFields(fields, message);
  return fields;
}

/** A message's `method`, when it is a string. */
export function messageMethod(message: { method?: unknown }): string | undefined {
  return typeof message.method === 'string' ? message.method : undefined;
}

/** A message's `id`, when it is a string or a number. */
export function messageId(message: { id?: unknown }): string | number | undefined {
  return typeof message.id === 'string' || typeof message.id === 'number' ? message.id : undefined;
}

/** Sets `messageFields(message)` on `target` directly, in the same order. */
export function setMessageFields(target: MessageFields, message: unknown): void {
  const value = message as { method?: unknown; id?: unknown; error?: { code?: unknown } };
  const method = messageMethod(value);
  if (method !== undefined) target.method = method;
  const id = messageId(value);
  if (id !== undefined) target.id = id;
  if (typeof value.error?.code === 'number') target.errorCode = value.error.code;
}

/**
 * True when a body (JSON or SSE text, possibly cut short) already holds a JSON-RPC response: a
 * quick look that needs no complete parse, for streams read only until the answer shows.
 */
export function holdsRpcResponse(body: string | undefined): boolean {
  return body !== undefined && /"(result|error)"\s*:/.test(body);
}

/** True when a request body looks like JSON-RPC (what tells MCP traffic from the rest of a HAR). */
export function looksLikeJsonRpc(body: string | undefined): boolean {
  return body !== undefined && body.includes('"jsonrpc"');
}

/** True when an SSE stream's text carries the legacy transport's `endpoint` event. */
export function hasEndpointEvent(sseText: string | undefined): boolean {
  return sseText !== undefined && /^event:\s*endpoint\s*$/m.test(sseText);
}
