// What a 2026-07-28 (stateless era) answer means, from its status and JSON-RPC error: the codes
// that era added (-32020 header/body mismatch, -32022 unsupported protocol version with the
// supported list) and "method not found" (-32601), which in this era is no session problem.
// Small on purpose: the one answer classifier takes these over.

/** The JSON-RPC error of an answer, as read from its body. */
export interface RpcErrorShape {
  code?: number;
  message: string;
  data?: unknown;
}

/** -32020: the request's headers (Mcp-Method, Mcp-Name, MCP-Protocol-Version) and body disagree. */
export const HEADER_MISMATCH = -32020;
/** -32022: the protocol version is not supported; `data.supported` lists the ones that are. */
export const UNSUPPORTED_VERSION = -32022;
export const METHOD_NOT_FOUND = -32601;

/** A 400 -32020: the server enforces that headers and body agree. */
export function isHeaderMismatchAnswer(status: number, error: RpcErrorShape | undefined): boolean {
  return status === 400 && error?.code === HEADER_MISMATCH;
}

/** A -32601 "Method not found" (404 in this era's HTTP binding, or 200 with the error). */
export function isUnknownMethodAnswer(status: number, error: RpcErrorShape | undefined): boolean {
  return (status === 404 || status === 200) && error?.code === METHOD_NOT_FOUND;
}

/** What is missing from a -32022 answer's shape (400, `data.supported` a list of versions); empty when it is complete. */
export function unsupportedVersionShapeGaps(status: number, error: RpcErrorShape | undefined): string[] {
  const gaps: string[] = [];
  if (error?.code !== UNSUPPORTED_VERSION) return [`error code ${error?.code ?? 'none'} instead of -32022`];
  if (status !== 400) gaps.push(`HTTP ${status} instead of 400`);
  const supported = (error.data as { supported?: unknown } | undefined)?.supported;
  if (!Array.isArray(supported) || !supported.every((version) => typeof version === 'string'))
    gaps.push('no `data.supported` list of versions, so the client cannot pick one it shares');
  return gaps;
}
