// A liveness probe of a connected server: a ping (server/discover in the stateless era), timed.

import type { Client } from '@modelcontextprotocol/client';
import type { ConnectionModel, HealthInfo, StreamInfo } from '../model';
import { isoNow as now } from '../util/clock';

/** A liveness probe slower than this makes the connection degraded. */
const SLOW_PING_MS = 2000;

/**
 * unchanged: no probe (not connected), the model keeps its health; lost: the server disowned the
 * session, no probe either; probed: the server answered or did not.
 */
export interface ProbeResult {
  health: HealthInfo;
  verdict: 'unchanged' | 'lost' | 'probed';
}

export async function probeHealth(
  client: Client | undefined,
  model: Pick<ConnectionModel, 'era' | 'handshake' | 'health' | 'session'>,
  streams: () => readonly StreamInfo[],
  timeoutMs: number,
  describe: (error: unknown) => string,
): Promise<ProbeResult> {
  if (!client || model.handshake.state !== 'ready') {
    const health: HealthInfo =
      model.handshake.state === 'failed' || model.handshake.state === 'closed'
        ? { state: 'down', reason: model.handshake.reason ?? model.health.reason, lastCheckAt: now() }
        : model.health;
    return { health, verdict: 'unchanged' };
  }
  // Pinging on with an id the server disowned is the client bug `session-not-reinitialized`
  // describes; the inspector shows the loss and leaves starting a new session to the user.
  const lost = model.session.ended;
  if (lost?.reason === 'unknown-to-server' && !model.session.id) {
    return {
      health: { state: 'down', reason: `the server no longer knows session ${lost.id}: reconnect to start a new session`, lastCheckAt: now() },
      verdict: 'lost',
    };
  }
  const started = performance.now();
  try {
    // The stateless era has no ping; server/discover is its cheap, side-effect-free request.
    const timeout = Math.min(timeoutMs, 5000);
    if (model.era === 'stateless') await client.discover({ timeout });
    else await client.ping({ timeout });
    const rttMs = Math.round((performance.now() - started) * 10) / 10;
    const droppedStream = streams().find((stream) => stream.kind !== 'post-response' && stream.state === 'reconnecting');
    const health: HealthInfo =
      rttMs > SLOW_PING_MS
        ? { state: 'degraded', rttMs, reason: `slow: ping took ${rttMs} ms`, lastCheckAt: now() }
        : droppedStream
          ? { state: 'degraded', rttMs, reason: `${droppedStream.kind} stream is reconnecting`, lastCheckAt: now() }
          : { state: 'healthy', rttMs, lastCheckAt: now() };
    return { health, verdict: 'probed' };
  } catch (error) {
    return { health: { state: 'down', reason: `ping failed: ${describe(error)}`, lastCheckAt: now() }, verdict: 'probed' };
  }
}
