// stream-idle-timeout: streams drop again and again after the same time without traffic, with no
// keep-alives on them — the signature of an idle timeout on the way (server, proxy, CDN, the
// client's own fetch). Names the likely culprit when the time is a well-known one.

import { knownIdleTimeout } from '../protocol/idleTimeouts';
import { BoundedMap, clientOf } from '../protocol/exchanges';
import type { RuleDefinition } from './types';

/** Drops at about the same idle time before it counts as recurring. */
const RECURRING = 2;

interface StreamActivity {
  lastActivity: string;
  keepAlives: boolean;
}

interface Drop {
  idleMs: number;
  seq: number;
  t: string;
  stream: string;
}

/** Two idle times are "the same" within 10 % (at least 1 s). */
function similar(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.max(1000, Math.max(a, b) * 0.1);
}

export const streamIdleTimeout: RuleDefinition = {
  id: 'stream-idle-timeout',
  severity: 'warning',
  title: 'SSE streams drop again and again after the same idle time',
  kinds: ['lifecycle', 'sse-event'],
  create() {
    const streams = new BoundedMap<string, StreamActivity>(1000);
    const drops = new BoundedMap<string, Drop[]>(1000);
    return {
      onEvent(event, reporter) {
        if (event.kind === 'sse-event') {
          const activity = streams.get(event.stream);
          if (!activity) return;
          activity.lastActivity = event.t;
          if (event.comment !== undefined) activity.keepAlives = true;
          return;
        }
        if (event.kind !== 'lifecycle' || !event.stream) return;
        if (event.name === 'stream-open') {
          streams.set(event.stream, { lastActivity: event.t, keepAlives: false });
          return;
        }
        if (event.name !== 'stream-close') return;
        const activity = streams.get(event.stream);
        streams.delete(event.stream);
        const reason = typeof event.detail?.reason === 'string' ? event.detail.reason : 'ended by the server';
        // Drops only: the client closing, or a POST stream ending after its response, is normal.
        if (!activity || activity.keepAlives || event.detail?.byClient === true || (event.streamKind === 'post-response' && reason === 'ended by the server'))
          return;
        const key = `${clientOf(event)} ${event.streamKind}`;
        const idleMs = Date.parse(event.t) - Date.parse(activity.lastActivity);
        if (idleMs < 1000) return;
        const list = drops.get(key) ?? [];
        list.push({ idleMs, seq: event.seq, t: event.t, stream: event.stream });
        if (list.length > 20) list.shift();
        drops.set(key, list);
        const alike = list.filter((drop) => similar(drop.idleMs, idleMs));
        if (alike.length < RECURRING) return;
        const seconds = Math.round(alike.reduce((sum, drop) => sum + drop.idleMs, 0) / alike.length / 100) / 10;
        const known = knownIdleTimeout(idleMs);
        reporter.report({
          key,
          sessionId: event.session,
          message: `The ${event.streamKind} stream dropped ${alike.length} times, each after about ${seconds} s without an event and with no keep-alives on it: an idle timeout on the way cuts it.${known ? ` ${seconds} s matches ${known.who}.` : ''} Server messages sent while it reconnects are lost unless the stream can resume.`,
          fix: 'Send keep-alive comments (`: ping`) on SSE streams more often than the shortest idle timeout on the way, or raise that timeout (proxy read timeout, load balancer idle timeout, the client’s body timeout).',
          evidence: alike
            .slice(-3)
            .map((drop) => ({ summary: `${drop.stream} dropped after ${Math.round(drop.idleMs / 100) / 10} s idle`, seq: drop.seq, t: drop.t })),
        });
      },
    };
  },
};
