// insecure-transport: requests go over plain http to a host that is not this machine, or carry
// credentials in the URL (userinfo, `?api_key=…`). Read from the URLs in the traffic (whose
// credential values the trace already redacted); the names are enough to tell.

import { urlExposures } from '../protocol/transportSecurity';
import type { RuleDefinition } from './types';

export const insecureTransport: RuleDefinition = {
  id: 'insecure-transport',
  severity: 'warning',
  title: 'Plain http to a remote host, or credentials in the URL',
  kinds: ['http-request'],
  create() {
    /** `kind host` already reported: the same URL comes with every request. */
    const seen = new Set<string>();
    /** The URL judged last: every exposure it has is reported already, so its next request is skipped unparsed. */
    let lastUrl: string | undefined;
    return {
      onEvent(event, reporter) {
        if (event.kind !== 'http-request' || event.url === lastUrl) return;
        lastUrl = event.url;
        const exposures = urlExposures(event.url);
        for (const exposure of exposures) {
          const key = `${exposure.kind} ${exposure.host}`;
          if (seen.has(key)) continue;
          if (seen.size < 1000) seen.add(key);
          const evidence = [{ summary: `${event.method} ${event.url}`, seq: event.seq, t: event.t }];
          if (exposure.kind === 'plain-http') {
            reporter.report({
              key,
              message: `Requests go to ${exposure.host} over plain http: session ids, tokens and tool data cross the network unencrypted, and anyone on the path can read or replay them.`,
              fix: 'Use https for every server that is not on this machine (terminate TLS at the server or its proxy).',
              evidence,
            });
          } else {
            reporter.report({
              key,
              message: `Requests to ${exposure.host} carry credentials in the URL (${exposure.names.join(', ')}). URLs end up in proxy, server and browser logs and in shared configs, so the credential leaks with them.`,
              fix: 'Send credentials in a header (Authorization: Bearer …) or through the OAuth flow, not in the URL.',
              evidence,
            });
          }
        }
      },
    };
  },
};
