// Handshake ordering: how the server answers a request sent after `initialize` but before
// `notifications/initialized` (the spec says clients should not; servers vary).

import { detail, rpc } from '../probe';
import { withSession } from '../session';
import type { DoctorCheck } from '../types';

export const beforeInitializedCheck: DoctorCheck = {
  id: 'request-before-initialized',
  title: 'How a request before notifications/initialized is answered',
  rule: 'request-before-initialized',
  applies: (context) => (context.facts.transport === 'streamable-http' && context.facts.initializeWorks ? undefined : 'the server does not speak the session era over Streamable HTTP'),
  async run(context, log) {
    const answer = await withSession(
      context,
      log,
      async (session) => {
        if (!session) return undefined;
        const request = rpc('tools/list');
        return context.probe.send({ method: 'POST', body: request, sessionId: session.id, protocolVersion: session.protocolVersion, untilResponseId: request.id }, log);
      },
      false,
    );
    if (!answer) return { status: 'skip', message: 'Could not open a session.' };
    if (answer.status >= 200 && answer.status < 300) {
      return { status: 'pass', message: `Answered (${answer.status}) before notifications/initialized; lenient, so a client that skips the notification still works here but may not elsewhere.` };
    }
    return { status: 'pass', message: `Refused before notifications/initialized: ${`${answer.status} ${detail(answer)}`}. Clients must finish the handshake before other requests.` };
  },
};
