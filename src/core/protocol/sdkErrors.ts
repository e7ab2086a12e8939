// What the SDK client's own errors say about the answer behind them: its legacy SSE transport
// reports a refused GET as "SSE error: Non-200 status code (404)".

/** The HTTP status the SDK's SSE transport names in its error, or undefined. */
export function statusOfSseTransportError(message: string): string | undefined {
  return /Non-200 status code \((\d+)\)/.exec(message)?.[1];
}
