// What an OAuth failure means, in the user's words: the SDK's errors sorted into the kinds the
// `auth-metadata-invalid` rule and the session check name, with secrets removed from the text.

import { IssuerMismatchError, RegistrationRejectedError } from '@modelcontextprotocol/client';
import { redactText } from '../trace/redact';

export type AuthProblemKind = 'metadata-unreachable' | 'issuer-mismatch' | 'no-s256' | 'registration-refused' | 'token-refused' | 'other';

export interface AuthProblem {
  kind: AuthProblemKind;
  message: string;
}

/** Sorts an error thrown by the SDK's `auth()` (or our flow) into a problem kind. */
export function describeAuthProblem(error: unknown, knownSecrets: readonly string[]): AuthProblem {
  const raw = error instanceof Error ? error.message : String(error);
  const message = redactText(raw.split('\n')[0], knownSecrets);
  if (error instanceof IssuerMismatchError || (/issuer/i.test(raw) && /mismatch|does not match|differs/i.test(raw)))
    return { kind: 'issuer-mismatch', message };
  if (error instanceof RegistrationRejectedError || (/dynamic client registration|registration/i.test(raw) && /reject|refus|not support|fail/i.test(raw)))
    return { kind: 'registration-refused', message };
  if (/code challenge method S256/i.test(raw)) return { kind: 'no-s256', message };
  if (/protected resource metadata|well-known|OAuth metadata|provider metadata|does not match expected/i.test(raw))
    return { kind: 'metadata-unreachable', message };
  if (/invalid_grant|invalid_token|invalid_client/i.test(raw)) return { kind: 'token-refused', message };
  return { kind: 'other', message };
}
