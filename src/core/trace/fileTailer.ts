// Follows a growing text file (a server log from the `mcpSessions.serverLogs` setting, or a JSONL
// trace): new complete lines are handed over with their 1-based line numbers; truncation or
// rotation starts over from the top.

import { closeSync, openSync, readSync, statSync } from 'node:fs';

/** Longest line kept; longer ones are cut so a runaway log cannot grow memory. */
const MAX_LINE = 16 * 1024;
const POLL_MS = 500;

export class FileTailer {
  private offset = 0;
  private lineNumber = 0;
  private partial = '';
  private stopped = false;
  private readonly timer: NodeJS.Timeout;

  /** Starts at the current end of the file, so only lines written from now on are reported. */
  constructor(
    readonly file: string,
    private readonly onLine: (line: string, lineNumber: number) => void,
    fromStart = false,
    /** Longest line kept (a trace follower needs whole JSONL events, which can be far longer than log lines). */
    private readonly maxLine = MAX_LINE,
  ) {
    try {
      const stats = statSync(file);
      if (!fromStart) {
        this.offset = stats.size;
        this.lineNumber = this.countLines(stats.size);
      }
    } catch {
      // Not there yet: it will be read once it appears.
    }
    // Polling the size (rather than fs.watch) works on every file system and cannot miss a write
    // that lands between subscribing and the watcher's first look.
    this.timer = setInterval(() => this.poll(), POLL_MS);
    this.timer.unref();
    if (fromStart) this.poll();
  }

  private poll(): void {
    this.changed(statSync(this.file, { throwIfNoEntry: false })?.size);
  }

  private countLines(bytes: number): number {
    let count = 0;
    this.readRange(0, bytes, (chunk) => {
      for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) count++;
    });
    return count;
  }

  private readRange(from: number, to: number, onChunk: (chunk: Buffer) => void): void {
    const fd = openSync(this.file, 'r');
    try {
      const buffer = Buffer.alloc(64 * 1024);
      for (let position = from; position < to;) {
        const read = readSync(fd, buffer, 0, Math.min(buffer.length, to - position), position);
        if (read <= 0) break;
        onChunk(buffer.subarray(0, read));
        position += read;
      }
    } finally {
      closeSync(fd);
    }
  }

  private changed(size: number | undefined): void {
    if (this.stopped || size === undefined) return;
    if (size < this.offset) {
      this.offset = 0;
      this.lineNumber = 0;
      this.partial = '';
    }
    if (size === this.offset) return;
    try {
      this.readRange(this.offset, size, (chunk) => {
        const lines = (this.partial + chunk.toString('utf8')).split('\n');
        this.partial = (lines.pop() ?? '').slice(0, this.maxLine);
        for (const line of lines) {
          this.lineNumber++;
          this.onLine(line.replace(/\r$/, '').slice(0, this.maxLine), this.lineNumber);
        }
      });
      this.offset = size;
    } catch {
      // Rotated away between stat and read: the next change starts over.
    }
  }

  dispose(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }
}
