// OAuth for one protected MCP server, as VS Code's own client does it, through the SDK's `auth()`:
// protected-resource metadata (RFC 9728), authorization-server metadata (RFC 8414 / OIDC), dynamic
// registration or a configured client id, the authorization code with PKCE S256 and the `resource`
// indicator, and refresh. Connecting never opens a browser: a missing or dead token becomes
// "needs sign-in"; `signIn()` runs the interactive flow through a loopback redirect.

import { auth, discoverOAuthServerInfo, type AuthProvider, type FetchLike } from '@modelcontextprotocol/client';
import type { AuthInfo } from '../model';
import type { AuthLifecycleName } from '../trace/events';
import type { KnownSecrets } from '../trace/knownSecrets';
import { parseChallenge, type AuthChallenge } from './challenge';
import { startLoopbackRedirect } from './loopback';
import { describeAuthProblem, type AuthProblem } from './problems';
import { SignInRequiredError, StoredOAuthProvider, type ConfiguredClient } from './provider';
import { rememberAuthSecret } from './secretSink';
import type { AuthStorage } from './storage';

/** What the SDK transport hands `onUnauthorized` (the SDK does not export its name). */
type UnauthorizedContext = Parameters<NonNullable<AuthProvider['onUnauthorized']>>[0];

/** After a refresh, further 401s this soon are retried with the new token rather than refreshed again. */
const RECENT_REFRESH_MS = 2000;

export interface ServerAuthOptions {
  serverUrl: string;
  storage: AuthStorage;
  /** The connection's known-secret list: every token, code and verifier is added before use. */
  knownSecrets: KnownSecrets;
  /** The fetch the OAuth requests go through (recorded into the trace, redacted). */
  fetch: FetchLike;
  client?: ConfiguredClient;
  /** Records an auth step into the trace (never a secret). */
  record(name: AuthLifecycleName, detail: Record<string, unknown>): void;
  /** How long an interactive sign-in may wait for the browser (default 5 minutes). */
  signInTimeoutMs?: number;
}

export class ServerAuth {
  readonly provider: StoredOAuthProvider;
  /** The last challenge seen from the resource server. */
  challenge: AuthChallenge = {};
  private signingIn?: Promise<void>;
  private refreshing?: Promise<void>;
  private refreshedAt = 0;

  constructor(private readonly options: ServerAuthOptions) {
    this.provider = new StoredOAuthProvider(options.serverUrl, options.storage, options.knownSecrets, options.client, (tokens) =>
      options.record('auth-tokens-saved', {
        ...(tokens.scope ? { scope: tokens.scope } : {}),
        ...(tokens.expires_in !== undefined ? { expiresIn: tokens.expires_in } : {}),
        refreshable: Boolean(tokens.refresh_token),
      }),
    );
  }

  /** The minimal provider the SDK transport calls: the stored token per request; refresh (never a browser) on 401. */
  transportProvider(): AuthProvider {
    return {
      token: async () => (await this.provider.tokens())?.access_token,
      onUnauthorized: (context) => this.onUnauthorized(context),
    };
  }

  /**
   * One refresh at a time: the GET stream and a request often meet the same expiry together, and
   * a second refresh would present a refresh token the first one already rotated away.
   */
  private onUnauthorized(context: UnauthorizedContext): Promise<void> {
    this.challenge = parseChallenge(context.response.headers.get('www-authenticate'));
    if (this.refreshing) return this.refreshing;
    // A refresh that finished moments ago already gave the retry a new token.
    if (Date.now() - this.refreshedAt < RECENT_REFRESH_MS) return Promise.resolve();
    this.refreshing = this.refresh().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /**
   * Reads the protected-resource and authorization-server metadata the 401 points at (recorded in
   * the trace, so "needs sign-in" can say what the server publishes), without signing in.
   */
  private async discover(): Promise<void> {
    try {
      const info = await discoverOAuthServerInfo(this.options.serverUrl, {
        fetchFn: this.options.fetch,
        ...(this.challenge.resourceMetadataUrl ? { resourceMetadataUrl: new URL(this.challenge.resourceMetadataUrl) } : {}),
      });
      this.options.record('auth-discovery', {
        outcome: info.authorizationServerMetadata ? 'ok' : 'failed',
        authorizationServer: info.authorizationServerUrl,
        ...(info.authorizationServerMetadata
          ? {}
          : { problem: 'metadata-unreachable', reason: `no authorization-server metadata at ${info.authorizationServerUrl}` }),
      });
    } catch (error) {
      const problem = describeAuthProblem(error, this.options.knownSecrets.values);
      this.options.record('auth-discovery', { outcome: 'failed', problem: problem.kind, reason: problem.message });
    }
  }

  /**
   * Before connecting: a stored token past its expiry is refreshed now, since the SDK's version
   * probe answers a 401 as a failure without asking for a new token.
   */
  async refreshIfExpired(): Promise<void> {
    const stored = await this.provider.load();
    const tokens = stored.tokens;
    if (!tokens?.refresh_token || tokens.expires_in === undefined || !stored.tokensSavedAt) return;
    if (stored.tokensSavedAt + tokens.expires_in * 1000 > Date.now()) return;
    await this.refresh().catch(() => undefined);
  }

  private async refresh(): Promise<void> {
    const tokens = await this.provider.tokens();
    if (!tokens) {
      await this.discover();
      throw new SignInRequiredError();
    }
    if (!tokens.refresh_token) {
      this.options.record('auth-refresh', { outcome: 'impossible', reason: 'the token was refused and the server gave no refresh token' });
      await this.provider.invalidateCredentials('tokens');
      throw new SignInRequiredError();
    }
    try {
      const result = await auth(this.provider, this.authOptions());
      if (result !== 'AUTHORIZED') throw new SignInRequiredError();
      this.refreshedAt = Date.now();
      this.options.record('auth-refresh', { outcome: 'refreshed' });
    } catch (error) {
      if (error instanceof SignInRequiredError) {
        this.options.record('auth-refresh', { outcome: 'failed', reason: 'the authorization server refused the refresh token' });
        throw error;
      }
      const problem = describeAuthProblem(error, this.options.knownSecrets.values);
      this.options.record('auth-refresh', { outcome: 'failed', reason: problem.message, problem: problem.kind });
      throw new AuthProblemError(problem);
    }
  }

  private authOptions(extra: { authorizationCode?: string; iss?: string } = {}) {
    return {
      serverUrl: this.options.serverUrl,
      fetchFn: this.options.fetch,
      ...(this.challenge.resourceMetadataUrl ? { resourceMetadataUrl: new URL(this.challenge.resourceMetadataUrl) } : {}),
      ...(this.challenge.scope ? { scope: this.challenge.scope } : this.options.client?.scope ? { scope: this.options.client.scope } : {}),
      ...extra,
    };
  }

  /**
   * The interactive sign-in: `open` shows the authorization URL (a browser, or a line on the
   * terminal); the browser comes back to a loopback listener. One at a time per server.
   */
  signIn(open: (url: URL) => Promise<void>): Promise<void> {
    this.signingIn ??= this.runSignIn(open).finally(() => (this.signingIn = undefined));
    return this.signingIn;
  }

  private async runSignIn(open: (url: URL) => Promise<void>): Promise<void> {
    const loopback = await startLoopbackRedirect();
    this.provider.beginInteractive(loopback.redirectUrl, open);
    this.options.record('auth-sign-in-start', { redirectUrl: loopback.redirectUrl });
    const timeoutMs = this.options.signInTimeoutMs ?? 5 * 60_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      // Stored tokens would short-circuit the flow: signing in means a fresh authorization.
      await this.provider.invalidateCredentials('tokens');
      const first = await auth(this.provider, this.authOptions());
      if (first === 'REDIRECT') {
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`nobody completed the sign-in in the browser within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
        });
        const callback = await Promise.race([loopback.callback, timeout]);
        rememberAuthSecret(this.options.knownSecrets, callback.code);
        if (this.provider.sentState && callback.state !== this.provider.sentState)
          throw new Error('the sign-in redirect carried another state than the one sent (a stale or forged redirect)');
        const second = await auth(this.provider, this.authOptions({ authorizationCode: callback.code, ...(callback.iss ? { iss: callback.iss } : {}) }));
        if (second !== 'AUTHORIZED') throw new Error('the authorization server did not issue a token for the code');
      }
      this.options.record('auth-sign-in-complete', {});
    } catch (error) {
      const problem = this.problem(error);
      this.options.record('auth-sign-in-failed', {
        reason: problem.message,
        ...(problem instanceof AuthProblemError ? { problem: problem.problem.kind } : {}),
      });
      throw problem;
    } finally {
      clearTimeout(timer);
      loopback.close();
      this.provider.endInteractive();
    }
  }

  /** Forgets tokens, the client registration and the discovery result of this server. */
  async signOut(): Promise<void> {
    await this.provider.invalidateCredentials('all');
    this.options.record('auth-signed-out', {});
  }

  /** The sign-in state as the model shows it. */
  async info(): Promise<AuthInfo> {
    const stored = await this.provider.load();
    const tokens = stored.tokens;
    if (!tokens) return { state: 'needs-sign-in', ...this.challengeInfo() };
    return {
      state: 'signed-in',
      ...(tokens.scope ? { scopes: tokens.scope.split(' ').filter(Boolean) } : {}),
      ...(tokens.expires_in !== undefined && stored.tokensSavedAt
        ? { expiresAt: new Date(stored.tokensSavedAt + tokens.expires_in * 1000).toISOString() }
        : {}),
      refreshable: Boolean(tokens.refresh_token),
      ...(stored.discovery?.authorizationServerUrl ? { authorizationServer: stored.discovery.authorizationServerUrl } : {}),
    };
  }

  challengeInfo(): Pick<AuthInfo, 'resourceMetadataUrl' | 'requiredScope'> {
    return {
      ...(this.challenge.resourceMetadataUrl ? { resourceMetadataUrl: this.challenge.resourceMetadataUrl } : {}),
      ...(this.challenge.scope ? { requiredScope: this.challenge.scope } : {}),
    };
  }

  async hasTokens(): Promise<boolean> {
    return Boolean(await this.provider.tokens());
  }

  private problem(error: unknown): Error {
    if (error instanceof SignInRequiredError || error instanceof AuthProblemError) return error;
    return new AuthProblemError(describeAuthProblem(error, this.options.knownSecrets.values));
  }
}

/** A sign-in or refresh that failed for a reason the user must act on. */
export class AuthProblemError extends Error {
  constructor(readonly problem: AuthProblem) {
    super(problem.message);
    this.name = 'AuthProblemError';
  }
}
