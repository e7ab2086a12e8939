// The shape most "the server answered X" rules share: classify each HTTP answer and report the
// ones of one kind, keyed by session.

import type { Severity } from '../model';
import { classifyAnswer, exchangeEvidence, type AnswerKind } from '../protocol/exchanges';
import type { RuleDefinition } from './types';

export function answerRule(id: string, severity: Severity, title: string, kind: AnswerKind, message: (what: string) => string, fix: string, filter: (status: number) => boolean = () => true): RuleDefinition {
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
          if (event.kind !== 'http-response' || classifyAnswer(request, event) !== kind || !filter(event.status)) return;
          const evidence = exchangeEvidence(request, event);
          reporter.report({ key: request?.sessionId ?? 'no-session', sessionId: request?.sessionId, message: message(evidence.summary), fix, evidence: [evidence] });
        },
      };
    },
  };
}
