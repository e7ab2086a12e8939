// What the HTTP tap passes on unchanged and what it may not: hop-by-hop headers belong to one
// connection (RFC 9110 §7.6.1) and `Host` names the server, as a reverse proxy must.

import { urlToHttpOptions } from 'node:url';

/** Hop-by-hop headers (RFC 9110 §7.6.1): they belong to one connection and are never forwarded. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'proxy-authenticate',
  'proxy-authorization',
]);

/** Copies raw headers minus hop-by-hop ones (and any the Connection header names), replacing Host. */
export function forwardableHeaders(raw: readonly string[], host?: string): string[] {
  const connectionListed = new Set<string>();
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i].toLowerCase() === 'connection') for (const name of raw[i + 1].split(',')) connectionListed.add(name.trim().toLowerCase());
  }
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (HOP_BY_HOP.has(name) || connectionListed.has(name)) continue;
    if (name === 'host' && host) continue;
    out.push(raw[i], raw[i + 1]);
  }
  if (host) out.unshift('Host', host);
  return out;
}

/** The first value of a raw header (names compared lower-cased). */
export function headerValue(raw: readonly string[], name: string): string | undefined {
  for (let i = 0; i < raw.length; i += 2) if (raw[i].toLowerCase() === name) return raw[i + 1];
  return undefined;
}

/**
 * How long the tap keeps an idle connection to the server, ms. A server closes idle connections
 * after a timeout of its own, and a request sent on one just as it closes fails; it cannot be
 * sent again, since the server may have read it. 4 s is undici's default, so the tap holds
 * connections no longer than its clients do; a server announcing `Keep-Alive: timeout=N` gets
 * N − 1 s from Node's agent. (An agent's socket timeout leaves a busy stream alone.)
 */
export const UPSTREAM_IDLE_MS = 4000;

/** A request target: its URL on the server, and what `http.request` takes for it. */
export interface Route {
  readonly url: URL;
  readonly options: Readonly<ReturnType<typeof urlToHttpOptions>>;
}

/** Paths remembered (a client sends the same few; a legacy client one per session). */
const MAX_ROUTES = 64;

/** The server URL of each request path, parsed once per path rather than once per request. */
export class Routes {
  private readonly cache = new Map<string, Route>();

  constructor(private readonly upstream: URL) {}

  /**
   * Where a request target leads, or undefined when it names no URL or a server other than the
   * upstream (`//other-host/…`, an absolute-form URL): the tap is no open proxy.
   */
  of(path: string): Route | undefined {
    let route = this.cache.get(path);
    if (!route) {
      let url: URL;
      try {
        url = new URL(path, this.upstream);
      } catch {
        return undefined;
      }
      if (url.origin !== this.upstream.origin) return undefined;
      route = { url, options: urlToHttpOptions(url) };
      if (this.cache.size >= MAX_ROUTES) this.cache.clear();
      this.cache.set(path, route);
    }
    return route;
  }
}
