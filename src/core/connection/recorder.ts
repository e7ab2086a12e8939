// Turns observations into redacted trace events: stamps server, session and client, numbers
// HTTP exchanges and streams, bounds bodies. Everything the engine sees goes through here.

import type { StreamKind, NewTraceEvent, TraceEvent } from '../trace/events';
import { redactHeaders, redactText, redactUrl } from '../trace/redact';
import type { TraceStore } from '../trace/store';
import { isoNow } from '../util/clock';

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

export class Recorder {
  private nextExchange = 1;
  private nextStream = 1;
  /** The session id stamped on events; the connection keeps it current. */
  session: string | undefined;

  constructor(
    private readonly store: TraceStore,
    readonly server: string,
    readonly secrets: readonly string[],
    readonly maxBodyBytes: number,
    private readonly client = 'inspector',
  ) {}

  newExchange(): number {
    return this.nextExchange++;
  }

  newStreamId(kind: StreamKind): string {
    return `${kind}#${this.nextStream++}`;
  }

  record(event: DistributiveOmit<NewTraceEvent, 't' | 'server' | 'client'>): void {
    // Built once, in the store's key order (seq first), and handed over: no second copy.
    const t = isoNow();
    this.store.appendOwned(
      (this.session
        ? { seq: 0, t, server: this.server, session: this.session, client: this.client, ...event }
        : { seq: 0, t, server: this.server, client: this.client, ...event }) as TraceEvent,
    );
  }

  headers(headers: Parameters<typeof redactHeaders>[0]): Record<string, string> {
    return redactHeaders(headers, this.secrets);
  }

  url(url: string): string {
    return redactUrl(url, this.secrets);
  }

  text(text: string): Bounded {
    return bound(text, this.maxBodyBytes, this.secrets);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
