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
import type { HttpResponseEvent } from '../trace/events';
import { basicToken, KnownSecrets } from '../trace/knownSecrets';
import { redactHeaders, redactUrl } from '../trace/redact';
import { isLoopbackHost } from '../util/net';
import { ClientDirectory } from './clientDirectory';
import { noteSessionLoss, PARSED_BODY_LIMIT, recordMessages, recordRequest, recordTapEvent, type Exchange, type TapRecording } from './exchangeEvents';
import { forwardableHeaders, headerValue, Routes, UPSTREAM_IDLE_MS, type Route } from './httpForwarding';
import { PeerFinder, type PeerLookup, type PeerProcess } from './peerProcess';
import { RecordingQueue } from './recordingQueue';
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
  traceBytes?: number;
  timeouts?: TapHubOptions['timeouts'];
  tickMs?: number;
  /** A client must send its request headers within this time, or its connection is closed (default 30 s: slow-header clients cannot pile up). */
  headersTimeoutMs?: number;
}

/** Request bodies up to this size are read whole before forwarding, so the client can be told apart by its JSON-RPC method. */
const HOLD_LIMIT = 1024 * 1024;
const DEFAULT_BODY_LIMIT = 64 * 1024;
const DEFAULT_HEADERS_TIMEOUT_MS = 30_000;

/** A response event before its body is known. */
type ResponseBase = Omit<HttpResponseEvent, 'seq' | 't' | 'server'> & { client: string };

export class HttpTap {
  readonly hub: TapHub;
  private readonly upstream: URL;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  /** Answers from the server being relayed (their buffers count in {@link load}). */
  private readonly relaying = new Set<IncomingMessage>();
  /** The program behind each client connection, looked up once per connection (other than this process's own). */
  private readonly peers = new WeakMap<Socket, PeerLookup>();
  private readonly peerFinder = new PeerFinder();
  private readonly routes: Routes;
  /** Recording waits here until the bytes moved on (forward first, record after, in the order observed). */
  private readonly queue = new RecordingQueue();
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
      traceBytes: options.traceBytes,
      spillFile: options.traceFile,
      timeouts: options.timeouts,
      tickMs: options.tickMs,
    });
    this.directory = new ClientDirectory((label, description) => this.hub.addClient(label, description));
    this.recording = { hub: this.hub, known: this.known, secrets: this.secrets, maxBody: this.maxBody, directory: this.directory, queue: this.queue };
    this.routes = new Routes(this.upstream);
    const pool = { keepAlive: true, timeout: UPSTREAM_IDLE_MS };
    this.agent = this.upstream.protocol === 'https:' ? new HttpsAgent(pool) : new HttpAgent(pool);
    const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
    // Node checks the timeout every connectionsCheckingInterval (30 s by default): often enough here.
    this.server = createServer({ headersTimeout, connectionsCheckingInterval: Math.max(50, Math.min(30_000, Math.floor(headersTimeout / 4))) }, (req, res) =>
      this.handle(req, res),
    );
    this.server.on('connection', (socket: Socket) => {
      socket.setNoDelay(true);
      this.sockets.add(socket);
      this.peers.set(socket, this.peerFinder.lookUp(socket));
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
    const route = this.routes.of(req.url ?? '/');
    if (!route) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end(`MCP Session Inspector tap: forwards only to ${this.target}\n`);
      req.resume();
      return;
    }
    const exchange: Exchange = { number: this.nextExchange++, started: performance.now(), client: '', method: (req.method ?? 'GET').toUpperCase() };
    const chunks: Buffer[] = [];
    let held = 0;
    let upstreamRequest: ClientRequest | undefined;

    const begin = (complete: boolean) => {
      const observed = Date.now();
      const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      upstreamRequest = this.forward(req, res, route, exchange);
      if (body.length) upstreamRequest.write(body);
      const peer = this.peers.get(req.socket)?.peer;
      this.queue.defer(() => this.recordRequest(req, route.url, exchange, body, complete, observed, peer));
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
      const entry = this.peers.get(req.socket);
      const send = () => {
        if (!upstreamRequest) begin(true);
        upstreamRequest?.end();
      };
      // The first request of a connection waits for the lookup of the program behind it.
      if (!entry || entry.done) send();
      else void entry.lookup.then(send);
    });
    req.on('error', () => upstreamRequest?.destroy());
  }

  /** What the tap learns of a request and records of it, once it left: its credentials, its session, its client. */
  private recordRequest(req: IncomingMessage, target: URL, exchange: Exchange, body: Buffer, complete: boolean, observed: number, peer?: PeerProcess): void {
    const rawHeaders = req.rawHeaders;
    // Learned before anything of this exchange is recorded: an answer echoing the token is redacted too.
    this.learnFrom(req, target);
    // A stateless-era request belongs to no session, whatever Mcp-Session-Id it carries.
    const carried = sessionIdOf(headerValue(rawHeaders, 'mcp-session-id'), legacySessionOf(target), headerValue(rawHeaders, 'mcp-protocol-version'));
    if (carried) exchange.session = carried;
    const text = body.length ? body.toString('utf8') : '';
    const rpcMethod = text ? rpcMethodOf(text) : undefined;
    exchange.client = this.directory.identify({
      userAgent: headerValue(rawHeaders, 'user-agent'),
      origin: headerValue(rawHeaders, 'origin'),
      sessionId: carried,
      rpcMethod,
      ...(peer ? { peer } : {}),
    });
    exchange.rpcMethod = rpcMethod;
    recordRequest(this.recording, req, target, exchange, text, complete, observed);
  }

  private learnFrom(req: IncomingMessage, target: URL): void {
    this.known.learnFromHeaders(req.headers as Record<string, string | string[] | undefined>);
    this.known.learnFromUrl(target.href, true);
  }

  /** Sends the request on to the server and the answer back; what they were is recorded after. */
  private forward(req: IncomingMessage, res: ServerResponse, route: Route, exchange: Exchange): ClientRequest {
    const send = route.url.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers = forwardableHeaders(req.rawHeaders, this.upstream.host);
    if (this.upstreamAuthorization && headerValue(req.rawHeaders, 'authorization') === undefined) headers.push('Authorization', this.upstreamAuthorization);
    const upstreamRequest = send({ ...route.options, method: req.method, headers: headers as unknown as Record<string, string>, agent: this.agent });
    upstreamRequest.setNoDelay(true);
    let answered = false;
    upstreamRequest.on('response', (upstream) => {
      answered = true;
      this.answer(upstream, res, upstreamRequest, exchange);
    });
    upstreamRequest.on('error', (error) => {
      if (answered) return;
      const observed = Date.now();
      const durationMs = performance.now() - exchange.started;
      // The reason is shown to the client too: redacted with what this request carries as well.
      this.learnFrom(req, route.url);
      const reason = this.known.message(describeFetchError({ cause: error }));
      this.queue.defer(() => {
        const { client, session } = exchange;
        this.record(
          { kind: 'http-response', client, ...(session ? { session } : {}), exchange: exchange.number, status: 0, headers: {}, durationMs, error: reason },
          observed,
        );
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
    const observed = Date.now();
    const durationMs = performance.now() - exchange.started;
    const status = upstream.statusCode ?? 0;
    const streaming = (headerValue(upstream.rawHeaders, 'content-type') ?? '').includes('text/event-stream');
    res.sendDate = false;
    res.writeHead(status, upstream.statusMessage, forwardableHeaders(upstream.rawHeaders) as unknown as Record<string, string>);
    if (streaming) res.flushHeaders();
    let responseBase: ResponseBase | undefined;
    this.queue.defer(() => {
      const issued = typeof upstream.headers['mcp-session-id'] === 'string' ? upstream.headers['mcp-session-id'] : undefined;
      const { client } = exchange;
      if (issued && exchange.rpcMethod === 'initialize' && status < 300) {
        this.directory.sessionIssued(client, issued);
        exchange.session = issued;
      }
      const session = exchange.session;
      responseBase = {
        kind: 'http-response' as const,
        client,
        ...(session ? { session } : {}),
        exchange: exchange.number,
        status,
        ...(upstream.statusMessage ? { statusText: upstream.statusMessage } : {}),
        headers: redactHeaders(upstream.headers as Record<string, string | string[] | undefined>, this.secrets),
        durationMs,
      };
      if (streaming) this.record({ ...responseBase, streaming: true }, observed);
    });
    if (streaming) {
      const relay = { recording: this.recording, upstream: this.upstream, tapOrigin: this.origin, number: this.nextStream++, exchange, observed };
      relayStream(relay, upstream, res, upstreamRequest);
      return;
    }
    // The recorded copy: the chunks themselves, kept (not copied) for after the answer went on.
    const kept: Buffer[] = [];
    let keptBytes = 0;
    let total = 0;
    upstream.on('data', (chunk: Buffer) => {
      if (!res.write(chunk)) {
        upstream.pause();
        res.once('drain', () => upstream.resume());
      }
      total += chunk.length;
      if (keptBytes < PARSED_BODY_LIMIT) {
        kept.push(chunk);
        keptBytes += chunk.length;
      }
    });
    upstream.on('end', () => {
      res.end();
      const ended = Date.now();
      this.queue.defer(() => this.recordAnswer(exchange, responseBase!, kept, keptBytes, total, ended));
    });
    upstream.on('error', () => res.destroy());
  }

  /** A whole answer's response event and the messages it carried. */
  private recordAnswer(exchange: Exchange, base: ResponseBase, kept: Buffer[], keptBytes: number, total: number, observed: number): void {
    const text = (kept.length === 1 ? kept[0] : Buffer.concat(kept)).toString('utf8');
    const captured = text ? bound(text, this.maxBody, this.secrets) : undefined;
    const responseEvent = {
      ...base,
      ...(captured ? { body: captured.text, bodyBytes: total, ...(captured.truncated || total > keptBytes ? { bodyTruncated: true } : {}) } : {}),
    };
    this.record(responseEvent, observed);
    const { client, session } = base;
    if (total === keptBytes) recordMessages(this.recording, 'message-in', text, { client, exchange: exchange.number, session }, observed);
    noteSessionLoss(this.directory, client, exchange.requestEvent, responseEvent);
  }

  /** Connections and buffered bytes right now (leak and backpressure checks). */
  load(): TapLoad {
    return measureLoad(this.sockets, this.relaying, this.agent);
  }

  private record(event: TapEventInput & { client: string }, observed: number): void {
    recordTapEvent(this.recording, event, observed);
  }

  /** Stops listening, ends every proxied connection and flushes the trace. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const stopped = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await stopped;
    this.agent.destroy();
    // What the closed connections left to record.
    this.queue.drain();
    await this.hub.dispose();
  }
}
