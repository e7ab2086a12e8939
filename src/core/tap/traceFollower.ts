// Follows the JSONL trace a stdio tap writes (the tap runs as the client's server process, out of
// our reach) and replays each event into a TapHub, so its client shows up live like any other.

import { traceEventProblem } from '../analyze/jsonl';
import type { TraceEvent } from '../trace/events';
import { FileTailer } from '../trace/fileTailer';
import type { TapHub } from './tapHub';

/** Trace lines hold bounded bodies (64 KiB each, escaped): this fits any line a tap writes. */
const MAX_TRACE_LINE = 1024 * 1024;

export class TraceFileFollower {
  private readonly tail: FileTailer;
  /** Lines that were not trace events (a foreign or damaged file). */
  skipped = 0;

  /** Reads the file from its start (earlier runs of the tap included), then every line appended. */
  constructor(
    readonly file: string,
    private readonly hub: TapHub,
  ) {
    this.tail = new FileTailer(file, (line) => this.take(line), true, MAX_TRACE_LINE);
  }

  private take(line: string): void {
    if (!line.trim()) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      this.skipped++;
      return;
    }
    // The same check `analyze` applies to a JSONL trace: anything else is skipped.
    if (traceEventProblem(parsed)) {
      this.skipped++;
      return;
    }
    this.hub.replay({ ...(parsed as TraceEvent), server: this.hub.server.name });
  }

  dispose(): void {
    this.tail.dispose();
  }
}
