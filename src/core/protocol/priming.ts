// SSE priming events (an event id with empty data, SEP-1699) arrived with protocol 2025-11-25.
// Which version a request speaks: its MCP-Protocol-Version header; without one, a server assumes
// 2025-03-26 — except for initialize, whose version is in its params and settles in the handshake.

import type { RequestInfo } from './exchanges';

/** The first protocol version whose clients accept an empty-data priming event. */
export const PRIMING_SINCE = '2025-11-25';

/** What a server assumes of a request without MCP-Protocol-Version (Streamable HTTP, 2025-06-18 on). */
export const ASSUMED_WITHOUT_HEADER = '2025-03-26';

/** True for a dated session-era version older than 2025-11-25 (dates compare as strings). */
export function isOlderThanPriming(version: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(version) && version < PRIMING_SINCE;
}

/** The protocol version a request speaks, given the version its client negotiated (when known). */
export function protocolVersionOfRequest(request: RequestInfo | undefined, negotiated: string | undefined): string | undefined {
  if (request?.protocolVersionHeader) return request.protocolVersionHeader;
  if (negotiated) return negotiated;
  return request && request.rpcMethod !== 'initialize' ? ASSUMED_WITHOUT_HEADER : undefined;
}

/**
 * True for an event id shaped like those of the v1 SDK example's InMemoryEventStore
 * (`<stream>_<epoch ms>_<base36>`).
 */
export function isExampleEventStoreId(eventId: string): boolean {
  return /^.+_\d{13}_[0-9a-z]{1,8}$/.test(eventId);
}

/**
 * Why a resume from `eventId` can miss a response, when the id shows the SDK example's event store:
 * it replays by sorting ids as strings, so events stored in the same millisecond come back in
 * random order, and a response can sort before the event a client resumes from (typescript-sdk#943).
 */
export function exampleEventStoreCause(eventId: string | undefined): string | undefined {
  if (!eventId || !isExampleEventStoreId(eventId)) return undefined;
  return 'The event id has the shape of the SDK example InMemoryEventStore, which replays events stored in the same millisecond in random order, so a response stored right after the event a client resumes from can be skipped (typescript-sdk#943): use an event store that replays in the order it stored.';
}
