// The HTTP tap forwards first and records after: what it observed (a request sent on, an answer's
// head, a body's end, an SSE chunk) is queued here with the time it was observed, and recorded —
// redacted, parsed, told apart by client — once the I/O at hand has moved on, in the order observed.

export class RecordingQueue {
  private readonly tasks: Array<() => void> = [];
  private scheduled = false;
  private readonly drainSoon = () => this.drain();

  /** Runs `task` after the current I/O, after every task deferred before it. */
  defer(task: () => void): void {
    this.tasks.push(task);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.drainSoon);
  }

  /** Runs everything deferred so far (and what those tasks defer), in order. */
  drain(): void {
    this.scheduled = false;
    let done = 0;
    try {
      while (done < this.tasks.length) this.tasks[done++]();
    } finally {
      this.tasks.splice(0, done);
      // A task threw: the rest still runs, on the next turn.
      if (this.tasks.length && !this.scheduled) {
        this.scheduled = true;
        setImmediate(this.drainSoon);
      }
    }
  }
}
