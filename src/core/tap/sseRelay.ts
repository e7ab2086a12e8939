// An SSE answer relayed through the HTTP tap: written on to the client chunk by chunk (with
// backpressure), parsed afterwards into trace events, opened and closed as a stream in the trace.
// The head of a GET stream is held until its first event is complete, so a legacy `endpoint` that
// names the server's own origin can be pointed back at the tap.

import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import { createParser } from 'eventsource-parser';
import { bound } from '../connection/recorder';
import { describeFetchError } from '../connection/observedFetch';
import { legacySessionOf } from '../protocol/exchanges';
import type { StreamKind } from '../trace/events';
import { redactUrl } from '../trace/redact';
import { PARSED_BODY_LIMIT, recordMessages, recordTapEvent, type Exchange, type TapRecording } from './exchangeEvents';
import type { TapEventInput } from './tapHub';

/** The head of a GET stream held back to find an absolute legacy `endpoint` (normally the first event, a few hundred bytes). */
const ENDPOINT_HEAD_LIMIT = 16 * 1024;

/** One stream being relayed. */
export interface SseRelay {
  recording: TapRecording;
  /** The server's URL (its origin is the one an `endpoint` may name). */
  upstream: URL;
  /** The tap's origin, which a rewritten `endpoint` names instead. */
  tapOrigin: string;
  /** The stream's number: its name in the trace is its kind and this, e.g. `get#3`. */
  number: number;
  /** The exchange it answers (its client and session are known once its request is recorded). */
  exchange: Exchange;
  /** When the answer's head arrived (ms since the epoch). */
  observed: number;
}

/**
 * Relays the stream until either side ends it; the trace records its events and how it closed.
 * Bytes go on as they come; parsing and recording them is deferred (the recording queue), in order.
 */
export function relayStream(relay: SseRelay, upstream: IncomingMessage, res: ServerResponse, upstreamRequest: ClientRequest): void {
  const { recording, exchange } = relay;
  const { queue } = recording;
  // Known to the deferred recording only (the request is recorded first).
  let stream = '';
  let streamKind: StreamKind = 'post-response';
  let client = '';
  let session: string | undefined;
  let observed = relay.observed;
  const record = (event: TapEventInput & { client: string }) => recordTapEvent(recording, event, observed);
  const base = () => ({ client, ...(session ? { session } : {}), exchange: exchange.number, stream, streamKind });
  queue.defer(() => {
    const kind: StreamKind = exchange.method === 'GET' ? 'get' : exchange.rpcMethod === 'subscriptions/listen' ? 'listen' : 'post-response';
    stream = `${kind}#${relay.number}`;
    streamKind = kind;
    client = exchange.client;
    session = exchange.session;
    record({ kind: 'lifecycle', name: 'stream-open', client, ...(session ? { session } : {}), stream, streamKind, detail: { exchange: exchange.number } });
  });
  let finished = false;
  /** The stream ended (the first way it did counts); false when it already had. */
  const finish = (byClient: boolean, reason?: () => string) => {
    if (finished) return false;
    finished = true;
    const at = Date.now();
    queue.defer(() => {
      observed = at;
      const why = reason?.();
      record({
        kind: 'lifecycle',
        name: 'stream-close',
        client,
        ...(session ? { session } : {}),
        stream,
        streamKind,
        detail: { exchange: exchange.number, byClient, ...(why ? { reason: why } : {}) },
      });
    });
    return true;
  };
  const parser = createParser({
    onEvent: (event) => {
      if (event.event === 'endpoint') {
        streamKind = 'legacy-sse';
        // A malformed endpoint is the client's problem to report (endpoint-missing), not a reason to crash here.
        const issued = legacySessionOf(event.data, relay.upstream);
        if (issued) {
          recording.directory.sessionIssued(client, issued);
          session = issued;
        }
      }
      const data = bound(event.data, recording.maxBody, recording.secrets);
      record({
        kind: 'sse-event',
        ...base(),
        ...(event.event ? { event: event.event } : {}),
        ...(event.id !== undefined ? { id: event.id } : {}),
        data: data.text,
        dataBytes: data.bytes,
        ...(data.truncated ? { dataTruncated: true } : {}),
      });
      if (event.data.length <= PARSED_BODY_LIMIT)
        recordMessages(recording, 'message-in', event.data, { client, exchange: exchange.number, session, stream }, observed);
    },
    onRetry: (retry) => record({ kind: 'sse-event', ...base(), retry }),
    onComment: (comment) => record({ kind: 'sse-event', ...base(), comment: bound(comment, recording.maxBody, recording.secrets).text.slice(0, 200) }),
  });
  const decoder = new TextDecoder();
  const parse = (chunk?: Buffer) => {
    const at = Date.now();
    queue.defer(() => {
      observed = at;
      parser.feed(chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode());
    });
  };
  // GET streams: the first event is held until complete, so an absolute endpoint can point back here.
  let head: Buffer | undefined = exchange.method === 'GET' ? Buffer.alloc(0) : undefined;
  const pass = (chunk: Buffer) => {
    if (!res.write(chunk)) {
      upstream.pause();
      res.once('drain', () => upstream.resume());
    }
    parse(chunk);
  };
  upstream.on('data', (chunk: Buffer) => {
    if (!head) return pass(chunk);
    head = Buffer.concat([head, chunk]);
    const text = head.toString('utf8');
    if (!/\r?\n\r?\n/.test(text) && head.length < ENDPOINT_HEAD_LIMIT) return;
    head = undefined;
    const { bytes, rewritten } = rewriteEndpoint(relay, text);
    if (rewritten) {
      const at = Date.now();
      queue.defer(() => {
        observed = at;
        record({
          kind: 'lifecycle',
          name: 'endpoint-rewritten',
          client,
          ...(session ? { session } : {}),
          detail: { exchange: exchange.number, from: redactUrl(rewritten.from, recording.secrets), to: redactUrl(rewritten.to, recording.secrets) },
        });
      });
    }
    pass(bytes);
  });
  upstream.on('end', () => {
    if (head?.length) pass(head);
    parse();
    finish(false, () => 'ended by the server');
    res.end();
  });
  upstream.on('error', (error) => {
    finish(false, () => recording.known.message(describeFetchError({ cause: error })));
    res.destroy();
  });
  upstream.on('aborted', () => finish(false, () => 'connection reset'));
  res.on('close', () => {
    if (finish(true)) upstreamRequest.destroy();
  });
}

/** Points an absolute legacy `endpoint` that names the server's own origin back at the tap. */
function rewriteEndpoint(relay: SseRelay, text: string): { bytes: Buffer; rewritten?: { from: string; to: string } } {
  let rewritten: { from: string; to: string } | undefined;
  const out = text.replace(/(event:[ ]?endpoint\r?\ndata:[ ]?)(\S+)/, (whole, prefix: string, endpoint: string) => {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      return whole;
    }
    if (url.origin !== relay.upstream.origin) return whole;
    const pointed = `${relay.tapOrigin}${url.pathname}${url.search}`;
    rewritten = { from: endpoint, to: pointed };
    return `${prefix}${pointed}`;
  });
  return { bytes: Buffer.from(out, 'utf8'), ...(rewritten ? { rewritten } : {}) };
}
