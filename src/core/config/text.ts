// Offsets ↔ zero-based line/character positions, counted the way VS Code's text model counts
// them (`\r\n`, `\n` and a lone `\r` end a line; characters are UTF-16 code units), plus the
// depth guard that keeps jsonc-parser's recursive parser away from stack overflows.

import { createScanner } from 'jsonc-parser';

// jsonc-parser's SyntaxKind is a const enum, which isolated modules cannot read.
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const EOF = 17;
import type { Position, Range } from './types';

/** Line starts of one text, computed once, so every error costs a binary search. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 10) this.starts.push(i + 1);
      else if (code === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  /** Number of lines (an empty text has one). */
  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.min(Math.max(0, Math.floor(offset) || 0), this.text.length);
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle] <= clamped) low = middle;
      else high = middle - 1;
    }
    return { line: low, character: clamped - this.starts[low] };
  }

  rangeAt(offset: number, length: number): Range {
    const start = Math.min(Math.max(0, offset), this.text.length);
    return { start: this.positionAt(start), end: this.positionAt(start + Math.max(0, length)) };
  }
}

/** Converts a text offset to a zero-based line/character position. */
export function positionAt(text: string, offset: number): Position {
  return new LineIndex(text).positionAt(offset);
}

/** Deeper than any real config; jsonc-parser overflows the stack a few thousand levels down. */
export const MAX_DEPTH = 128;

export interface DepthGuard {
  /** The text to parse: over-deep values replaced by `null` padded with spaces (offsets and line breaks kept). */
  text: string;
  /** Each replaced value (offset and length in the original text). */
  cut: { offset: number; length: number }[];
}

/**
 * Finds values nested deeper than {@link MAX_DEPTH} with jsonc-parser's (iterative) scanner and
 * blanks them out, so the recursive parser can still read everything around them.
 */
export function guardDepth(text: string): DepthGuard {
  const cut: DepthGuard['cut'] = [];
  const scanner = createScanner(text, false);
  let depth = 0;
  let cutStart = -1;
  let cutDepth = 0;
  for (let kind = scanner.scan(); kind !== EOF; kind = scanner.scan()) {
    if (kind === OPEN_BRACE || kind === OPEN_BRACKET) {
      depth++;
      if (depth > MAX_DEPTH && cutStart < 0) {
        cutStart = scanner.getTokenOffset();
        cutDepth = depth;
      }
    } else if (kind === CLOSE_BRACE || kind === CLOSE_BRACKET) {
      if (cutStart >= 0 && depth === cutDepth) {
        cut.push({ offset: cutStart, length: scanner.getTokenOffset() + 1 - cutStart });
        cutStart = -1;
      }
      depth = Math.max(0, depth - 1);
    }
  }
  if (cutStart >= 0) cut.push({ offset: cutStart, length: text.length - cutStart });
  if (!cut.length) return { text, cut };
  let out = '';
  let at = 0;
  for (const { offset, length } of cut) {
    const blank = text.slice(offset, offset + length).replace(/[^\r\n]/g, ' ');
    out += text.slice(at, offset) + (length >= 4 && !/[\r\n]/.test(blank.slice(0, 4)) ? `null${blank.slice(4)}` : blank);
    at = offset + length;
  }
  return { text: out + text.slice(at), cut };
}
