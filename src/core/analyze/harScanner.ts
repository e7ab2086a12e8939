// Finds `log.entries` in a HAR file as it streams past and hands over each entry's JSON text
// with the line it starts on, so a 200 MB HAR is parsed one entry at a time, never whole.

import {
  BACKSLASH,
  CLOSE_BRACE as CLOSE_OBJECT,
  CLOSE_BRACKET as CLOSE_ARRAY,
  COLON,
  COMMA,
  NEWLINE,
  OPEN_BRACE as OPEN_OBJECT,
  OPEN_BRACKET as OPEN_ARRAY,
  QUOTE,
} from '../util/charCodes';

export interface RawEntry {
  text: string;
  /** The entry already parsed, when it was found by parsing it (see `entryEndingItsLine`). */
  parsed?: object;
  /** 1-based line and column of the entry's opening brace (browsers often write a HAR on one line). */
  line: number;
  column: number;
}

export class HarEntryScanner {
  private line = 1;
  /** Characters fed before the current chunk, and where the current line starts (absolute). */
  private offset = 0;
  private lineStart = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Text of a string being read at depth ≤ 2 (object keys on the way to log.entries). */
  private stringText: string[] | undefined;
  private lastString = '';
  /** The key in force at each depth ≤ 2: root → "log" → "entries". */
  private readonly keys: string[] = [];
  private entriesDepth = -1;
  private entryParts: string[] | undefined;
  private entryLine = 0;
  private entryColumn = 0;
  private entryStart = 0;
  sawLog = false;
  /** A line where an entry did not end the line: no more guesses on it (a HAR on one line costs one). */
  private noGuessLine = 0;

  /** Where the next backslash of the current chunk is (-1: none left), so strings are skipped in one pass. */
  private backslashAt = -1;
  private backslashFrom = Infinity;

  private nextQuoteOrBackslash(text: string, from: number): number {
    const quote = text.indexOf('"', from);
    if ((this.backslashAt !== -1 && this.backslashAt < from) || this.backslashFrom > from) {
      this.backslashAt = text.indexOf('\\', from);
      this.backslashFrom = from;
    }
    const backslash = this.backslashAt;
    if (quote === -1) return backslash;
    if (backslash === -1) return quote;
    return Math.min(quote, backslash);
  }

  /**
   * Entries are often written one a line (`{…}` or `{…},`). An entry starting at `start` that ends
   * its line within this chunk is parsed whole, its text never scanned here: when that text parses,
   * it is exactly what scanning would have found (a valid object's first brace closes at its last).
   * Undefined when the line does not end in `}` or the text is not valid JSON (then it is scanned).
   */
  private entryEndingItsLine(chunk: string, start: number): { text: string; parsed: object } | undefined {
    if (this.noGuessLine === this.line) return undefined;
    const newline = chunk.indexOf('\n', start);
    if (newline === -1) return undefined;
    let end = lastNonSpace(chunk, newline - 1, start);
    if (chunk.charCodeAt(end) === COMMA) end = lastNonSpace(chunk, end - 1, start);
    if (chunk.charCodeAt(end) !== CLOSE_OBJECT) return undefined;
    const text = chunk.slice(start, end + 1);
    try {
      return { text, parsed: JSON.parse(text) as object };
    } catch {
      this.noGuessLine = this.line;
      return undefined;
    }
  }

  /**
   * Feeds the next chunk; `onEntry` gets each entry completed in it as it is found (handled one at
   * a time, a parsed entry is garbage before the next is parsed, instead of a chunk's worth piling up).
   */
  feed(chunk: string, onEntry: (entry: RawEntry) => void): void {
    this.backslashAt = -1;
    this.backslashFrom = Infinity;
    if (this.entryParts) this.entryStart = 0;
    for (let i = 0; i < chunk.length; i++) {
      const code = chunk.charCodeAt(i);
      if (code === NEWLINE) {
        this.line++;
        this.lineStart = this.offset + i + 1;
      }
      if (this.inString) {
        // Inside an entry's strings nothing matters but their end: jump to the next quote (JSON
        // strings hold no raw newlines, so line counting is unaffected).
        if (!this.escaped && !this.stringText && code !== QUOTE && code !== BACKSLASH) {
          const next = this.nextQuoteOrBackslash(chunk, i + 1);
          if (next === -1) {
            i = chunk.length - 1;
            continue;
          }
          i = next - 1;
          continue;
        }
        if (this.escaped) this.escaped = false;
        else if (code === BACKSLASH) this.escaped = true;
        else if (code === QUOTE) {
          this.inString = false;
          if (this.stringText) {
            this.lastString = this.stringText.join('');
            this.stringText = undefined;
          }
        } else if (this.stringText && this.stringText.length < 64) this.stringText.push(chunk[i]);
        continue;
      }
      switch (code) {
        case QUOTE:
          this.inString = true;
          if (this.depth <= 2 && this.entriesDepth === -1) this.stringText = [];
          break;
        case COLON:
          if (this.depth <= 2 && this.entriesDepth === -1) {
            this.keys[this.depth] = this.lastString;
            if (this.depth === 1 && this.lastString === 'log') this.sawLog = true;
          }
          break;
        case OPEN_OBJECT:
        case OPEN_ARRAY:
          if (code === OPEN_ARRAY && this.depth === 2 && this.entriesDepth === -1 && this.keys[1] === 'log' && this.keys[2] === 'entries')
            this.entriesDepth = 3;
          if (code === OPEN_OBJECT && this.depth === this.entriesDepth) {
            const whole = this.entryEndingItsLine(chunk, i);
            if (whole) {
              onEntry({ text: whole.text, parsed: whole.parsed, line: this.line, column: this.offset + i - this.lineStart + 1 });
              i += whole.text.length - 1;
              break;
            }
          }
          this.depth++;
          if (code === OPEN_OBJECT && this.depth === this.entriesDepth + 1) {
            this.entryParts = [];
            this.entryStart = i;
            this.entryLine = this.line;
            this.entryColumn = this.offset + i - this.lineStart + 1;
          }
          break;
        case CLOSE_OBJECT:
        case CLOSE_ARRAY:
          if (code === CLOSE_OBJECT && this.entryParts && this.depth === this.entriesDepth + 1) {
            this.entryParts.push(chunk.slice(this.entryStart, i + 1));
            onEntry({ text: this.entryParts.join(''), line: this.entryLine, column: this.entryColumn });
            this.entryParts = undefined;
          }
          if (code === CLOSE_ARRAY && this.depth === this.entriesDepth) this.entriesDepth = -2;
          this.depth--;
          break;
        default:
          break;
      }
    }
    if (this.entryParts) this.entryParts.push(chunk.slice(this.entryStart));
    this.offset += chunk.length;
  }
}

/** The last index at or before `at` (and after `floor`) that is not JSON whitespace. */
function lastNonSpace(text: string, at: number, floor: number): number {
  for (;;) {
    const code = text.charCodeAt(at);
    if (at > floor && (code === 32 || code === 13 || code === 9)) at--;
    else return at;
  }
}
