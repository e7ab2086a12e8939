// Session bookkeeping shared by every model: a session issued, confirmed, ended, and the bounded
// list of the ids a connection or a client had before.

import type { SessionEndReason, SessionInfo } from './types';

/** Earlier session ids kept in `session.previous`. */
export const PREVIOUS_SESSIONS_KEPT = 5;

/** `previous` with `id` in front (once), bounded. */
function remember(previous: readonly string[] | undefined, id: string | undefined): string[] | undefined {
  if (!id) return previous ? [...previous] : undefined;
  if (previous?.[0] === id) return [...previous];
  return [id, ...(previous ?? [])].slice(0, PREVIOUS_SESSIONS_KEPT);
}

/** The session after the server issued `id`; a session it replaces (a restart, a new handshake) joins `previous`. */
export function issuedSession(session: SessionInfo, id: string, t: string): SessionInfo {
  if (session.id === id) return session;
  const previous = remember(session.previous, session.id ?? session.ended?.id);
  return { id, stateful: true, issuedAt: t, lastConfirmedAt: t, ...(previous?.length ? { previous } : {}) };
}

/** The session after `id` ended; unchanged when `id` is not the session in force. */
export function endedSession(session: SessionInfo, id: string, reason: SessionEndReason, t: string): SessionInfo {
  if (!id || session.id !== id) return session;
  const previous = remember(session.previous, id);
  return {
    stateful: session.stateful,
    ended: { at: t, reason, id },
    ...(previous?.length ? { previous } : {}),
    ...(session.issuedAt ? { issuedAt: session.issuedAt } : {}),
  };
}

/** A session with no id, keeping the ids seen before. */
export function noSession(session: SessionInfo, noneReason: NonNullable<SessionInfo['noneReason']>): SessionInfo {
  return { stateful: false, noneReason, ...(session.previous ? { previous: session.previous } : {}) };
}
