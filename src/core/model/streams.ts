// The streams of a model. Two ways to show them: the inspector's own connection keeps one entry
// per long-lived stream kind (its GET or legacy SSE stream reopens under a new id, and the entry
// counts the reconnects) plus a few recent POST response streams; a tapped client, whose streams
// the inspector does not own, keeps every stream it saw, bounded.

import type { StreamKind } from '../trace/events';
import type { StreamInfo, TransportKind } from './types';

export type StreamStyle = 'connection' | 'client';

/** POST response streams a connection keeps after they close. */
const CLOSED_POST_STREAMS_KEPT = 3;
/** Closed streams a tapped client keeps (open ones are always kept). */
const CLOSED_CLIENT_STREAMS_KEPT = 10;

export const GET_UNSUPPORTED_REASON = {
  connection: 'GET answered 405: the server offers no standalone stream (normal)',
  client: 'GET answered 405: no server-initiated messages outside requests',
} as const;

/** How a stream ended, as its model shows it. */
export interface StreamEnd {
  byClient: boolean;
  reason?: string;
}

export class StreamTable {
  private list: StreamInfo[] = [];

  constructor(private readonly style: StreamStyle) {}

  get all(): readonly StreamInfo[] {
    return this.list;
  }

  clear(): void {
    this.list = [];
  }

  find(id: string): StreamInfo | undefined {
    return this.list.find((stream) => stream.id === id);
  }

  /** The long-lived stream of a kind that is reconnecting, if any. */
  reconnecting(): StreamInfo | undefined {
    return this.list.find((stream) => stream.kind !== 'post-response' && stream.state === 'reconnecting');
  }

  opened(id: string, kind: StreamKind, t: string): void {
    if (this.style === 'client') {
      this.put({ id, kind, state: 'open', openedAt: t, events: 0, reconnects: 0 });
      this.trim((stream) => stream.state !== 'open', CLOSED_CLIENT_STREAMS_KEPT);
      return;
    }
    if (kind === 'post-response') {
      this.list.push({ id, kind, state: 'open', openedAt: t, events: 0, reconnects: 0 });
      return;
    }
    const stream = this.longLived(kind);
    if (stream.openedAt) stream.reconnects++;
    Object.assign(stream, { id, state: 'open', openedAt: t, reason: undefined, closedAt: undefined });
  }

  /** Counts an event of a stream; false when the stream is not shown. */
  event(id: string, t: string, eventId: string | undefined): boolean {
    const stream = this.find(id);
    if (!stream) return false;
    stream.events++;
    stream.lastEventAt = t;
    if (eventId !== undefined && (this.style === 'client' || eventId)) stream.lastEventId = eventId;
    return true;
  }

  /** Notes a stream's `retry` field; false when the stream is not shown. */
  retry(id: string, retryMs: number): boolean {
    const stream = this.find(id);
    if (stream) stream.retry = retryMs;
    return Boolean(stream);
  }

  /**
   * Marks a stream closed. A connection's long-lived stream the server dropped is `reconnecting`
   * on Streamable HTTP (the SDK reopens it), closed on legacy SSE. Returns the stream when it was
   * a long-lived one the server (not our side) ended.
   */
  closed(id: string, end: StreamEnd, t: string, transport: TransportKind | 'unknown'): StreamInfo | undefined {
    const stream = this.find(id);
    if (!stream) return undefined;
    stream.closedAt = t;
    if (this.style === 'client') {
      stream.state = 'closed';
      stream.reason = end.byClient ? 'closed by the client' : (end.reason ?? 'ended by the server');
      return undefined;
    }
    if (stream.kind === 'post-response') {
      stream.state = 'closed';
      this.trim((candidate) => candidate.kind === 'post-response' && candidate.state === 'closed', CLOSED_POST_STREAMS_KEPT);
      return undefined;
    }
    stream.state = end.byClient ? 'closed' : transport === 'streamable-http' ? 'reconnecting' : 'closed';
    stream.reason = end.byClient ? 'closed by the inspector' : `dropped: ${end.reason ?? 'ended by the server'}`;
    return end.byClient ? undefined : stream;
  }

  /** The server answered GET with 405: it offers no standalone stream. */
  getUnsupported(t: string): void {
    if (this.style === 'client') {
      this.put({ id: 'get (405)', kind: 'get', state: 'unsupported', openedAt: t, events: 0, reconnects: 0, reason: GET_UNSUPPORTED_REASON.client });
      return;
    }
    const stream = this.longLived('get');
    stream.state = 'unsupported';
    stream.reason = GET_UNSUPPORTED_REASON.connection;
  }

  /** A resume of the GET stream starts (the connection asked for it). */
  resuming(stream: StreamInfo): void {
    stream.state = 'reconnecting';
    stream.reconnects++;
  }

  /** Every open or reconnecting stream is closed (the connection or the server process ended). */
  closeAll(): void {
    for (const stream of this.list) if (stream.state === 'open' || (this.style === 'connection' && stream.state === 'reconnecting')) stream.state = 'closed';
  }

  copy(): StreamInfo[] {
    return this.list.map((stream) => ({ ...stream }));
  }

  /** The one entry of a connection's long-lived stream kind (GET, legacy SSE, listen). */
  private longLived(kind: StreamKind): StreamInfo {
    let stream = this.list.find((candidate) => candidate.kind === kind);
    if (!stream) {
      stream = { id: kind, kind, state: 'closed', events: 0, reconnects: 0 };
      this.list.unshift(stream);
    }
    return stream;
  }

  /** Adds a client's stream, or replaces the entry with its id where it stands. */
  private put(stream: StreamInfo): void {
    const at = this.list.findIndex((candidate) => candidate.id === stream.id);
    if (at >= 0) this.list[at] = stream;
    else this.list.push(stream);
  }

  /** Drops the oldest entries matching `old` beyond `kept`. */
  private trim(old: (stream: StreamInfo) => boolean, kept: number): void {
    let excess = -kept;
    for (const stream of this.list) if (old(stream)) excess++;
    // Most calls (every POST stream's close) find nothing to drop: they allocate nothing.
    if (excess > 0) this.list = this.list.filter((stream) => !(old(stream) && excess-- > 0));
  }
}
