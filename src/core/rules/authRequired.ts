// auth-required: the server answered 401 to a request outside a live session (the handshake):
// what its WWW-Authenticate and protected-resource metadata say, and what to do.

import { parseChallenge, PROTECTED_RESOURCE_METADATA_PATH } from '../auth/challenge';
import type { HttpResponseEvent } from '../trace/events';
import { clientOf, exchangeEvidence } from '../protocol/exchanges';
import type { RuleDefinition } from './types';

/** What protected-resource metadata (RFC 9728) names: its authorization servers and scopes. */
function metadataSummary(body: string | undefined): string | undefined {
  if (!body) return undefined;
  try {
    const metadata = JSON.parse(body) as { authorization_servers?: unknown; scopes_supported?: unknown };
    const servers = Array.isArray(metadata.authorization_servers) ? metadata.authorization_servers.filter((s) => typeof s === 'string') : [];
    const scopes = Array.isArray(metadata.scopes_supported) ? metadata.scopes_supported.filter((s) => typeof s === 'string') : [];
    if (!servers.length) return 'its protected-resource metadata names no authorization server';
    return `its metadata names the authorization server ${servers.join(', ')}${scopes.length ? ` and the scopes ${scopes.join(' ')}` : ''}`;
  } catch {
    return undefined;
  }
}

export const authRequired: RuleDefinition = {
  id: 'auth-required',
  severity: 'warning',
  title: 'The server requires authorization (401)',
  kinds: ['http-request', 'http-response', 'lifecycle'],
  create(context) {
    const exchanges = context.exchanges;
    let last: { key: string; challengeText: string; response: HttpResponseEvent } | undefined;
    let metadata: string | undefined;
    let configuredToken = false;
    return {
      onEvent(event, reporter) {
        if (event.kind === 'lifecycle') {
          if (event.name === 'handshake-complete' || event.name === 'auth-sign-in-complete') {
            reporter.clear(clientOf(event));
            last = undefined;
          }
          return;
        }
        const request = exchanges.observe(event);
        if (event.kind === 'http-request') {
          // A redacted Authorization on an MCP request before any sign-in: the user's own token.
          if (event.headers.authorization && !last) configuredToken = true;
          return;
        }
        if (event.kind !== 'http-response' || !request) return;
        if (request.path.startsWith(PROTECTED_RESOURCE_METADATA_PATH) && event.status === 200) {
          metadata = metadataSummary(event.body);
          if (last && metadata) report();
          return;
        }
        if (event.status !== 401 || request.sessionId) return;
        const challenge = parseChallenge(event.headers['www-authenticate']);
        const said = [
          challenge.resourceMetadataUrl ? `resource_metadata=${challenge.resourceMetadataUrl}` : '',
          challenge.scope ? `scope="${challenge.scope}"` : '',
          challenge.error ? `error="${challenge.error}"` : '',
        ].filter(Boolean);
        const challengeText = event.headers['www-authenticate']
          ? `WWW-Authenticate says ${said.length ? said.join(', ') : `"${event.headers['www-authenticate'].slice(0, 120)}"`}`
          : 'with no WWW-Authenticate header (the client cannot discover how to sign in)';
        last = { key: clientOf(event), challengeText, response: event };
        report();

        function report() {
          if (!last) return;
          const evidence = exchangeEvidence(exchanges.get(last.response.exchange), last.response);
          reporter.report({
            key: last.key,
            message: `The server requires authorization: it answered 401, and ${last.challengeText}${metadata ? `; ${metadata}` : ''}. This is not a session or protocol-version problem.`,
            fix: configuredToken
              ? 'The token you send (headers.Authorization / --header) was refused: get a new one, or remove the header and sign in with OAuth instead.'
              : 'Sign in: the Servers view’s Sign In action, or the CLI with --sign-in (add --token-cache FILE to keep the tokens). A token obtained elsewhere can be sent with --header "Authorization: Bearer …".',
            evidence: [evidence],
          });
        }
      },
    };
  },
};
