// Rules that fire on one kind of server answer: request-before-initialized, already-initialized,
// protocol-version-unsupported, origin-rejected, stream-conflict, get-stream-unsupported,
// stream-resume-failed and unknown-session-status. Each is its own RuleDefinition.

import type { Severity } from '../model';
import { classifyAnswer, Exchanges, exchangeEvidence, type AnswerKind } from './analysis';
import type { RuleDefinition } from './types';

function answerRule(id: string, severity: Severity, title: string, kind: AnswerKind, message: (what: string) => string, fix: string, filter: (status: number) => boolean = () => true): RuleDefinition {
  return {
    id,
    severity,
    title,
    create() {
      const exchanges = new Exchanges();
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

export const requestBeforeInitialized = answerRule(
  'request-before-initialized',
  'error',
  'A request arrived before the handshake completed',
  'not-initialized',
  (what) => `The server says it is not initialized: ${what}. A request was sent before initialize → result → notifications/initialized completed on this session (often after a reconnect that skipped initialize).`,
  'Finish the handshake (initialize, then notifications/initialized) before any other request; after a reconnect, start a new session.',
);

export const alreadyInitialized = answerRule(
  'already-initialized',
  'warning',
  'initialize sent twice on a live session',
  'already-initialized',
  (what) => `A second initialize reached a live session: ${what}.`,
  'Send initialize once per session; to start over, drop the session id and initialize without it.',
);

export const protocolVersionUnsupported = answerRule(
  'protocol-version-unsupported',
  'error',
  'The protocol version was refused',
  'unsupported-version',
  (what) => `The server refused the protocol version: ${what}.`,
  'Use a version both sides support: the one the server returned from initialize (sent back as MCP-Protocol-Version), or upgrade the older side.',
);

export const originRejected = answerRule(
  'origin-rejected',
  'error',
  'The server rejected the Origin or Host header',
  'origin-rejected',
  (what) => `The server's DNS-rebinding protection rejected the request: ${what}. A reverse proxy rewriting Host, or a browser page on an origin the server does not allow, is the usual cause.`,
  'Add the client origin / proxy host to the server’s allowed origins and hosts, or make the proxy pass the original Host header.',
);

export const streamConflict = answerRule(
  'stream-conflict',
  'warning',
  'Only one SSE stream per session',
  'stream-conflict',
  (what) => `The server refused a second GET stream: ${what}. It still holds an older stream for this session — often one a proxy dropped without the server noticing.`,
  'Let the server notice dead streams (keep-alives, shorter timeouts) or close the old stream before opening a new one.',
);

export const getStreamUnsupported = answerRule(
  'get-stream-unsupported',
  'info',
  'The server offers no standalone GET stream',
  'get-unsupported',
  (what) => `${what}: the server offers no standalone stream. That is normal; server-initiated messages only arrive inside request responses.`,
  'Nothing to fix.',
);

export const streamResumeFailed = answerRule(
  'stream-resume-failed',
  'error',
  'Resuming a stream with Last-Event-ID failed',
  'resume-failed',
  (what) => `Resuming the stream failed: ${what}. Messages sent while the stream was down are lost.`,
  'Give the server transport an event store that can replay by event id, and make sure event ids are stable across instances.',
);

export const unknownSessionStatus = answerRule(
  'unknown-session-status',
  'warning',
  'An unknown session is answered with something other than 404',
  'unknown-session',
  (what) => `The server answered an unknown session with 400 instead of 404: ${what}. The spec requires 404 so clients know to start a new session; SDK clients do not re-initialise on 400.`,
  'Answer requests for unknown or expired sessions with HTTP 404.',
  (status) => status !== 404,
);
