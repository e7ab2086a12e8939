// Test helpers for the config layer: read the text a range covers (computed independently of the
// code under test), find fixtures, and make temp dirs that are removed afterwards.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Range } from '../../../src/core/config/types';

/** Offsets where each line starts (VS Code counts \r\n, \n and a lone \r as line ends). */
let cached: { text: string; starts: number[] } | undefined;
function lineStarts(text: string): number[] {
  if (cached?.text === text) return cached.starts;
  const starts = [0];
  for (const match of text.matchAll(/\r\n|\r|\n/g)) starts.push(match.index! + match[0].length);
  cached = { text, starts };
  return starts;
}

export function offsetOf(text: string, position: Range['start']): number {
  const starts = lineStarts(text);
  assertInside(text, { start: position, end: position });
  return starts[position.line] + position.character;
}

/** The text a range covers. */
export function textAt(text: string, range: Range | undefined): string {
  if (!range) throw new Error('no range');
  return text.slice(offsetOf(text, range.start), offsetOf(text, range.end));
}

/** Throws unless the range lies inside the text (lines exist, characters within each line). */
export function assertInside(text: string, range: Range): void {
  const starts = lineStarts(text);
  for (const position of [range.start, range.end]) {
    const { line, character } = position;
    if (!Number.isInteger(line) || !Number.isInteger(character) || line < 0 || character < 0 || line >= starts.length)
      throw new Error(`position ${JSON.stringify(position)} outside the text`);
    const lineEnd = line + 1 < starts.length ? starts[line + 1] : text.length;
    if (starts[line] + character > lineEnd) throw new Error(`position ${JSON.stringify(position)} past the end of its line`);
  }
  const from = starts[range.start.line] + range.start.character;
  const to = starts[range.end.line] + range.end.character;
  if (from > to) throw new Error(`range ${JSON.stringify(range)} ends before it starts`);
}

/** Absolute path of a file in test/fixtures/configs (works from out/ and from the sources). */
export function fixture(name: string): string {
  const candidates = [
    resolve(__dirname, '../../../../test/fixtures/configs', name),
    resolve(__dirname, '../../fixtures/configs', name),
    resolve(process.cwd(), 'test/fixtures/configs', name),
  ];
  return candidates.find((path) => existsSync(path)) ?? candidates[candidates.length - 1];
}

/** A fresh temp directory; call the returned cleanup in `after`/`afterEach`. */
export function tempDir(prefix = 'mcp-config-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
