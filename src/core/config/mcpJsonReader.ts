// What reading one mcp.json (or one setting) carries — its options, line index and the errors found
// so far — and the helpers that point an error at a node of the parsed tree.

import type { Node } from 'jsonc-parser';
import type { ParseOptions } from './mcpJson';
import type { LineIndex } from './text';
import type { ConfigError, ConfigErrorCode, ConfigResult, Range } from './types';

/** What the reader needs to know about where the text came from. */
export interface Reader {
  lines?: LineIndex;
  options: ParseOptions;
  errors: ConfigError[];
  vsCodeFormat: boolean;
  declaredInputs: Set<string>;
  /** Prefix for messages about a setting (no file to point at). */
  where: string;
}

export function empty(): ConfigResult {
  return { servers: [], errors: [], inputs: [] };
}

export function rangeOfNode(reader: Reader, node: Node | undefined): Range | undefined {
  return node && reader.lines ? reader.lines.rangeAt(node.offset, node.length) : undefined;
}

export function report(
  reader: Reader,
  code: ConfigErrorCode,
  at: Node | Range | undefined,
  message: string,
  severity: ConfigError['severity'] = 'error',
  server?: string,
): void {
  const range = at && 'type' in at ? rangeOfNode(reader, at) : (at as Range | undefined);
  reader.errors.push({
    code,
    message: reader.where + message,
    ...(reader.options.file !== undefined ? { file: reader.options.file } : {}),
    ...(range ? { range } : {}),
    ...(server !== undefined ? { server } : {}),
    severity,
  });
}

/** The value node of the last `"key": value` property of an object node (JSON semantics: last wins). */
export function fieldOf(object: Node, key: string): Node | undefined {
  const children = object.children ?? [];
  for (let i = children.length - 1; i >= 0; i--) {
    const pair = children[i].children;
    if (pair?.[0]?.value === key) return pair[1];
  }
  return undefined;
}

export function describeType(node: Node): string {
  return node.type === 'null' ? 'null' : node.type === 'array' ? 'an array' : node.type === 'object' ? 'an object' : `a ${node.type}`;
}

/**
 * Range of [start, end) of a string node's decoded value, mapped back through escapes in the
 * raw text; the whole node when the mapping is not possible.
 */
export function rangeInString(reader: Reader, node: Node, start: number, end: number): Range | undefined {
  const lines = reader.lines;
  if (!lines) return undefined;
  const text = lines.text;
  const nodeEnd = node.offset + node.length;
  const offsets: number[] = [];
  let raw = node.offset + 1;
  while (raw < nodeEnd && offsets.length <= end) {
    offsets.push(raw);
    if (text[raw] === '"') break;
    raw += text[raw] === '\\' ? (text[raw + 1] === 'u' ? 6 : 2) : 1;
  }
  if (offsets.length <= end) return lines.rangeAt(node.offset, node.length);
  const from = Math.min(offsets[start], nodeEnd);
  const to = Math.min(offsets[end], nodeEnd);
  return lines.rangeAt(from, to - from);
}
