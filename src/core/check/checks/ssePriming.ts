// SSE polling (SEP-1699, 2025-11-25): a POST answered with an SSE stream starts with a priming
// event (an id and empty data) and a `retry:` field, so a client whose stream is closed mid-call
// knows where to resume and when. When the server does close the stream before the response,
// the session check resumes with GET + Last-Event-ID and waits for the response there. The same checks
// as the official conformance suite's server-sse-polling, at the version they apply to.

import { setTimeout as delay } from 'node:timers/promises';

import { exampleEventStoreCause } from '../../protocol/priming';
import { detail, rpc } from '../probe';
import { closeSession, openSession } from '../session';
import type { CheckContext, CheckLog, Check } from '../types';
import { needsStatefulHttp } from './session';

/** The first protocol version with priming events. */
export const SSE_POLLING_VERSION = '2025-11-25';

/** The longest the session check honours a server's `retry:` before resuming; a slow interval must not stall the check. */
export const MAX_RESUME_WAIT_MS = 2000;

/** What one POST stream showed; undefined fields mean "not applicable". */
export interface SsePollingProbe {
  negotiated?: string;
  /** Not an SSE answer (or no session): why priming does not apply. */
  notApplicable?: string;
  primingId?: string;
  primingFirst?: boolean;
  retryMs?: number;
  /** The stream ended before the response: did GET + Last-Event-ID deliver it? */
  resumed?: { delivered: boolean; answer: string };
}

/** Opens a session at `version` (sending it as MCP-Protocol-Version), POSTs tools/list and reads the stream. */
export async function probeSsePolling(context: CheckContext, log: CheckLog, version: string): Promise<SsePollingProbe> {
  const session = await openSession(context, log, true, { version });
  if (!session?.id) return { notApplicable: 'Could not open a session.' };
  try {
    const request = rpc('tools/list');
    const answer = await context.probe.send(
      { method: 'POST', body: request, sessionId: session.id, protocolVersion: version, untilResponseId: request.id },
      log,
    );
    if (!(answer.headers.get('content-type') ?? '').includes('text/event-stream')) {
      return {
        negotiated: session.protocolVersion,
        notApplicable: `The server answered with ${answer.headers.get('content-type') ?? `status ${answer.status}`}, not an SSE stream: priming does not apply.`,
      };
    }
    const priming = answer.events.find((event) => event.id && !event.data.trim());
    const probe: SsePollingProbe = { negotiated: session.protocolVersion, primingFirst: priming !== undefined && answer.events[0] === priming };
    if (priming?.id) probe.primingId = priming.id;
    if (answer.retryMs !== undefined) probe.retryMs = answer.retryMs;
    const answered = answer.messages.some((message) => message.id === request.id && ('result' in message || 'error' in message));
    if (!answered && priming?.id) {
      // A SEP-1699 client waits the retry interval before resuming; a server may store the response only then.
      await delay(Math.min(probe.retryMs ?? 0, MAX_RESUME_WAIT_MS));
      const resumed = await context.probe.send(
        { method: 'GET', sessionId: session.id, protocolVersion: version, headers: { 'last-event-id': priming.id }, untilResponseId: request.id },
        log,
      );
      probe.resumed = {
        delivered: resumed.messages.some((message) => message.id === request.id && ('result' in message || 'error' in message)),
        answer: `${resumed.status} ${detail(resumed)}`.trim(),
      };
    }
    return probe;
  } finally {
    await closeSession(context, session, log);
  }
}

export const ssePrimingCheck: Check = {
  id: 'sse-priming',
  title: 'POST streams start with a priming event and a retry field; a closed stream resumes',
  rule: 'stream-not-resumable',
  applies: needsStatefulHttp,
  async run(context, log) {
    const probe = await probeSsePolling(context, log, SSE_POLLING_VERSION);
    if (probe.notApplicable) return { status: 'skip', message: probe.notApplicable };
    if (probe.negotiated && probe.negotiated < SSE_POLLING_VERSION)
      return { status: 'skip', message: `The server negotiated ${probe.negotiated}; priming events belong to ${SSE_POLLING_VERSION}.` };
    if (probe.resumed && !probe.resumed.delivered) {
      const cause = exampleEventStoreCause(probe.primingId);
      return {
        status: 'warn',
        message: `The server closed the POST stream before the response, and GET with Last-Event-ID ${probe.primingId} did not deliver it (${probe.resumed.answer}): the response is lost.${cause ? ` ${cause}` : ''}`,
      };
    }
    const resume = probe.resumed
      ? `the server closed the POST stream before the response, and GET with Last-Event-ID ${probe.primingId} delivered it`
      : 'the response came on the POST stream, so resuming was not needed';
    const gaps: string[] = [];
    if (!probe.primingId) gaps.push('no priming event (an `id:` with empty data) on the POST stream');
    else if (!probe.primingFirst) gaps.push('the priming event is not the first event');
    if (probe.retryMs === undefined) gaps.push('no `retry:` field, so a client does not know when to reconnect');
    if (gaps.length)
      return {
        status: 'warn',
        message: `At ${SSE_POLLING_VERSION}: ${gaps.join('; ')}. A client whose stream is cut mid-call cannot resume it (SEP-1699); give the transport an event store and a retry interval. (${resume}.)`,
      };
    return { status: 'pass', message: `Priming event ${probe.primingId} first, retry ${probe.retryMs} ms; ${resume}.` };
  },
};
