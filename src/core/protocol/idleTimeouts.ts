// Idle times after which well-known software cuts a connection that carries nothing: a stream
// dropped after about that long without an event or a keep-alive names its likely culprit.

export interface KnownIdleTimeout {
  ms: number;
  who: string;
}

export const KNOWN_IDLE_TIMEOUTS: readonly KnownIdleTimeout[] = [
  { ms: 5_000, who: 'Node.js http server keepAliveTimeout (5 s)' },
  { ms: 60_000, who: 'a proxy or load balancer idle timeout of 60 s (nginx proxy_read_timeout, AWS ALB, many ingress controllers)' },
  { ms: 100_000, who: 'a CDN idle timeout of 100 s (Cloudflare)' },
  { ms: 120_000, who: 'a proxy idle timeout of 120 s (e.g. Azure Front Door, some API gateways)' },
  { ms: 300_000, who: 'undici’s bodyTimeout (300 s, Node’s built-in fetch) or a 5-minute proxy timeout' },
];

/** The well-known timeout an idle time matches (within 10 %, at least 1 s), if any. */
export function knownIdleTimeout(idleMs: number): KnownIdleTimeout | undefined {
  return KNOWN_IDLE_TIMEOUTS.find((known) => Math.abs(idleMs - known.ms) <= Math.max(1000, known.ms * 0.1));
}
