// GET stream checks (Streamable HTTP): 405 or a proper unbuffered event stream; a second GET;
// event ids and resumption with Last-Event-ID; keep-alive cadence.

import { detail } from '../probe';
import { closeSession, openSession, withSession } from '../session';
import type { Check } from '../types';
import { needsStatefulHttp } from './session';

/** How long the session check holds a GET stream open to look at it. */
const STREAM_LOOK_MS = 1500;

/** What the keep-alive comments seen while the session check held the stream say. */
function keepAliveCadence(comments: readonly number[]): string {
  if (comments.length >= 2) {
    const gaps = comments.slice(1).map((at, index) => at - comments[index]);
    return `Keep-alive comments every ~${Math.round(gaps.reduce((sum, gap) => sum + gap, 0) / gaps.length)} ms.`;
  }
  if (comments.length === 1) return 'One keep-alive comment seen.';
  return `No keep-alive comment in ${STREAM_LOOK_MS / 1000} s: an idle stream may be cut by proxy or load-balancer idle timeouts (often 60–120 s); send \`: keep-alive\` comments.`;
}

export const getStreamCheck: Check = {
  id: 'get-stream',
  title: 'GET stream is 405 or an unbuffered text/event-stream',
  rule: 'stream-buffered',
  applies: needsStatefulHttp,
  async run(context, log) {
    const stream = await withSession(context, log, (session) =>
      context.probe.send({ method: 'GET', sessionId: session?.id, protocolVersion: session?.protocolVersion, readMs: STREAM_LOOK_MS }, log),
    );
    if (stream.status === 405)
      return {
        status: 'pass',
        rule: 'get-stream-unsupported',
        message: '405: no standalone stream (normal); server-initiated messages only arrive inside request responses.',
      };
    if (stream.status === 0 && !stream.error?.match(/refused|reset|DNS/)) {
      return {
        status: 'fail',
        message: `The GET stream's response headers did not arrive within ${STREAM_LOOK_MS} ms (${stream.error ?? 'no answer'}): something between server and client holds the stream back — a buffering proxy (nginx proxy_buffering, gzip on text/event-stream) sends nothing until its buffer fills.`,
      };
    }
    if (stream.status !== 200) return { status: 'fail', message: `GET answered ${stream.status} (${detail(stream)}); expected 200 text/event-stream or 405.` };
    const type = stream.headers.get('content-type') ?? '';
    if (!type.includes('text/event-stream'))
      return { status: 'fail', rule: 'content-type', message: `GET answered 200 with ${type || 'no content type'} instead of text/event-stream.` };
    const problems: string[] = [];
    const cache = stream.headers.get('cache-control') ?? '';
    if (!/no-cache|no-store/.test(cache)) problems.push('no `Cache-Control: no-cache`');
    if (stream.headers.get('content-encoding')) problems.push(`Content-Encoding ${stream.headers.get('content-encoding')} (compressing proxies buffer events)`);
    if ((stream.headers.get('x-accel-buffering') ?? '').toLowerCase() !== 'no')
      problems.push('no `X-Accel-Buffering: no` (nginx buffers the stream unless told not to)');
    if (stream.endedByServer) {
      return {
        status: 'warn',
        rule: 'stream-dropped',
        message: `The server ended the GET stream ${stream.endedAfterMs ?? '?'} ms after opening it, without the client closing it${problems.length ? `; also ${problems.join('; ')}` : ''}. Server-initiated messages are lost until the client reconnects.`,
      };
    }
    const cadence = keepAliveCadence(stream.comments);
    if (problems.length) return { status: 'warn', message: `Event stream open, but ${problems.join('; ')}. ${cadence}` };
    return { status: 'pass', message: `Event stream with no-cache and X-Accel-Buffering: no. ${cadence}` };
  },
};

export const secondGetCheck: Check = {
  id: 'second-get-stream',
  title: 'How a second GET stream on one session is answered',
  rule: 'stream-conflict',
  applies: needsStatefulHttp,
  async run(context, log) {
    const [firstAnswer, second] = await withSession(context, log, async (session) => {
      const first = context.probe.send({ method: 'GET', sessionId: session?.id, protocolVersion: session?.protocolVersion, readMs: STREAM_LOOK_MS * 2 }, log);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const next = await context.probe.send({ method: 'GET', sessionId: session?.id, protocolVersion: session?.protocolVersion, readMs: STREAM_LOOK_MS }, log);
      return [await first, next] as const;
    });
    if (firstAnswer.status === 405) return { status: 'skip', message: 'No GET stream (405).' };
    if (second.status === 409) {
      return {
        status: 'pass',
        message:
          "409 Conflict: one GET stream per session. That is the TypeScript SDK's convention, not a rule of the spec (which lets a client hold several streams). After a proxy silently drops a stream, such a server may hold the stale one until it notices, and the client's reconnect gets 409 meanwhile.",
      };
    }
    if (second.status === 200) {
      const replaced = firstAnswer.endedByServer
        ? 'the server ended the first stream and serves the second (it replaces a stale stream)'
        : 'both streams stay open (the server fans out or sends each message on one of them)';
      return { status: 'pass', message: `A second stream is accepted: ${replaced}. The spec allows several streams per session.` };
    }
    return { status: 'warn', message: `Second GET answered ${second.status} (${detail(second)}).` };
  },
};

export const resumabilityCheck: Check = {
  id: 'resumability',
  title: 'Events carry ids and Last-Event-ID resumption is accepted',
  rule: 'stream-resume-failed',
  applies: needsStatefulHttp,
  async run(context, log) {
    const session = await openSession(context, log);
    const lastEventId = [...(session?.initialize.events ?? [])].reverse().find((event) => event.id)?.id;
    if (!session) return { status: 'skip', message: 'Could not open a session.' };
    if (!session.initialize.events.length) {
      await closeSession(context, session, log);
      return { status: 'skip', message: 'The server answers POSTs with plain JSON, so there are no events to resume.' };
    }
    if (!lastEventId) {
      await closeSession(context, session, log);
      return {
        status: 'warn',
        rule: 'stream-not-resumable',
        message:
          'SSE events carry no `id:`; after a dropped stream the client cannot resume and messages in flight are lost. Give the transport an event store.',
      };
    }
    const resumed = await context.probe.send(
      { method: 'GET', sessionId: session.id, protocolVersion: session.protocolVersion, headers: { 'last-event-id': lastEventId }, readMs: STREAM_LOOK_MS },
      log,
    );
    await closeSession(context, session, log);
    if (resumed.status === 200) return { status: 'pass', message: `Events have ids; GET with Last-Event-ID ${lastEventId} was accepted.` };
    if (resumed.status === 405) return { status: 'pass', message: 'Events have ids; resumption is not offered on a GET stream (405).' };
    return {
      status: 'fail',
      message: `GET with Last-Event-ID ${lastEventId} answered ${resumed.status} (${detail(resumed)}); resumption after a drop will fail.`,
    };
  },
};
