// The trace events of the traffic through the HTTP tap: each request and answer of an exchange,
// the JSON-RPC messages they carry, and what an answer says about the client's session — all
// redacted with what the tap knows of the secrets before they reach the hub.

import type { IncomingMessage } from 'node:http';
import { bound } from '../connection/recorder';
import { classifyAnswer, requestInfoOf } from '../protocol/exchanges';
import { messageFields, rpcMessages, traceMessage } from '../protocol/rpcMessages';
import type { HttpRequestEvent, HttpResponseEvent, NewTraceEvent } from '../trace/events';
import type { KnownSecrets } from '../trace/knownSecrets';
import { redactHeaders, redactUrl } from '../trace/redact';
import { isoTime } from '../util/clock';
import type { ClientDirectory } from './clientDirectory';
import type { RecordingQueue } from './recordingQueue';
import type { TapEventInput, TapHub } from './tapHub';

/**
 * Answers up to this size are parsed for their JSON-RPC messages (a large tools/list must still
 * pair with its request, or it would look orphaned); the trace keeps only a bounded copy.
 */
export const PARSED_BODY_LIMIT = 8 * 1024 * 1024;

/** One request/response through the tap, as far as it is known. */
export interface Exchange {
  readonly number: number;
  /** performance.now() when the request arrived. */
  readonly started: number;
  client: string;
  /** The session the request carried, or the one its answer issued. */
  session?: string;
  method?: string;
  rpcMethod?: string;
  requestEvent?: HttpRequestEvent;
}

/** What recording a tap's traffic needs: where events go, what to redact, how much of a body to keep. */
export interface TapRecording {
  readonly hub: TapHub;
  /** Every secret the tap knows: the target's credentials, configured values, and what clients send. */
  readonly known: KnownSecrets;
  /** `known`'s values (a live view: it grows as clients' credentials are seen). */
  readonly secrets: readonly string[];
  /** Largest body or SSE data kept per event, bytes. */
  readonly maxBody: number;
  readonly directory: ClientDirectory;
  /** Where recording waits until the bytes it concerns moved on. */
  readonly queue: RecordingQueue;
}

/** Records an event of the tap's server, stamped when it was observed (ms since the epoch; default now). */
export function recordTapEvent(recording: TapRecording, event: TapEventInput & { client: string }, observed = Date.now()): void {
  recording.hub.record({ t: isoTime(observed), server: recording.hub.server.name, ...event } as NewTraceEvent);
}

/** The request's trace events, built after it left (see `begin` in HttpTap.handle). */
export function recordRequest(
  recording: TapRecording,
  req: IncomingMessage,
  target: URL,
  exchange: Exchange,
  text: string,
  complete: boolean,
  observed: number,
): void {
  const t = isoTime(observed);
  const captured = text ? bound(text, recording.maxBody, recording.secrets) : undefined;
  const event: HttpRequestEvent = {
    kind: 'http-request',
    seq: 0,
    t,
    server: recording.hub.server.name,
    client: exchange.client,
    ...(exchange.session ? { session: exchange.session } : {}),
    exchange: exchange.number,
    method: exchange.method ?? 'GET',
    url: redactUrl(target.href, recording.secrets),
    headers: redactHeaders(req.headers as Record<string, string | string[] | undefined>, recording.secrets),
    ...(captured ? { body: captured.text, bodyBytes: captured.bytes, ...(captured.truncated || !complete ? { bodyTruncated: true } : {}) } : {}),
  };
  exchange.requestEvent = event;
  const { seq: _seq, ...unnumbered } = event;
  recording.hub.record(unnumbered);
  if (complete && text)
    recordMessages(recording, 'message-out', text, { client: exchange.client, exchange: exchange.number, session: exchange.session }, observed);
}

/** The JSON-RPC messages in a body or an SSE event's data, each its own trace event. */
export function recordMessages(
  recording: TapRecording,
  kind: 'message-in' | 'message-out',
  text: string,
  where: { client: string; exchange: number; session?: string; stream?: string },
  observed = Date.now(),
): void {
  for (const found of rpcMessages(text)) {
    recordTapEvent(
      recording,
      {
        kind,
        client: where.client,
        ...(where.session ? { session: where.session } : {}),
        exchange: where.exchange,
        ...(where.stream ? { stream: where.stream } : {}),
        message: traceMessage(found, text, recording.secrets),
        ...messageFields(found.message),
      },
      observed,
    );
  }
}

/** An answer saying the server does not know the client's session: its next initialize is the same client starting over. */
export function noteSessionLoss(
  directory: ClientDirectory,
  client: string,
  requestEvent: HttpRequestEvent | undefined,
  response: Omit<HttpResponseEvent, 'seq' | 't' | 'server'>,
): void {
  if (!requestEvent) return;
  const info = requestInfoOf(requestEvent);
  if (!info.sessionId) return;
  const kind = classifyAnswer(info, { ...response, seq: 0, t: '', server: '' } as HttpResponseEvent);
  if (kind === 'unknown-session' || (requestEvent.method === 'DELETE' && response.status < 300)) directory.sessionEnded(client, info.sessionId);
}
