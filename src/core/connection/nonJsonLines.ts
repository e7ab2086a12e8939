// Finds the lines of a stdio server's stdout that are not JSON-RPC, reading bytes: every message
// the server sends passes here, so a JSON line is recognised by its first character and skipped
// without decoding it; only other lines (and `[` batches, which are parsed to be sure) are kept.

import { NEWLINE, OPEN_BRACE, OPEN_BRACKET } from '../util/charCodes';

/** Space, tab, CR, vertical tab, form feed. */
function isBlank(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0d || byte === 0x0b || byte === 0x0c;
}

type LineKind = 'undecided' | 'json' | 'batch' | 'other';

/**
 * Calls `onLine` with each non-blank stdout line that is not a JSON object or a parseable JSON
 * array. A line longer than `maxBytes` is cut there (a cut batch counts as JSON).
 */
export function watchNonJsonLines(
  stream: { on(event: 'data', listener: (chunk: Buffer) => void): unknown },
  maxBytes: number,
  onLine: (line: string) => void,
): void {
  let kind: LineKind = 'undecided';
  let kept: Buffer[] = [];
  let keptBytes = 0;
  /** The line was cut at maxBytes: the rest of it is skipped. */
  let cut = false;

  const keep = (bytes: Buffer) => {
    if (cut || bytes.length === 0) return;
    if (keptBytes + bytes.length <= maxBytes) {
      kept.push(bytes);
      keptBytes += bytes.length;
      return;
    }
    kept.push(bytes.subarray(0, maxBytes - keptBytes));
    cut = true;
    if (kind !== 'batch') emit(false);
    kept = [];
  };
  const emit = (whole: boolean) => {
    const text = Buffer.concat(kept).toString('utf8');
    const line = whole && text.endsWith('\r') ? text.slice(0, -1) : text;
    if (!line.trim()) return;
    if (kind === 'batch' && isJson(line)) return;
    onLine(line);
  };
  const endLine = () => {
    if (!cut && kind !== 'json') emit(true);
    kind = 'undecided';
    kept = [];
    keptBytes = 0;
    cut = false;
  };

  stream.on('data', (chunk: Buffer) => {
    let start = 0;
    while (start <= chunk.length) {
      const newline = chunk.indexOf(NEWLINE, start);
      const end = newline === -1 ? chunk.length : newline;
      if (kind === 'undecided') {
        let first = start;
        while (first < end && isBlank(chunk[first])) first++;
        if (first < end) kind = chunk[first] === OPEN_BRACE ? 'json' : chunk[first] === OPEN_BRACKET ? 'batch' : 'other';
      }
      if (kind !== 'json') keep(chunk.subarray(start, end));
      if (newline === -1) return;
      endLine();
      start = newline + 1;
    }
  });
}

function isJson(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}
