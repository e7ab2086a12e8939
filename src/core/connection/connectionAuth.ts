// OAuth for a connection: only an HTTP server the config gives no credentials of its own gets it.

import { rememberSecretsInBody } from '../auth/secretSink';
import { AuthProblemError, ServerAuth } from '../auth/serverAuth';
import { MemoryAuthStorage } from '../auth/storage';
import type { ServerConfig } from '../config/types';
import type { AuthInfo } from '../model';
import type { AuthLifecycleName } from '../trace/events';
import type { KnownSecrets } from '../trace/knownSecrets';
import { isAuthorizationFailure } from './failure';
import { createObservedFetch } from './observedFetch';
import { QUIET_OBSERVER } from './quietObserver';
import type { Recorder } from './recorder';
import type { EngineOptions } from './types';

/** An Authorization header in the config, or URL userinfo (sent as Basic): the user chose the credentials, no OAuth. */
export function sendsOwnAuthorization(config: ServerConfig): boolean {
  return Object.keys(config.headers ?? {}).some((name) => name.toLowerCase() === 'authorization') || /^https?:\/\/[^/]*@/.test(config.url ?? '');
}

/** The OAuth controller, for HTTP servers that carry no Authorization header of their own; `record` receives its steps. */
export function createConnectionAuth(
  config: ServerConfig,
  options: EngineOptions,
  recorder: Recorder,
  secrets: KnownSecrets,
  record: (name: AuthLifecycleName, detail: Record<string, unknown>) => void,
): ServerAuth | undefined {
  if (config.type === 'stdio' || !config.url) return undefined;
  if (sendsOwnAuthorization(config)) return undefined;
  // OAuth exchanges are recorded, and a credential in them is known (and redacted) from then on.
  const fetch = createObservedFetch(recorder, QUIET_OBSERVER, { legacy: () => false, onBodyText: (text) => rememberSecretsInBody(secrets, text) });
  return new ServerAuth({
    serverUrl: config.url,
    storage: options.authStorage ?? new MemoryAuthStorage(),
    knownSecrets: secrets,
    fetch,
    ...(config.oauth ? { client: config.oauth } : {}),
    record,
  });
}

/** The stored sign-in (scopes, expiry) and the server's challenge, for the model; undefined while no token is held. */
export async function signedInInfo(auth: ServerAuth | undefined): Promise<AuthInfo | undefined> {
  if (!auth || !(await auth.hasTokens())) return undefined;
  const info = await auth.info();
  return { ...info, ...auth.challengeInfo() };
}

/**
 * After a failed handshake: the sign-in the server waits for, or undefined when the failure is not
 * about authorization or the inspector cannot sign in (a refused configured token is a failure like any other).
 */
export async function signInState(auth: ServerAuth | undefined, error: unknown, lastStatus: number | undefined): Promise<AuthInfo | undefined> {
  if (!auth || !isAuthorizationFailure(error, lastStatus)) return undefined;
  const info = await auth.info();
  const refused = error instanceof AuthProblemError;
  return { ...(info ?? {}), state: refused ? 'refused' : 'needs-sign-in', ...(refused ? { reason: error.message } : {}) };
}
