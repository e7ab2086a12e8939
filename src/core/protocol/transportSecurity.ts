// What a request URL gives away: plain http to a host off this machine (sessions, tokens and
// tool data travel unencrypted), and credentials carried in the URL (userinfo, or a query
// parameter named like a token), which proxies, servers and browsers write into their logs.

import { isSecretName } from '../trace/redact';
import { isLoopbackHost } from '../util/net';

export type UrlExposure = { kind: 'plain-http'; host: string } | { kind: 'credentials-in-url'; host: string; names: string[] };

/** The exposures of one request URL (none for a URL that does not parse). */
export function urlExposures(url: string): UrlExposure[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const exposures: UrlExposure[] = [];
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) exposures.push({ kind: 'plain-http', host: parsed.host });
  const names = [...new Set([...parsed.searchParams.keys()].filter(isSecretName))];
  if (parsed.username || parsed.password) names.unshift('user:password@');
  if (names.length) exposures.push({ kind: 'credentials-in-url', host: parsed.host, names });
  return exposures;
}
