// unknown-session: a message targets a session the server does not know — from HTTP answers
// (404 "Session not found", or 400 "No valid session ID" to a request that carried an id) and
// from server log lines naming a session. Explains the most likely cause from the evidence.

import type { Evidence } from '../model';
import { answerEvidence, answerVerdict, BoundedMap, classifyAnswer, clientOf, exchangeEvidence, msBetween } from '../protocol/exchanges';
import { unknownSessionLogLine } from '../protocol/serverLogs';
import type { RuleDefinition } from './types';

/** Longer idle than this before a 404 reads as "expired". */
const IDLE_EXPIRY_HINT_MS = 60_000;

/** Stream endings that mean the connection itself went away (a killed process, a dropped proxy), not an orderly end. */
const STREAM_CUT = /reset|socket|terminated|other side closed|ECONNRESET|EPIPE|aborted/i;

interface SessionHistory {
  issuedAt?: string;
  lastOkAt?: string;
  deletedAt?: string;
  issuedEvidence?: Evidence;
}

interface ClientState {
  sessions: BoundedMap<string, SessionHistory>;
  /** Last time the server looked gone (process exit, connection refused). */
  outageAt?: string;
  /** Last time an open stream of this client was cut by the connection (reset/closed), not ended by the server. */
  streamCutAt?: string;
  /** Ids reported, cleared once the client works on a new session. */
  reported: Set<string>;
}

export const unknownSession: RuleDefinition = {
  id: 'unknown-session',
  severity: 'error',
  title: 'A message targets a session the server does not know',
  kinds: ['lifecycle', 'stderr', 'http-response'],
  create(context) {
    const exchanges = context.exchanges;
    const clients = new Map<string, ClientState>();
    const stateOf = (client: string) => {
      let state = clients.get(client);
      if (!state) {
        state = { sessions: new BoundedMap(1000), reported: new Set() };
        clients.set(client, state);
      }
      return state;
    };
    const history = (state: ClientState, id: string) => {
      let entry = state.sessions.get(id);
      if (!entry) {
        entry = {};
        state.sessions.set(id, entry);
      }
      return entry;
    };
    return {
      onEvent(event, reporter) {
        const state = stateOf(clientOf(event));
        if (event.kind === 'lifecycle') {
          if (event.name === 'session-issued' && typeof event.detail?.id === 'string') {
            const entry = history(state, event.detail.id);
            entry.issuedAt ??= event.t;
            entry.issuedEvidence ??= { summary: `session ${event.detail.id} issued`, seq: event.seq, t: event.t };
          }
          if (event.name === 'process-exit') state.outageAt = event.t;
          if (
            event.name === 'stream-close' &&
            event.detail?.byClient !== true &&
            typeof event.detail?.reason === 'string' &&
            STREAM_CUT.test(event.detail.reason)
          )
            state.streamCutAt = event.t;
          return;
        }
        if (event.kind === 'stderr') {
          const line = unknownSessionLogLine(event.line);
          if (!line) return;
          const logged = line.id;
          // Servers log ids in their own form (Python prints str(UUID) with dashes, sends 32 hex digits).
          const comparable = (value: string) => value.replace(/-/g, '').toLowerCase();
          const held = logged
            ? [...clients.values()].flatMap((client) => [...client.sessions.keys()]).find((candidate) => comparable(candidate) === comparable(logged))
            : undefined;
          const id = held ?? logged;
          // One lost session is often logged on several lines (mcp-remote prints the error, then its body again):
          // without an id, lines naming the same fault are one finding.
          const phrase = line.phrase.toLowerCase();
          const known = held !== undefined;
          const where = event.file ? `${event.file}${event.lineNumber ? `:${event.lineNumber}` : ''}` : 'server output';
          reporter.report({
            key: id ? `log:${id}` : `log:${clientOf(event)}:${phrase}`,
            sessionId: id,
            message:
              `The server reported a message for an unknown session${id ? ` ${id}` : ''} (${where}): "${event.line.trim().slice(0, 160)}". ${id ? (known ? 'This client held that session: the server lost it (restart, expiry or another instance).' : 'This client never received that id: another client, or a hand-written session map, used it.') : ''}`.trim(),
            fix: 'Reconnect the client so it starts a new session; if it keeps happening, look for server restarts, idle expiry or routing across instances.',
            evidence: [
              {
                summary: event.line.trim().slice(0, 200),
                seq: event.seq,
                t: event.t,
                ...(event.file ? { file: event.file } : {}),
                ...(event.lineNumber ? { line: event.lineNumber } : {}),
              },
            ],
          });
          return;
        }
        const request = exchanges.observe(event);
        if (event.kind !== 'http-response') return;
        if (event.status === 0 && /refused|reset/.test(event.error ?? '')) {
          state.outageAt = event.t;
          return;
        }
        if (!request) return;
        const kind = classifyAnswer(request, event);
        const issued = event.headers['mcp-session-id'];
        if (kind === 'ok') {
          if (issued && request.rpcMethod === 'initialize') {
            const entry = history(state, issued);
            entry.issuedAt ??= event.t;
            entry.issuedEvidence ??= exchangeEvidence(request, event);
          }
          if (request.sessionId) {
            const entry = history(state, request.sessionId);
            if (request.method === 'DELETE') entry.deletedAt = event.t;
            else entry.lastOkAt = event.t;
            // A success on a session other than the reported ones: the client recovered.
            if (!state.reported.has(request.sessionId) && state.reported.size) {
              for (const id of state.reported) reporter.clear(`${clientOf(event)}:${id}`);
              state.reported.clear();
            }
          }
          return;
        }
        if (kind !== 'unknown-session' || !request.sessionId) return;
        const id = request.sessionId;
        const entry = state.sessions.get(id);
        let cause: string;
        if (entry?.deletedAt) cause = `terminated: this session was ended by DELETE at ${entry.deletedAt} and then used again`;
        else if (!entry)
          cause = 'never issued: this client never received that id in this trace (someone else’s id, a hand-made one, or one from before the trace started)';
        else if (state.outageAt && (!entry.lastOkAt || state.outageAt > entry.lastOkAt))
          cause = `server restarted: the server was unreachable or its process exited at ${state.outageAt}, and sessions live in its memory`;
        else if (state.streamCutAt && (!entry.lastOkAt || state.streamCutAt >= entry.lastOkAt))
          cause = `the server restarted or stopped: the connection of this client's stream was cut at ${state.streamCutAt} (${entry.lastOkAt ? `after its last success at ${entry.lastOkAt}` : 'after the session was issued'}), and sessions live in the server's memory`;
        else if (entry.lastOkAt && msBetween(entry.lastOkAt, event.t) > IDLE_EXPIRY_HINT_MS)
          cause = `expired: it worked until ${entry.lastOkAt} and was idle ${Math.round(msBetween(entry.lastOkAt, event.t) / 1000)} s`;
        else cause = 'lost by the server (restart, expiry, or a request routed to another instance — see session-affinity)';
        state.reported.add(id);
        reporter.report({
          key: `${clientOf(event)}:${id}`,
          sessionId: id,
          message: `${request.method} ${request.path}${request.rpcMethod ? ` (${request.rpcMethod})` : ''} targeted session ${id}, which the server does not know (${event.status}). Most likely ${cause}.`,
          fix: 'Reconnect: the client must start a new session with initialize, without the old Mcp-Session-Id.',
          evidence: [...answerEvidence(request, event, answerVerdict(request, event)), ...(entry?.issuedEvidence ? [entry.issuedEvidence] : [])],
        });
      },
    };
  },
};
