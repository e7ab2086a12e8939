// What a client's log says about an HTTP answer it got, when the log is all there is (the stdio
// tap in front of mcp-remote sees only its output). mcp-remote prints the refused POST's body:
//   Error POSTing to endpoint: {"jsonrpc":"2.0","error":{"code":-32000,"message":"Bad Request: No valid session ID provided"}}
// and, a line later, the same body again as `text: '…'`. The body's shape tells who answered and
// with which status: the TypeScript SDK v1 examples and server-everything answer an unknown session
// 400 "No valid session ID provided"; the TypeScript SDK v2 answers 404 -32001 "Session not found".

export interface LoggedUnknownSession {
  /** The HTTP status that shape is sent with. */
  status: 400 | 404;
  /** The shape matched and who answers that way. */
  shape: string;
  /** The JSON body as logged, when the line holds one. */
  body?: string;
}

const JSON_BODY = /\{"jsonrpc":"2\.0".*\}/;

/** The unknown-session answer a client's log line reports, or undefined when it reports none. */
export function loggedUnknownSession(line: string): LoggedUnknownSession | undefined {
  const body = JSON_BODY.exec(line)?.[0];
  if (/Bad Request: No valid session ID provided/i.test(line)) {
    return {
      status: 400,
      shape: '400 -32000 "Bad Request: No valid session ID provided" (TypeScript SDK v1 examples, server-everything)',
      ...(body ? { body } : {}),
    };
  }
  if (/"code":\s*-32001\s*,\s*"message":\s*"Session not found"/.test(line)) {
    return { status: 404, shape: '404 -32001 "Session not found" (TypeScript SDK v2)', ...(body ? { body } : {}) };
  }
  return undefined;
}
