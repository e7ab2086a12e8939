// Answers that say "no MCP endpoint at this path": a web framework's own 404 (plain text, HTML
// or empty — not a JSON-RPC body), a legacy `endpoint` event that lost the prefix the app is
// mounted under, and a 307/308 that only adds or removes a trailing slash.

/** True for a 404 body written by a router rather than an MCP server (no JSON-RPC in it). */
export function isRouterNotFound(status: number, body: string | undefined): boolean {
  if (status !== 404) return false;
  const text = (body ?? '').trim();
  if (text.includes('"jsonrpc"')) return false;
  return text === '' || /^(not found|404\b|cannot (post|get|delete) |<!doctype html|<html|\{"(detail|error|message)":\s*"not found")/i.test(text);
}

/** The mount prefix of a legacy SSE URL path: `/api/sse` → `/api/`; none for `/sse`. */
function mountPrefixOf(ssePath: string): string | undefined {
  const slash = ssePath.lastIndexOf('/');
  return slash > 0 ? ssePath.slice(0, slash + 1) : undefined;
}

/** The prefix the endpoint lost, when the SSE stream is mounted under one and the endpoint is not under it. */
export function droppedMountPrefix(sseUrl: string, endpoint: string): string | undefined {
  let sse: URL;
  let target: URL;
  try {
    sse = new URL(sseUrl);
    target = new URL(endpoint, sse);
  } catch {
    return undefined;
  }
  if (target.origin !== sse.origin) return undefined;
  const prefix = mountPrefixOf(sse.pathname);
  return prefix && !target.pathname.startsWith(prefix) ? prefix : undefined;
}

/** True for a 307/308 whose Location only adds or removes a trailing slash of the request's path. */
export function isTrailingSlashRedirect(status: number, requestUrl: string, location: string | undefined): boolean {
  if ((status !== 307 && status !== 308) || !location) return false;
  try {
    const from = new URL(requestUrl);
    const to = new URL(location, from);
    return from.pathname !== to.pathname && from.pathname.replace(/\/+$/, '') === to.pathname.replace(/\/+$/, '');
  } catch {
    return false;
  }
}
