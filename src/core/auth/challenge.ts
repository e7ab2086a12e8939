// What a `WWW-Authenticate` challenge says, read by the SDK's own parser: one place for the
// engine (refresh, "needs sign-in") and the rules that explain 401 and 403 answers.

import { extractWWWAuthenticateParams } from '@modelcontextprotocol/client';

export interface AuthChallenge {
  resourceMetadataUrl?: string;
  scope?: string;
  /** e.g. `invalid_token`, `insufficient_scope`. */
  error?: string;
  errorDescription?: string;
}

/** Reads a `WWW-Authenticate` value; empty when there is none or it names no Bearer/DPoP parameters. */
export function parseChallenge(header: string | null | undefined): AuthChallenge {
  if (!header) return {};
  const params = extractWWWAuthenticateParams(new Response(null, { status: 401, headers: { 'www-authenticate': header } }));
  return {
    ...(params.resourceMetadataUrl ? { resourceMetadataUrl: params.resourceMetadataUrl.href } : {}),
    ...(params.scope ? { scope: params.scope } : {}),
    ...(params.error ? { error: params.error } : {}),
    ...(params.errorDescription ? { errorDescription: params.errorDescription } : {}),
  };
}

/** The well-known paths of OAuth metadata (RFC 9728, RFC 8414, OpenID discovery). */
export const PROTECTED_RESOURCE_METADATA_PATH = '/.well-known/oauth-protected-resource';
export const AUTHORIZATION_SERVER_METADATA_PATHS = ['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration'];
