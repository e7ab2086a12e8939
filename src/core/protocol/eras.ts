// The two eras of MCP over HTTP, as a request shows them. Session era (2024-11-05 … 2025-11-25):
// `initialize` opens a session whose id travels in `Mcp-Session-Id`. Stateless era (2026-07-28
// on): no handshake and no sessions; every request names its protocol version in the
// `MCP-Protocol-Version` header and its method (and tool/resource name) in `Mcp-Method`/`Mcp-Name`.

/** The first protocol revision of the stateless era. */
export const STATELESS_ERA_VERSION = '2026-07-28';

/** The first revision without JSON-RPC batches. */
export const BATCHLESS_SINCE_VERSION = '2025-06-18';

export type Era = 'session' | 'stateless';

/** A revision date, YYYY-MM-DD (read per request, so without a regex). */
function isRevision(version: string): boolean {
  return version.length === 10 && version[4] === '-' && version[7] === '-' && version[0] >= '0' && version[0] <= '9';
}

/** The era a protocol version belongs to (revisions are dates, so they compare as strings). */
export function eraOfVersion(version: string | undefined): Era | undefined {
  if (!version || !isRevision(version)) return undefined;
  return version >= STATELESS_ERA_VERSION ? 'stateless' : 'session';
}

/** True when a request's `MCP-Protocol-Version` header puts it in the stateless era. */
export function isStatelessRequest(protocolVersionHeader: string | undefined): boolean {
  return eraOfVersion(protocolVersionHeader) === 'stateless';
}

/**
 * The session a request belongs to: its `Mcp-Session-Id` header (or the legacy `session_id`
 * query). Stateless-era traffic has no sessions: an id it carries is a left-over the server
 * ignores, so it belongs to no session (see `ignoredSessionIdOf`).
 */
export function sessionIdOf(
  headerValue: string | undefined,
  legacyQueryValue: string | undefined,
  protocolVersionHeader: string | undefined,
): string | undefined {
  if (legacyQueryValue && !headerValue) return legacyQueryValue;
  if (!headerValue) return undefined;
  return isStatelessRequest(protocolVersionHeader) ? undefined : headerValue;
}

/** An `Mcp-Session-Id` sent on stateless-era traffic (ignored by the server), else undefined. */
export function ignoredSessionIdOf(headerValue: string | undefined, protocolVersionHeader: string | undefined): string | undefined {
  return headerValue && isStatelessRequest(protocolVersionHeader) ? headerValue : undefined;
}

/** Whether a server speaking `version` refuses JSON-RPC batches. */
export function versionRefusesBatches(version: string | undefined): boolean {
  return Boolean(version && isRevision(version) && version >= BATCHLESS_SINCE_VERSION);
}
