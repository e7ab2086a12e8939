// Session identity checks (Streamable HTTP): an id is issued and well-formed; requests without it
// get 400; an unknown id gets 404; DELETE ends the session check's own session.

import { detail, rpc, verdictOf } from '../probe';
import { closeSession, madeUpSessionId, openSession, withSession } from '../session';
import type { CheckContext, Check } from '../types';

/** Session checks apply to Streamable HTTP servers that issue session ids. */
export function needsStatefulHttp(context: CheckContext): string | undefined {
  if (context.facts.transport !== 'streamable-http') return 'the server does not speak Streamable HTTP';
  if (!context.facts.initializeWorks) return 'the server does not speak the session era';
  if (!context.facts.stateful) return 'the server is stateless (no Mcp-Session-Id), so there is no session to check';
  return undefined;
}

export const sessionIssuedCheck: Check = {
  id: 'session-issued',
  title: 'initialize issues a well-formed session id',
  rule: 'session-id-format',
  applies: (context) =>
    context.facts.transport === 'streamable-http' && context.facts.initializeWorks
      ? undefined
      : 'the server does not speak the session era over Streamable HTTP',
  async run(context, log) {
    const first = await openSession(context, log);
    const second = await openSession(context, log);
    await closeSession(context, first, log);
    await closeSession(context, second, log);
    if (!first?.id) {
      return { status: 'pass', rule: 'stateless-server', message: 'No Mcp-Session-Id: a stateless server. That is valid; the session checks are skipped.' };
    }
    const id = first.id;
    if (second?.id === id) {
      return {
        status: 'fail',
        rule: 'session-cross-talk',
        message: `Two initialize requests were both handed session ${id}: every client gets the same id, so clients share one session (each other's state, streams and answers). Generate a fresh random id per initialize.`,
      };
    }
    if (!/^[\x21-\x7e]+$/.test(id)) {
      return {
        status: 'fail',
        message: `Session id ${JSON.stringify(id)} has characters outside visible ASCII (0x21–0x7E); the spec forbids them and clients may mangle the header.`,
      };
    }
    const distinct = new Set(id).size;
    const sequential = second?.id && /^\d+$/.test(id) && /^\d+$/.test(second.id) && Math.abs(Number(second.id) - Number(id)) < 1000;
    if (id.length < 16 || distinct < 8 || sequential) {
      return {
        status: 'warn',
        message: `Session id ${id} looks guessable (${id.length} characters${sequential ? `, sequential with ${second?.id}` : ''}); use a cryptographically random id such as a UUID so others cannot hijack sessions.`,
      };
    }
    const other = second?.id ? `a second initialize got a different id, ${second.id}` : 'a second initialize got no id to compare';
    return { status: 'pass', message: `Issued ${id} (${id.length} visible ASCII characters, random-looking; ${other}).` };
  },
};

export const missingHeaderCheck: Check = {
  id: 'missing-session-header',
  title: 'A request without the session id is answered 400',
  rule: 'session-header-missing',
  applies: needsStatefulHttp,
  async run(context, log) {
    const answer = await withSession(context, log, (session) =>
      context.probe.send({ method: 'POST', body: rpc('ping'), protocolVersion: session?.protocolVersion }, log),
    );
    if (answer.status === 400) return { status: 'pass', message: `400 (${detail(answer)}).` };
    if (answer.status >= 200 && answer.status < 300) {
      return {
        status: 'warn',
        message: `Accepted a request without Mcp-Session-Id (${answer.status}); a stateful server should answer 400 so clients notice a dropped header.`,
      };
    }
    return { status: 'warn', message: `Answered ${answer.status}; the spec expects 400 Bad Request for a missing session id.` };
  },
};

export const unknownSessionCheck: Check = {
  id: 'unknown-session',
  title: 'A request for an unknown session is answered 404',
  rule: 'unknown-session-status',
  applies: needsStatefulHttp,
  async run(context, log) {
    const sessionId = madeUpSessionId();
    const answer = await context.probe.send({ method: 'POST', body: rpc('ping'), sessionId, protocolVersion: context.facts.protocolVersion }, log);
    if (answer.status === 404) return { status: 'pass', message: `404 (${detail(answer)}): clients know to start a new session.` };
    const verdict = verdictOf(answer, { method: 'POST', rpcMethod: 'ping', sessionId, protocolVersion: context.facts.protocolVersion });
    if (answer.status === 400 && verdict?.kind === 'unknown-session') {
      return {
        status: 'warn',
        message: `Answered 400 "${detail(answer)}" for an unknown session id (${verdict.source}). The spec requires 404 so clients start a new session; SDK clients do not re-initialise on 400, so users see "session not found" errors until they restart.`,
      };
    }
    return { status: 'fail', message: `Answered ${answer.status} (${detail(answer)}) for an unknown session id; expected 404 Not Found.` };
  },
};

export const deleteSessionCheck: Check = {
  id: 'delete-session',
  title: 'DELETE ends the session; reusing it is answered 404',
  rule: 'unknown-session-status',
  applies: needsStatefulHttp,
  async run(context, log) {
    const session = await openSession(context, log);
    if (!session?.id) return { status: 'skip', message: 'Could not open a session to delete.' };
    const deleted = await context.probe.send({ method: 'DELETE', sessionId: session.id, protocolVersion: session.protocolVersion }, log);
    if (deleted.status === 405) return { status: 'pass', message: 'DELETE answered 405: the server does not let clients end sessions (allowed by the spec).' };
    if (deleted.status >= 300)
      return { status: 'warn', message: `DELETE answered ${deleted.status}; expected 200/204, or 405 when client termination is not allowed.` };
    const reused = await context.probe.send({ method: 'POST', body: rpc('ping'), sessionId: session.id, protocolVersion: session.protocolVersion }, log);
    if (reused.status === 404) return { status: 'pass', message: `DELETE answered ${deleted.status}; the ended session is answered 404 afterwards.` };
    if (reused.status >= 200 && reused.status < 300)
      return { status: 'fail', rule: 'unknown-session', message: `The session still works after DELETE answered ${deleted.status}; it was not really ended.` };
    const unknownKind =
      reused.status === 400 &&
      verdictOf(reused, { method: 'POST', rpcMethod: 'ping', sessionId: session.id, protocolVersion: session.protocolVersion })?.kind === 'unknown-session';
    return {
      status: unknownKind ? 'warn' : 'fail',
      message: `After DELETE, reusing the session was answered ${reused.status} (${detail(reused)}); expected 404 so clients re-initialise.`,
    };
  },
};
