// A signal of its own for each request, aborting with the transport's signal.
//
// The SDK's HTTP transports hand every fetch the same long-lived AbortSignal. Node's fetch adds
// an abort listener to the signal of each Request and drops it only when the Request is garbage
// collected, so on a busy connection thousands pile up on that one signal: every new request
// then counts them, and Node 20 prints a MaxListenersExceededWarning with a stack trace for each
// one past 1,500. (AbortSignal.any is no way out: on Node 20 each call leaves an entry on the
// source signal for good.) Here the long-lived signal gets one listener, which aborts the
// requests in flight, and fetch's own listener lands on a signal collected with its request (or
// with the few requests its controller served, one after another).

export interface RequestSignal {
  /** The request's own signal: `outer` itself when there is nothing to follow (none, or already aborted). */
  signal: AbortSignal | undefined;
  /** The request is over (answered, its body read or its stream ended): stop following `outer`. */
  release(): void;
}

const NOTHING_TO_RELEASE = () => undefined;

/**
 * A request's controller may serve this many requests, one at a time: creating an AbortController
 * costs more than the rest of this module, and fetch's listeners of the requests it served (one
 * each, until that request is collected) stay few.
 */
const USES_PER_CONTROLLER = 8;
/** Idle controllers kept per long-lived signal (the most requests that were in flight at once, up to this). */
const MAX_IDLE = 64;

class Slot {
  readonly controller = new AbortController();
  uses = 0;
}

/** The requests under one long-lived signal: those in flight, and controllers free to serve the next ones. */
class Following {
  readonly inFlight = new Set<Slot>();
  idle: Slot[] = [];

  constructor(outer: AbortSignal) {
    outer.addEventListener('abort', () => this.abort(outer.reason), { once: true });
  }

  private abort(reason: unknown): void {
    for (const slot of this.inFlight) slot.controller.abort(reason);
    this.inFlight.clear();
    this.idle = [];
  }

  take(): Slot {
    const slot = this.idle.pop() ?? new Slot();
    slot.uses++;
    this.inFlight.add(slot);
    return slot;
  }

  give(slot: Slot): void {
    // Not in flight any more: aborted with the others, or given back already.
    if (!this.inFlight.delete(slot)) return;
    if (slot.uses < USES_PER_CONTROLLER && this.idle.length < MAX_IDLE) this.idle.push(slot);
  }
}

class HeldSignal implements RequestSignal {
  readonly signal: AbortSignal;
  private released = false;

  constructor(
    private readonly following: Following,
    private readonly slot: Slot,
  ) {
    this.signal = slot.controller.signal;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.following.give(this.slot);
  }
}

/** The requests in flight under each long-lived signal. */
const following = new WeakMap<AbortSignal, Following>();

export function requestSignal(outer: AbortSignal | null | undefined): RequestSignal {
  if (!outer || outer.aborted) return { signal: outer ?? undefined, release: NOTHING_TO_RELEASE };
  let requests = following.get(outer);
  if (!requests) {
    requests = new Following(outer);
    following.set(outer, requests);
  }
  return new HeldSignal(requests, requests.take());
}
