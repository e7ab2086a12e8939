// Requests as a 2026-07-28 client sends them: the per-request `_meta` envelope (protocol version,
// client capabilities) and the headers that must agree with the body (MCP-Protocol-Version,
// Mcp-Method, and Mcp-Name for the methods that name something).

import { rpc } from './probe';

export const STATELESS_ERA_VERSION = '2026-07-28';

export interface ModernRequest {
  body: ReturnType<typeof rpc>;
  headers: Record<string, string>;
}

/** A 2026-07-28 request; `headers` overrides (or, set to '', drops) what a correct client sends. */
export function modernRequest(
  method: string,
  params: Record<string, unknown> = {},
  options: { version?: string; name?: string; headers?: Record<string, string> } = {},
): ModernRequest {
  const version = options.version ?? STATELESS_ERA_VERSION;
  const body = rpc(method, { ...params, _meta: { 'io.modelcontextprotocol/protocolVersion': version, 'io.modelcontextprotocol/clientCapabilities': {} } });
  const headers: Record<string, string> = { 'mcp-protocol-version': version, 'mcp-method': method };
  if (options.name !== undefined) headers['mcp-name'] = options.name;
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === '') delete headers[name];
    else headers[name] = value;
  }
  return { body, headers };
}
