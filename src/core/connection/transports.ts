// The SDK transports a connection runs on, and the timers it keeps while connected.

import { SSEClientTransport, StreamableHTTPClientTransport, type AuthProvider } from '@modelcontextprotocol/client';
import type { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { withTimeout } from './failure';

export type ActiveTransport =
  | { kind: 'streamable-http'; transport: StreamableHTTPClientTransport }
  | { kind: 'sse'; transport: SSEClientTransport }
  | { kind: 'stdio'; transport: StdioClientTransport };

/** An HTTP transport whose every request goes through `fetch` (the observed one). */
export function createHttpTransport(
  kind: 'streamable-http' | 'sse',
  url: URL,
  fetch: typeof globalThis.fetch,
  requestInit: RequestInit,
  authProvider: AuthProvider | undefined,
): ActiveTransport {
  const auth = authProvider ? { authProvider } : {};
  return kind === 'streamable-http'
    ? { kind, transport: new StreamableHTTPClientTransport(url, { fetch, requestInit, ...auth }) }
    : { kind, transport: new SSEClientTransport(url, { fetch, requestInit, eventSourceInit: { fetch } as EventSourceInit, ...auth }) };
}

/** The liveness probe and the rules' clock, while connected; both unref'd (they never keep a process alive). */
export class ConnectionTimers {
  private ping?: NodeJS.Timeout;
  private tick?: NodeJS.Timeout;

  start(pingIntervalMs: number, onPing: () => void, onTick: () => void): void {
    this.stop();
    if (pingIntervalMs > 0) {
      this.ping = setInterval(onPing, pingIntervalMs);
      this.ping.unref();
    }
    this.tick = setInterval(onTick, 1000);
    this.tick.unref();
  }

  stop(): void {
    clearInterval(this.ping);
    clearInterval(this.tick);
    this.ping = undefined;
    this.tick = undefined;
  }
}

/** Ends a Streamable HTTP session with DELETE; false when there is none, or the server refused (405) or is gone. */
export async function deleteSession(active: ActiveTransport): Promise<boolean> {
  if (active.kind !== 'streamable-http' || !active.transport.sessionId) return false;
  try {
    await withTimeout(active.transport.terminateSession(), 5000);
    return true;
  } catch {
    return false;
  }
}
