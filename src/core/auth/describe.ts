// Sign-in state in words, the same in the Servers view and the CLI: "needs sign-in",
// "signed in (mcp:tools) · token expires in 59 min", "sign-in failed: …".

import type { AuthInfo } from '../model';

/** "token expires in 59 min" / "token expired 3 s ago". */
export function tokenExpiry(expiresAt: string, nowMs = Date.now()): string {
  const seconds = Math.round((Date.parse(expiresAt) - nowMs) / 1000);
  const span = (s: number) => (s >= 5400 ? `${Math.round(s / 3600)} h` : s >= 90 ? `${Math.round(s / 60)} min` : `${s} s`);
  return seconds >= 0 ? `token expires in ${span(seconds)}` : `token expired ${span(-seconds)} ago`;
}

/** The short state: needs sign-in, signed in (scopes), sign-in failed. */
export function authState(auth: AuthInfo): string {
  if (auth.state === 'signed-in') return `signed in${auth.scopes?.length ? ` (${auth.scopes.join(' ')})` : ''}`;
  if (auth.state === 'refused') return 'sign-in failed';
  return 'needs sign-in';
}

/** The state with its detail: expiry for a signed-in server, the reason for a failed one. */
export function describeAuth(auth: AuthInfo, nowMs = Date.now()): string {
  if (auth.state === 'signed-in') return `${authState(auth)}${auth.expiresAt ? ` · ${tokenExpiry(auth.expiresAt, nowMs)}` : ''}`;
  if (auth.state === 'refused') return `sign-in failed: ${auth.reason ?? 'unknown reason'}`;
  return `needs sign-in${auth.reason ? ` (${auth.reason})` : ''}`;
}
