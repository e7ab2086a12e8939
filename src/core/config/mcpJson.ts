// Reads `.vscode/mcp.json` in VS Code's own format (and the `mcpServers` format of Claude Desktop
// and Cursor) with jsonc-parser, keeping the range of every server key so diagnostics can point
// at it. Never throws: every problem becomes a ConfigError with the exact range of the offending
// key or value. The same reader serves the `mcpSessions.servers` setting (a plain object, so its
// errors carry no range).

import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { describeType, empty, fieldOf, report, type Reader } from './mcpJsonReader';
import { readRoot } from './mcpJsonServers';
import { guardDepth, LineIndex, MAX_DEPTH } from './text';
import type { ConfigResult, ConfigSource, Range } from './types';
import type { VariableContext } from './variables';

export { positionAt } from './text';

export interface ParseOptions extends VariableContext {
  /** Absolute path of the file the text came from (copied into sources and errors). */
  file?: string;
  /** `servers` (VS Code) or `mcpServers` (Claude Desktop, Cursor). */
  rootKey?: 'servers' | 'mcpServers';
  sourceKind?: ConfigSource['kind'];
  clientName?: string;
  /** false: leave `${…}` as written (Claude Desktop does not substitute variables). Default true. */
  variables?: boolean;
  /** Reads an `envFile`; defaults to `fs.readFileSync(path, 'utf8')`. Throw (ideally with `code`) when it cannot. */
  readFile?: (path: string) => string;
  /** false: keep `envFile` as a path without reading it. Default true. */
  readEnvFiles?: boolean;
}

const MAX_PARSE_ERRORS = 100;

/** Parses JSONC text into a tree; parse errors and over-deep values become invalid-json errors. */
function parseText(text: string, reader: Reader): Node | undefined {
  const lines = reader.lines!;
  // A byte order mark is not JSON: read it as a space so offsets stay those of the caller's text.
  const guarded = guardDepth(text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text);
  for (const { offset, length } of guarded.cut.slice(0, MAX_PARSE_ERRORS)) {
    report(reader, 'invalid-json', lines.rangeAt(offset, length), `Nested deeper than ${MAX_DEPTH} levels; this value is ignored.`);
  }
  const parseErrors: ParseError[] = [];
  let root: Node | undefined;
  try {
    root = parseTree(guarded.text, parseErrors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  } catch {
    root = undefined;
    report(reader, 'invalid-json', lines.rangeAt(0, 0), 'The file could not be parsed.');
  }
  for (const error of parseErrors.slice(0, MAX_PARSE_ERRORS)) {
    report(reader, 'invalid-json', lines.rangeAt(error.offset, error.length), `Invalid JSON: ${printParseErrorCode(error.error)}.`);
  }
  if (parseErrors.length > MAX_PARSE_ERRORS)
    report(reader, 'invalid-json', lines.rangeAt(parseErrors[MAX_PARSE_ERRORS].offset, 0), `…and ${parseErrors.length - MAX_PARSE_ERRORS} more JSON errors.`);
  return root;
}

/** Parses mcp.json text into servers, inputs and ranged errors. Never throws. */
export function parseMcpJson(text: string, options: ParseOptions = {}): ConfigResult {
  const source = typeof text === 'string' ? text : '';
  const reader: Reader = {
    lines: new LineIndex(source),
    options,
    errors: [],
    vsCodeFormat: (options.rootKey ?? 'servers') === 'servers',
    declaredInputs: new Set(),
    where: '',
  };
  try {
    const root = parseText(source, reader);
    if (!root) return { ...empty(), errors: reader.errors };
    if (root.type !== 'object') {
      const expected = reader.vsCodeFormat ? '"servers"' : `"${options.rootKey}"`;
      report(reader, 'not-an-object', root, `The file must contain an object with a ${expected} property, not ${describeType(root)}.`);
      return { ...empty(), errors: reader.errors };
    }
    const result = readRoot(reader, root);
    return { ...result, errors: reader.errors };
  } catch (error) {
    // A bug here must not take the caller down; report it on the whole file instead.
    report(
      reader,
      'invalid-json',
      reader.lines!.rangeAt(0, 0),
      `Internal error while reading this file: ${error instanceof Error ? error.message : String(error)}.`,
    );
    return { ...empty(), errors: reader.errors };
  }
}

/** Turns a plain JS value (a setting) into the node shape the reader walks; no offsets. */
function nodeFromValue(value: unknown, depth = 0): Node {
  const base = { offset: 0, length: 0 } as Node;
  if (typeof value === 'string') return { ...base, type: 'string', value };
  if (typeof value === 'number' || typeof value === 'boolean')
    return { ...base, type: value === value ? (typeof value as 'number' | 'boolean') : 'null', value };
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return { ...base, type: 'null', value: null };
  if (Array.isArray(value)) return { ...base, type: 'array', children: value.map((item) => nodeFromValue(item, depth + 1)) };
  const children: Node[] = [];
  for (const key of Object.keys(value)) {
    let item: unknown;
    try {
      item = (value as Record<string, unknown>)[key];
    } catch {
      item = null;
    }
    children.push({ ...base, type: 'property', children: [{ ...base, type: 'string', value: key }, nodeFromValue(item, depth + 1)] });
  }
  return { ...base, type: 'object', children };
}

/** Servers from a settings object shaped like mcp.json's `servers` (errors have no file or range). */
export function parseServersValue(value: unknown, options: Omit<ParseOptions, 'file' | 'rootKey'> = {}): ConfigResult {
  if (value === undefined || value === null) return empty();
  const reader: Reader = {
    options: { ...options, sourceKind: options.sourceKind ?? 'setting' },
    errors: [],
    vsCodeFormat: true,
    declaredInputs: new Set(),
    where: 'mcpSessions.servers: ',
  };
  try {
    const root: Node = {
      type: 'object',
      offset: 0,
      length: 0,
      children: [{ type: 'property', offset: 0, length: 0, children: [{ type: 'string', value: 'servers', offset: 0, length: 0 }, nodeFromValue(value)] }],
    };
    const result = readRoot(reader, root);
    return { ...result, errors: reader.errors };
  } catch (error) {
    report(reader, 'invalid-field', undefined, `Could not read the setting: ${error instanceof Error ? error.message : String(error)}.`);
    return { ...empty(), errors: reader.errors };
  }
}

/** The range of a server's key in mcp.json (or mcpServers) text, for diagnostics on servers found elsewhere. */
export function findServerRange(text: string, name: string, rootKey?: 'servers' | 'mcpServers'): Range | undefined {
  try {
    const root = parseTree(guardDepth(text).text, [], { allowTrailingComma: true, allowEmptyContent: true });
    if (root?.type !== 'object') return undefined;
    const servers = rootKey ? findNodeAtLocation(root, [rootKey]) : (fieldOf(root, 'servers') ?? fieldOf(root, 'mcpServers'));
    if (servers?.type !== 'object') return undefined;
    const children = servers.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) {
      const key = children[i].children?.[0];
      if (key?.value === name) return new LineIndex(text).rangeAt(key.offset, key.length);
    }
    return undefined;
  } catch {
    return undefined;
  }
}
