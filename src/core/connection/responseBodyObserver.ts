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
type Callback = (this: unknown, a?: unknown, b?: unknown, c?: unknown, d?: unknown) => unknown;

/** The callbacks of a request handler the observer copies: the classic style (Node 20–24's fetch) and undici 7's controller style. */
interface Handler {
  onHeaders?: Callback;
  onData?: Callback;
  onComplete?: Callback;
  onError?: Callback;
  onResponseStart?: Callback;
  onResponseData?: Callback;
  onResponseEnd?: Callback;
  onResponseError?: Callback;
}

export interface BodyConsumer {
  data(chunk: Uint8Array): void;
  /** The body ended: completely (no error) or with the transfer's error. */
  end(error?: unknown): void;
}

export class ResponseBodyObserver {
  /** True once the wrapped handler saw this response's headers: the observer works in this runtime. */
  hooked = false;
  private consumer?: BodyConsumer = undefined;
  private ignored = false;
  private buffered: Uint8Array[] | undefined = undefined;
  private ended?: { error?: unknown } = undefined;
  /** Each dispatch (a redirect starts another) counts; callbacks of an earlier one are dropped. */
  private dispatches = 0;

  /** Hands the body so far, and from now on, to `consumer`. */
  attach(consumer: BodyConsumer): void {
    this.consumer = consumer;
    const buffered = this.buffered;
    this.buffered = undefined;
    if (buffered) for (const chunk of buffered) consumer.data(chunk);
    if (this.ended) consumer.end(this.ended.error);
  }

  /** Stops keeping bytes: the response is observed some other way, or not at all. */
  ignore(): void {
    this.ignored = true;
    this.buffered = undefined;
  }

  /**
   * Copies what the observer needs from a request handler's callbacks, patched on the handler
   * itself (a Proxy costs several times more), each by its name (a loop over the names makes
   * every read and write a slow keyed one).
   */
  wrap(target: Record<string, unknown>): Record<string, unknown> {
    const dispatch = ++this.dispatches;
    this.buffered = undefined;
    this.ended = undefined;
    patchHandler(target as Handler, this, dispatch);
    return target;
  }

  /** The patched handler of dispatch `dispatch` saw the response's headers. */
  headersSeen(dispatch: number): void {
    if (dispatch === this.dispatches) this.hooked = true;
  }

  /** … a chunk of its body. */
  dataSeen(dispatch: number, chunk: Uint8Array): void {
    if (dispatch !== this.dispatches || this.ignored) return;
    if (this.consumer) this.consumer.data(chunk);
    else (this.buffered ??= []).push(chunk);
  }

  /** … the end of its body (an error when the transfer failed). */
  endSeen(dispatch: number, error?: unknown): void {
    if (dispatch !== this.dispatches || this.ignored) return;
    if (this.consumer) this.consumer.end(error);
    else this.ended = { error };
  }
}

/** Patches `handler`'s body callbacks to tell `observer` (fixed parameters, not rest/apply: these run for every chunk of every response). */
function patchHandler(handler: Handler, observer: ResponseBodyObserver, dispatch: number): void {
  try {
    const { onHeaders, onData, onComplete, onError } = handler;
    if (typeof onHeaders === 'function')
      handler.onHeaders = function (a, b, c, d) {
        observer.headersSeen(dispatch);
        return onHeaders.call(this, a, b, c, d);
      };
    if (typeof onData === 'function')
      handler.onData = function (a, b, c, d) {
        observer.dataSeen(dispatch, a as Uint8Array);
        return onData.call(this, a, b, c, d);
      };
    if (typeof onComplete === 'function')
      handler.onComplete = function (a, b, c, d) {
        observer.endSeen(dispatch, undefined);
        return onComplete.call(this, a, b, c, d);
      };
    if (typeof onError === 'function')
      handler.onError = function (a, b, c, d) {
        observer.endSeen(dispatch, a);
        return onError.call(this, a, b, c, d);
      };
    const { onResponseStart, onResponseData, onResponseEnd, onResponseError } = handler;
    if (typeof onResponseStart === 'function')
      handler.onResponseStart = function (a, b, c, d) {
        observer.headersSeen(dispatch);
        return onResponseStart.call(this, a, b, c, d);
      };
    if (typeof onResponseData === 'function')
      handler.onResponseData = function (a, b, c, d) {
        observer.dataSeen(dispatch, b as Uint8Array);
        return onResponseData.call(this, a, b, c, d);
      };
    if (typeof onResponseEnd === 'function')
      handler.onResponseEnd = function (a, b, c, d) {
        observer.endSeen(dispatch, undefined);
        return onResponseEnd.call(this, a, b, c, d);
      };
    if (typeof onResponseError === 'function')
      handler.onResponseError = function (a, b, c, d) {
        observer.endSeen(dispatch, b);
        return onResponseError.call(this, a, b, c, d);
      };
  } catch {
    // A frozen handler: nothing observed (`hooked` stays false and the caller observes another way).
  }
}

/** Per global dispatcher: what each request's dispatcher inherits (everything but `dispatch` is the real dispatcher's). */
let observing: { base: object; prototype: object } | undefined;

/** Where a request's dispatcher keeps its observer. */
const OBSERVER = Symbol('responseBodyObserver');

function observingPrototype(base: { dispatch: Dispatch }): object {
  if (observing?.base === base) return observing.prototype;
  const prototype = Object.create(base, {
    // fetch calls only `dispatch` on it (Node 20 to 24); anything else is read from the real dispatcher.
    dispatch: {
      value(this: { [OBSERVER]: ResponseBodyObserver }, options: unknown, handler: Record<string, unknown>) {
        return (base.dispatch as Dispatch).call(base, options, this[OBSERVER].wrap(handler));
      },
    },
  }) as object;
  observing = { base, prototype };
  return prototype;
}

/**
 * `init` with a dispatcher that observes the response body, or undefined when this runtime has no
 * undici global dispatcher or the caller chose its own. `init` is not changed: the one copy made
 * carries `signal` (the request's own) too.
 */
export function observeResponseBody(
  init: RequestInit | undefined,
  signal: AbortSignal | null | undefined = init?.signal,
): { init: RequestInit; observer: ResponseBodyObserver } | undefined {
  if ((init as { dispatcher?: unknown } | undefined)?.dispatcher) return undefined;
  const base = (globalThis as Record<symbol, unknown>)[GLOBAL_DISPATCHER] as { dispatch?: Dispatch } | undefined;
  if (!base || typeof base.dispatch !== 'function') return undefined;
  const observer = new ResponseBodyObserver();
  const dispatcher = Object.create(observingPrototype(base as { dispatch: Dispatch })) as { [OBSERVER]: ResponseBodyObserver };
  dispatcher[OBSERVER] = observer;
  return { init: withSignal(init, signal, dispatcher), observer };
}

/** A copy of `init` with `signal` (and `dispatcher`): Object.assign, several times cheaper than a spread followed by more keys. */
export function withSignal(init: RequestInit | undefined, signal: AbortSignal | null | undefined, dispatcher?: object): RequestInit {
  const copy = Object.assign({}, init) as RequestInit & { dispatcher?: object };
  copy.signal = signal;
  if (dispatcher) copy.dispatcher = dispatcher;
  return copy;
}
