// OAuth checks for a protected server, through the SDK's own discovery, registration and token
// helpers: the metadata documents are discoverable and consistent (RFC 9728, RFC 8414), PKCE S256
// is offered, dynamic registration works, and a token issued for another resource is refused
// (the audience check of RFC 8707, which `--oauth-strict` turns on in the SDK's example server).
// No token, code or verifier is ever written to the check log.

import {
  checkResourceAllowed,
  discoverAuthorizationServerMetadata,
  discoverOAuthProtectedResourceMetadata,
  exchangeAuthorization,
  registerClient,
  startAuthorization,
  type AuthorizationServerMetadata,
  type FetchLike,
  type OAuthClientInformationFull,
} from '@modelcontextprotocol/client';
import { parseChallenge } from '../../auth/challenge';
import { startLoopbackRedirect } from '../../auth/loopback';
import { describeAuthProblem } from '../../auth/problems';
import { CLIENT_NAME } from '../../auth/provider';
import { initializeRequest } from '../probe';
import type { CheckContext, CheckLog, Check } from '../types';

/** What the metadata check found, for the checks after it. */
export interface OAuthFacts {
  authorizationServer: string;
  metadata: AuthorizationServerMetadata;
}

/** A resource no server is: a token issued for it must be refused everywhere. */
const FOREIGN_RESOURCE = 'https://audience-probe.invalid/mcp';

/** fetch that writes one line per request and answer to the check log (URLs and statuses only). */
function loggingFetch(log: CheckLog): FetchLike {
  return async (input, init) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    log.sent.push(`${(init?.method ?? 'GET').toUpperCase()} ${url.origin}${url.pathname}`);
    const response = await fetch(input, init);
    log.received.push(`${response.status} ${response.statusText}`.trim());
    return response;
  };
}

/** An initialize with no token: a protected server answers 401 with its challenge. */
async function unauthenticated(context: CheckContext, log: CheckLog, token?: string): Promise<Response> {
  log.sent.push(`POST ${context.url.pathname} initialize (${token ? 'a token issued for another resource' : 'no Authorization header'})`);
  const response = await fetch(context.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(initializeRequest('2025-11-25')),
    signal: AbortSignal.timeout(context.timeoutMs),
  });
  log.received.push(
    `${response.status} ${response.statusText}${response.headers.get('www-authenticate') ? ` · WWW-Authenticate: ${response.headers.get('www-authenticate')?.slice(0, 160)}` : ''}`,
  );
  await response.body?.cancel().catch(() => undefined);
  return response;
}

const needsOAuth = (context: CheckContext) => (context.facts.oauth ? undefined : 'the server does not ask for OAuth, or its metadata could not be read');

export const oauthMetadataCheck: Check = {
  id: 'oauth-metadata',
  title: 'OAuth metadata discoverable and consistent',
  rule: 'auth-metadata-invalid',
  runsWithoutTransport: true,
  applies: (context) => (context.facts.transport === 'none' && !context.facts.requiresAuth ? 'no MCP transport answered' : undefined),
  async run(context, log) {
    const answer = await unauthenticated(context, log);
    if (answer.status !== 401) return { status: 'skip', message: `The server answers initialize without a token (${answer.status}): no OAuth to check.` };
    const challenge = parseChallenge(answer.headers.get('www-authenticate'));
    const fetchFn = loggingFetch(log);
    try {
      const resource = await discoverOAuthProtectedResourceMetadata(
        context.url,
        challenge.resourceMetadataUrl ? { resourceMetadataUrl: challenge.resourceMetadataUrl } : {},
        fetchFn,
      );
      if (!checkResourceAllowed({ requestedResource: context.url, configuredResource: resource.resource })) {
        return {
          status: 'fail',
          message: `The protected-resource metadata names the resource ${resource.resource}, which is not ${context.url.href}: clients refuse it.`,
        };
      }
      const authorizationServer = resource.authorization_servers?.[0];
      if (!authorizationServer) return { status: 'fail', message: 'The protected-resource metadata names no authorization server.' };
      const metadata = await discoverAuthorizationServerMetadata(authorizationServer, { fetchFn });
      if (!metadata) return { status: 'fail', message: `No authorization-server metadata at ${authorizationServer} (RFC 8414 or OpenID discovery).` };
      context.facts.oauth = { authorizationServer, metadata };
      const where = challenge.resourceMetadataUrl
        ? 'the 401 names its resource metadata'
        : 'found at /.well-known/oauth-protected-resource (the 401 does not name it)';
      return {
        status: challenge.resourceMetadataUrl ? 'pass' : 'warn',
        message: `The server requires OAuth; ${where}; authorization server ${authorizationServer} (issuer matches).`,
      };
    } catch (error) {
      return { status: 'fail', message: `Sign-in cannot start: ${describeAuthProblem(error, []).message}` };
    }
  },
};

export const oauthPkceCheck: Check = {
  id: 'oauth-pkce',
  title: 'PKCE S256 offered',
  rule: 'auth-metadata-invalid',
  runsWithoutTransport: true,
  applies: needsOAuth,
  async run(context, log) {
    const methods = context.facts.oauth?.metadata.code_challenge_methods_supported;
    log.sent.push(`(the authorization-server metadata of ${context.facts.oauth?.authorizationServer}, read by oauth-metadata)`);
    log.received.push(`code_challenge_methods_supported: ${methods ? JSON.stringify(methods) : 'absent'}`);
    if (methods?.includes('S256')) return { status: 'pass', message: 'The authorization server lists S256 in code_challenge_methods_supported.' };
    return {
      status: 'fail',
      message: `The authorization server ${methods ? `offers only ${methods.join(', ')}` : 'lists no code_challenge_methods_supported'}: MCP clients must refuse to sign in without S256.`,
    };
  },
};

async function register(context: CheckContext, log: CheckLog, redirectUrl: string): Promise<OAuthClientInformationFull> {
  const oauth = context.facts.oauth as OAuthFacts;
  return registerClient(oauth.authorizationServer, {
    metadata: oauth.metadata,
    clientMetadata: {
      client_name: `${CLIENT_NAME} (session check)`,
      redirect_uris: [redirectUrl],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    },
    fetchFn: loggingFetch(log),
  });
}

export const oauthRegistrationCheck: Check = {
  id: 'oauth-registration',
  title: 'Dynamic client registration works',
  rule: 'auth-metadata-invalid',
  runsWithoutTransport: true,
  applies: needsOAuth,
  async run(context, log) {
    if (!context.facts.oauth?.metadata.registration_endpoint) {
      return {
        status: 'warn',
        message:
          'The authorization server offers no dynamic client registration: users must register a client and put its id in the server entry ("oauth": { "clientId": … }).',
      };
    }
    try {
      const client = await register(context, log, 'http://127.0.0.1/callback');
      return {
        status: 'pass',
        message: `Registration answered with a client id (${client.client_id.length > 12 ? `${client.client_id.slice(0, 8)}…` : client.client_id}).`,
      };
    } catch (error) {
      return { status: 'fail', message: `Registration was refused: ${describeAuthProblem(error, []).message}` };
    }
  },
};

/** Follows the authorization URL's redirects (no browser) to the loopback listener; undefined when a page wants a user. */
async function authorizeWithoutUser(url: URL, redirectUrl: string, log: CheckLog): Promise<{ code?: string; refused?: string } | undefined> {
  let next = url;
  for (let hop = 0; hop < 5; hop++) {
    log.sent.push(`GET ${next.origin}${next.pathname} (authorization request)`);
    const response = await fetch(next, { redirect: 'manual' });
    await response.body?.cancel().catch(() => undefined);
    const location = response.headers.get('location');
    log.received.push(`${response.status} ${response.statusText}${location ? ' · redirect' : ''}`);
    if (response.status >= 400) return { refused: `${response.status} ${response.statusText}` };
    if (!location) return undefined;
    next = new URL(location, next);
    if (next.href.startsWith(redirectUrl)) {
      const code = next.searchParams.get('code');
      return code ? { code } : { refused: next.searchParams.get('error') ?? 'no code' };
    }
  }
  return undefined;
}

export const oauthAudienceCheck: Check = {
  id: 'oauth-audience',
  title: 'Tokens for another resource refused',
  runsWithoutTransport: true,
  applies: (context) =>
    needsOAuth(context) ?? (context.facts.oauth?.metadata.registration_endpoint ? undefined : 'no dynamic registration to get a test client'),
  async run(context, log) {
    const oauth = context.facts.oauth as OAuthFacts;
    const loopback = await startLoopbackRedirect();
    try {
      const client = await register(context, log, loopback.redirectUrl);
      const { authorizationUrl, codeVerifier } = await startAuthorization(oauth.authorizationServer, {
        metadata: oauth.metadata,
        clientInformation: client,
        redirectUrl: loopback.redirectUrl,
        resource: new URL(FOREIGN_RESOURCE),
      });
      const authorized = await authorizeWithoutUser(authorizationUrl, loopback.redirectUrl, log);
      if (!authorized)
        return {
          status: 'skip',
          message: 'The authorization server shows a page to a user: this check needs an unattended authorization (a test deployment).',
        };
      if (!authorized.code)
        return { status: 'pass', message: `The authorization server refused to authorize for ${FOREIGN_RESOURCE} (${authorized.refused}).` };
      let token: string;
      try {
        const tokens = await exchangeAuthorization(oauth.authorizationServer, {
          metadata: oauth.metadata,
          clientInformation: client,
          authorizationCode: authorized.code,
          codeVerifier,
          redirectUri: loopback.redirectUrl,
          resource: new URL(FOREIGN_RESOURCE),
          fetchFn: loggingFetch(log),
        });
        token = tokens.access_token;
      } catch (error) {
        return {
          status: 'pass',
          message: `The authorization server refused a token for ${FOREIGN_RESOURCE} (${describeAuthProblem(error, [authorized.code, codeVerifier]).message}).`,
        };
      }
      const answer = await unauthenticated(context, log, token);
      if (answer.status === 401 || answer.status === 403)
        return { status: 'pass', message: `A token issued for ${FOREIGN_RESOURCE} was refused (${answer.status}): the server checks the token's audience.` };
      return {
        status: 'fail',
        message: `A token issued for ${FOREIGN_RESOURCE} was accepted (${answer.status}): the server does not check that tokens were issued for it (RFC 8707 audience), so a token stolen from any other server works here.`,
      };
    } finally {
      loopback.close();
    }
  },
};
