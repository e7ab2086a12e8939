// Which transports and eras the server speaks: Streamable HTTP `initialize`, 2026-07-28
// `server/discover`, or only the legacy HTTP+SSE transport. Later checks build on these facts.

import { rpc, rpcResultOf } from '../probe';
import { openSession, closeSession } from '../session';
import type { DoctorCheck } from '../types';
import { readEndpointEvent } from './legacy';

export const transportCheck: DoctorCheck = {
  id: 'transport',
  title: 'Transports and protocol eras the server speaks',
  async run(context, log) {
    const discover = rpc('server/discover', {});
    const discovered = await context.probe.send({ method: 'POST', body: discover, untilResponseId: discover.id }, log);
    const discoverResult = rpcResultOf(discovered, discover.id);
    context.facts.statelessEra = Boolean(discoverResult && Array.isArray(discoverResult.supportedVersions));

    const session = await openSession(context, log);
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
      return { status: 'fail', rule: 'auth-required', message: `The server requires authorization (initialize: ${initializeAnswer}). The OAuth checks below still run; for the session checks pass a token with --header "Authorization: Bearer …", or sign in with \`status --sign-in --token-cache FILE\` and pass --token-cache FILE.` };
    }
    // Name the likely rule when the answer says why (Host/Origin protection, a handshake that never completes).
    const rule = /\b(403|421)\b.*invalid (host|origin)/i.test(initializeAnswer) ? 'origin-rejected' : /^200\b.*text\/event-stream/.test(initializeAnswer) || /timed out|no answer/i.test(initializeAnswer) ? 'handshake-timeout' : undefined;
    const why = rule === 'origin-rejected' ? ' The server refused the Host or Origin the doctor sent (DNS-rebinding protection): add it to the allowed hosts/origins, or check a proxy rewriting Host.' : rule === 'handshake-timeout' ? ` initialize was accepted but never answered within ${context.timeoutMs} ms (a server never connected to its transport, or a request handler that hangs).` : " Check the URL's path and port.";
    return {
      status: 'fail',
      ...(rule ? { rule } : {}),
      message: `No MCP transport answered at ${context.url.href} (initialize: ${initializeAnswer}; legacy GET: ${log.received.at(-1) ?? 'no answer'}).${why}`,
    };
  },
};
