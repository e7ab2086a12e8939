// Opening and ending the session check's own sessions. The session check never touches a session it did not
// create: every id it sends is one it was issued, or one it made up to see how the server answers.

import { randomUUID } from 'node:crypto';
import { initializeRequest, notification, rpcResultOf, type ProbeResponse } from './probe';
import type { CheckContext, CheckLog } from './types';

/** The session-era version the session check asks for first. */
export const SESSION_CHECK_PROTOCOL_VERSION = '2025-06-18';

export interface CheckSession {
  /** Absent for a stateless server. */
  id?: string;
  protocolVersion: string;
  initialize: ProbeResponse;
}

/**
 * Runs the `initialize` handshake on the Streamable HTTP endpoint; with `complete` (the default)
 * also sends `notifications/initialized`. Undefined when the server refused to initialize.
 */
export async function openSession(
  context: CheckContext,
  log: CheckLog,
  complete = true,
  options: { version?: string; onRefused?: (answer: ProbeResponse) => void } = {},
): Promise<CheckSession | undefined> {
  const version = options.version ?? SESSION_CHECK_PROTOCOL_VERSION;
  const request = initializeRequest(version);
  const response = await context.probe.send({ method: 'POST', body: request, untilResponseId: request.id }, log);
  const result = rpcResultOf(response, request.id);
  if (response.status !== 200 || !result) {
    options.onRefused?.(response);
    return undefined;
  }
  const session: CheckSession = {
    id: response.headers.get('mcp-session-id') ?? undefined,
    protocolVersion: typeof result.protocolVersion === 'string' ? result.protocolVersion : version,
    initialize: response,
  };
  if (complete) {
    await context.probe.send(
      { method: 'POST', body: notification('notifications/initialized'), sessionId: session.id, protocolVersion: session.protocolVersion },
      log,
    );
  }
  return session;
}

/** Ends one of the session check's own sessions (DELETE); servers may answer 405 when they do not allow it. */
export async function closeSession(context: CheckContext, session: Pick<CheckSession, 'id' | 'protocolVersion'> | undefined, log: CheckLog): Promise<void> {
  if (!session?.id) return;
  await context.probe.send({ method: 'DELETE', sessionId: session.id, protocolVersion: session.protocolVersion }, log);
}

/** A well-formed id that no server has issued: how servers answer an unknown session. */
export function madeUpSessionId(): string {
  return randomUUID();
}

/**
 * Runs `probe` on a fresh session of its own (undefined when the server refused one) and always
 * ends that session afterwards, even when the probe throws.
 */
export async function withSession<T>(
  context: CheckContext,
  log: CheckLog,
  probe: (session: CheckSession | undefined) => Promise<T>,
  complete = true,
): Promise<T> {
  const session = await openSession(context, log, complete);
  try {
    return await probe(session);
  } finally {
    await closeSession(context, session, log);
  }
}

/** Sends one `initialize` with extra headers (e.g. an Origin) and ends any session it opened. */
export async function initializeOnce(context: CheckContext, log: CheckLog, headers: Record<string, string>): Promise<ProbeResponse> {
  const request = initializeRequest(SESSION_CHECK_PROTOCOL_VERSION);
  const answer = await context.probe.send({ method: 'POST', body: request, untilResponseId: request.id, headers }, log);
  const id = answer.headers.get('mcp-session-id');
  if (id) await closeSession(context, { id, protocolVersion: SESSION_CHECK_PROTOCOL_VERSION }, log);
  return answer;
}
