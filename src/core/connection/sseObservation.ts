// Records one SSE stream as its bytes pass through: its opening, each event, retry field and
// keep-alive comment, and how it ended.

import { StringDecoder } from 'node:string_decoder';
import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';
import type { StreamKind } from '../trace/events';
import { isoNow } from '../util/clock';
import { describeFetchError } from './fetchError';
import type { Recorder } from './recorder';
import type { RequestSignal } from './requestSignal';
import type { BodyConsumer } from './responseBodyObserver';

/** What a stream observation does with an observation, once the I/O callback that brought it is over. */
const enum Step {
  Open,
  Data,
  End,
  Cancel,
}

/**
 * Records one SSE stream: its opening, each event, retry field and comment, and how it ended.
 * Parsing waits until after the I/O callback that brought the bytes (the SDK parses them too,
 * and should not wait for us); each event keeps the time its bytes arrived. Observations wait in
 * a queue of their own (step, argument, time, session), so none costs a closure.
 */
export class StreamObservation implements BodyConsumer {
  private readonly stream: string;
  // StringDecoder, not TextDecoder: one per stream, and a TextDecoder costs an ICU converter each.
  private readonly decoder = new StringDecoder('utf8');
  private readonly parser: EventSourceParser;
  /** Observations not yet handled: step, argument, time, session, … */
  private pending: unknown[] = [];
  private next = 0;
  /** When the bytes being parsed arrived, and the session then: their events carry these. */
  private arrivedAt = '';
  private session: string | undefined = undefined;
  private closed = false;

  constructor(
    private readonly kind: StreamKind,
    private readonly exchange: number,
    private readonly recorder: Recorder,
    /** Released when the stream closes. */
    private readonly request: RequestSignal,
  ) {
    this.stream = recorder.newStreamId(kind);
    this.parser = createParser({
      onEvent: (event) => this.onEvent(event),
      onRetry: (retry) => this.record({ kind: 'sse-event', exchange, stream: this.stream, streamKind: kind, retry }),
      onComment: (comment) =>
        this.record({ kind: 'sse-event', exchange, stream: this.stream, streamKind: kind, comment: recorder.text(comment).text.slice(0, 200) }),
    });
    this.observe(Step.Open, undefined);
  }

  data(chunk: Uint8Array): void {
    this.observe(Step.Data, chunk);
  }

  end(error?: unknown): void {
    this.observe(Step.End, error);
  }

  cancelledByClient(): void {
    this.observe(Step.Cancel, undefined);
  }

  private observe(step: Step, argument: unknown): void {
    this.pending.push(step, argument, isoNow(), this.recorder.session);
    this.recorder.laterWith(handleNext, this);
  }

  /** Handles the oldest pending observation (the recorder calls this once per `observe`, in order). */
  handleNext(): void {
    const pending = this.pending;
    const at = this.next;
    const step = pending[at] as Step;
    const argument = pending[at + 1];
    this.arrivedAt = pending[at + 2] as string;
    this.session = pending[at + 3] as string | undefined;
    if (at + 4 === pending.length) {
      pending.length = 0;
      this.next = 0;
    } else {
      pending[at + 1] = undefined;
      this.next = at + 4;
    }
    switch (step) {
      case Step.Open:
        this.record({ kind: 'lifecycle', name: 'stream-open', stream: this.stream, streamKind: this.kind, detail: { exchange: this.exchange } });
        return;
      case Step.Data:
        this.parser.feed(this.decoder.write(argument as Buffer));
        return;
      case Step.End:
        if (argument === undefined) {
          this.parser.feed(this.decoder.end());
          this.close(false, 'ended by the server');
          return;
        }
        this.closeWith(this.recorder.message(describeFetchError(argument)));
        return;
      case Step.Cancel:
        this.close(true);
    }
  }

  private closeWith(reason: string): void {
    this.close(reason === 'aborted', reason === 'aborted' ? undefined : reason);
  }

  private onEvent(event: EventSourceMessage): void {
    const data = this.recorder.text(event.data);
    const recorded: Record<string, unknown> = { kind: 'sse-event', exchange: this.exchange, stream: this.stream, streamKind: this.kind };
    if (event.event) recorded.event = event.event;
    if (event.id !== undefined) recorded.id = event.id;
    recorded.data = data.text;
    recorded.dataBytes = data.bytes;
    if (data.truncated) recorded.dataTruncated = true;
    this.record(recorded as RecordedEvent);
  }

  private record(event: RecordedEvent): void {
    this.recorder.record(event, this.arrivedAt, this.session);
  }

  private close(byClient: boolean, reason?: string): void {
    if (this.closed) return;
    this.closed = true;
    this.request.release();
    const detail = reason ? { exchange: this.exchange, byClient, reason } : { exchange: this.exchange, byClient };
    this.record({ kind: 'lifecycle', name: 'stream-close', stream: this.stream, streamKind: this.kind, detail });
  }
}

function handleNext(observation: StreamObservation): void {
  observation.handleNext();
}

type RecordedEvent = Parameters<Recorder['record']>[0];

/** Re-wraps an SSE response so its bytes are parsed on their way to the SDK (where no tap works). */
export function observeStream(response: Response, observation: StreamObservation): Response {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          observation.end();
          controller.close();
          return;
        }
        controller.enqueue(value);
        observation.data(value);
      } catch (error) {
        observation.end(error);
        controller.error(error);
      }
    },
    cancel(reason) {
      observation.cancelledByClient();
      return reader.cancel(reason);
    },
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}
