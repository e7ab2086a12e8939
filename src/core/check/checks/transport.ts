// Which transports and eras the server speaks: Streamable HTTP `initialize`, 2026-07-28
// `server/discover`, or only the legacy HTTP+SSE transport. Later checks build on these facts.

import { modernRequest } from '../modern';
import { rpcResultOf, verdictOf, type ProbeResponse } from '../probe';
import { openSession, closeSession } from '../session';
import type { Check } from '../types';
import { readEndpointEvent } from './legacy';

/** The rule an initialize that got no result points at: Host/Origin protection, or a handshake that never completes. */
function initializeRefusalRule(answer: ProbeResponse | undefined): 'origin-rejected' | 'handshake-timeout' | undefined {
  if (!answer) return undefined;
  if (verdictOf(answer, { method: 'POST', rpcMethod: 'initialize' })?.kind === 'origin-rejected') return 'origin-rejected';
  // Accepted as a stream but never answered, or no answer before the session check's deadline (its own error text).
  const acceptedUnanswered = answer.status === 200 && (answer.headers.get('content-type') ?? '').includes('text/event-stream');
  return acceptedUnanswered || /timed out|no answer/i.test(answer.error ?? '') ? 'handshake-timeout' : undefined;
}

export const transportCheck: Check = {
  id: 'transport',
  title: 'Transports and protocol eras the server speaks',
  async run(context, log) {
    // As a 2026-07-28 client probes: the request envelope and the headers that must match it.
    const discover = modernRequest('server/discover');
    const discovered = await context.probe.send({ method: 'POST', body: discover.body, headers: discover.headers, untilResponseId: discover.body.id }, log);
    const discoverResult = rpcResultOf(discovered, discover.body.id);
    context.facts.statelessEra = Boolean(discoverResult && Array.isArray(discoverResult.supportedVersions));

    let refused: ProbeResponse | undefined;
    const session = await openSession(context, log, true, { onRefused: (answer) => (refused = answer) });
    if (session) {
      context.facts.transport = 'streamable-http';
      context.facts.initializeWorks = true;
      context.facts.stateful = Boolean(session.id);
      context.facts.protocolVersion = session.protocolVersion;
      await closeSession(context, session, log);
      const eras = [context.facts.statelessEra ? '2026-07-28 (server/discover)' : '', `session era (initialize → ${session.protocolVersion})`].filter(Boolean);
      return { status: 'pass', message: `Streamable HTTP; speaks ${eras.join(' and ')}.` };
    }
    if (context.facts.statelessEra) {
      context.facts.transport = 'streamable-http';
      context.facts.stateful = false;
      return { status: 'pass', message: 'Streamable HTTP, 2026-07-28 only (server/discover answered; initialize refused). Session checks do not apply.' };
    }
    const endpoint = await readEndpointEvent(context, log);
    endpoint.stream.close();
    if (endpoint.endpoint) {
      context.facts.transport = 'sse';
      return {
        status: 'warn',
        rule: 'legacy-transport',
        message: `Only the legacy HTTP+SSE transport answers (endpoint ${endpoint.endpoint.pathname}). It is deprecated since 2025-03-26; serve Streamable HTTP too so current clients connect without falling back.`,
      };
    }
    context.facts.transport = 'none';
    const initializeAnswer = log.received.at(-2) ?? 'no answer';
    if (/^401\b/.test(initializeAnswer)) {
      context.facts.requiresAuth = true;
      return {
        status: 'fail',
        rule: 'auth-required',
        message: `The server requires authorization (initialize: ${initializeAnswer}). The OAuth checks below still run; for the session checks pass a token with --header "Authorization: Bearer …", or sign in with \`status --sign-in --token-cache FILE\` and pass --token-cache FILE.`,
      };
    }
    // Name the likely rule when the answer says why (Host/Origin protection, a handshake that never completes).
    const rule = initializeRefusalRule(refused);
    const why =
      rule === 'origin-rejected'
        ? ' The server refused the Host or Origin the session check sent (DNS-rebinding protection): add it to the allowed hosts/origins, or check a proxy rewriting Host.'
        : rule === 'handshake-timeout'
          ? ` initialize was accepted but never answered within ${context.timeoutMs} ms (a server never connected to its transport, or a request handler that hangs).`
          : " Check the URL's path and port.";
    return {
      status: 'fail',
      ...(rule ? { rule } : {}),
      message: `No MCP transport answered at ${context.url.href} (initialize: ${initializeAnswer}; legacy GET: ${log.received.at(-1) ?? 'no answer'}).${why}`,
    };
  },
};
