// stream-not-resumable: session-era SSE events carry no ids.

import { clientOf } from '../protocol/exchanges';
import type { RuleDefinition } from './types';

export const streamNotResumable: RuleDefinition = {
  id: 'stream-not-resumable',
  severity: 'info',
  title: 'Session-era SSE events carry no ids',
  kinds: ['sse-event'],
  create() {
    const reported = new Set<string>();
    return {
      onEvent(event, reporter) {
        if (event.kind !== 'sse-event' || event.comment !== undefined || (event.retry !== undefined && event.data === undefined)) return;
        if (event.id !== undefined || event.event === 'endpoint' || event.streamKind === 'legacy-sse' || event.streamKind === 'listen' || !event.session)
          return;
        const client = clientOf(event);
        if (reported.has(client)) return;
        reported.add(client);
        reporter.report({
          key: client,
          sessionId: event.session,
          message: `Events on the ${event.streamKind} stream carry no \`id:\`, so after a dropped stream the client cannot resume with Last-Event-ID and messages in flight are lost.`,
          fix: 'Configure an event store on the server transport so events get ids and can be replayed.',
          evidence: [{ summary: `${event.stream}: ${event.event ?? 'message'} event without id`, seq: event.seq, t: event.t }],
        });
      },
    };
  },
};
