// The session in force on a connection: in the model, stamped on every event recorded from the
// moment it is known, and its issue and end recorded as lifecycle events.

import type { ModelBuilder, SessionEndReason } from '../model';
import { legacySessionOf } from '../protocol/exchanges';
import { isoNow as now } from '../util/clock';
import type { Recorder } from './recorder';

export class SessionTracker {
  constructor(
    private readonly builder: ModelBuilder,
    private readonly recorder: Recorder,
  ) {}

  get id(): string | undefined {
    return this.builder.state.session.id;
  }

  /** A new attempt: nothing is stamped until a session is issued. */
  reset(): void {
    this.recorder.session = undefined;
  }

  issued(id: string): void {
    if (this.id === id) return;
    this.builder.sessionIssued(id, now());
    this.recorder.session = id;
    this.recorder.record({ kind: 'lifecycle', name: 'session-issued', detail: { id } });
  }

  ended(reason: SessionEndReason): void {
    const id = this.id;
    if (!id) return;
    this.builder.sessionEnded(reason, now());
    this.recorder.record({ kind: 'lifecycle', name: 'session-ended', detail: { id, reason } });
    this.recorder.session = undefined;
  }

  /** Legacy SSE: the `endpoint` event's data names the POST URL (relative to `base`), and with it the session. */
  legacyEndpoint(data: string, base: string | undefined): void {
    try {
      const endpoint = new URL(data.trim(), base);
      this.builder.transportEndpoint(this.recorder.url(endpoint.href));
      const sessionId = legacySessionOf(endpoint);
      if (sessionId) this.issued(sessionId);
    } catch {
      // a malformed endpoint: the rules report it from the trace
    }
  }
}
