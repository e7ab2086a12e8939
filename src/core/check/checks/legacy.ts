// Legacy HTTP+SSE checks: the `endpoint` event arrives, points at the same origin, and POSTs for
// an unknown session are answered 404.

import { madeUpSessionId } from '../session';
import { detail, initializeRequest, type OpenProbe } from '../probe';
import type { CheckContext, CheckLog, Check } from '../types';

export interface EndpointSeen {
  endpoint?: URL;
  /** The legacy stream, still open: the session lives as long as it does. Close it when done. */
  stream: OpenProbe;
}

/** How long to wait for the `endpoint` event. */
const ENDPOINT_WAIT_MS = 5000;

/** Opens the legacy SSE stream and waits (bounded) for its `endpoint` event. */
export async function readEndpointEvent(context: CheckContext, log: CheckLog): Promise<EndpointSeen> {
  const stream = await context.probe.open({ method: 'GET', label: '(legacy SSE stream)' }, log, 60_000);
  const wait = Math.min(context.timeoutMs, ENDPOINT_WAIT_MS);
  await stream.waitFor((_message, event) => event?.event === 'endpoint', wait);
  const { response } = stream;
  if (!response.error)
    log.received.push(`${response.status} ${response.headers.get('content-type') ?? ''} · ${response.events.length} events in ${wait} ms or less`);
  const event = response.events.find((candidate) => candidate.event === 'endpoint');
  if (!event) return { stream };
  try {
    return { endpoint: new URL(event.data.trim(), context.url), stream };
  } catch {
    return { stream };
  }
}

function sessionParamOf(endpoint: URL): string | undefined {
  return endpoint.searchParams.has('session_id') ? 'session_id' : endpoint.searchParams.has('sessionId') ? 'sessionId' : undefined;
}

/** How long an unknown-session POST may take before it counts as left hanging. */
const UNKNOWN_POST_WAIT_MS = 3000;

const onlyLegacy = (context: CheckContext) => (context.facts.transport === 'sse' ? undefined : 'the server speaks Streamable HTTP');

export const endpointCheck: Check = {
  id: 'legacy-endpoint',
  title: 'Legacy SSE stream sends a same-origin endpoint event',
  rule: 'endpoint-missing',
  applies: onlyLegacy,
  async run(context, log) {
    const { endpoint, stream } = await readEndpointEvent(context, log);
    stream.close();
    if (!endpoint) {
      const bytes = stream.response.text.slice(0, 120).replace(/\s+/g, ' ');
      return { status: 'fail', message: `No endpoint event within ${Math.min(context.timeoutMs, ENDPOINT_WAIT_MS)} ms; received: ${bytes || 'nothing'}.` };
    }
    if (endpoint.origin !== context.url.origin) {
      return {
        status: 'fail',
        rule: 'endpoint-cross-origin',
        message: `The endpoint ${endpoint.origin} is on another origin than ${context.url.origin}; clients must refuse it.`,
      };
    }
    return { status: 'pass', message: `endpoint ${endpoint.pathname}${endpoint.search ? ` with ${sessionParamOf(endpoint) ?? 'no session'} parameter` : ''}.` };
  },
};

export const legacyUnknownSessionCheck: Check = {
  id: 'legacy-unknown-session',
  title: 'POST for an unknown legacy session is answered 404',
  rule: 'unknown-session-status',
  applies: onlyLegacy,
  async run(context, log) {
    const { endpoint, stream } = await readEndpointEvent(context, log);
    try {
      const param = endpoint && sessionParamOf(endpoint);
      if (!endpoint || !param) return { status: 'skip', message: 'No endpoint with a session parameter to vary.' };
      const forged = new URL(endpoint);
      forged.searchParams.set(param, madeUpSessionId().replace(/-/g, ''));
      const answer = await context.probe.send({ method: 'POST', url: forged, body: initializeRequest('2024-11-05'), readMs: UNKNOWN_POST_WAIT_MS }, log);
      if (answer.status === 404) return { status: 'pass', message: `404 (${detail(answer)}): clients can tell the session is gone.` };
      if (answer.status === 0) {
        return {
          status: 'warn',
          message: `A POST for an unknown session got no answer within ${UNKNOWN_POST_WAIT_MS} ms: the server leaves it hanging, so clients wait for their request timeout instead of reconnecting. Answer 404.`,
        };
      }
      return { status: 'warn', message: `Answered ${answer.status} instead of 404; clients cannot tell the session is gone and will not reconnect.` };
    } finally {
      stream.close();
    }
  },
};
