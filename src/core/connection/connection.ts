// One observed connection to one configured server: an SDK v2 client (auto era negotiation) on an
// instrumented transport, its lifecycle (connect, transport fallback, health probe, reconnect,
// close) and the rule runner. Its live model (docs/architecture.md) comes from the one
// ModelBuilder, fed with this connection's trace events plus what it knows first-hand.

import type { Client, Transport } from '@modelcontextprotocol/client';
import { rememberAuthSecret } from '../auth/secretSink';
import type { ServerAuth } from '../auth/serverAuth';
import type { ServerConfig } from '../config/types';
import { ModelBuilder, type ConnectionModel, type Finding, type HealthInfo, type SessionEndReason, type TransportInfo } from '../model';
import { RuleRunner, ruleTimeouts } from '../rules/runner';
import { KnownSecrets, withUrlCredentials } from '../trace/knownSecrets';
import { TraceStore } from '../trace/store';
import { isoNow as now } from '../util/clock';
import type { Event } from '../util/emitter';
import { createConnectionAuth, sendsOwnAuthorization, signedInInfo, signInState } from './connectionAuth';
import { defaultEngineOptions } from './defaults';
import { errorMessage, explainFailure, isAuthorizationFailure, noServerAt, NotStreamableHttp, withTimeout } from './failure';
import { probeHealth } from './healthProbe';
import { createObservedFetch } from './observedFetch';
import { observeTransport } from './observedTransport';
import { connectionModelStart, ModelFeed } from './modelFeed';
import { Recorder } from './recorder';
import { ResponseWatch } from './responseWatch';
import { RuleFeed, settle } from './ruleFeed';
import { handshakeOutcome, newClient } from './sdkClient';
import { SessionTracker } from './sessionTracker';
import { captureStderr, createStdioTransport, watchProcess } from './stdioProcess';
import { ConnectionTimers, createHttpTransport, deleteSession, type ActiveTransport } from './transports';
import type { EngineOptions, InspectedConnection } from './types';

export class Connection implements InspectedConnection {
  readonly trace: TraceStore;
  /** Every secret this connection knows; everything it records, shows or reports is redacted with it. */
  readonly secrets: KnownSecrets;
  private readonly recorder: Recorder;
  private readonly rules: RuleRunner;
  private readonly ruleFeed: RuleFeed;
  /** OAuth for an HTTP server with no Authorization header of its own. */
  private readonly auth?: ServerAuth;
  private readonly builder: ModelBuilder;
  private readonly feed: ModelFeed;
  private queue: Promise<void> = Promise.resolve();
  private active?: { client: Client; transport: ActiveTransport; generation: number };
  private generation = 0;
  private responses?: ResponseWatch;
  private readonly timers = new ConnectionTimers();
  private readonly session: SessionTracker;
  readonly onDidChange: Event<ConnectionModel>;
  private healthProbe?: Promise<HealthInfo>;
  private disposed = false;
  /** True while close() ends the session: probes then would reuse the id being deleted. */
  private closing = false;

  constructor(
    readonly config: ServerConfig,
    private readonly options: EngineOptions,
  ) {
    this.trace = new TraceStore({ capacity: options.traceBufferSize, maxBytes: options.traceBufferBytes, spillFile: options.traceSpillFile });
    this.secrets = KnownSecrets.of(config);
    rememberAuthSecret(this.secrets, config.oauth?.clientSecret);
    this.recorder = new Recorder(this.trace, config.name, this.secrets, options.maxBodyBytes);
    this.auth = createConnectionAuth(config, options, this.recorder, this.secrets, (name, detail) => {
      this.recorder.record({ kind: 'lifecycle', name, detail: this.secrets.value(detail) });
      if (name === 'auth-tokens-saved') void this.refreshAuthInfo();
      if (name === 'auth-refresh' && detail.outcome !== 'refreshed')
        this.builder.auth((auth) => ({ ...(auth ?? {}), state: 'needs-sign-in', reason: String(detail.reason ?? 'the token was refused') }));
    });
    this.builder = new ModelBuilder('connection', connectionModelStart(config, this.secrets));
    this.onDidChange = this.builder.onDidChange;
    this.session = new SessionTracker(this.builder, this.recorder);
    this.rules = new RuleRunner({ mode: 'live', server: config.name, model: () => this.builder.snapshot(), timeouts: ruleTimeouts(options.requestTimeoutMs) });
    // The rules see each event first, then the model takes it (it may record more, e.g. a session an endpoint issued).
    this.ruleFeed = new RuleFeed(this.trace, this.rules);
    this.feed = new ModelFeed(this.trace, this.recorder, this.builder, {
      endpoint: (data) => this.session.legacyEndpoint(data, this.config.url),
      // A stream the server ends because we are ending the session is no reason to probe it.
      streamDropped: () => void (this.closing || this.checkHealth()),
    });
    this.rules.onDidChange((findings) => this.builder.findings(findings));
  }

  get name(): string {
    return this.config.name;
  }

  get model(): ConnectionModel {
    // Deferred observations update the model too: they are brought in before it is read.
    this.recorder.flush();
    return this.builder.snapshot();
  }

  findings(): readonly Finding[] {
    return this.builder.state.findings;
  }

  settled(): Promise<void> {
    return settle(this.trace, this.ruleFeed, this.recorder);
  }

  findingHistory(): readonly Finding[] {
    return this.rules.history();
  }

  recordServerLog(line: string, file: string, lineNumber: number): void {
    if (!line.trim() || this.disposed) return;
    this.recorder.record({ kind: 'stderr', line: this.recorder.text(line).text, source: 'log-file', file, lineNumber });
  }

  connect(): Promise<void> {
    return this.enqueue(async () => {
      if (this.active || this.disposed) return;
      await this.open();
    });
  }

  disconnect(): Promise<void> {
    return this.enqueue(() => this.close('closed'));
  }

  reconnect(): Promise<void> {
    return this.enqueue(async () => {
      await this.close('closed');
      if (!this.disposed) await this.open();
    });
  }

  resume(): Promise<void> {
    return this.enqueue(async () => {
      const active = this.active;
      const get = this.builder.streams.find((stream) => stream.kind === 'get');
      if (!active || active.transport.kind !== 'streamable-http' || !this.session.id || !get?.lastEventId) return;
      this.recorder.record({ kind: 'lifecycle', name: 'stream-reconnect', stream: get.id, streamKind: 'get', detail: { lastEventId: get.lastEventId } });
      this.builder.resuming(get);
      await active.transport.transport.resumeStream(get.lastEventId).catch((error: unknown) => this.builder.resumeFailed(get, this.describe(error)));
    });
  }

  signIn(open: (url: URL) => Promise<void>): Promise<void> {
    const auth = this.auth;
    if (!auth)
      return Promise.reject(
        new Error(this.config.type === 'stdio' ? 'a stdio server has no sign-in' : 'this server sends its own Authorization header: sign-in does not apply'),
      );
    return auth.signIn(open).then(
      () => this.reconnect(),
      async (error: unknown) => {
        const reason = this.secrets.message(error instanceof Error ? error.message : String(error));
        this.builder.auth((current) => ({ ...(current ?? {}), state: 'refused', reason }));
        throw error;
      },
    );
  }

  signOut(): Promise<void> {
    return this.enqueue(async () => {
      await this.close('closed');
      await this.auth?.signOut();
      this.builder.auth(() => ({ state: 'needs-sign-in', ...(this.auth?.challengeInfo() ?? {}) }));
    });
  }

  checkHealth(): Promise<HealthInfo> {
    this.healthProbe ??= this.probe().finally(() => (this.healthProbe = undefined));
    return this.healthProbe;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    await this.disconnect();
    this.disposed = true;
    await this.queue;
    this.ruleFeed.dispose();
    this.feed.dispose();
    this.rules.dispose();
    this.builder.dispose();
    await this.trace.dispose();
  }

  private enqueue(operation: () => Promise<void>): Promise<void> {
    const next = this.queue.then(operation, operation);
    this.queue = next.catch(() => undefined);
    return this.queue;
  }

  private async open(): Promise<void> {
    const generation = ++this.generation;
    this.feed.attach();
    this.builder.connecting(now());
    this.session.reset();
    this.recorder.record({ kind: 'lifecycle', name: 'connect-start', detail: { type: this.config.type } });
    try {
      await this.auth?.refreshIfExpired();
      if (this.config.type === 'stdio') await this.openStdio(generation);
      else if (this.config.type === 'sse') await this.openHttp('sse', generation, { kind: 'sse', chosenBy: 'configured' });
      else await this.openStreamableOrFallBack(generation);
    } catch (error) {
      await this.failed(error);
      return;
    }
    this.timers.start(
      this.options.pingIntervalMs,
      () => void this.checkHealth(),
      () => this.rules.tick(Date.now()),
    );
  }

  private async openStreamableOrFallBack(generation: number): Promise<void> {
    try {
      await this.openHttp('streamable-http', generation, { kind: 'streamable-http', chosenBy: 'probed' });
    } catch (error) {
      if (!(error instanceof NotStreamableHttp)) throw error;
      this.recorder.record({ kind: 'lifecycle', name: 'transport-selected', detail: { transport: 'sse', chosenBy: 'fell-back', reason: error.message } });
      try {
        await this.openHttp('sse', generation, { kind: 'sse', chosenBy: 'fell-back', reason: error.message });
      } catch (fallbackError) {
        throw noServerAt(this.recorder.url(this.config.url ?? ''), error.message, fallbackError);
      }
    }
  }

  /** The handshake failed: the model says why, and nothing of the attempt is left running. */
  private async failed(error: unknown): Promise<void> {
    const watch = this.responses;
    // Failure reasons quote URLs and servers' answers: redacted before anything sees them.
    const reason = this.recorder.message(
      explainFailure(error, {
        lastStatus: watch?.lastStatus,
        lastHttpFailure: watch?.lastHttpFailure,
        ownAuthorization: sendsOwnAuthorization(this.config),
        resourceMetadataUrl: this.auth?.challenge.resourceMetadataUrl,
        requestTimeoutMs: this.options.requestTimeoutMs,
      }),
    );
    this.recorder.record({ kind: 'lifecycle', name: 'handshake-failed', detail: { reason } });
    const auth = await signInState(this.auth, error, watch?.lastStatus);
    // A protected server is not down: it is waiting for a sign-in.
    this.builder.handshakeFailed(
      reason,
      auth ? { state: 'unknown', reason: 'needs sign-in', lastCheckAt: now() } : { state: 'down', reason, lastCheckAt: now() },
      auth,
    );
    const active = this.active;
    this.active = undefined;
    await active?.client.close().catch(() => undefined);
    // A client whose handshake never completed may not own its transport yet: a stdio server
    // that never answered would outlive the connection (and keep the CLI from exiting).
    await active?.transport.transport.close().catch(() => undefined);
  }

  /** An error in one line, redacted. */
  private describe(error: unknown): string {
    return this.recorder.message(errorMessage(error));
  }

  private async openHttp(kind: 'streamable-http' | 'sse', generation: number, info: TransportInfo): Promise<void> {
    // Userinfo in the URL is sent as Basic authorization, as curl and browsers do.
    const { url, headers } = withUrlCredentials(this.config.url as string, this.config.headers);
    const watch = new ResponseWatch(kind, this.builder, {
      isCurrent: () => generation === this.generation,
      isActive: () => Boolean(this.active),
      setSession: (id) => this.session.issued(id),
      endSession: (reason) => this.session.ended(reason),
      checkHealth: () => void this.checkHealth(),
      url: () => this.recorder.url(this.config.url ?? ''),
    });
    this.responses = watch;
    const fetch = createObservedFetch(this.recorder, watch, { legacy: () => kind === 'sse' });
    const requestInit: RequestInit = { headers };
    const authProvider = this.auth?.transportProvider();
    const transport = createHttpTransport(kind, url, fetch, requestInit, authProvider);
    this.watchTransport(transport, generation);
    const client = newClient(this.options);
    this.active = { client, transport, generation };
    this.builder.negotiating({ ...info, url: this.recorder.url(url.href) });
    if (kind === 'sse' || info.chosenBy !== 'probed') this.recordTransport(kind, info);
    this.recorder.record({ kind: 'lifecycle', name: 'handshake-start', detail: { transport: kind } });
    try {
      await withTimeout(client.connect(transport.transport as Transport), this.options.requestTimeoutMs);
    } catch (error) {
      if (isAuthorizationFailure(error, watch.lastStatus)) throw error;
      const refusal = watch.streamableRefusal(kind);
      if (refusal) {
        await client.close().catch(() => undefined);
        this.active = undefined;
        throw new NotStreamableHttp(refusal);
      }
      watch.noteRefusedHandshake(this.recorder.url(url.href), this.describe(error));
      throw error;
    }
    if (kind === 'streamable-http' && info.chosenBy === 'probed') this.recordTransport(kind, info);
    this.completeHandshake(client, transport);
    await this.refreshAuthInfo();
  }

  private recordTransport(kind: 'streamable-http' | 'sse', info: TransportInfo): void {
    this.recorder.record({
      kind: 'lifecycle',
      name: 'transport-selected',
      detail: { transport: kind, chosenBy: info.chosenBy, ...(info.reason ? { reason: info.reason } : {}) },
    });
  }

  /** Puts the stored sign-in (scopes, expiry) into the model, for servers that asked for one. */
  private async refreshAuthInfo(): Promise<void> {
    const info = await signedInInfo(this.auth);
    if (info) this.builder.auth(() => info);
  }

  private async openStdio(generation: number): Promise<void> {
    this.responses = undefined;
    const transport = createStdioTransport(this.config, this.secrets);
    captureStderr(transport, this.recorder);
    const active: ActiveTransport = { kind: 'stdio', transport };
    this.watchTransport(active, generation);
    const client = newClient(this.options);
    this.active = { client, transport: active, generation };
    this.builder.negotiating({
      kind: 'stdio',
      chosenBy: 'configured',
      command: this.config.command,
      args: (this.config.args ?? []).map((arg) => this.secrets.text(arg)),
    });
    this.recorder.record({ kind: 'lifecycle', name: 'handshake-start', detail: { transport: 'stdio' } });
    const connecting = client.connect(transport);
    // The child exists once start() ran; record it as soon as we can see it.
    void watchProcess(transport, this.recorder, this.config.command, () => generation === this.generation);
    await withTimeout(connecting, this.options.requestTimeoutMs);
    this.completeHandshake(client, active);
  }

  /** Fills the model from the client once the SDK finished the handshake. */
  private completeHandshake(client: Client, active: ActiveTransport): void {
    const outcome = handshakeOutcome(client, this.secrets);
    const sessionId = active.kind === 'streamable-http' ? active.transport.sessionId : this.session.id;
    this.builder.handshakeReady(outcome, now());
    if (sessionId) this.session.issued(sessionId);
    else this.builder.sessionless(outcome.era === 'stateless' ? 'stateless-era' : active.kind === 'stdio' ? 'stdio' : 'stateless-server');
    this.recorder.record({
      kind: 'lifecycle',
      name: 'handshake-complete',
      detail: { era: outcome.era, protocolVersion: outcome.protocolVersion, serverInfo: this.secrets.value(client.getServerVersion()) },
    });
  }

  private watchTransport(active: ActiveTransport, generation: number): void {
    observeTransport(active.transport as Transport, this.recorder, {
      // The SDK closed the transport without us asking: the server went away.
      onClose: () => {
        if (generation === this.generation && this.active) this.builder.transportClosed(now());
      },
      onError: (error) => {
        if (generation === this.generation) this.recorder.record({ kind: 'lifecycle', name: 'error', detail: { message: this.describe(error) } });
      },
    });
  }

  private async probe(): Promise<HealthInfo> {
    const active = this.active;
    const { health, verdict } = await probeHealth(
      active?.client,
      this.builder.state,
      () => this.builder.streams,
      this.options.requestTimeoutMs,
      (error) => this.describe(error),
    );
    if (verdict === 'lost') this.builder.health(health);
    if (verdict === 'probed' && active === this.active) {
      this.recorder.record({ kind: 'lifecycle', name: 'health', detail: { ...health } });
      this.builder.health(health);
    }
    return health;
  }

  private async close(reason: SessionEndReason): Promise<void> {
    this.timers.stop();
    const active = this.active;
    if (!active) return;
    let ended: SessionEndReason = reason;
    this.closing = true;
    // DELETE only a session the server still knows (never one it already answered as unknown).
    if (this.session.id && this.builder.state.handshake.state === 'ready' && (await deleteSession(active.transport))) ended = 'deleted';
    // What the old transport reports from here on (its streams closing) is not news for the model.
    this.generation++;
    this.feed.detach();
    this.active = undefined;
    this.closing = false;
    await withTimeout(active.client.close(), 5000).catch(() => undefined);
    this.recorder.record({ kind: 'lifecycle', name: 'disconnect' });
    this.session.ended(ended);
    this.builder.disconnected();
  }
}

/** Creates a connection; nothing happens on the network until `connect()`. */
export function createConnection(config: ServerConfig, options: EngineOptions = defaultEngineOptions): InspectedConnection {
  return new Connection(config, options);
}
