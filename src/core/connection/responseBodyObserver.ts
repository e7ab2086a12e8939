// Sees a response's body bytes as the connection pool receives them, so an SSE body can be
// observed without re-wrapping the stream the SDK reads: in Node a second ReadableStream and
// Response per request cost more than everything else the inspector does with an exchange.
//
// Node's fetch takes a non-standard `dispatcher` option (undici). The observer passes one that
// forwards to the global dispatcher — what fetch uses anyway — with the request's handler
// patched to copy `onData` and the end of the body. The caller checks `hooked` once fetch
// resolves; when the runtime's fetch ignored the option (another fetch, a patched one), it
// observes the response the portable way instead.

const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

type Dispatch = (options: unknown, handler: Record<string, unknown>) => unknown;

export interface BodyConsumer {
  data(chunk: Uint8Array): void;
  /** The body ended: completely (no error) or with the transfer's error. */
  end(error?: unknown): void;
}

export class ResponseBodyObserver {
  /** True once the wrapped handler saw this response's headers: the observer works in this runtime. */
  hooked = false;
  private consumer?: BodyConsumer;
  private ignored = false;
  private buffered: Uint8Array[] = [];
  private ended?: { error?: unknown };
  /** Each dispatch (a redirect starts another) counts; callbacks of an earlier one are dropped. */
  private dispatches = 0;

  /** Hands the body so far, and from now on, to `consumer`. */
  attach(consumer: BodyConsumer): void {
    this.consumer = consumer;
    const buffered = this.buffered;
    this.buffered = [];
    for (const chunk of buffered) consumer.data(chunk);
    if (this.ended) consumer.end(this.ended.error);
  }

  /** Stops keeping bytes: the response is observed some other way, or not at all. */
  ignore(): void {
    this.ignored = true;
    this.buffered = [];
  }

  /** Copies what the observer needs from a request handler's callbacks, patched on the handler itself (a Proxy costs several times more). */
  wrap(handler: Record<string, unknown>): Record<string, unknown> {
    const dispatch = ++this.dispatches;
    this.buffered = [];
    this.ended = undefined;
    const current = () => dispatch === this.dispatches && !this.ignored;
    const onHeaders = () => {
      if (dispatch === this.dispatches) this.hooked = true;
    };
    const onData = (chunk: Uint8Array) => {
      if (!current()) return;
      if (this.consumer) this.consumer.data(chunk);
      else this.buffered.push(chunk);
    };
    const onEnd = (error?: unknown) => {
      if (!current()) return;
      if (this.consumer) this.consumer.end(error);
      else this.ended = { error };
    };
    // Both handler styles: the classic one (Node 20–24's fetch) and undici 7's controller one.
    const taps: Array<[string, (...args: never[]) => void]> = [
      ['onHeaders', onHeaders],
      ['onData', onData],
      ['onComplete', () => onEnd()],
      ['onError', (error: unknown) => onEnd(error)],
      ['onResponseStart', onHeaders],
      ['onResponseData', (_controller: unknown, chunk: Uint8Array) => onData(chunk)],
      ['onResponseEnd', () => onEnd()],
      ['onResponseError', (_controller: unknown, error: unknown) => onEnd(error)],
    ];
    try {
      for (const [name, tap] of taps) {
        const original = handler[name];
        if (typeof original !== 'function') continue;
        // Fixed parameters, not rest/apply: these run for every chunk of every response.
        handler[name] = function (this: unknown, a: unknown, b: unknown, c: unknown, d: unknown) {
          (tap as (...values: unknown[]) => void)(a, b, c, d);
          return (original as (...values: unknown[]) => unknown).call(this, a, b, c, d);
        };
      }
    } catch {
      // A frozen handler: nothing observed (`hooked` stays false and the caller observes another way).
    }
    return handler;
  }
}

/**
 * `init` with a dispatcher that observes the response body, or undefined when this runtime has no
 * undici global dispatcher or the caller chose its own.
 */
export function observeResponseBody(init: RequestInit | undefined): { init: RequestInit; observer: ResponseBodyObserver } | undefined {
  if ((init as { dispatcher?: unknown } | undefined)?.dispatcher) return undefined;
  const base = (globalThis as Record<symbol, unknown>)[GLOBAL_DISPATCHER] as { dispatch?: Dispatch } | undefined;
  if (!base || typeof base.dispatch !== 'function') return undefined;
  const observer = new ResponseBodyObserver();
  // fetch calls only `dispatch` on it (Node 20 to 24); anything else reaches the real dispatcher.
  const dispatch = (options: unknown, handler: Record<string, unknown>) => (base.dispatch as Dispatch).call(base, options, observer.wrap(handler));
  const dispatcher = new Proxy(base, {
    get(target, property) {
      if (property === 'dispatch') return dispatch;
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { init: { ...init, dispatcher } as RequestInit, observer };
}
