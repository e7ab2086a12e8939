// handshake-timeout: no answer to initialize / server/discover in time.

import { clientOf } from '../protocol/exchanges';
import type { RuleDefinition } from './types';

export const handshakeTimeout: RuleDefinition = {
  id: 'handshake-timeout',
  severity: 'error',
  title: 'No answer to initialize / server/discover in time',
  kinds: ['stderr', 'lifecycle'],
  create() {
    const stderrTail: string[] = [];
    return {
      onEvent(event, reporter) {
        if (event.kind === 'stderr') {
          stderrTail.push(event.line);
          if (stderrTail.length > 5) stderrTail.shift();
          return;
        }
        if (event.kind !== 'lifecycle') return;
        if (event.name === 'handshake-complete') {
          reporter.clear(clientOf(event));
          return;
        }
        const reason = String(event.detail?.reason ?? '');
        if (event.name !== 'handshake-failed' || !/no answer|timed out|timeout/i.test(reason)) return;
        reporter.report({
          key: clientOf(event),
          message: `The handshake got no answer: ${reason}.${stderrTail.length ? ` Last server output: "${stderrTail.join(' | ').slice(0, 300)}"` : ''}`,
          fix: 'Check the URL or command; for stdio make sure the server writes only JSON-RPC to stdout; for HTTP check that nothing (proxy, auth) holds the request.',
          evidence: [{ summary: `handshake failed: ${reason}`, seq: event.seq, t: event.t }],
        });
      },
    };
  },
};
