// Handshake ordering: how the server answers a request sent after the `initialize` result but
// before `notifications/initialized`. The spec only asks clients not to send requests before the
// initialize *result*; serving or refusing such a request both pass, hanging or crashing fails.

import { detail, rpc, rpcErrorOf } from '../probe';
import { withSession } from '../session';
import type { Check } from '../types';

export const beforeInitializedCheck: Check = {
  id: 'request-before-initialized',
  title: 'How a request before notifications/initialized is answered',
  rule: 'request-before-initialized',
  applies: (context) =>
    context.facts.transport === 'streamable-http' && context.facts.initializeWorks
      ? undefined
      : 'the server does not speak the session era over Streamable HTTP',
  async run(context, log) {
    const request = rpc('tools/list');
    const answer = await withSession(
      context,
      log,
      async (session) =>
        session
          ? context.probe.send(
              { method: 'POST', body: request, sessionId: session.id, protocolVersion: session.protocolVersion, untilResponseId: request.id },
              log,
            )
          : undefined,
      false,
    );
    if (!answer) return { status: 'skip', message: 'Could not open a session.' };
    const answered = answer.messages.some((message) => message.id === request.id && ('result' in message || 'error' in message));
    if (answer.status === 0) {
      return {
        status: 'fail',
        message: `No answer within the timeout (${answer.error ?? 'no response'}) to tools/list sent after the initialize result but before notifications/initialized. The spec does not forbid that request; a server that holds it until the notification hangs such clients. Answer it, or refuse it with an error.`,
      };
    }
    if (answer.status >= 500)
      return {
        status: 'fail',
        message: `Answered ${answer.status} (${detail(answer)}) to a request before notifications/initialized: a server error where the spec allows serving it or refusing it with an error.`,
      };
    if (answer.status >= 200 && answer.status < 300 && !answered) {
      return {
        status: 'fail',
        message: `Accepted (${answer.status}) a request before notifications/initialized but never answered it within the timeout: the client waits forever.`,
      };
    }
    if (answer.status >= 200 && answer.status < 300 && !rpcErrorOf(answer)) {
      return {
        status: 'pass',
        message: `Served (${answer.status}) a request sent after the initialize result, before notifications/initialized, as the spec allows (clients should not send requests other than ping before the initialize result).`,
      };
    }
    return {
      status: 'pass',
      message: `Refused before notifications/initialized: ${`${answer.status} ${detail(answer)}`}. Stricter than the spec requires (the Python SDK does the same); clients must finish the handshake before other requests.`,
    };
  },
};
