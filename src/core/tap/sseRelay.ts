// An SSE answer relayed through the HTTP tap: written on to the client chunk by chunk (with
// backpressure), parsed on the side into trace events, opened and closed as a stream in the trace.
// The head of a GET stream is held until its first event is complete, so a legacy `endpoint` that
// names the server's own origin can be pointed back at the tap.

import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import { createParser } from 'eventsource-parser';
import { bound } from '../connection/recorder';
import { describeFetchError } from '../connection/observedFetch';
import { legacySessionOf } from '../protocol/exchanges';
import type { StreamKind } from '../trace/events';
import { redactUrl } from '../trace/redact';
import { PARSED_BODY_LIMIT, recordMessages, recordTapEvent, type TapRecording } from './exchangeEvents';

/** The head of a GET stream held back to find an absolute legacy `endpoint` (normally the first event, a few hundred bytes). */
const ENDPOINT_HEAD_LIMIT = 16 * 1024;

/** One stream being relayed. */
export interface SseRelay {
  recording: TapRecording;
  /** The server's URL (its origin is the one an `endpoint` may name). */
  upstream: URL;
  /** The tap's origin, which a rewritten `endpoint` names instead. */
  tapOrigin: string;
  /** The stream's name in the trace, e.g. `get#3`. */
  stream: string;
  kind: StreamKind;
  exchange: number;
  client: string;
  session: string | undefined;
}

/** Relays the stream until either side ends it; the trace records its events and how it closed. */
export function relayStream(relay: SseRelay, upstream: IncomingMessage, res: ServerResponse, upstreamRequest: ClientRequest): void {
  const { recording, stream, kind, exchange, client } = relay;
  let session = relay.session;
  let streamKind = kind;
  let closed = false;
  const base = () => ({ client, ...(session ? { session } : {}), exchange, stream, streamKind });
  recordTapEvent(recording, { kind: 'lifecycle', name: 'stream-open', client, ...(session ? { session } : {}), stream, streamKind, detail: { exchange } });
  const close = (byClient: boolean, reason?: string) => {
    if (closed) return;
    closed = true;
    recordTapEvent(recording, {
      kind: 'lifecycle',
      name: 'stream-close',
      client,
      ...(session ? { session } : {}),
      stream,
      streamKind,
      detail: { exchange, byClient, ...(reason ? { reason } : {}) },
    });
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
      recordTapEvent(recording, {
        kind: 'sse-event',
        ...base(),
        ...(event.event ? { event: event.event } : {}),
        ...(event.id !== undefined ? { id: event.id } : {}),
        data: data.text,
        dataBytes: data.bytes,
        ...(data.truncated ? { dataTruncated: true } : {}),
      });
      if (event.data.length <= PARSED_BODY_LIMIT) recordMessages(recording, 'message-in', event.data, { client, exchange, session, stream });
    },
    onRetry: (retry) => recordTapEvent(recording, { kind: 'sse-event', ...base(), retry }),
    onComment: (comment) =>
      recordTapEvent(recording, { kind: 'sse-event', ...base(), comment: bound(comment, recording.maxBody, recording.secrets).text.slice(0, 200) }),
  });
  const decoder = new TextDecoder();
  // GET streams: the first event is held until complete, so an absolute endpoint can point back here.
  let head: Buffer | undefined = kind === 'get' ? Buffer.alloc(0) : undefined;
  const pass = (chunk: Buffer) => {
    if (!res.write(chunk)) {
      upstream.pause();
      res.once('drain', () => upstream.resume());
    }
    parser.feed(decoder.decode(chunk, { stream: true }));
  };
  upstream.on('data', (chunk: Buffer) => {
    if (!head) return pass(chunk);
    head = Buffer.concat([head, chunk]);
    const text = head.toString('utf8');
    if (!/\r?\n\r?\n/.test(text) && head.length < ENDPOINT_HEAD_LIMIT) return;
    head = undefined;
    pass(rewriteEndpoint(relay, text, client, session, exchange));
  });
  upstream.on('end', () => {
    if (head?.length) pass(head);
    parser.feed(decoder.decode());
    close(false, 'ended by the server');
    res.end();
  });
  upstream.on('error', (error) => {
    close(false, recording.known.message(describeFetchError({ cause: error })));
    res.destroy();
  });
  upstream.on('aborted', () => close(false, 'connection reset'));
  res.on('close', () => {
    if (closed) return;
    close(true);
    upstreamRequest.destroy();
  });
}

/** Points an absolute legacy `endpoint` that names the server's own origin back at the tap. */
function rewriteEndpoint(relay: SseRelay, text: string, client: string, session: string | undefined, exchange: number): Buffer {
  const { recording } = relay;
  const rewritten = text.replace(/(event:[ ]?endpoint\r?\ndata:[ ]?)(\S+)/, (whole, prefix: string, endpoint: string) => {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      return whole;
    }
    if (url.origin !== relay.upstream.origin) return whole;
    const pointed = `${relay.tapOrigin}${url.pathname}${url.search}`;
    recordTapEvent(recording, {
      kind: 'lifecycle',
      name: 'endpoint-rewritten',
      client,
      ...(session ? { session } : {}),
      detail: { exchange, from: redactUrl(endpoint, recording.secrets), to: redactUrl(pointed, recording.secrets) },
    });
    return `${prefix}${pointed}`;
  });
  return Buffer.from(rewritten, 'utf8');
}
