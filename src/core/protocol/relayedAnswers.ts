// The HTTP status an answer's body names when a bridge relays the body without the status
// (mcp-remote 0.15 turns "Error POSTing to endpoint: <body>" into a JSON-RPC error for its stdio
// client): the SDKs word their errors after the status ("Bad Request: …", "Not Found: …"), and
// the TypeScript SDK v2 transport answers an unknown session 404 -32001 "Session not found".

/** The status the body's own words name, or undefined when they name none. */
export function statusNamedByBody(body: string): number | undefined {
  let message = body;
  let code: unknown;
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown; code?: unknown } };
    if (typeof parsed.error?.message === 'string') message = parsed.error.message;
    code = parsed.error?.code;
  } catch {
    // plain text
  }
  if (/^Bad Request\b/i.test(message)) return 400;
  if (/^Not Found\b/i.test(message)) return 404;
  if (code === -32001 && /^Session not found$/i.test(message)) return 404;
  return undefined;
}

const RELAYED_POST_FAILURE = /^mcp-remote: Error POSTing to endpoint(?: \(HTTP (\d{3})\))?: (.*)$/s;

/**
 * The HTTP failure a bridge relayed to its stdio client as a JSON-RPC error message (mcp-remote:
 * "mcp-remote: Error POSTing to endpoint (HTTP 404): <body>"), with the status it names or, when
 * it names none, the status the body's words name (0 when neither does).
 */
export function relayedPostFailure(errorMessage: string): { status: number; body: string } | undefined {
  const match = RELAYED_POST_FAILURE.exec(errorMessage);
  if (!match) return undefined;
  return { status: Number(match[1] ?? 0) || statusNamedByBody(match[2]) || 0, body: match[2] };
}
