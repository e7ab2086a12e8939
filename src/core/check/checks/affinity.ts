// Session affinity: a burst of requests on one session. Behind a load balancer without sticky
// routing, some land on instances that never saw the session and are answered "unknown session".

import { rpc, verdictOf } from '../probe';
import { closeSession, openSession } from '../session';
import type { Check } from '../types';
import { needsStatefulHttp } from './session';

const BURST = 20;

export const affinityCheck: Check = {
  id: 'session-affinity',
  title: `A burst of ${BURST} requests on one session all reach it`,
  rule: 'session-affinity',
  applies: needsStatefulHttp,
  async run(context, log) {
    const session = await openSession(context, log);
    if (!session?.id) return { status: 'skip', message: 'Could not open a session.' };
    let lost = 0;
    let ok = 0;
    for (let i = 0; i < BURST; i++) {
      const request = rpc('ping');
      // Only the first and any failures go to the log; 20 identical lines help nobody.
      const scratch = { sent: [] as string[], received: [] as string[] };
      const answer = await context.probe.send(
        { method: 'POST', body: request, sessionId: session.id, protocolVersion: session.protocolVersion, untilResponseId: request.id },
        scratch,
      );
      const failed =
        verdictOf(answer, { method: 'POST', rpcMethod: 'ping', sessionId: session.id, protocolVersion: session.protocolVersion })?.kind === 'unknown-session';
      if (failed) lost++;
      else if (answer.status >= 200 && answer.status < 300) ok++;
      if (i === 0 || failed) {
        log.sent.push(...scratch.sent);
        log.received.push(...scratch.received);
      }
    }
    await closeSession(context, session, log);
    if (lost && ok) {
      return {
        status: 'fail',
        message: `${lost} of ${BURST} requests on session ${session.id} were answered "unknown session" while ${ok} succeeded: sessions live in one instance's memory and requests are spread across instances. Use sticky routing on Mcp-Session-Id, a shared session store, or stateless mode.`,
      };
    }
    if (lost) return { status: 'fail', rule: 'unknown-session', message: `Every request on the new session ${session.id} was answered "unknown session".` };
    return { status: 'pass', message: `${ok} of ${BURST} requests succeeded on one session.` };
  },
};
