// What CORS answers mean for browser MCP clients: whether a response lets the page read
// Mcp-Session-Id, and which MCP request headers a preflight answer does not allow. Shared by the
// live rules and the session check.

/** Headers MCP clients send that a preflight must allow (the last two in the 2026-07-28 era). */
export const MCP_REQUEST_HEADERS = ['mcp-session-id', 'mcp-protocol-version', 'last-event-id', 'authorization', 'mcp-method', 'mcp-name'];

/** True when `Access-Control-Expose-Headers` lets a page read Mcp-Session-Id. */
export function exposesSessionHeader(exposeHeaders: string | null | undefined): boolean {
  const exposed = (exposeHeaders ?? '').toLowerCase();
  return exposed.includes('mcp-session-id') || exposed.trim() === '*';
}

/** The `wanted` headers an `Access-Control-Allow-Headers` value does not allow (a wildcard never covers Authorization). */
export function headersNotAllowed(allowHeaders: string | null | undefined, wanted: readonly string[]): string[] {
  const allowed = (allowHeaders ?? '')
    .toLowerCase()
    .split(',')
    .map((header) => header.trim());
  return wanted.filter((header) => !allowed.includes(header) && !(allowed.includes('*') && header !== 'authorization'));
}
