// What a connection attempt must know from each HTTP answer at once, on the exchange's path: the
// session a response issues or the server lost (events stamped from then on carry it), and how
// the handshake was answered (to fall back to legacy SSE, or explain a failure).

import type { ModelBuilder, SessionEndReason } from '../model';
import { isSessionLost } from '../protocol/answers';
import { isoNow as now } from '../util/clock';
import type { ExchangeObserver } from './observedFetch';

export interface ResponseWatchHooks {
  /** False once the connection moved on to another attempt. */
  isCurrent(): boolean;
  /** True while the attempt has a client (connecting or connected). */
  isActive(): boolean;
  setSession(id: string): void;
  endSession(reason: SessionEndReason): void;
  checkHealth(): void;
  /** The configured URL, redacted. */
  url(): string;
}

type Response = Parameters<ExchangeObserver['onResponse']>[0];

export class ResponseWatch implements ExchangeObserver {
  /** Status of the last HTTP answer before the handshake completed. */
  lastStatus?: number;
  /** The last network failure or refusal before the handshake completed, in words. */
  lastHttpFailure?: string;
  private initializeStatus?: number;
  private discoverStatus?: number;

  constructor(
    private readonly kind: 'streamable-http' | 'sse',
    private readonly builder: ModelBuilder,
    private readonly hooks: ResponseWatchHooks,
  ) {}

  onResponse(response: Response): void {
    this.noteHandshakeAnswer(response);
    if (!this.hooks.isCurrent()) return;
    if (response.sessionId && response.status < 300) this.hooks.setSession(response.sessionId);
    if (response.method === 'GET' && response.status === 405 && this.kind === 'streamable-http') this.builder.getUnsupported(now());
    const sent = this.builder.state.session.id;
    if (response.status >= 200 && response.status < 300 && sent) this.builder.sessionConfirmed(now());
    // The server lost our session: a 404 "Session not found", or the 400 "No valid session ID" older SDK servers send (never a 404 -32601 or a router's 404).
    const lost =
      sent &&
      response.status >= 400 &&
      isSessionLost(
        { status: response.status, body: response.bodyText, headers: { 'content-type': response.contentType } },
        { method: response.method, rpcMethod: response.rpcMethod, sessionId: sent },
      );
    if (lost && response.method !== 'DELETE') this.hooks.endSession('unknown-to-server');
  }

  onNetworkError(method: string, error: string): void {
    if (!this.hooks.isCurrent()) return;
    if (this.builder.state.handshake.state !== 'ready')
      this.lastHttpFailure = `${error} at ${method} ${this.hooks.url()}${error === 'connection refused' ? ' (is the server running?)' : ''}`;
    if (!this.hooks.isActive()) return;
    this.builder.networkError(error, now());
    this.hooks.checkHealth();
  }

  /** A Streamable HTTP handshake refused the way a legacy SSE server refuses it: why, in words; else undefined. */
  streamableRefusal(kind: 'streamable-http' | 'sse'): string | undefined {
    const refusedStatus = this.initializeStatus ?? this.discoverStatus;
    if (kind !== 'streamable-http' || refusedStatus === undefined || ![400, 404, 405].includes(refusedStatus) || this.initializeStatus === 200)
      return undefined;
    return `POST ${this.initializeStatus ? 'initialize' : 'server/discover'} answered ${refusedStatus}`;
  }

  /** The handshake failed after an HTTP refusal: the failure names it (unless a network failure already explains it). */
  noteRefusedHandshake(url: string, described: string): void {
    const refusedStatus = this.initializeStatus ?? this.discoverStatus;
    if (refusedStatus && refusedStatus >= 400 && !this.lastHttpFailure) this.lastHttpFailure = `HTTP ${refusedStatus} from POST ${url}: ${described}`;
  }

  private noteHandshakeAnswer(response: Response): void {
    if (response.status === 0) return;
    if (this.builder.state.handshake.state !== 'ready') this.lastStatus = response.status;
    if (response.method !== 'POST') return;
    if (response.rpcMethod === 'initialize') this.initializeStatus = response.status;
    if (response.rpcMethod === 'server/discover') this.discoverStatus = response.status;
  }
}
