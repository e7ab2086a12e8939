// Turns observations into redacted trace events: stamps server, session and client, numbers
// HTTP exchanges and streams, bounds bodies. Everything the engine sees goes through here.

import type { StreamKind, NewTraceEvent, TraceEvent } from '../trace/events';
import { KnownSecrets } from '../trace/knownSecrets';
import { redactText } from '../trace/redact';
import type { TraceStore } from '../trace/store';
import { isoNow } from '../util/clock';
import { messageEvent, type MessageEventBase } from './messageEvent';

export interface Bounded {
  text: string;
  bytes: number;
  truncated: boolean;
}

/** Cuts text at `max` bytes (approximately, by characters for speed) and redacts it. */
export function bound(text: string, max: number, secrets: readonly string[]): Bounded {
  const bytes = Buffer.byteLength(text);
  const cut = text.length > max ? detached(text.slice(0, max)) : text;
  return { text: redactText(cut, secrets), bytes, truncated: cut.length < text.length };
}

/**
 * A copy of a slice that does not pin its parent: V8 slices of a long string keep the whole
 * string alive, so a 64 KiB cut of a 50 MB event would hold 50 MB in the trace ring.
 */
export function detached(slice: string): string {
  return Buffer.from(slice, 'utf8').toString('utf8');
}

type RecordedEvent = DistributiveOmit<NewTraceEvent, 't' | 'server' | 'client'>;

export class Recorder {
  private nextExchange = 1;
  private nextStream = 1;
  /** The session id stamped on events; the connection keeps it current. */
  session: string | undefined;
  /** Deferred recording, in the order things were observed: each work, then its argument. */
  private queue: unknown[] = [];
  private flushTimer?: NodeJS.Immediate;
  private flushing = false;
  private readonly flushSoon = () => this.flush();
  /** The secrets redacted from everything recorded; they may grow while recording. */
  readonly known: KnownSecrets;

  constructor(
    private readonly store: TraceStore,
    readonly server: string,
    secrets: KnownSecrets | readonly string[],
    readonly maxBodyBytes: number,
    private readonly client = 'inspector',
  ) {
    this.known = secrets instanceof KnownSecrets ? secrets : new KnownSecrets(secrets);
    store.settleBeforeReading(this.flushSoon);
  }

  /** The values redacted, longest first (a live view: it grows as secrets are learned). */
  get secrets(): readonly string[] {
    return this.known.values;
  }

  /** The number the next exchange will get: events of lower numbers were observed before now. */
  get nextExchangeNumber(): number {
    return this.nextExchange;
  }

  newExchange(): number {
    return this.nextExchange++;
  }

  newStreamId(kind: StreamKind): string {
    return `${kind}#${this.nextStream++}`;
  }

  /** Records an event observed now; it waits its turn while deferred work is queued. */
  record(event: RecordedEvent, t = isoNow(), session = this.session): void {
    if (this.queue.length && !this.flushing) this.later(() => this.append(event, t, session));
    else this.append(event, t, session);
  }

  /**
   * Records an event observed now but built later (redacting headers, bounding bodies, parsing
   * SSE): after the current I/O callback, so the exchange being observed does not wait for it.
   */
  recordLater(build: () => RecordedEvent): void {
    const t = isoNow();
    const session = this.session;
    this.later(() => this.append(build(), t, session));
  }

  /**
   * The start of an event observed at `t` (in the trace's key order: seq, t, server, session,
   * client, kind), for a caller that adds the rest of its fields and hands it to `appendBuilt`:
   * no second object to spread on the hottest paths.
   */
  eventHead(t: string, session: string | undefined, kind: TraceEvent['kind']): Record<string, unknown> {
    return session ? { seq: 0, t, server: this.server, session, client: this.client, kind } : { seq: 0, t, server: this.server, client: this.client, kind };
  }

  /** Appends an event begun with `eventHead` (from deferred work: it is in order). */
  appendBuilt(event: Record<string, unknown>): void {
    this.store.appendOwned(event as unknown as TraceEvent);
  }

  /**
   * `recordLater` for a JSON-RPC message: `bounded` turns it into what the trace keeps. The event
   * is built in one piece (no intermediate object to spread): every message passes here.
   */
  recordMessageLater(kind: 'message-out' | 'message-in', message: unknown, bounded: (message: unknown) => unknown): void {
    const base: MessageEventBase = { t: isoNow(), server: this.server, session: this.session, client: this.client, kind };
    this.later(() => this.store.appendOwned(messageEvent(base, message, bounded(message))));
  }

  /** Runs `work` (which records) after the current I/O callback, in order with all recording. */
  later(work: () => void): void {
    this.queue.push(work, undefined);
    this.flushTimer ??= setImmediate(this.flushSoon);
  }

  /** `later(() => work(arg))` without a closure per call. */
  laterWith<T>(work: (arg: T) => void, arg: T): void {
    this.queue.push(work, arg);
    this.flushTimer ??= setImmediate(this.flushSoon);
  }

  /** Runs the deferred work now (before the trace or the model is read, and when closing). */
  flush(): void {
    if (this.flushing) return;
    if (this.flushTimer) clearImmediate(this.flushTimer);
    this.flushTimer = undefined;
    this.flushing = true;
    try {
      // Work may queue more work; it runs in the same pass.
      const queue = this.queue;
      for (let i = 0; i < queue.length; i += 2) (queue[i] as (arg: unknown) => void)(queue[i + 1]);
    } finally {
      this.queue = [];
      this.flushing = false;
    }
  }

  private append(event: RecordedEvent, t: string, session: string | undefined): void {
    // Built once, in the store's key order (seq first), and handed over: no second copy.
    this.store.appendOwned(
      (session
        ? { seq: 0, t, server: this.server, session, client: this.client, ...event }
        : { seq: 0, t, server: this.server, client: this.client, ...event }) as TraceEvent,
    );
  }

  headers(headers: Parameters<KnownSecrets['headers']>[0]): Record<string, string> {
    return this.known.headers(headers);
  }

  url(url: string): string {
    return this.known.url(url);
  }

  /** An error message or reason, which may quote a URL or a server's answer. */
  message(text: string): string {
    return this.known.message(text);
  }

  text(text: string): Bounded {
    return bound(text, this.maxBodyBytes, this.secrets);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
