// Handshake ordering: how the server answers a request sent after `initialize` but before
// `notifications/initialized` (the spec says clients should not; servers vary).

import { detail, rpc } from '../probe';
import { closeSession, openSession } from '../session';
import type { DoctorCheck } from '../types';

export const beforeInitializedCheck: DoctorCheck = {
  id: 'request-before-initialized',
  title: 'How a request before notifications/initialized is answered',
  rule: 'request-before-initialized',
  applies: (context) => (context.facts.transport === 'streamable-http' && context.facts.initializeWorks ? undefined : 'the server does not speak the session era over Streamable HTTP'),
  async run(context, log) {
    const session = await openSession(context, log, false);
    if (!session) return { status: 'skip', message: 'Could not open a session.' };
    const request = rpc('tools/list');
    const answer = await context.probe.send({ method: 'POST', body: request, sessionId: session.id, protocolVersion: session.protocolVersion, untilResponseId: request.id }, log);
    await closeSession(context, session, log);
    if (answer.status >= 200 && answer.status < 300) {
      return { status: 'pass', message: `Answered (${answer.status}) before notifications/initialized; lenient, so a client that skips the notification still works here but may not elsewhere.` };
    }
    return { status: 'pass', message: `Refused before notifications/initialized: ${`${answer.status} ${detail(answer)}`}. Clients must finish the handshake before other requests.` };
  },
};
