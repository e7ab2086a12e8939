// The one place sign-in secrets (access and refresh tokens, authorization codes, PKCE verifiers,
// client secrets) join a connection's known secrets, before anything records them.

import type { KnownSecrets } from '../trace/knownSecrets';

/** Adds `value` to the connection's known secrets (redacted in every spelling from then on). */
export function rememberAuthSecret(knownSecrets: KnownSecrets, value: string | undefined): void {
  knownSecrets.add(value);
}

const SECRET_FIELDS = ['access_token', 'refresh_token', 'id_token', 'client_secret', 'code', 'code_verifier', 'assertion', 'subject_token'];

/**
 * Adds the credential fields of an OAuth request or response body (JSON or form-encoded) to
 * `knownSecrets`: called on each body before it is recorded, so the trace holds none of them.
 */
export function rememberSecretsInBody(knownSecrets: KnownSecrets, body: string | undefined): void {
  if (!body) return;
  const text = body.trim();
  if (text.startsWith('{')) {
    try {
      const parsed = JSON.parse(text) as Record<string, unknown>;
      for (const field of SECRET_FIELDS) if (typeof parsed[field] === 'string') rememberAuthSecret(knownSecrets, parsed[field]);
    } catch {
      // not JSON after all
    }
    return;
  }
  if (!text.includes('=')) return;
  const form = new URLSearchParams(text);
  for (const field of SECRET_FIELDS) rememberAuthSecret(knownSecrets, form.get(field) ?? undefined);
}
