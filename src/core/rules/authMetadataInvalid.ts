// auth-metadata-invalid: sign-in cannot work as the server publishes it: no or unreachable
// protected-resource metadata, an issuer that does not match, no PKCE S256, registration refused.

import { AUTHORIZATION_SERVER_METADATA_PATHS } from '../auth/challenge';
import type { Evidence } from '../model';
import { exchangeEvidence } from '../protocol/exchanges';
import type { RuleDefinition } from './types';

const FIXES: Record<string, string> = {
  'metadata-unreachable':
    'Publish RFC 9728 protected-resource metadata at the resource_metadata URL of the 401 (or /.well-known/oauth-protected-resource), naming at least one authorization server.',
  'issuer-mismatch':
    'The authorization server’s metadata must carry the exact issuer URL it is fetched for (RFC 8414 §3.3): fix the issuer, or the authorization_servers entry that points at it.',
  'no-s256': 'Have the authorization server support PKCE with S256 and list it in code_challenge_methods_supported: MCP clients refuse to sign in without it.',
  'registration-refused':
    'Enable dynamic client registration for this client, or register one by hand and put its id in the server’s entry: "oauth": { "clientId": "…" }.',
};

const TITLES: Record<string, string> = {
  'metadata-unreachable': 'its OAuth metadata cannot be found or read',
  'issuer-mismatch': 'the authorization server’s issuer does not match',
  'no-s256': 'the authorization server does not offer PKCE S256',
  'registration-refused': 'the authorization server refused client registration',
};

export const authMetadataInvalid: RuleDefinition = {
  id: 'auth-metadata-invalid',
  severity: 'error',
  title: 'The server’s OAuth metadata or registration makes sign-in impossible',
  kinds: ['http-request', 'http-response', 'lifecycle'],
  create(context) {
    const exchanges = context.exchanges;
    const report = (reporter: Parameters<ReturnType<RuleDefinition['create']>['onEvent']>[1], kind: string, detail: string, evidence: Evidence) =>
      reporter.report({ key: kind, message: `Sign-in cannot work: ${TITLES[kind]} (${detail}).`, fix: FIXES[kind], evidence: [evidence] });
    return {
      onEvent(event, reporter) {
        if (event.kind === 'lifecycle') {
          if (event.name === 'auth-sign-in-complete') for (const kind of Object.keys(TITLES)) reporter.clear(kind);
          const problem = String(event.detail?.problem ?? '');
          if ((event.name === 'auth-sign-in-failed' || event.name === 'auth-refresh' || event.name === 'auth-discovery') && TITLES[problem]) {
            report(reporter, problem, String(event.detail?.reason ?? ''), {
              summary: `${event.name}: ${String(event.detail?.reason ?? problem)}`,
              seq: event.seq,
              t: event.t,
            });
          }
          return;
        }
        const request = exchanges.observe(event);
        if (event.kind !== 'http-response' || !request) return;
        // The SDK signs in when an authorization server lists no challenge methods at all; MCP requires S256 listed.
        if (event.status === 200 && AUTHORIZATION_SERVER_METADATA_PATHS.some((path) => request.path.startsWith(path))) {
          let methods: unknown;
          try {
            methods = (JSON.parse(event.body ?? '') as { code_challenge_methods_supported?: unknown }).code_challenge_methods_supported;
          } catch {
            return;
          }
          if (!Array.isArray(methods) || !methods.includes('S256')) {
            report(
              reporter,
              'no-s256',
              Array.isArray(methods)
                ? `code_challenge_methods_supported is ${JSON.stringify(methods)}`
                : 'its metadata has no code_challenge_methods_supported',
              exchangeEvidence(request, event),
            );
          }
        }
      },
    };
  },
};
