// The HTTP tap: a loopback reverse proxy in front of a real MCP server (Streamable HTTP or legacy
// HTTP+SSE). Every request and response passes through unchanged — status, headers (hop-by-hop
// ones aside, and `Host`, which names the server as a reverse proxy must), bodies, SSE streams
// written on event by event — except one thing: a legacy `endpoint` event that names the server's
// own origin is pointed back at the tap, and the trace records that it was. Meanwhile each real
// client is told apart and its traffic, redacted, feeds a TapHub (trace, models, rules).

import {
  createServer,
  request as httpRequest,
  Agent as HttpAgent,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  type ClientRequest,
} from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { bound } from '../connection/recorder';
import { describeFetchError } from '../connection/observedFetch';
import { legacySessionOf, rpcMethodOf } from '../protocol/exchanges';
import { sessionIdOf } from '../protocol/eras';
import type { StreamKind } from '../trace/events';
import { basicToken, KnownSecrets } from '../trace/knownSecrets';
import { redactHeaders, redactUrl } from '../trace/redact';
import { isLoopbackHost } from '../util/net';
import { ClientDirectory } from './clientDirectory';
import { noteSessionLoss, PARSED_BODY_LIMIT, recordMessages, recordRequest, recordTapEvent, type Exchange, type TapRecording } from './exchangeEvents';
import { forwardableHeaders, headerValue } from './httpForwarding';
import { peerProcessOf, type PeerProcess } from './peerProcess';
import { relayStream } from './sseRelay';
import { TapHub, type TapEventInput, type TapHubOptions } from './tapHub';
import { measureLoad, type TapLoad } from './tapLoad';

export type { TapLoad } from './tapLoad';

export interface HttpTapOptions {
  /** The real server's MCP URL (its path is kept: the tap serves the same path). */
  target: string;
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
  /** Port to listen on (default 0: any free port). */
  port?: number;
  /** Needed to listen on anything but loopback: the tap carries credentials. */
  allowRemote?: boolean;
  /** Server name for the trace (default: the target's host). */
  name?: string;
  /** Values to redact wherever they appear (configured header values, tokens). */
  secrets?: readonly string[];
  /** Largest body or SSE data kept per event, bytes (default 64 KiB). */
  maxBodyBytes?: number;
  traceFile?: string;
  traceCapacity?: number;
  timeouts?: TapHubOptions['timeouts'];
  tickMs?: number;
  /** A client must send its request headers within this time, or its connection is closed (default 30 s: slow-header clients cannot pile up). */
  headersTimeoutMs?: number;
}

/** Request bodies up to this size are read whole before forwarding, so the client can be told apart by its JSON-RPC method. */
const HOLD_LIMIT = 1024 * 1024;
const DEFAULT_BODY_LIMIT = 64 * 1024;
const DEFAULT_HEADERS_TIMEOUT_MS = 30_000;

export class HttpTap {
  readonly hub: TapHub;
  private readonly upstream: URL;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  /** Answers from the server being relayed (their buffers count in {@link load}). */
  private readonly relaying = new Set<IncomingMessage>();
  /** The program behind each client connection, looked up once per connection (other than this process's own). */
  private readonly peers = new WeakMap<Socket, { lookup: Promise<void>; peer?: PeerProcess }>();
  private readonly agent: HttpAgent;
  private readonly directory: ClientDirectory;
  /** Every secret the tap knows: the target's credentials, configured values, and what clients send. */
  readonly known: KnownSecrets;
  /** `known`'s values (a live view: it grows as clients' credentials are seen). */
  private readonly secrets: readonly string[];
  /** The target URL's userinfo as a Basic `Authorization` value, for requests that carry none. */
  private readonly upstreamAuthorization?: string;
  private readonly maxBody: number;
  /** What the exchange and stream events are recorded with. */
  private readonly recording: TapRecording;
  private nextExchange = 1;
  private nextStream = 1;
  private address?: AddressInfo;
  private closed = false;

  private constructor(options: HttpTapOptions) {
    this.upstream = new URL(options.target);
    if (this.upstream.protocol !== 'http:' && this.upstream.protocol !== 'https:')
      throw new Error(`the tap needs an http(s) URL, not ${redactUrl(options.target)}`);
    this.known = KnownSecrets.of({ url: options.target });
    for (const secret of options.secrets ?? []) this.known.add(secret);
    this.secrets = this.known.values;
    if (this.upstream.username || this.upstream.password) {
      this.upstreamAuthorization = `Basic ${basicToken(this.upstream)}`;
      this.upstream.username = '';
      this.upstream.password = '';
    }
    this.maxBody = options.maxBodyBytes ?? DEFAULT_BODY_LIMIT;
    this.hub = new TapHub({
      server: { name: options.name ?? this.upstream.host, transport: 'http', url: redactUrl(this.upstream.href, this.secrets) },
      traceCapacity: options.traceCapacity,
      spillFile: options.traceFile,
      timeouts: options.timeouts,
      tickMs: options.tickMs,
    });
    this.directory = new ClientDirectory((label, description) => this.hub.addClient(label, description));
    this.recording = { hub: this.hub, known: this.known, secrets: this.secrets, maxBody: this.maxBody, directory: this.directory };
    this.agent = this.upstream.protocol === 'https:' ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
    const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
    // Node checks the timeout every connectionsCheckingInterval (30 s by default): often enough here.
    this.server = createServer({ headersTimeout, connectionsCheckingInterval: Math.max(50, Math.min(30_000, Math.floor(headersTimeout / 4))) }, (req, res) =>
      this.handle(req, res),
    );
    this.server.on('connection', (socket: Socket) => {
      socket.setNoDelay(true);
      this.sockets.add(socket);
      const entry: { lookup: Promise<void>; peer?: PeerProcess } = { lookup: Promise.resolve() };
      entry.lookup = peerProcessOf(socket)
        .then((peer) => {
          if (peer && peer.pid !== process.pid) entry.peer = peer;
        })
        .catch(() => undefined);
      this.peers.set(socket, entry);
      socket.once('close', () => this.sockets.delete(socket));
    });
    this.server.on('clientError', (_error, socket) => socket.destroy());
  }

  /** Starts listening; refuses a non-loopback address unless `allowRemote`. */
  static async start(options: HttpTapOptions): Promise<HttpTap> {
    const host = options.host ?? '127.0.0.1';
    if (!isLoopbackHost(host) && !options.allowRemote) {
      throw new Error(
        `the tap listens on loopback only; ${host} is not a loopback address (it would expose the traffic it carries, credentials included, to the network). Pass --allow-remote to do it anyway.`,
      );
    }
    const tap = new HttpTap(options);
    await new Promise<void>((resolve, reject) => {
      tap.server.once('error', reject);
      tap.server.listen(options.port ?? 0, host, () => {
        tap.server.off('error', reject);
        resolve();
      });
    }).catch(async (error: NodeJS.ErrnoException) => {
      await tap.hub.dispose();
      tap.agent.destroy();
      throw new Error(
        error.code === 'EADDRINUSE'
          ? `port ${options.port} on ${host} is already in use`
          : `the tap cannot listen on ${host}:${options.port ?? 0}: ${error.message}`,
      );
    });
    tap.address = tap.server.address() as AddressInfo;
    return tap;
  }

  /** The tap's origin, e.g. http://127.0.0.1:43123. */
  get origin(): string {
    const address = this.address;
    if (!address) return '';
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  }

  get port(): number {
    return this.address?.port ?? 0;
  }

  /** The URL clients use instead of the server's: same path and query, the tap's origin. */
  get url(): string {
    return `${this.origin}${this.upstream.pathname}${this.upstream.search}`;
  }

  /** The server it forwards to (credentials in the URL redacted). */
  get target(): string {
    return redactUrl(this.upstream.href, this.secrets);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const target = new URL(req.url ?? '/', this.upstream);
    const rawHeaders = req.rawHeaders;
    // Learned before anything of this exchange is recorded: an answer echoing the token is redacted too.
    this.known.learnFromHeaders(req.headers as Record<string, string | string[] | undefined>);
    this.known.learnFromUrl(target.href, true);
    // A stateless-era request belongs to no session, whatever Mcp-Session-Id it carries.
    const carried = sessionIdOf(headerValue(rawHeaders, 'mcp-session-id'), legacySessionOf(target), headerValue(rawHeaders, 'mcp-protocol-version'));
    const exchange: Exchange = { number: this.nextExchange++, started: performance.now(), client: '', ...(carried ? { session: carried } : {}) };
    const chunks: Buffer[] = [];
    let held = 0;
    let upstreamRequest: ClientRequest | undefined;

    const begin = (complete: boolean) => {
      const body = Buffer.concat(chunks);
      const text = body.length ? body.toString('utf8') : '';
      const rpcMethod = text ? rpcMethodOf(text) : undefined;
      const peer = this.peers.get(req.socket)?.peer;
      exchange.client = this.directory.identify({
        userAgent: headerValue(rawHeaders, 'user-agent'),
        origin: headerValue(rawHeaders, 'origin'),
        sessionId: carried,
        rpcMethod,
        ...(peer ? { peer } : {}),
      });
      exchange.rpcMethod = rpcMethod;
      exchange.method = (req.method ?? 'GET').toUpperCase();
      upstreamRequest = this.forward(req, res, target, exchange);
      if (body.length) upstreamRequest.write(body);
      // The request leaves once its socket is assigned (next tick): recording waits until after that.
      const t = new Date().toISOString();
      setImmediate(() => recordRequest(this.recording, req, target, exchange, text, complete, t));
    };

    req.on('data', (chunk: Buffer) => {
      if (upstreamRequest) {
        if (!upstreamRequest.write(chunk)) {
          req.pause();
          upstreamRequest.once('drain', () => req.resume());
        }
        return;
      }
      chunks.push(chunk);
      held += chunk.length;
      if (held > HOLD_LIMIT) begin(false);
    });
    req.on('end', () => {
      // The first request of a connection waits for the lookup of the program behind it (a few ms).
      const lookup = this.peers.get(req.socket)?.lookup ?? Promise.resolve();
      void lookup.then(() => {
        if (!upstreamRequest) begin(true);
        upstreamRequest?.end();
      });
    });
    req.on('error', () => upstreamRequest?.destroy());
  }

  /** Sends the request on to the server and the answer back, recording both. */
  private forward(req: IncomingMessage, res: ServerResponse, target: URL, exchange: Exchange): ClientRequest {
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers = forwardableHeaders(req.rawHeaders, this.upstream.host);
    if (this.upstreamAuthorization && req.headers.authorization === undefined) headers.push('Authorization', this.upstreamAuthorization);
    const upstreamRequest = send(target, { method: req.method, headers: headers as unknown as Record<string, string>, agent: this.agent });
    upstreamRequest.setNoDelay(true);
    let answered = false;
    upstreamRequest.on('response', (upstream) => {
      answered = true;
      this.answer(upstream, res, upstreamRequest, exchange);
    });
    upstreamRequest.on('error', (error) => {
      if (answered) return;
      const reason = this.known.message(describeFetchError({ cause: error }));
      const { client, session } = exchange;
      this.record({
        kind: 'http-response',
        client,
        ...(session ? { session } : {}),
        exchange: exchange.number,
        status: 0,
        headers: {},
        durationMs: performance.now() - exchange.started,
        error: reason,
      });
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`MCP Session Inspector tap: cannot reach ${this.target}: ${reason}\n`);
      } else res.destroy();
    });
    // The client went away before the answer: nothing left to forward.
    res.on('close', () => {
      if (!res.writableFinished) upstreamRequest.destroy();
    });
    return upstreamRequest;
  }

  private answer(upstream: IncomingMessage, res: ServerResponse, upstreamRequest: ClientRequest, exchange: Exchange): void {
    this.relaying.add(upstream);
    upstream.once('close', () => this.relaying.delete(upstream));
    const durationMs = performance.now() - exchange.started;
    const status = upstream.statusCode ?? 0;
    const contentType = String(upstream.headers['content-type'] ?? '');
    const streaming = contentType.includes('text/event-stream');
    const issued = typeof upstream.headers['mcp-session-id'] === 'string' ? upstream.headers['mcp-session-id'] : undefined;
    const { client } = exchange;
    if (issued && exchange.rpcMethod === 'initialize' && status < 300) {
      this.directory.sessionIssued(client, issued);
      exchange.session = issued;
    }
    const session = exchange.session;
    res.sendDate = false;
    res.writeHead(status, upstream.statusMessage, forwardableHeaders(upstream.rawHeaders) as unknown as Record<string, string>);
    const responseBase = {
      kind: 'http-response' as const,
      client,
      ...(session ? { session } : {}),
      exchange: exchange.number,
      status,
      ...(upstream.statusMessage ? { statusText: upstream.statusMessage } : {}),
      headers: redactHeaders(upstream.headers as Record<string, string | string[] | undefined>, this.secrets),
      durationMs,
    };
    if (streaming) {
      res.flushHeaders();
      this.record({ ...responseBase, streaming: true });
      const kind: StreamKind = exchange.method === 'GET' ? 'get' : exchange.rpcMethod === 'subscriptions/listen' ? 'listen' : 'post-response';
      const stream = `${kind}#${this.nextStream++}`;
      relayStream(
        { recording: this.recording, upstream: this.upstream, tapOrigin: this.origin, stream, kind, exchange: exchange.number, client, session },
        upstream,
        res,
        upstreamRequest,
      );
      return;
    }
    const kept: Buffer[] = [];
    let keptBytes = 0;
    let total = 0;
    upstream.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (keptBytes < PARSED_BODY_LIMIT) {
        kept.push(chunk);
        keptBytes += chunk.length;
      }
      if (!res.write(chunk)) {
        upstream.pause();
        res.once('drain', () => upstream.resume());
      }
    });
    upstream.on('end', () => {
      res.end();
      const text = Buffer.concat(kept).toString('utf8');
      const captured = text ? bound(text, this.maxBody, this.secrets) : undefined;
      const responseEvent = {
        ...responseBase,
        ...(captured ? { body: captured.text, bodyBytes: total, ...(captured.truncated || total > keptBytes ? { bodyTruncated: true } : {}) } : {}),
      };
      this.record(responseEvent);
      if (total === keptBytes) recordMessages(this.recording, 'message-in', text, { client, exchange: exchange.number, session });
      noteSessionLoss(this.directory, client, exchange.requestEvent, responseEvent);
    });
    upstream.on('error', () => res.destroy());
  }

  /** Connections and buffered bytes right now (leak and backpressure checks). */
  load(): TapLoad {
    return measureLoad(this.sockets, this.relaying, this.agent);
  }

  private record(event: TapEventInput & { client: string }): void {
    recordTapEvent(this.recording, event);
  }

  /** Stops listening, ends every proxied connection and flushes the trace. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const stopped = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await stopped;
    this.agent.destroy();
    await this.hub.dispose();
  }
}
