// The SDK's OAuthClientProvider for one MCP server, backed by an AuthStorage: tokens, the client
// registration and the discovery result persist per server URL; the PKCE verifier and state live
// only as long as one sign-in. Every secret it handles joins the connection's redaction list.

import type {
  OAuthClientMetadata,
  OAuthClientProvider,
  OAuthDiscoveryState,
  StoredOAuthClientInformation,
  StoredOAuthTokens,
} from '@modelcontextprotocol/client';
import { randomBytes } from 'node:crypto';
import { rememberAuthSecret } from './secretSink';
import { authStorageKey, type AuthStorage } from './storage';
import type { KnownSecrets } from '../trace/knownSecrets';

/** What one server's sign-in keeps in storage (one JSON value per server URL). */
export interface StoredServerAuth {
  tokens?: StoredOAuthTokens;
  /** When the tokens were saved (ms since epoch): `expires_in` counts from here. */
  tokensSavedAt?: number;
  client?: StoredOAuthClientInformation;
  discovery?: OAuthDiscoveryState;
}

/** A client registered out of band, from the server's entry in settings (`oauth.clientId`). */
export interface ConfiguredClient {
  clientId: string;
  clientSecret?: string;
  scope?: string;
}

/** Thrown where the flow would open a browser but nobody asked to sign in. */
export class SignInRequiredError extends Error {
  constructor(readonly authorizationUrl?: string) {
    super('the server requires sign-in');
    this.name = 'SignInRequiredError';
  }
}

export const CLIENT_NAME = 'MCP Session Inspector';

export class StoredOAuthProvider implements OAuthClientProvider {
  private verifier?: string;
  private expectedState?: string;
  /** Set for the length of an interactive sign-in: where the browser comes back, and how to open it. */
  private interactive?: { redirectUrl: string; open(url: URL): Promise<void> };

  constructor(
    readonly serverUrl: string,
    private readonly storage: AuthStorage,
    private readonly knownSecrets: KnownSecrets,
    private readonly configured?: ConfiguredClient,
    private readonly onTokensSaved?: (tokens: StoredOAuthTokens) => void,
  ) {}

  beginInteractive(redirectUrl: string, open: (url: URL) => Promise<void>): void {
    this.interactive = { redirectUrl, open };
  }

  endInteractive(): void {
    this.interactive = undefined;
    this.verifier = undefined;
  }

  /** The state sent with the authorization request, for checking the callback's. */
  get sentState(): string | undefined {
    return this.expectedState;
  }

  async load(): Promise<StoredServerAuth> {
    const text = await this.storage.get(authStorageKey(this.serverUrl));
    if (!text) return {};
    try {
      const stored = JSON.parse(text) as StoredServerAuth;
      this.remember(stored);
      return stored;
    } catch {
      return {};
    }
  }

  private async change(mutate: (stored: StoredServerAuth) => void): Promise<void> {
    const stored = await this.load();
    mutate(stored);
    this.remember(stored);
    await this.storage.set(authStorageKey(this.serverUrl), JSON.stringify(stored));
  }

  private remember(stored: StoredServerAuth): void {
    rememberAuthSecret(this.knownSecrets, stored.tokens?.access_token);
    rememberAuthSecret(this.knownSecrets, stored.tokens?.refresh_token);
    rememberAuthSecret(this.knownSecrets, stored.tokens?.id_token);
    rememberAuthSecret(this.knownSecrets, stored.client?.client_secret);
  }

  /** Outside a sign-in, the registered redirect (refresh requests send no redirect, but the SDK asks). */
  get redirectUrl(): string {
    return this.interactive?.redirectUrl ?? 'http://127.0.0.1/callback';
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: CLIENT_NAME,
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      ...(this.configured?.scope ? { scope: this.configured.scope } : {}),
    };
  }

  state(): string {
    this.expectedState = randomBytes(16).toString('base64url');
    return this.expectedState;
  }

  async clientInformation(): Promise<StoredOAuthClientInformation | undefined> {
    if (this.configured) {
      rememberAuthSecret(this.knownSecrets, this.configured.clientSecret);
      return { client_id: this.configured.clientId, ...(this.configured.clientSecret ? { client_secret: this.configured.clientSecret } : {}) };
    }
    const client = (await this.load()).client;
    // A loopback port changes with every sign-in: a registration for another redirect URI is
    // registered again rather than refused by the authorization server.
    const uris = (client as { redirect_uris?: string[] } | undefined)?.redirect_uris;
    if (client && this.interactive && uris && !uris.includes(this.interactive.redirectUrl)) return undefined;
    return client;
  }

  async saveClientInformation(client: StoredOAuthClientInformation): Promise<void> {
    await this.change((stored) => (stored.client = client));
  }

  async tokens(): Promise<StoredOAuthTokens | undefined> {
    return (await this.load()).tokens;
  }

  async saveTokens(tokens: StoredOAuthTokens): Promise<void> {
    // Known before anything can record them.
    rememberAuthSecret(this.knownSecrets, tokens.access_token);
    rememberAuthSecret(this.knownSecrets, tokens.refresh_token);
    await this.change((stored) => {
      // A refresh answer may omit the refresh token: the old one stays valid (RFC 6749 §6).
      stored.tokens = { ...tokens, ...(tokens.refresh_token || !stored.tokens?.refresh_token ? {} : { refresh_token: stored.tokens.refresh_token }) };
      stored.tokensSavedAt = Date.now();
    });
    this.onTokensSaved?.(tokens);
  }

  async redirectToAuthorization(authorizationUrl: URL): Promise<void> {
    if (!this.interactive) throw new SignInRequiredError(authorizationUrl.href);
    await this.interactive.open(authorizationUrl);
  }

  saveCodeVerifier(codeVerifier: string): void {
    rememberAuthSecret(this.knownSecrets, codeVerifier);
    this.verifier = codeVerifier;
  }

  codeVerifier(): string {
    if (!this.verifier) throw new Error('no sign-in in progress');
    return this.verifier;
  }

  async saveDiscoveryState(state: OAuthDiscoveryState): Promise<void> {
    await this.change((stored) => (stored.discovery = state));
  }

  async discoveryState(): Promise<OAuthDiscoveryState | undefined> {
    return (await this.load()).discovery;
  }

  async invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): Promise<void> {
    if (scope === 'verifier') {
      this.verifier = undefined;
      return;
    }
    if (scope === 'all') {
      await this.storage.delete(authStorageKey(this.serverUrl));
      return;
    }
    await this.change((stored) => {
      if (scope === 'tokens') {
        delete stored.tokens;
        delete stored.tokensSavedAt;
      } else delete stored[scope];
    });
  }
}
