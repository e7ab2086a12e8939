// Adds (or removes) a server entry in mcp.json text with jsonc-parser's `modify`, keeping the
// user's comments, order and layout (indentation and line endings are detected from the text).
// The "Add Server…" command uses it; it refuses rather than guess when the JSON is broken.

import { applyEdits, createScanner, modify, parseTree, type Edit, type FormattingOptions, type Node, type ParseError } from 'jsonc-parser';
import { guardDepth } from './text';

// jsonc-parser's SyntaxKind is a const enum, which isolated modules cannot read.
const COMMA = 5;
const LINE_COMMENT = 12;
const BLOCK_COMMENT = 13;
const LINE_BREAK = 14;
const TRIVIA = 15;
const EOF_TOKEN = 17;

export type WriteResult = { ok: true; text: string; edits: Edit[] } | { ok: false; message: string };

export interface WriteOptions {
  /** Replace an existing server with the same name (default false: refuse). */
  overwrite?: boolean;
  /** `servers` (VS Code, default) or `mcpServers` (other clients). */
  rootKey?: 'servers' | 'mcpServers';
}

/** Indentation and line ending as the file already uses them (2 spaces and \n for a new file). */
export function detectFormatting(text: string): FormattingOptions {
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  let tabs = 0;
  let spaces = 0;
  let smallest = Number.POSITIVE_INFINITY;
  for (const match of text.matchAll(/^([ \t]+)\S/gm)) {
    if (match[1].startsWith('\t')) tabs++;
    else {
      spaces++;
      smallest = Math.min(smallest, match[1].length);
    }
    if (tabs + spaces >= 50) break;
  }
  if (tabs > spaces) return { insertSpaces: false, tabSize: 4, eol };
  return { insertSpaces: true, tabSize: Number.isFinite(smallest) && smallest <= 8 ? smallest : 2, eol };
}

function readRoot(text: string): { root?: Node; message?: string } {
  const errors: ParseError[] = [];
  const guarded = guardDepth(text);
  if (guarded.cut.length) return { message: 'mcp.json is nested too deeply to edit safely; fix it first.' };
  let root: Node | undefined;
  try {
    root = parseTree(text, errors, { allowTrailingComma: true, allowEmptyContent: true });
  } catch {
    return { message: 'mcp.json could not be parsed; fix it first.' };
  }
  if (errors.length) return { message: 'mcp.json has JSON errors; fix them first (see the Problems view).' };
  if (root && root.type !== 'object') return { message: 'mcp.json must contain an object; fix it first.' };
  return { root };
}

function lineIndentAt(text: string, offset: number): string {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  return /^[ \t]*/.exec(text.slice(start, offset))![0];
}

function sameLine(text: string, from: number, to: number): boolean {
  return !/[\r\n]/.test(text.slice(from, to));
}

/** The value as JSON in the file's style, continuation lines indented by `indent`. */
function pretty(value: unknown, indent: string, formatting: FormattingOptions): string {
  const unit = formatting.insertSpaces ? ' '.repeat(formatting.tabSize ?? 2) : '\t';
  return JSON.stringify(value, null, unit).split('\n').join((formatting.eol ?? '\n') + indent);
}

/** Offset just past a comma that follows `offset` (skipping whitespace and comments), if any. */
function trailingCommaAfter(text: string, offset: number): number | undefined {
  const scanner = createScanner(text, false);
  scanner.setPosition(offset);
  for (let kind = scanner.scan(); kind !== EOF_TOKEN; kind = scanner.scan()) {
    if (kind === TRIVIA || kind === LINE_BREAK || kind === LINE_COMMENT || kind === BLOCK_COMMENT) continue;
    return kind === COMMA ? scanner.getTokenOffset() + 1 : undefined;
  }
  return undefined;
}

/**
 * One edit inserting `"key": value` as the last property of `object`, written in the file's own
 * indentation without touching its neighbours (jsonc-parser's formatter would reflow the whole
 * line of the previous property). Returns undefined when the layout is too unusual to guess.
 */
function insertProperty(text: string, object: Node, key: string, value: unknown, formatting: FormattingOptions): Edit[] | undefined {
  const eol = formatting.eol ?? '\n';
  const unit = formatting.insertSpaces ? ' '.repeat(formatting.tabSize ?? 2) : '\t';
  const properties = object.children ?? [];
  const last = properties[properties.length - 1];
  if (last) {
    if (sameLine(text, object.offset, last.offset)) return undefined;
    const indent = lineIndentAt(text, last.offset);
    const end = last.offset + last.length;
    const comma = trailingCommaAfter(text, end);
    const property = `${JSON.stringify(key)}: ${pretty(value, indent, formatting)}`;
    // A comment after the last property stays with it: insert after the end of its line.
    const after = comma ?? end;
    const rest = /^[^\r\n]*/.exec(text.slice(after))![0];
    const at = /^[ \t]*(?:\/\/.*|\/\*.*\*\/[ \t]*)$/.test(rest) ? after + rest.length : after;
    if (comma !== undefined) return [{ offset: at, length: 0, content: `${eol}${indent}${property},` }];
    if (at === end) return [{ offset: end, length: 0, content: `,${eol}${indent}${property}` }];
    return [
      { offset: end, length: 0, content: ',' },
      { offset: at, length: 0, content: `${eol}${indent}${property}` },
    ];
  }
  const close = object.offset + object.length - 1;
  if (text[close] !== '}') return undefined;
  const braceIndent = lineIndentAt(text, object.offset);
  const indent = braceIndent + unit;
  let from = close;
  while (from > object.offset + 1 && /\s/.test(text[from - 1])) from--;
  return [{ offset: from, length: close - from, content: `${eol}${indent}${JSON.stringify(key)}: ${pretty(value, indent, formatting)}${eol}${braceIndent}` }];
}

function applied(text: string, edits: Edit[]): WriteResult {
  try {
    return { ok: true, edits, text: applyEdits(text, edits) };
  } catch (error) {
    return { ok: false, message: `Could not edit mcp.json: ${error instanceof Error ? error.message : String(error)}.` };
  }
}

/** jsonc-parser's own edit (with its formatter), for layouts insertProperty does not handle. */
function modified(text: string, path: (string | number)[], value: unknown, formatting?: FormattingOptions): WriteResult {
  try {
    return applied(text, modify(text, path, value, formatting ? { formattingOptions: formatting } : {}));
  } catch (error) {
    return { ok: false, message: `Could not edit mcp.json: ${error instanceof Error ? error.message : String(error)}.` };
  }
}

function setServer(text: string, root: Node | undefined, rootKey: string, name: string, value: unknown, formatting: FormattingOptions): WriteResult {
  const pair = root?.children?.find((item) => item.children?.[0]?.value === rootKey);
  const servers = pair?.children?.[1];
  if (root && !servers) {
    const edits = insertProperty(text, root, rootKey, { [name]: value }, formatting);
    return edits ? applied(text, edits) : modified(text, [rootKey, name], value, formatting);
  }
  if (servers) {
    const existing = servers.children?.find((item) => item.children?.[0]?.value === name)?.children?.[1];
    if (existing) {
      const indent = lineIndentAt(text, existing.parent?.offset ?? existing.offset);
      return applied(text, [{ offset: existing.offset, length: existing.length, content: pretty(value, indent, formatting) }]);
    }
    const edits = insertProperty(text, servers, name, value, formatting);
    if (edits) return applied(text, edits);
  }
  return modified(text, [rootKey, name], value, formatting);
}

/** Edits that add `servers.<name>` = `definition` (creating the skeleton in an empty file). */
export function addServerEdits(text: string, name: string, definition: Record<string, unknown>, options: WriteOptions = {}): WriteResult {
  const rootKey = options.rootKey ?? 'servers';
  if (!name.trim()) return { ok: false, message: 'A server name cannot be empty.' };
  const blank = !text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '').trim();
  const eol = detectFormatting(text).eol ?? '\n';
  const base = blank ? `${text}${text && !/\n$/.test(text) ? eol : ''}{${eol}}${eol}` : text;
  const { root, message } = readRoot(base);
  if (message) return { ok: false, message };
  const servers = root?.children?.find((pair) => pair.children?.[0]?.value === rootKey)?.children?.[1];
  if (servers && servers.type !== 'object') return { ok: false, message: `"${rootKey}" in mcp.json is not an object; fix it first.` };
  const exists = servers?.children?.some((pair) => pair.children?.[0]?.value === name);
  if (exists && !options.overwrite) return { ok: false, message: `A server named "${name}" already exists.` };
  let clean: unknown;
  try {
    clean = JSON.parse(JSON.stringify(definition)) as unknown;
  } catch {
    return { ok: false, message: 'The server definition cannot be written as JSON.' };
  }
  const result = setServer(base, root, rootKey, name, clean, detectFormatting(base));
  if (!result.ok || base === text) return result;
  // The skeleton is part of the change: express it as one edit against the original text.
  return { ok: true, text: result.text, edits: [{ offset: 0, length: text.length, content: result.text }] };
}

/** Edits that remove `servers.<name>`; not-found is an error. */
export function removeServerEdits(text: string, name: string, options: Pick<WriteOptions, 'rootKey'> = {}): WriteResult {
  const rootKey = options.rootKey ?? 'servers';
  const { root, message } = readRoot(text);
  if (message) return { ok: false, message };
  const servers = root?.children?.find((pair) => pair.children?.[0]?.value === rootKey)?.children?.[1];
  const pairs = servers?.children?.filter((pair) => pair.children?.[0]?.value === name) ?? [];
  if (!pairs.length) return { ok: false, message: `There is no server named "${name}".` };
  const pair = pairs[pairs.length - 1];
  // A property on lines of its own goes with those lines (and its comma and trailing comment);
  // a trailing comma left on the previous property is fine in mcp.json.
  const lineStart = pair.offset - lineIndentAt(text, pair.offset).length;
  const end = trailingCommaAfter(text, pair.offset + pair.length) ?? pair.offset + pair.length;
  const rest = /^[^\r\n]*/.exec(text.slice(end))![0];
  const ownLines = (lineStart === 0 || /[\r\n]/.test(text[lineStart - 1])) && /^[ \t]*(?:\/\/.*)?$/.test(rest) && (servers!.children ?? []).length > 1;
  if (ownLines) {
    const eolLength = /^(\r\n|\r|\n)?/.exec(text.slice(end + rest.length))![0].length;
    const edits: Edit[] = [{ offset: lineStart, length: end + rest.length + eolLength - lineStart, content: '' }];
    // Removing the last entry: its predecessor's comma goes too, so adding then removing a server restores the file.
    const siblings = servers!.children ?? [];
    const previous = siblings[siblings.indexOf(pair) - 1];
    const comma = pair === siblings[siblings.length - 1] && previous ? trailingCommaAfter(text, previous.offset + previous.length) : undefined;
    if (comma !== undefined && comma <= lineStart) edits.unshift({ offset: comma - 1, length: 1, content: '' });
    return applied(text, edits);
  }
  return modified(text, [rootKey, name], undefined);
}

/**
 * Returns the text with `servers.<name>` set to `definition` (replacing a same-named entry).
 * When the text cannot be edited safely (broken JSON, `servers` not an object) it is returned
 * unchanged; use {@link addServerEdits} to get the reason.
 */
export function addServerToMcpJson(text: string, name: string, definition: Record<string, unknown>): string {
  const result = addServerEdits(text, name, definition, { overwrite: true });
  return result.ok ? result.text : text;
}
