// Adds (or removes) a server entry in mcp.json text with jsonc-parser's `modify`, keeping the
// user's comments, order and layout (indentation and line endings are detected from the text).
// The "Add Server…" command uses it; it refuses rather than guess when the JSON is broken.

import { applyEdits, createScanner, modify, parseTree, printParseErrorCode, type Edit, type FormattingOptions, type Node, type ParseError } from 'jsonc-parser';
import { guardDepth, LineIndex } from './text';

// jsonc-parser's SyntaxKind is a const enum, which isolated modules cannot read.
const COMMA = 5;
const LINE_COMMENT = 12;
const BLOCK_COMMENT = 13;
const LINE_BREAK = 14;
const TRIVIA = 15;
const EOF_TOKEN = 17;

/** A refusal says why, and where in the file when the file itself is at fault (offset into the text). */
export type WriteResult = { ok: true; text: string; edits: Edit[] } | { ok: false; message: string; offset?: number };

/** An entry of mcp.json's `inputs` (VS Code prompts for it and substitutes `${input:id}`). */
export interface InputEntry {
  id: string;
  type: string;
  description?: string;
  password?: boolean;
}

export interface WriteOptions {
  /** Replace an existing server with the same name (default false: refuse). */
  overwrite?: boolean;
  /** `servers` (VS Code, default) or `mcpServers` (other clients). */
  rootKey?: 'servers' | 'mcpServers';
  /** Inputs the definition refers to, appended to `inputs` unless an input of the same id is there. */
  inputs?: readonly InputEntry[];
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

function readRoot(text: string): { root?: Node; message?: string; offset?: number } {
  const errors: ParseError[] = [];
  const guarded = guardDepth(text);
  if (guarded.cut.length) return { message: 'mcp.json is nested too deeply to edit safely; fix it first.', offset: guarded.cut[0].offset };
  let root: Node | undefined;
  try {
    root = parseTree(text, errors, { allowTrailingComma: true, allowEmptyContent: true });
  } catch {
    return { message: 'mcp.json could not be parsed; fix it first.', offset: 0 };
  }
  if (errors.length) {
    const first = errors[0];
    const at = new LineIndex(text).positionAt(first.offset);
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    return {
      message: `mcp.json has a JSON error at line ${at.line + 1}, column ${at.character + 1}: ${printParseErrorCode(first.error)}${more}. Fix it first; nothing was changed.`,
      offset: first.offset,
    };
  }
  if (root && root.type !== 'object') return { message: 'mcp.json must contain an object; fix it first.', offset: root.offset };
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

/**
 * The value as JSON in the file's style, continuation lines indented by `indent`; on one line
 * (`{ "a": 1 }`) when `indent` is undefined, for a container written on one line.
 */
function pretty(value: unknown, indent: string | undefined, formatting: FormattingOptions): string {
  if (indent === undefined) return JSON.stringify(value, null, 1).replace(/\n */g, ' ');
  const unit = formatting.insertSpaces ? ' '.repeat(formatting.tabSize ?? 2) : '\t';
  return JSON.stringify(value, null, unit)
    .split('\n')
    .join((formatting.eol ?? '\n') + indent);
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
  return insertLast(text, object, (indent) => `${JSON.stringify(key)}: ${pretty(value, indent, formatting)}`, formatting);
}

/** The same for the last item of an array. */
function insertItem(text: string, array: Node, value: unknown, formatting: FormattingOptions): Edit[] | undefined {
  return insertLast(text, array, (indent) => pretty(value, indent, formatting), formatting);
}

function insertLast(text: string, container: Node, render: (indent: string | undefined) => string, formatting: FormattingOptions): Edit[] | undefined {
  const eol = formatting.eol ?? '\n';
  const unit = formatting.insertSpaces ? ' '.repeat(formatting.tabSize ?? 2) : '\t';
  const members = container.children ?? [];
  const last = members[members.length - 1];
  if (last) {
    if (sameLine(text, container.offset, last.offset)) {
      // A container on one line gets the new member on that line too; its neighbours are not reflowed.
      const end = last.offset + last.length;
      const comma = trailingCommaAfter(text, end);
      return comma !== undefined
        ? [{ offset: comma, length: 0, content: ` ${render(undefined)},` }]
        : [{ offset: end, length: 0, content: `, ${render(undefined)}` }];
    }
    const indent = lineIndentAt(text, last.offset);
    const end = last.offset + last.length;
    const comma = trailingCommaAfter(text, end);
    const member = render(indent);
    // A comment after the last member stays with it: insert after the end of its line.
    const after = comma ?? end;
    const rest = /^[^\r\n]*/.exec(text.slice(after))![0];
    const at = /^[ \t]*(?:\/\/.*|\/\*.*\*\/[ \t]*)$/.test(rest) ? after + rest.length : after;
    if (comma !== undefined) return [{ offset: at, length: 0, content: `${eol}${indent}${member},` }];
    if (at === end) return [{ offset: end, length: 0, content: `,${eol}${indent}${member}` }];
    return [
      { offset: end, length: 0, content: ',' },
      { offset: at, length: 0, content: `${eol}${indent}${member}` },
    ];
  }
  const close = container.offset + container.length - 1;
  if (text[close] !== (container.type === 'array' ? ']' : '}')) return undefined;
  const braceIndent = lineIndentAt(text, container.offset);
  const indent = braceIndent + unit;
  let from = close;
  while (from > container.offset + 1 && /\s/.test(text[from - 1])) from--;
  return [{ offset: from, length: close - from, content: `${eol}${indent}${render(indent)}${eol}${braceIndent}` }];
}

/** The one edit that turns `before` into `after` (their common start and end left alone). */
export function editBetween(before: string, after: string): Edit {
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < shorter - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return { offset: start, length: before.length - start - end, content: after.slice(start, after.length - end) };
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
    const arrayInsertion = path[path.length - 1] === -1;
    return applied(
      text,
      modify(text, path, value, { ...(formatting ? { formattingOptions: formatting } : {}), ...(arrayInsertion ? { isArrayInsertion: true } : {}) }),
    );
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

/** `inputs` with the entries whose ids are not there yet appended (the file's text otherwise unchanged). */
function addInputs(text: string, root: Node, inputs: readonly InputEntry[], formatting: FormattingOptions): WriteResult {
  const array = root.children?.find((pair) => pair.children?.[0]?.value === 'inputs')?.children?.[1];
  if (array && array.type !== 'array') return { ok: false, message: '"inputs" in mcp.json is not an array; fix it first.', offset: array.offset };
  const idOf = (item: Node) => (item.type === 'object' ? item.children?.find((pair) => pair.children?.[0]?.value === 'id')?.children?.[1]?.value : undefined);
  const present = new Set((array?.children ?? []).map(idOf));
  const missing = inputs.filter((input, index) => !present.has(input.id) && inputs.findIndex((other) => other.id === input.id) === index);
  if (!missing.length) return { ok: true, text, edits: [] };
  const clean = JSON.parse(JSON.stringify(missing)) as unknown[];
  if (!array) {
    const edits = insertProperty(text, root, 'inputs', clean, formatting);
    return edits ? applied(text, edits) : modified(text, ['inputs'], clean, formatting);
  }
  let current = text;
  for (const input of clean) {
    const now = readRoot(current).root?.children?.find((pair) => pair.children?.[0]?.value === 'inputs')?.children?.[1];
    const edits = now && insertItem(current, now, input, formatting);
    const result = edits ? applied(current, edits) : modified(current, ['inputs', -1], input, formatting);
    if (!result.ok) return result;
    current = result.text;
  }
  return { ok: true, text: current, edits: [editBetween(text, current)] };
}

/**
 * Edits that add `servers.<name>` = `definition` (creating the skeleton in an empty file, and
 * appending `options.inputs` the definition refers to). A refusal of a broken file carries the
 * offset of its first error.
 */
export function addServerEdits(text: string, name: string, definition: Record<string, unknown>, options: WriteOptions = {}): WriteResult {
  const rootKey = options.rootKey ?? 'servers';
  if (!name.trim()) return { ok: false, message: 'A server name cannot be empty.' };
  const blank = !text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '').trim();
  const eol = detectFormatting(text).eol ?? '\n';
  const base = blank ? `${text}${text && !/\n$/.test(text) ? eol : ''}{${eol}}${eol}` : text;
  const { root, message, offset } = readRoot(base);
  if (message) return { ok: false, message, ...(offset !== undefined ? { offset: Math.min(offset, text.length) } : {}) };
  const servers = root?.children?.find((pair) => pair.children?.[0]?.value === rootKey)?.children?.[1];
  if (servers && servers.type !== 'object') return { ok: false, message: `"${rootKey}" in mcp.json is not an object; fix it first.`, offset: servers.offset };
  const exists = servers?.children?.some((pair) => pair.children?.[0]?.value === name);
  if (exists && !options.overwrite) return { ok: false, message: `A server named "${name}" already exists.` };
  let clean: unknown;
  try {
    clean = JSON.parse(JSON.stringify(definition)) as unknown;
  } catch {
    return { ok: false, message: 'The server definition cannot be written as JSON.' };
  }
  const formatting = detectFormatting(base);
  let start = base;
  let startRoot = root;
  if (options.inputs?.length && root) {
    const withInputs = addInputs(base, root, options.inputs, formatting);
    if (!withInputs.ok) return withInputs;
    start = withInputs.text;
    startRoot = start === base ? root : readRoot(start).root;
  }
  const result = setServer(start, startRoot, rootKey, name, clean, formatting);
  if (!result.ok || start === text) return result;
  // The skeleton or the inputs are part of the change: express it as one edit against the original text.
  return { ok: true, text: result.text, edits: [editBetween(text, result.text)] };
}

/** True when mcp.json text has a server of this name (false for text that cannot be read as JSON). */
export function hasServer(text: string, name: string, rootKey: 'servers' | 'mcpServers' = 'servers'): boolean {
  const { root } = readRoot(text);
  const servers = root?.children?.find((pair) => pair.children?.[0]?.value === rootKey)?.children?.[1];
  return servers?.type === 'object' && (servers.children ?? []).some((pair) => pair.children?.[0]?.value === name);
}

/** Edits that remove `servers.<name>`; not-found is an error. */
export function removeServerEdits(text: string, name: string, options: Pick<WriteOptions, 'rootKey'> = {}): WriteResult {
  const rootKey = options.rootKey ?? 'servers';
  const { root, message, offset } = readRoot(text);
  if (message) return { ok: false, message, ...(offset !== undefined ? { offset } : {}) };
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
