// The HTTP tap forwards first and records after: what it observed (a request sent on, an answer's
// head, a body's end, an SSE chunk) is queued here with the time it was observed, and recorded —
// redacted, parsed, told apart by client — once the I/O at hand has moved on, in the order observed.
// The queue is worked off in short slices: a request that arrives meanwhile is forwarded between
// two slices instead of waiting for everything observed before it to be recorded.

/** How long one slice of recording may hold the event loop, ms. */
const SLICE_MS = 0.1;

export class RecordingQueue {
  private readonly tasks: Array<() => void> = [];
  private scheduled = false;
  private readonly drainSoon = () => this.drain(performance.now() + SLICE_MS);

  /** Runs `task` after the current I/O, after every task deferred before it. */
  defer(task: () => void): void {
    this.tasks.push(task);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.drainSoon);
  }

  /** Runs what was deferred (and what those tasks defer), in order: all of it, or until `deadline` (performance.now()). */
  drain(deadline = Infinity): void {
    this.scheduled = false;
    let done = 0;
    try {
      while (done < this.tasks.length) {
        this.tasks[done++]();
        if (performance.now() >= deadline) break;
      }
    } finally {
      this.tasks.splice(0, done);
      // Past the slice, or a task threw: the rest runs on the next turn.
      if (this.tasks.length && !this.scheduled) {
        this.scheduled = true;
        setImmediate(this.drainSoon);
      }
    }
  }
}
