// The shape most "the server answered X" rules share: take each HTTP answer's verdict (the
// protocol's one classifier) and report the ones of one kind, keyed by session. The evidence
// shows the exchange, then the shape matched and who answers that way.

import type { Severity } from '../model';
import type { Verdict, VerdictKind } from '../protocol/answers';
import { answerEvidence, answerVerdict, type RequestInfo } from '../protocol/exchanges';
import type { RuleDefinition } from './types';

export function answerRule(
  id: string,
  severity: Severity,
  title: string,
  kind: VerdictKind,
  message: (what: string, verdict: Verdict, request: RequestInfo | undefined) => string,
  fix: string | ((verdict: Verdict) => string),
  filter: (status: number, verdict: Verdict) => boolean = () => true,
  /** One finding per key (default: per session); the rest update it. */
  keyOf: (verdict: Verdict, request: RequestInfo | undefined) => string = (_verdict, request) => request?.sessionId ?? 'no-session',
): RuleDefinition {
  return {
    id,
    severity,
    title,
    kinds: ['http-response'],
    create(context) {
      const exchanges = context.exchanges;
      return {
        onEvent(event, reporter) {
          const request = exchanges.observe(event);
          if (event.kind !== 'http-response') return;
          const verdict = answerVerdict(request, event);
          if (verdict?.kind !== kind || !filter(event.status, verdict)) return;
          const evidence = answerEvidence(request, event, verdict);
          reporter.report({
            key: keyOf(verdict, request),
            sessionId: request?.sessionId,
            message: message(evidence[0].summary, verdict, request),
            fix: typeof fix === 'function' ? fix(verdict) : fix,
            evidence,
          });
        },
      };
    },
  };
}
