// One observed connection to one configured server: an SDK v2 client (auto era negotiation) on
// an instrumented transport, the live model (docs/architecture.md), health probing and the rule runner.

import { Client, SSEClientTransport, StreamableHTTPClientTransport, UnauthorizedError, type Transport } from '@modelcontextprotocol/client';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rememberAuthSecret, rememberSecretsInBody } from '../auth/secretSink';
import { AuthProblemError, ServerAuth } from '../auth/serverAuth';
import { SignInRequiredError } from '../auth/provider';
import { MemoryAuthStorage } from '../auth/storage';
import { parseEnvFile } from '../config/envFile';
import type { ServerConfig } from '../config/types';
import type { ConnectionModel, Finding, HealthInfo, SessionEndReason, StreamInfo, TransportInfo } from '../model';
import { isSessionLost } from '../protocol/answers';
import { legacySessionOf } from '../protocol/exchanges';
import { statusOfSseTransportError } from '../protocol/sdkErrors';
import { RuleRunner, ruleTimeouts } from '../rules/runner';
import type { StreamKind } from '../trace/events';
import { KnownSecrets, withUrlCredentials } from '../trace/knownSecrets';
import { TraceStore } from '../trace/store';
import { isoNow } from '../util/clock';
import { Emitter } from '../util/emitter';
import { createObservedFetch, describeFetchError, type StreamObserver } from './observedFetch';
import { QUIET_OBSERVER } from './quietObserver';
import { watchNonJsonLines } from './nonJsonLines';
import { observeTransport } from './observedTransport';
import { detached, Recorder } from './recorder';
import { RuleFeed } from './ruleFeed';
import { defaultEngineOptions } from './defaults';
import type { EngineOptions, InspectedConnection } from './types';


/** POST response streams kept in the model after they close. */
const CLOSED_POST_STREAMS_KEPT = 3;
/** Earlier session ids kept. */
const PREVIOUS_SESSIONS_KEPT = 5;
/** A liveness probe slower than this makes the connection degraded. */
const SLOW_PING_MS = 2000;

type ActiveTransport =
  | { kind: 'streamable-http'; transport: StreamableHTTPClientTransport }
  | { kind: 'sse'; transport: SSEClientTransport }
  | { kind: 'stdio'; transport: StdioClientTransport };

/** Thrown inside connect when an HTTP answer says "not Streamable HTTP here": fall back to legacy SSE. */
class NotStreamableHttp extends Error {}

function now(): string {
  return isoNow();
}

/** Non-JSON stdout lines recorded per process (a chatty server must not flood the trace). */
const MAX_GARBAGE_LINES = 50;

/** Calls `onLine` for each line of a byte stream; an over-long line is cut at `maxBytes` and its rest dropped. */
function onLines(stream: { on(event: 'data', listener: (chunk: Buffer) => void): unknown }, maxBytes: number, onLine: (line: string) => void): void {
  let partial = '';
  let skipping = false;
  stream.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split(/\r?\n/);
    partial = lines.pop() ?? '';
    if (skipping && lines.length) {
      lines.shift();
      skipping = false;
    }
    if (partial.length > maxBytes) {
      if (!skipping) lines.push(detached(partial.slice(0, maxBytes)));
      partial = '';
      skipping = true;
    }
    for (const line of lines) if (line.trim()) onLine(line);
  });
}

function errorMessage(error: unknown): string {
  const network = describeFetchError(error);
  const text = error instanceof Error ? error.message : String(error);
  return network !== text ? network : text.split('\n')[0];
}

/** An Authorization header in the config, or URL userinfo (sent as Basic): the user chose the credentials, no OAuth. */
function sendsOwnAuthorization(config: ServerConfig): boolean {
  return Object.keys(config.headers ?? {}).some((name) => name.toLowerCase() === 'authorization') || /^https?:\/\/[^/]*@/.test(config.url ?? '');
}

function initialModel(config: ServerConfig, secrets: KnownSecrets): ConnectionModel {
  return {
    // The model is shown and exported: the URL loses credentials (userinfo, token query values) here.
    server: { name: config.name, transport: config.type, ...(config.url ? { url: secrets.url(config.url) } : {}), ...(config.command ? { command: config.command } : {}) },
    era: 'unknown',
    transport: { kind: config.type === 'stdio' ? 'stdio' : config.type === 'sse' ? 'sse' : 'unknown', chosenBy: 'configured' },
    handshake: { state: 'idle' },
    session: { stateful: false, noneReason: 'not-connected' },
    streams: [],
    health: { state: 'unknown' },
    findings: [],
  };
}

export class Connection implements InspectedConnection {
  readonly trace: TraceStore;
  /** Every secret this connection knows; everything it records, shows or reports is redacted with it. */
  readonly secrets: KnownSecrets;
  private readonly recorder: Recorder;
  private readonly rules: RuleRunner;
  private readonly ruleFeed: RuleFeed;
  /** OAuth for an HTTP server with no Authorization header of its own. */
  private readonly auth?: ServerAuth;
  private state: ConnectionModel;
  /** The last copy handed out; undefined once the model changed since. */
  private snapshot?: ConnectionModel;
  private readonly changed = new Emitter<ConnectionModel>('connection');
  private changePending = false;
  private queue: Promise<void> = Promise.resolve();
  private active?: { client: Client; transport: ActiveTransport; generation: number };
  private generation = 0;
  private pingTimer?: NodeJS.Timeout;
  private tickTimer?: NodeJS.Timeout;
  private healthProbe?: Promise<HealthInfo>;
  private disposed = false;
  /** True while close() ends the session: probes then would reuse the id being deleted. */
  private closing = false;

  readonly onDidChange = this.changed.event;

  constructor(
    readonly config: ServerConfig,
    private readonly options: EngineOptions,
  ) {
    this.trace = new TraceStore({ capacity: options.traceBufferSize, spillFile: options.traceSpillFile });
    this.secrets = KnownSecrets.of(config);
    rememberAuthSecret(this.secrets, config.oauth?.clientSecret);
    this.recorder = new Recorder(this.trace, config.name, this.secrets, options.maxBodyBytes);
    this.auth = this.createAuth();
    this.rules = new RuleRunner({
      mode: 'live',
      server: config.name,
      model: () => this.state,
      timeouts: ruleTimeouts(options.requestTimeoutMs),
    });
    this.ruleFeed = new RuleFeed(this.trace, this.rules);
    this.rules.onDidChange((findings) => this.update((model) => (model.findings = [...findings])));
    this.state = initialModel(config, this.secrets);
  }

  get name(): string {
    return this.config.name;
  }

  get model(): ConnectionModel {
    // Deferred observations update the model too: they are brought in before it is read.
    this.recorder.flush();
    return this.current();
  }

  /** The model as it stands, copied on demand: a busy connection changes it with every exchange, and nobody may be looking. */
  private current(): ConnectionModel {
    this.snapshot ??= this.copy();
    return this.snapshot;
  }

  findings(): readonly Finding[] {
    return this.state.findings;
  }

  async settled(): Promise<void> {
    // Each round lets already-received I/O deliver (a turn of the event loop), then records it and
    // runs the rule batches; it ends when a round brings nothing new. Bounded: a busy stream never settles.
    for (let round = 0; round < 50; round++) {
      const before = this.trace.total;
      this.ruleFeed.flush();
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.trace.total === before && !this.ruleFeed.busy) break;
    }
    this.recorder.flush();
    this.ruleFeed.flush();
    // The runner reports its findings to the model a microtask later.
    await Promise.resolve();
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
      const get = this.state.streams.find((stream) => stream.kind === 'get');
      if (!active || active.transport.kind !== 'streamable-http' || !this.state.session.id || !get?.lastEventId) return;
      this.recorder.record({ kind: 'lifecycle', name: 'stream-reconnect', stream: get.id, streamKind: 'get', detail: { lastEventId: get.lastEventId } });
      this.update(() => {
        get.state = 'reconnecting';
        get.reconnects++;
      });
      await active.transport.transport.resumeStream(get.lastEventId).catch((error: unknown) => {
        this.update(() => {
          get.state = 'closed';
          get.reason = `resume failed: ${this.describe(error)}`;
        });
      });
    });
  }

  signIn(open: (url: URL) => Promise<void>): Promise<void> {
    const auth = this.auth;
    if (!auth) return Promise.reject(new Error(this.config.type === 'stdio' ? 'a stdio server has no sign-in' : 'this server sends its own Authorization header: sign-in does not apply'));
    return auth.signIn(open).then(
      () => this.reconnect(),
      async (error: unknown) => {
        const reason = this.secrets.message(error instanceof Error ? error.message : String(error));
        this.update((model) => (model.auth = { ...(model.auth ?? {}), state: 'refused', reason }));
        throw error;
      },
    );
  }

  signOut(): Promise<void> {
    return this.enqueue(async () => {
      await this.close('closed');
      await this.auth?.signOut();
      this.update((model) => (model.auth = { state: 'needs-sign-in', ...(this.auth?.challengeInfo() ?? {}) }));
    });
  }

  checkHealth(): Promise<HealthInfo> {
    this.healthProbe ??= this.probeHealth().finally(() => (this.healthProbe = undefined));
    return this.healthProbe;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    await this.disconnect();
    this.disposed = true;
    await this.queue;
    this.ruleFeed.dispose();
    this.rules.dispose();
    this.changed.dispose();
    await this.trace.dispose();
  }

  // ---- connecting ------------------------------------------------------------------------

  private enqueue(operation: () => Promise<void>): Promise<void> {
    const next = this.queue.then(operation, operation);
    this.queue = next.catch(() => undefined);
    return this.queue;
  }

  private async open(): Promise<void> {
    const generation = ++this.generation;
    this.update((model) => {
      const fresh = initialModel(this.config, this.secrets);
      Object.assign(model, { ...fresh, findings: model.findings, session: { ...fresh.session, previous: model.session.previous } });
      model.handshake = { state: 'connecting', startedAt: now() };
    });
    this.recorder.session = undefined;
    this.recorder.record({ kind: 'lifecycle', name: 'connect-start', detail: { type: this.config.type } });
    try {
      await this.auth?.refreshIfExpired();
      if (this.config.type === 'stdio') await this.openStdio(generation);
      else if (this.config.type === 'sse') await this.openHttp('sse', generation, { kind: 'sse', chosenBy: 'configured' });
      else {
        try {
          await this.openHttp('streamable-http', generation, { kind: 'streamable-http', chosenBy: 'probed' });
        } catch (error) {
          if (!(error instanceof NotStreamableHttp)) throw error;
          this.recorder.record({ kind: 'lifecycle', name: 'transport-selected', detail: { transport: 'sse', chosenBy: 'fell-back', reason: error.message } });
          try {
            await this.openHttp('sse', generation, { kind: 'sse', chosenBy: 'fell-back', reason: error.message });
          } catch (fallbackError) {
            const status = statusOfSseTransportError(errorMessage(fallbackError));
            if (status) throw new Error(`no MCP server at ${this.recorder.url(this.config.url ?? '')}: Streamable HTTP ${error.message}, and the legacy SSE GET answered ${status}. Check the URL's path.`);
            throw fallbackError;
          }
        }
      }
    } catch (error) {
      // Failure reasons quote URLs and servers' answers: redacted before anything sees them.
      const reason = this.recorder.message(this.explainFailure(error));
      this.recorder.record({ kind: 'lifecycle', name: 'handshake-failed', detail: { reason } });
      // Only where the inspector can sign in: a refused configured token is a failure like any other.
      const needsSignIn = Boolean(this.auth) && this.needsSignIn(error);
      const auth = needsSignIn && this.auth ? await this.auth.info() : undefined;
      this.update((model) => {
        model.handshake = { ...model.handshake, state: 'failed', reason };
        // A protected server is not down: it is waiting for a sign-in.
        model.health = needsSignIn ? { state: 'unknown', reason: 'needs sign-in', lastCheckAt: now() } : { state: 'down', reason, lastCheckAt: now() };
        if (needsSignIn) model.auth = { ...(auth ?? {}), state: error instanceof AuthProblemError ? 'refused' : 'needs-sign-in', ...(error instanceof AuthProblemError ? { reason: error.message } : {}) };
      });
      const active = this.active;
      this.active = undefined;
      await active?.client.close().catch(() => undefined);
      // A client whose handshake never completed may not own its transport yet: a stdio server
      // that never answered would outlive the connection (and keep the CLI from exiting).
      await active?.transport.transport.close().catch(() => undefined);
      return;
    }
    this.startTimers();
  }

  private lastHttpFailure?: string;
  /** Status of the last HTTP answer before the handshake completed. */
  private lastStatus?: number;

  /** True when the handshake failed on authorization (a 401, or a sign-in the flow needs). */
  private needsSignIn(error: unknown): boolean {
    return error instanceof SignInRequiredError || error instanceof AuthProblemError || error instanceof UnauthorizedError || this.lastStatus === 401;
  }

  /** An error in one line, redacted. */
  private describe(error: unknown): string {
    return this.recorder.message(errorMessage(error));
  }

  private explainFailure(error: unknown): string {
    if (error instanceof AuthProblemError) return `sign-in failed: ${error.message}`;
    if (this.needsSignIn(error)) {
      if (sendsOwnAuthorization(this.config)) {
        return 'the server refused the configured credentials (HTTP 401; Authorization header or URL userinfo): the token is wrong or expired';
      }
      const where = this.auth?.challenge.resourceMetadataUrl ? ` (resource metadata: ${this.auth.challenge.resourceMetadataUrl})` : '';
      return `the server requires sign-in (HTTP 401)${where}`;
    }
    if (this.lastHttpFailure) return this.lastHttpFailure;
    const message = errorMessage(error);
    if (/timed? ?out/i.test(message)) return `no answer to the handshake within ${this.options.requestTimeoutMs} ms`;
    return message;
  }

  private newClient(): Client {
    return new Client(this.options.clientInfo, {
      capabilities: {},
      versionNegotiation: { mode: 'auto', probe: { timeoutMs: Math.min(this.options.requestTimeoutMs, 10_000) } },
      // Listening for tool-list changes (without refetching) is what makes the v2 client open the
      // 2026-07-28 `subscriptions/listen` stream, so that stream is observed like the GET stream.
      listChanged: { tools: { autoRefresh: false, onChanged: () => undefined } },
    });
  }

  private async openHttp(kind: 'streamable-http' | 'sse', generation: number, info: TransportInfo): Promise<void> {
    // Userinfo in the URL is sent as Basic authorization, as curl and browsers do.
    const { url, headers } = withUrlCredentials(this.config.url as string, this.config.headers);
    let initializeStatus: number | undefined;
    let discoverStatus: number | undefined;
    this.lastHttpFailure = undefined;
    this.lastStatus = undefined;
    const observer = this.streamObserver(generation, kind, (response) => {
      if (response.status === 0) return;
      if (this.state.handshake.state !== 'ready') this.lastStatus = response.status;
      if (response.method !== 'POST') return;
      if (response.rpcMethod === 'initialize') initializeStatus = response.status;
      if (response.rpcMethod === 'server/discover') discoverStatus = response.status;
    });
    const fetch = createObservedFetch(this.recorder, observer, { legacy: () => kind === 'sse' });
    const requestInit: RequestInit = { headers };
    const authProvider = this.auth?.transportProvider();
    const transport: ActiveTransport =
      kind === 'streamable-http'
        ? { kind, transport: new StreamableHTTPClientTransport(url, { fetch, requestInit, ...(authProvider ? { authProvider } : {}) }) }
        : { kind, transport: new SSEClientTransport(url, { fetch, requestInit, eventSourceInit: { fetch } as EventSourceInit, ...(authProvider ? { authProvider } : {}) }) };
    this.watchTransport(transport, generation);
    const client = this.newClient();
    this.active = { client, transport, generation };
    this.update((model) => {
      model.transport = { ...info, url: this.recorder.url(url.href) };
      model.handshake.state = 'negotiating';
    });
    if (kind === 'sse' || info.chosenBy !== 'probed') this.recorder.record({ kind: 'lifecycle', name: 'transport-selected', detail: { transport: kind, chosenBy: info.chosenBy, ...(info.reason ? { reason: info.reason } : {}) } });
    this.recorder.record({ kind: 'lifecycle', name: 'handshake-start', detail: { transport: kind } });
    try {
      await this.withTimeout(client.connect(transport.transport as Transport), this.options.requestTimeoutMs);
    } catch (error) {
      const refusedStatus = initializeStatus ?? discoverStatus;
      if (this.needsSignIn(error)) throw error;
      if (kind === 'streamable-http' && refusedStatus !== undefined && [400, 404, 405].includes(refusedStatus) && initializeStatus !== 200) {
        await client.close().catch(() => undefined);
        this.active = undefined;
        throw new NotStreamableHttp(`POST ${initializeStatus ? 'initialize' : 'server/discover'} answered ${refusedStatus}`);
      }
      if (refusedStatus && refusedStatus >= 400 && !this.lastHttpFailure) this.lastHttpFailure = `HTTP ${refusedStatus} from POST ${this.recorder.url(url.href)}: ${this.describe(error)}`;
      throw error;
    }
    if (kind === 'streamable-http' && info.chosenBy === 'probed') {
      this.recorder.record({ kind: 'lifecycle', name: 'transport-selected', detail: { transport: kind, chosenBy: 'probed' } });
    }
    this.completeHandshake(client, transport);
    await this.refreshAuthInfo();
  }

  /** The OAuth controller, for HTTP servers that carry no Authorization header of their own. */
  private createAuth(): ServerAuth | undefined {
    const config = this.config;
    if (config.type === 'stdio' || !config.url) return undefined;
    if (sendsOwnAuthorization(config)) return undefined;
    const secrets = this.secrets;
    const fetch = createObservedFetch(this.recorder, QUIET_OBSERVER, { legacy: () => false, onBodyText: (text) => rememberSecretsInBody(secrets, text) });
    return new ServerAuth({
      serverUrl: config.url,
      storage: this.options.authStorage ?? new MemoryAuthStorage(),
      knownSecrets: secrets,
      fetch,
      ...(config.oauth ? { client: config.oauth } : {}),
      record: (name, detail) => {
        this.recorder.record({ kind: 'lifecycle', name, detail: this.secrets.value(detail) });
        if (name === 'auth-tokens-saved') void this.refreshAuthInfo();
        if (name === 'auth-refresh' && detail.outcome !== 'refreshed') {
          this.update((model) => (model.auth = { ...(model.auth ?? {}), state: 'needs-sign-in', reason: String(detail.reason ?? 'the token was refused') }));
        }
      },
    });
  }

  /** Puts the stored sign-in (scopes, expiry) into the model, for servers that asked for one. */
  private async refreshAuthInfo(): Promise<void> {
    if (!this.auth || !(await this.auth.hasTokens())) return;
    const info = await this.auth.info();
    this.update((model) => (model.auth = { ...info, ...this.auth?.challengeInfo() }));
  }

  private async openStdio(generation: number): Promise<void> {
    const env = { ...getDefaultEnvironment(), ...this.envFileValues(), ...this.config.env };
    const transport = new StdioClientTransport({
      command: this.config.command as string,
      args: this.config.args ?? [],
      env,
      ...(this.config.cwd ? { cwd: this.config.cwd } : {}),
      stderr: 'pipe',
    });
    this.captureStderr(transport);
    const active: ActiveTransport = { kind: 'stdio', transport };
    this.watchTransport(active, generation);
    const client = this.newClient();
    this.active = { client, transport: active, generation };
    this.update((model) => {
      model.transport = { kind: 'stdio', chosenBy: 'configured', command: this.config.command, args: (this.config.args ?? []).map((arg) => this.secrets.text(arg)) };
      model.handshake.state = 'negotiating';
    });
    this.recorder.record({ kind: 'lifecycle', name: 'handshake-start', detail: { transport: 'stdio' } });
    const connecting = client.connect(transport);
    // The child exists once start() ran; record it as soon as we can see it.
    void this.recordProcessStart(transport, generation);
    await this.withTimeout(connecting, this.options.requestTimeoutMs);
    this.completeHandshake(client, active);
  }

  /**
   * The envFile's values when the config layer left it unread (a path with variables, or reading
   * turned off): they are secrets like the env, so they join the known set before the server starts.
   */
  private envFileValues(): Record<string, string> {
    if (!this.config.envFile) return {};
    const { values } = parseEnvFile(readFileSync(this.config.envFile, 'utf8'));
    this.secrets.addEnv(values);
    return values;
  }

  private async recordProcessStart(transport: StdioClientTransport, generation: number): Promise<void> {
    for (let i = 0; i < 200 && transport.pid === null && generation === this.generation; i++) await new Promise((done) => setTimeout(done, 25));
    const pid = transport.pid;
    if (pid === null || generation !== this.generation) return;
    this.recorder.record({ kind: 'lifecycle', name: 'process-start', pid, detail: { command: this.config.command } });
    this.update((model) => (model.transport.pid = pid));
    const child = (transport as unknown as { _process?: ChildProcess })._process;
    if (child) this.captureStdoutGarbage(child, pid);
    child?.once('exit', (code, signal) => {
      this.recorder.record({ kind: 'lifecycle', name: 'process-exit', pid, detail: { code, signal } });
      if (generation !== this.generation) return;
      const reason = `server process ${pid} exited (${signal ? `signal ${signal}` : `code ${code}`})`;
      this.update((model) => {
        model.health = { state: 'down', reason, lastCheckAt: now() };
        if (model.handshake.state === 'ready') model.handshake = { ...model.handshake, state: 'closed', reason };
      });
    });
  }

  private captureStderr(transport: StdioClientTransport): void {
    if (!transport.stderr) return;
    onLines(transport.stderr, this.options.maxBodyBytes, (line) => {
      this.recorder.record({ kind: 'stderr', line: this.recorder.text(line).text, source: 'stderr', ...(transport.pid ? { pid: transport.pid } : {}) });
    });
  }

  /** The SDK silently skips stdout lines that are not JSON; they are recorded, since they break clients that do not. */
  private captureStdoutGarbage(child: ChildProcess, pid: number): void {
    if (!child.stdout) return;
    let reported = 0;
    watchNonJsonLines(child.stdout, this.options.maxBodyBytes, (line) => {
      if (reported >= MAX_GARBAGE_LINES) return;
      if (reported++ === 0) {
        this.recorder.record({ kind: 'lifecycle', name: 'error', pid, detail: { message: `the server writes lines that are not JSON-RPC to stdout (stdout is the protocol channel; log to stderr instead): ${this.recorder.text(line).text.slice(0, 120)}` } });
      }
      this.recorder.record({ kind: 'stderr', line: this.recorder.text(line).text, source: 'stdout-garbage', pid });
    });
  }

  /** Fills the model from the client once the SDK finished the handshake. */
  private completeHandshake(client: Client, active: ActiveTransport): void {
    const era = client.getProtocolEra() === 'modern' ? 'stateless' : 'session';
    const protocolVersion = client.getNegotiatedProtocolVersion();
    // What the server says about itself is shown and exported: a server may echo a credential in it.
    const serverInfo = this.secrets.value(client.getServerVersion());
    const instructions = this.secrets.value(client.getInstructions());
    const sessionId = active.kind === 'streamable-http' ? active.transport.sessionId : this.state.session.id;
    this.update((model) => {
      model.era = era;
      model.protocolVersion = protocolVersion;
      model.handshake = {
        ...model.handshake,
        state: 'ready',
        method: era === 'stateless' ? 'server/discover' : 'initialize',
        protocolVersion,
        ...(serverInfo ? { serverInfo: { name: serverInfo.name, version: serverInfo.version, ...(serverInfo.title ? { title: serverInfo.title } : {}) } } : {}),
        capabilities: this.secrets.value((client.getServerCapabilities() ?? {}) as Record<string, unknown>),
        ...(instructions ? { instructions } : {}),
        completedAt: now(),
      };
      model.health = { state: 'healthy', lastCheckAt: now() };
      if (sessionId) this.setSession(model, sessionId);
      else {
        model.session = {
          stateful: false,
          noneReason: era === 'stateless' ? 'stateless-era' : active.kind === 'stdio' ? 'stdio' : 'stateless-server',
          ...(model.session.previous ? { previous: model.session.previous } : {}),
        };
      }
    });
    this.recorder.record({ kind: 'lifecycle', name: 'handshake-complete', detail: { era, protocolVersion, serverInfo } });
  }

  private setSession(model: ConnectionModel, id: string): void {
    if (model.session.id === id) return;
    model.session = { id, stateful: true, issuedAt: now(), lastConfirmedAt: now(), ...(model.session.previous ? { previous: model.session.previous } : {}) };
    this.recorder.session = id;
    this.recorder.record({ kind: 'lifecycle', name: 'session-issued', detail: { id } });
  }

  // ---- observation callbacks -------------------------------------------------------------

  private watchTransport(active: ActiveTransport, generation: number): void {
    observeTransport(active.transport as Transport, this.recorder, {
      onClose: () => {
        if (generation !== this.generation || !this.active) return;
        // The SDK closed the transport without us asking: the server went away.
        this.update((model) => {
          if (model.handshake.state === 'ready') model.handshake = { ...model.handshake, state: 'closed', reason: 'the transport closed' };
          if (model.health.state !== 'down') model.health = { state: 'down', reason: 'the transport closed', lastCheckAt: now() };
        });
      },
      onError: (error) => {
        if (generation !== this.generation) return;
        this.recorder.record({ kind: 'lifecycle', name: 'error', detail: { message: this.describe(error) } });
      },
    });
  }

  private streamObserver(generation: number, kind: 'streamable-http' | 'sse', onPostResponse: StreamObserver['onResponse']): StreamObserver {
    const current = () => generation === this.generation;
    return {
      onResponse: (response) => {
        onPostResponse(response);
        if (!current()) return;
        if (response.sessionId && response.status < 300) this.update((model) => this.setSession(model, response.sessionId as string));
        if (response.method === 'GET' && response.status === 405 && kind === 'streamable-http') {
          this.update((model) => {
            const stream = this.logicalStream(model, 'get');
            stream.state = 'unsupported';
            stream.reason = 'GET answered 405: the server offers no standalone stream (normal)';
          });
        }
        if (response.status >= 200 && response.status < 300 && this.state.session.id) {
          this.update((model) => (model.session.lastConfirmedAt = now()));
        }
        // The server lost our session: a 404 "Session not found", or the 400 "No valid session ID" older SDK servers send (never a 404 -32601 or a router's 404).
        const sent = this.state.session.id;
        const lost = sent && response.status >= 400 && isSessionLost({ status: response.status, body: response.bodyText, headers: { 'content-type': response.contentType } }, { method: response.method, rpcMethod: response.rpcMethod, sessionId: sent });
        if (lost && response.method !== 'DELETE') {
          this.update((model) => this.endSession(model, 'unknown-to-server'));
        }
      },
      onNetworkError: (method, error) => {
        if (!current()) return;
        if (this.state.handshake.state !== 'ready') this.lastHttpFailure = `${error} at ${method} ${this.recorder.url(this.config.url ?? '')}${error === 'connection refused' ? ' (is the server running?)' : ''}`;
        if (!this.active) return;
        this.update((model) => {
          if (model.handshake.state === 'ready') model.health = { state: 'degraded', reason: error, lastCheckAt: now() };
        });
        void this.checkHealth();
      },
      onStreamOpen: (id, streamKind) => {
        if (!current()) return;
        this.update((model) => {
          if (streamKind === 'post-response') {
            model.streams.push({ id, kind: streamKind, state: 'open', openedAt: now(), events: 0, reconnects: 0 });
            return;
          }
          const stream = this.logicalStream(model, streamKind);
          if (stream.openedAt) stream.reconnects++;
          Object.assign(stream, { id, state: 'open', openedAt: now(), reason: undefined, closedAt: undefined });
        });
      },
      onStreamEvent: (id, event) => {
        if (!current()) return;
        this.update((model) => {
          const stream = model.streams.find((candidate) => candidate.id === id);
          if (stream) {
            stream.events++;
            stream.lastEventAt = now();
            if (event.id) stream.lastEventId = event.id;
          }
          if (event.event === 'endpoint') {
            try {
              const endpoint = new URL(event.data.trim(), this.config.url);
              model.transport.endpoint = this.recorder.url(endpoint.href);
              const sessionId = legacySessionOf(endpoint);
              if (sessionId) this.setSession(model, sessionId);
            } catch {
              // a malformed endpoint: the rules report it from the trace
            }
          }
        });
      },
      onStreamRetry: (id, retry) => {
        if (!current()) return;
        this.update((model) => {
          const stream = model.streams.find((candidate) => candidate.id === id);
          if (stream) stream.retry = retry;
        });
      },
      onStreamClose: (id, byClient, reason) => {
        if (!current()) return;
        let unexpected = false;
        this.update((model) => {
          const stream = model.streams.find((candidate) => candidate.id === id);
          if (!stream) return;
          if (stream.kind === 'post-response') {
            stream.state = 'closed';
            stream.closedAt = now();
            const closed = model.streams.filter((candidate) => candidate.kind === 'post-response' && candidate.state === 'closed');
            for (const old of closed.slice(0, Math.max(0, closed.length - CLOSED_POST_STREAMS_KEPT))) model.streams.splice(model.streams.indexOf(old), 1);
            return;
          }
          unexpected = !byClient;
          stream.state = byClient ? 'closed' : kind === 'streamable-http' ? 'reconnecting' : 'closed';
          stream.closedAt = now();
          stream.reason = byClient ? 'closed by the inspector' : `dropped: ${reason ?? 'ended by the server'}`;
          if (!byClient && model.health.state === 'healthy') model.health = { state: 'degraded', reason: `${stream.kind} stream dropped`, lastCheckAt: now() };
        });
        // A stream the server ends because we are ending the session is no reason to probe it.
        if (unexpected && !this.closing) void this.checkHealth();
      },
    };
  }

  /** The one model entry for a long-lived stream kind (GET, legacy SSE, listen). */
  private logicalStream(model: ConnectionModel, kind: StreamKind): StreamInfo {
    let stream = model.streams.find((candidate) => candidate.kind === kind);
    if (!stream) {
      stream = { id: kind, kind, state: 'closed', events: 0, reconnects: 0 };
      model.streams.unshift(stream);
    }
    return stream;
  }

  private endSession(model: ConnectionModel, reason: SessionEndReason): void {
    const id = model.session.id;
    if (!id) return;
    model.session = {
      stateful: model.session.stateful,
      ended: { at: now(), reason, id },
      previous: [id, ...(model.session.previous ?? [])].slice(0, PREVIOUS_SESSIONS_KEPT),
      ...(model.session.issuedAt ? { issuedAt: model.session.issuedAt } : {}),
    };
    this.recorder.record({ kind: 'lifecycle', name: 'session-ended', detail: { id, reason } });
    this.recorder.session = undefined;
  }

  // ---- health ---------------------------------------------------------------------------

  private async probeHealth(): Promise<HealthInfo> {
    const active = this.active;
    if (!active || this.state.handshake.state !== 'ready') {
      const health: HealthInfo = this.state.handshake.state === 'failed' || this.state.handshake.state === 'closed'
        ? { state: 'down', reason: this.state.handshake.reason ?? this.state.health.reason, lastCheckAt: now() }
        : this.state.health;
      return health;
    }
    // Pinging on with an id the server disowned is the client bug `session-not-reinitialized`
    // describes; the inspector shows the loss and leaves starting a new session to the user.
    const lost = this.state.session.ended;
    if (lost?.reason === 'unknown-to-server' && !this.state.session.id) {
      const health: HealthInfo = { state: 'down', reason: `the server no longer knows session ${lost.id}: reconnect to start a new session`, lastCheckAt: now() };
      this.update((model) => (model.health = health));
      return health;
    }
    const started = performance.now();
    let health: HealthInfo;
    try {
      // The stateless era has no ping; server/discover is its cheap, side-effect-free request.
      const timeout = Math.min(this.options.requestTimeoutMs, 5000);
      if (this.state.era === 'stateless') await active.client.discover({ timeout });
      else await active.client.ping({ timeout });
      const rttMs = Math.round((performance.now() - started) * 10) / 10;
      const droppedStream = this.state.streams.find((stream) => stream.kind !== 'post-response' && stream.state === 'reconnecting');
      health = rttMs > SLOW_PING_MS
        ? { state: 'degraded', rttMs, reason: `slow: ping took ${rttMs} ms`, lastCheckAt: now() }
        : droppedStream
          ? { state: 'degraded', rttMs, reason: `${droppedStream.kind} stream is reconnecting`, lastCheckAt: now() }
          : { state: 'healthy', rttMs, lastCheckAt: now() };
    } catch (error) {
      health = { state: 'down', reason: `ping failed: ${this.describe(error)}`, lastCheckAt: now() };
    }
    if (active === this.active) {
      this.recorder.record({ kind: 'lifecycle', name: 'health', detail: { ...health } });
      this.update((model) => (model.health = health));
    }
    return health;
  }

  private startTimers(): void {
    this.stopTimers();
    if (this.options.pingIntervalMs > 0) {
      this.pingTimer = setInterval(() => void this.checkHealth(), this.options.pingIntervalMs);
      this.pingTimer.unref();
    }
    this.tickTimer = setInterval(() => this.rules.tick(Date.now()), 1000);
    this.tickTimer.unref();
  }

  private stopTimers(): void {
    clearInterval(this.pingTimer);
    clearInterval(this.tickTimer);
    this.pingTimer = undefined;
    this.tickTimer = undefined;
  }

  // ---- closing --------------------------------------------------------------------------

  private async close(reason: SessionEndReason): Promise<void> {
    this.stopTimers();
    const active = this.active;
    if (!active) return;
    let ended: SessionEndReason = reason;
    this.closing = true;
    // DELETE only a session the server still knows (never one it already answered as unknown).
    if (active.transport.kind === 'streamable-http' && active.transport.transport.sessionId && this.state.session.id && this.state.handshake.state === 'ready') {
      try {
        await this.withTimeout(active.transport.transport.terminateSession(), 5000);
        ended = 'deleted';
      } catch {
        // 405 or an unreachable server: the session ends on its own
      }
    }
    this.generation++;
    this.active = undefined;
    this.closing = false;
    await this.withTimeout(active.client.close(), 5000).catch(() => undefined);
    this.recorder.record({ kind: 'lifecycle', name: 'disconnect' });
    this.update((model) => {
      this.endSession(model, ended);
      model.handshake = { ...model.handshake, state: 'closed', reason: 'disconnected by the inspector' };
      for (const stream of model.streams) if (stream.state === 'open' || stream.state === 'reconnecting') stream.state = 'closed';
      model.health = { state: 'unknown' };
      if (!model.session.ended) model.session.noneReason = 'not-connected';
    });
  }

  private withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
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

  // ---- model publication ----------------------------------------------------------------

  private update(mutate: (model: ConnectionModel) => void): void {
    mutate(this.state);
    this.snapshot = undefined;
    if (this.changePending) return;
    this.changePending = true;
    queueMicrotask(() => {
      this.changePending = false;
      // Not `model`: bringing in deferred work here would put it back on the exchange's path
      // (that work fires its own change when it runs).
      if (this.changed.listenerCount > 0) this.changed.fire(this.current());
    });
  }

  private copy(): ConnectionModel {
    const model = this.state;
    return {
      ...model,
      server: { ...model.server },
      transport: { ...model.transport },
      handshake: { ...model.handshake },
      session: { ...model.session, ...(model.session.previous ? { previous: [...model.session.previous] } : {}) },
      streams: model.streams.map((stream) => ({ ...stream })),
      health: { ...model.health },
      findings: [...model.findings],
      ...(model.auth ? { auth: { ...model.auth, ...(model.auth.scopes ? { scopes: [...model.auth.scopes] } : {}) } } : {}),
    };
  }
}

/** Creates a connection; nothing happens on the network until `connect()`. */
export function createConnection(config: ServerConfig, options: EngineOptions = defaultEngineOptions): InspectedConnection {
  return new Connection(config, options);
}
