// Follows a growing server log file (the `mcpSessions.serverLogs` setting): new complete lines
// are handed over with their 1-based line numbers; truncation or rotation starts over from the top.

import { closeSync, openSync, readSync, statSync, unwatchFile, watchFile, type Stats } from 'node:fs';

/** Longest line kept; longer ones are cut so a runaway log cannot grow memory. */
const MAX_LINE = 16 * 1024;
const POLL_MS = 500;

export class LogTail {
  private offset = 0;
  private lineNumber = 0;
  private partial = '';
  private stopped = false;

  /** Starts at the current end of the file, so only lines written from now on are reported. */
  constructor(
    readonly file: string,
    private readonly onLine: (line: string, lineNumber: number) => void,
    fromStart = false,
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
    watchFile(file, { interval: POLL_MS, persistent: false }, (current) => this.changed(current));
    if (fromStart) this.changed(statSync(file, { throwIfNoEntry: false }) ?? undefined);
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
      for (let position = from; position < to; ) {
        const read = readSync(fd, buffer, 0, Math.min(buffer.length, to - position), position);
        if (read <= 0) break;
        onChunk(buffer.subarray(0, read));
        position += read;
      }
    } finally {
      closeSync(fd);
    }
  }

  private changed(current: Stats | undefined): void {
    if (this.stopped || !current) return;
    if (current.size < this.offset) {
      this.offset = 0;
      this.lineNumber = 0;
      this.partial = '';
    }
    if (current.size === this.offset) return;
    try {
      this.readRange(this.offset, current.size, (chunk) => {
        const lines = (this.partial + chunk.toString('utf8')).split('\n');
        this.partial = (lines.pop() ?? '').slice(0, MAX_LINE);
        for (const line of lines) {
          this.lineNumber++;
          this.onLine(line.replace(/\r$/, '').slice(0, MAX_LINE), this.lineNumber);
        }
      });
      this.offset = current.size;
    } catch {
      // Rotated away between stat and read: the next change starts over.
    }
  }

  dispose(): void {
    this.stopped = true;
    unwatchFile(this.file);
  }
}
