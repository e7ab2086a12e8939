// HTTP-level checks: CORS for browser clients, Origin validation against DNS rebinding, and the
// MCP-Protocol-Version header.

import { exposesSessionHeader, headersNotAllowed, MCP_REQUEST_HEADERS } from '../../protocol/cors';
import { detail, rpc, verdictOf } from '../probe';
import { initializeOnce, withSession } from '../session';
import type { CheckContext, Check } from '../types';

const FOREIGN_ORIGIN = 'http://mcp-doctor.invalid';
/** The session-era headers (the 2026-07-28 era adds Mcp-Method and Mcp-Name). */
const REQUIRED_HEADERS = MCP_REQUEST_HEADERS.filter((header) => header !== 'mcp-method' && header !== 'mcp-name');

const needsHttp = (context: CheckContext) => (context.facts.transport === 'streamable-http' ? undefined : 'the server does not speak Streamable HTTP');

export const corsPreflightCheck: Check = {
  id: 'cors-preflight',
  title: 'CORS preflight allows the MCP headers',
  rule: 'cors-preflight-blocks-headers',
  applies: needsHttp,
  async run(context, log) {
    const wanted = context.facts.statelessEra ? [...REQUIRED_HEADERS, 'mcp-method', 'mcp-name'] : REQUIRED_HEADERS;
    const answer = await context.probe.send(
      {
        method: 'OPTIONS',
        bare: true,
        headers: { origin: FOREIGN_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': wanted.join(',') },
      },
      log,
    );
    if (!answer.headers.get('access-control-allow-origin'))
      return { status: 'skip', message: 'No CORS served (no Access-Control-Allow-Origin): browsers cannot reach this server cross-origin, by design or not.' };
    const missing = headersNotAllowed(answer.headers.get('access-control-allow-headers'), wanted);
    if (missing.length) return { status: 'warn', message: `Preflight does not allow ${missing.join(', ')}; browser clients cannot send them.` };
    return { status: 'pass', message: `Preflight allows ${wanted.join(', ')}.` };
  },
};

export const corsExposeCheck: Check = {
  id: 'cors-expose',
  title: 'Mcp-Session-Id is exposed to browsers',
  rule: 'cors-session-header-hidden',
  applies: (context) => needsHttp(context) ?? (context.facts.stateful ? undefined : 'the server issues no session id'),
  async run(context, log) {
    const answer = await initializeOnce(context, log, { origin: context.url.origin });
    if (!answer.headers.get('access-control-allow-origin')) return { status: 'skip', message: 'No CORS served on responses.' };
    if (exposesSessionHeader(answer.headers.get('access-control-expose-headers')))
      return { status: 'pass', message: 'Access-Control-Expose-Headers includes Mcp-Session-Id.' };
    return {
      status: 'fail',
      message:
        'CORS is served but Access-Control-Expose-Headers lacks Mcp-Session-Id: browser clients never see their session id and every request after initialize fails.',
    };
  },
};

export const originCheck: Check = {
  id: 'origin-validation',
  title: 'A foreign Origin is rejected; the server’s own is accepted',
  rule: 'origin-not-validated',
  applies: (context) => needsHttp(context) ?? (context.facts.loopback ? undefined : 'the server is not on a loopback address'),
  async run(context, log) {
    const ownAnswer = await initializeOnce(context, log, { origin: context.url.origin });
    const foreignAnswer = await initializeOnce(context, log, { origin: FOREIGN_ORIGIN });
    if (ownAnswer.status === 403 || ownAnswer.status === 421) {
      return {
        status: 'fail',
        rule: 'origin-rejected',
        message: `Even the server's own origin ${context.url.origin} is rejected (${`${ownAnswer.status} ${detail(ownAnswer)}`}); check its allowed origins/hosts, or a proxy rewriting Host.`,
      };
    }
    if (foreignAnswer.status === 403 || foreignAnswer.status === 421)
      return { status: 'pass', message: `Origin ${FOREIGN_ORIGIN} rejected with ${foreignAnswer.status}.` };
    return {
      status: 'warn',
      message: `A loopback server accepted Origin ${FOREIGN_ORIGIN} (${foreignAnswer.status}). The spec says servers MUST validate Origin: any web page the user visits could drive this server (DNS rebinding).`,
    };
  },
};

export const protocolVersionCheck: Check = {
  id: 'protocol-version-header',
  title: 'The negotiated MCP-Protocol-Version is accepted, a bogus one refused, a missing one accepted',
  rule: 'protocol-version-unsupported',
  applies: (context) => needsHttp(context) ?? (context.facts.initializeWorks ? undefined : 'the server does not speak the session era'),
  async run(context, log) {
    const answers = await withSession(context, log, async (session) =>
      session
        ? ([
            await context.probe.send({ method: 'POST', body: rpc('ping'), sessionId: session.id, protocolVersion: session.protocolVersion }, log),
            await context.probe.send({ method: 'POST', body: rpc('ping'), sessionId: session.id, protocolVersion: '1999-01-01' }, log),
            await context.probe.send({ method: 'POST', body: rpc('ping'), sessionId: session.id }, log),
            session.protocolVersion,
          ] as const)
        : undefined,
    );
    if (!answers) return { status: 'skip', message: 'Could not open a session.' };
    const [negotiated, bogus, missing, version] = answers;
    // The version the server itself chose in initialize must pass its own header check.
    if (verdictOf(negotiated, { method: 'POST', rpcMethod: 'ping', protocolVersion: version })?.kind === 'unsupported-version') {
      return {
        status: 'fail',
        message: `initialize negotiated ${version}, but a request carrying MCP-Protocol-Version ${version} was refused: ${detail(negotiated)}. Every client that follows the handshake fails right after it; the HTTP layer (a gateway or an older SDK) must accept the versions the server negotiates, or the server must answer initialize with one of them.`,
      };
    }
    const notes: string[] = [];
    let status: 'pass' | 'warn' = 'pass';
    if (bogus.status === 400) notes.push(`bogus version refused (${detail(bogus)})`);
    else {
      status = 'warn';
      notes.push(`bogus version 1999-01-01 answered ${bogus.status}; the spec expects 400`);
    }
    if (missing.status >= 200 && missing.status < 300) notes.push('missing header accepted (treated as 2025-03-26)');
    else {
      status = 'warn';
      notes.push(`missing header answered ${missing.status}; servers should assume 2025-03-26 for backwards compatibility`);
    }
    return { status, message: `${notes.join('; ')}.` };
  },
};
