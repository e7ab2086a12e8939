// An mcp.json read while it is being saved or typed into must not drop the user's servers:
// a write truncates the file before it fills it (an empty read), and a half-typed edit does not
// parse. This keeps a file's last valid servers through both, and tells the caller when to read
// again (a watcher may report a save once, while it is half done); a file that stays empty is
// taken at its word on the next read.

import type { ConfigResult } from './types';

/** An empty read younger than this is taken for a save in progress; a broken read is read again after it. */
export const EMPTY_READ_GRACE_MS = 750;

export interface SettledRead {
  result: ConfigResult;
  /** What was kept from the last valid version, for the log; undefined when the read stands. */
  kept?: { servers: number; reason: 'empty' | 'invalid-json' };
  /** Read the file again after this long (an empty or broken read may be a save in progress). */
  recheckAfterMs?: number;
}

interface FileState {
  lastValid?: ConfigResult;
  emptySince?: number;
  /** The file did not parse at the last read (it is read again once, not polled). */
  broken?: boolean;
}

export class SettledConfigFiles {
  private readonly files = new Map<string, FileState>();

  /** `empty`: the file exists and holds only whitespace. */
  settle(file: string, read: ConfigResult, empty: boolean, now: number): SettledRead {
    const state = this.files.get(file) ?? {};
    this.files.set(file, state);
    const previous = state.lastValid;
    if (empty && previous?.servers.length) {
      state.emptySince ??= now;
      const waited = now - state.emptySince;
      if (waited < EMPTY_READ_GRACE_MS)
        return { result: previous, kept: { servers: previous.servers.length, reason: 'empty' }, recheckAfterMs: EMPTY_READ_GRACE_MS - waited };
    } else {
      state.emptySince = undefined;
    }
    const unparsable = read.errors.some((error) => error.code === 'invalid-json' && error.severity === 'error');
    if (unparsable && previous) {
      // The servers stay as they were; Problems still shows where the JSON breaks.
      const recheck = state.broken ? {} : { recheckAfterMs: EMPTY_READ_GRACE_MS };
      state.broken = true;
      return { result: { ...previous, errors: read.errors }, kept: { servers: previous.servers.length, reason: 'invalid-json' }, ...recheck };
    }
    state.broken = false;
    state.lastValid = read;
    state.emptySince = undefined;
    return { result: read };
  }

  /** A file that is gone starts afresh if it comes back. */
  forget(file: string): void {
    this.files.delete(file);
  }
}
