// Why a connection attempt failed, in one line a user can act on.

import { UnauthorizedError } from '@modelcontextprotocol/client';
import { SignInRequiredError } from '../auth/provider';
import { AuthProblemError } from '../auth/serverAuth';
import { statusOfSseTransportError } from '../protocol/sdkErrors';
import { describeFetchError } from './observedFetch';

/** Thrown inside connect when an HTTP answer says "not Streamable HTTP here": fall back to legacy SSE. */
export class NotStreamableHttp extends Error {}

/** An error in one line (a network failure named as such). */
export function errorMessage(error: unknown): string {
  const network = describeFetchError(error);
  const text = error instanceof Error ? error.message : String(error);
  return network !== text ? network : text.split('\n')[0];
}

/** True when the handshake failed on authorization (a 401, or a sign-in the flow needs). */
export function isAuthorizationFailure(error: unknown, lastStatus: number | undefined): boolean {
  return error instanceof SignInRequiredError || error instanceof AuthProblemError || error instanceof UnauthorizedError || lastStatus === 401;
}

export interface FailureContext {
  /** The last HTTP status before the handshake completed. */
  lastStatus?: number;
  /** A network failure or refusal seen on the way, already in words. */
  lastHttpFailure?: string;
  /** The configured Authorization header or URL userinfo was sent (no OAuth). */
  ownAuthorization: boolean;
  /** `resource_metadata` of the server's challenge, when it asked for OAuth. */
  resourceMetadataUrl?: string;
  requestTimeoutMs: number;
}

/** The handshake failure as the model shows it (not yet redacted). */
export function explainFailure(error: unknown, context: FailureContext): string {
  if (error instanceof AuthProblemError) return `sign-in failed: ${error.message}`;
  if (isAuthorizationFailure(error, context.lastStatus)) {
    if (context.ownAuthorization) {
      return 'the server refused the configured credentials (HTTP 401; Authorization header or URL userinfo): the token is wrong or expired';
    }
    const where = context.resourceMetadataUrl ? ` (resource metadata: ${context.resourceMetadataUrl})` : '';
    return `the server requires sign-in (HTTP 401)${where}`;
  }
  if (context.lastHttpFailure) return context.lastHttpFailure;
  const message = errorMessage(error);
  if (/timed? ?out/i.test(message)) return `no answer to the handshake within ${context.requestTimeoutMs} ms`;
  return message;
}

/** `promise`, or a rejection after `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** Neither transport found a server: a legacy SSE GET that answered an HTTP status means the URL's path is wrong. */
export function noServerAt(redactedUrl: string, streamableReason: string, fallbackError: unknown): unknown {
  const status = statusOfSseTransportError(errorMessage(fallbackError));
  if (!status) return fallbackError;
  return new Error(`no MCP server at ${redactedUrl}: Streamable HTTP ${streamableReason}, and the legacy SSE GET answered ${status}. Check the URL's path.`);
}
