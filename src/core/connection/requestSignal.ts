// A signal of its own for each request, aborting with the transport's signal.
//
// The SDK's HTTP transports hand every fetch the same long-lived AbortSignal. Node's fetch adds
// an abort listener to the signal of each Request and drops it only when the Request is garbage
// collected, so on a busy connection thousands pile up on that one signal: every new request
// then counts them, and Node 20 prints a MaxListenersExceededWarning with a stack trace for each
// one past 1,500. (AbortSignal.any is no way out: on Node 20 each call leaves an entry on the
// source signal for good.) Here the long-lived signal gets one listener, which aborts the
// requests in flight, and fetch's own listener lands on a signal collected with its request.

export interface RequestSignal {
  /** The request's own signal: `outer` itself when there is nothing to follow (none, or already aborted). */
  signal: AbortSignal | undefined;
  /** The request is over (answered, its body read or its stream ended): stop following `outer`. */
  release(): void;
}

const NOTHING_TO_RELEASE = () => undefined;

/** The requests in flight under each long-lived signal. */
const inFlight = new WeakMap<AbortSignal, Set<AbortController>>();

function requestsUnder(outer: AbortSignal): Set<AbortController> {
  let requests = inFlight.get(outer);
  if (!requests) {
    const under = new Set<AbortController>();
    outer.addEventListener(
      'abort',
      () => {
        for (const request of under) request.abort(outer.reason);
        under.clear();
      },
      { once: true },
    );
    inFlight.set(outer, under);
    requests = under;
  }
  return requests;
}

export function requestSignal(outer: AbortSignal | null | undefined): RequestSignal {
  if (!outer || outer.aborted) return { signal: outer ?? undefined, release: NOTHING_TO_RELEASE };
  const requests = requestsUnder(outer);
  const controller = new AbortController();
  requests.add(controller);
  return { signal: controller.signal, release: () => requests.delete(controller) };
}
