// Reads `.vscode/mcp.json` in VS Code's own format (and the `mcpServers` format of Claude Desktop
// and Cursor) with jsonc-parser, keeping the range of every server key so diagnostics can point
// at it. Never throws: every problem becomes a ConfigError with the exact range of the offending
// key or value. The same reader serves the `mcpSessions.servers` setting (a plain object, so its
// errors carry no range).

import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve as resolvePath } from 'node:path';
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { redactMessage } from '../trace/redact';
import { parseEnvFile, setOwn } from './envFile';
import { guardDepth, LineIndex, MAX_DEPTH } from './text';
import type { ConfigError, ConfigErrorCode, ConfigResult, ConfigSource, InputDefinition, Range, ServerConfig, ServerType } from './types';
import { resolveVariables, type VariableContext, type VariableOccurrence } from './variables';

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

/** VS Code's types, plus the spellings other clients use for Streamable HTTP. */
const CANONICAL_TYPES: ReadonlySet<string> = new Set(['stdio', 'http', 'sse']);
const TYPE_ALIASES: Readonly<Record<string, ServerType>> = {
  streamableHttp: 'http',
  'streamable-http': 'http',
  streamable_http: 'http',
  streamablehttp: 'http',
  local: 'stdio',
  remote: 'http',
};
const MAX_PARSE_ERRORS = 100;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** What the reader needs to know about where the text came from. */
interface Reader {
  lines?: LineIndex;
  options: ParseOptions;
  errors: ConfigError[];
  vsCodeFormat: boolean;
  declaredInputs: Set<string>;
  /** Prefix for messages about a setting (no file to point at). */
  where: string;
}

function empty(): ConfigResult {
  return { servers: [], errors: [], inputs: [] };
}

function rangeOfNode(reader: Reader, node: Node | undefined): Range | undefined {
  return node && reader.lines ? reader.lines.rangeAt(node.offset, node.length) : undefined;
}

function report(reader: Reader, code: ConfigErrorCode, at: Node | Range | undefined, message: string, severity: ConfigError['severity'] = 'error', server?: string): void {
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
function fieldOf(object: Node, key: string): Node | undefined {
  const children = object.children ?? [];
  for (let i = children.length - 1; i >= 0; i--) {
    const pair = children[i].children;
    if (pair?.[0]?.value === key) return pair[1];
  }
  return undefined;
}

function describeType(node: Node): string {
  return node.type === 'null' ? 'null' : node.type === 'array' ? 'an array' : node.type === 'object' ? 'an object' : `a ${node.type}`;
}

/**
 * Range of [start, end) of a string node's decoded value, mapped back through escapes in the
 * raw text; the whole node when the mapping is not possible.
 */
function rangeInString(reader: Reader, node: Node, start: number, end: number): Range | undefined {
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

function parseInputs(reader: Reader, node: Node | undefined): InputDefinition[] {
  const inputs: InputDefinition[] = [];
  if (!node) return inputs;
  if (node.type !== 'array') {
    report(reader, 'invalid-field', node, `"inputs" must be an array of input definitions, not ${describeType(node)}.`);
    return inputs;
  }
  for (const item of node.children ?? []) {
    if (item.type !== 'object') {
      report(reader, 'invalid-field', item, `Each input must be an object with an "id", not ${describeType(item)}.`, 'warning');
      continue;
    }
    const idNode = fieldOf(item, 'id');
    if (idNode?.type !== 'string' || !String(idNode.value).trim()) {
      report(reader, 'invalid-field', idNode ?? item, 'Each input needs an "id" string.', 'warning');
      continue;
    }
    const id = String(idNode.value);
    if (reader.declaredInputs.has(id)) report(reader, 'invalid-field', idNode, `Input "${id}" is declared twice; the first declaration is used.`, 'warning');
    const typeNode = fieldOf(item, 'type');
    const descriptionNode = fieldOf(item, 'description');
    const passwordNode = fieldOf(item, 'password');
    const defaultNode = fieldOf(item, 'default');
    if (typeNode && typeNode.type !== 'string') report(reader, 'invalid-field', typeNode, '"type" of an input must be a string such as "promptString".', 'warning');
    if (passwordNode && passwordNode.type !== 'boolean') report(reader, 'invalid-field', passwordNode, '"password" must be true or false.', 'warning');
    if (reader.declaredInputs.has(id)) continue;
    reader.declaredInputs.add(id);
    inputs.push({
      id,
      type: typeNode?.type === 'string' ? String(typeNode.value) : 'promptString',
      ...(descriptionNode?.type === 'string' ? { description: String(descriptionNode.value) } : {}),
      password: passwordNode?.type === 'boolean' && passwordNode.value === true,
      ...(defaultNode?.type === 'string' ? { default: String(defaultNode.value) } : {}),
    });
  }
  return inputs;
}

/** Reads a document's root object (already parsed) into servers and inputs. */
function readRoot(reader: Reader, root: Node): ConfigResult {
  const result = empty();
  const rootKey = reader.options.rootKey ?? 'servers';
  if (reader.vsCodeFormat) result.inputs = parseInputs(reader, fieldOf(root, 'inputs'));
  let serversNode = fieldOf(root, rootKey);
  if (!serversNode && rootKey === 'servers') {
    serversNode = fieldOf(root, 'mcpServers');
    const key = serversNode && (root.children ?? []).find((pair) => pair.children?.[1] === serversNode)?.children?.[0];
    if (key) report(reader, 'invalid-field', key, 'VS Code reads servers from "servers"; "mcpServers" is the Claude Desktop / Cursor format. Rename it to "servers".', 'warning');
  }
  if (!serversNode) return result;
  if (serversNode.type !== 'object') {
    report(reader, 'not-an-object', serversNode, `"${rootKey}" must be an object mapping server names to definitions, not ${describeType(serversNode)}.`);
    return result;
  }
  const pairs = (serversNode.children ?? []).filter((pair) => pair.children?.[0]?.type === 'string');
  const last = new Map<string, Node>();
  for (const pair of pairs) last.set(String(pair.children![0].value), pair);
  for (const pair of pairs) {
    const keyNode = pair.children![0];
    const name = String(keyNode.value);
    const winner = last.get(name)!;
    if (winner !== pair) {
      const line = reader.lines ? reader.lines.positionAt(winner.offset).line + 1 : undefined;
      report(reader, 'duplicate-server', keyNode, `Server "${name}" is defined again${line ? ` on line ${line}` : ''}; that later definition is used and this one is ignored.`, 'warning', name);
    }
    const server = readServer(reader, name, keyNode, pair.children?.[1]);
    if (server && winner === pair) result.servers.push(server);
  }
  return result;
}

/** Reads one server definition; undefined when it has an error (it would not work as written). */
function readServer(reader: Reader, name: string, keyNode: Node, node: Node | undefined): ServerConfig | undefined {
  const { options } = reader;
  let failed = false;
  const fail = (code: ConfigErrorCode, at: Node | Range | undefined, message: string, severity: ConfigError['severity'] = 'error') => {
    if (severity === 'error') failed = true;
    report(reader, code, at ?? keyNode, message, severity, name);
  };
  if (!name.trim()) fail('invalid-field', keyNode, 'A server name cannot be empty.');
  if (!node || node.type !== 'object') {
    fail('not-an-object', node, `Server "${name}" must be an object${node ? `, not ${describeType(node)}` : ''}.`);
    return undefined;
  }
  const field = (key: string) => fieldOf(node, key);
  const urlNode = field('url') ?? (reader.vsCodeFormat ? undefined : field('serverUrl') ?? field('httpUrl'));

  let type: ServerType | undefined;
  const typeNode = field('type') ?? (reader.vsCodeFormat ? undefined : field('transport'));
  if (typeNode) {
    const raw = typeNode.type === 'string' ? String(typeNode.value) : undefined;
    if (raw !== undefined && CANONICAL_TYPES.has(raw)) type = raw as ServerType;
    else if (raw !== undefined && Object.prototype.hasOwnProperty.call(TYPE_ALIASES, raw)) {
      type = TYPE_ALIASES[raw];
      if (reader.vsCodeFormat) fail('unknown-type', typeNode, `VS Code's mcp.json spells this type "${type}"; "${raw}" is read as "${type}" here but VS Code may reject it.`, 'warning');
    } else {
      fail('unknown-type', typeNode, `Unknown server type ${raw !== undefined ? JSON.stringify(raw.length > 60 ? `${raw.slice(0, 60)}…` : raw) : describeType(typeNode)}; use "stdio", "http" or "sse".`);
      return undefined;
    }
  } else if (field('command')) type = 'stdio';
  else if (urlNode) type = 'http';
  else {
    fail('missing-command', keyNode, `Server "${name}" needs a "command" (a stdio server) or a "url" (an http or sse server).`);
    return undefined;
  }

  const source: ConfigSource = { kind: options.sourceKind ?? 'workspace-file' };
  if (options.file !== undefined) source.file = options.file;
  const keyRange = rangeOfNode(reader, keyNode);
  if (keyRange) source.range = keyRange;
  if (options.workspaceFolder !== undefined) source.workspaceFolder = options.workspaceFolder;
  if (options.clientName !== undefined) source.clientName = options.clientName;

  const pending: string[] = [];
  const inputValues: string[] = [];
  /** Resolves variables in a string node, reporting unknown ones at their exact place. */
  const resolveAt = (at: Node): string => {
    const raw = String(at.value);
    if (options.variables === false) return raw;
    const resolved = resolveVariables(raw, options);
    for (const id of resolved.pendingInputs) if (!pending.includes(id)) pending.push(id);
    for (const value of resolved.inputValues) if (!inputValues.includes(value)) inputValues.push(value);
    const place = (occurrence: VariableOccurrence) => rangeInString(reader, at, occurrence.start, occurrence.end);
    for (const occurrence of resolved.unresolvedAt) {
      const hint = occurrence.name === 'workspaceFolder' || occurrence.name === 'workspaceFolderBasename' ? ' (there is no workspace folder here)' : '';
      fail('unresolved-variable', place(occurrence) ?? at, `Cannot resolve \${${occurrence.name}}${hint}; it is left as written.`, 'warning');
    }
    if (reader.vsCodeFormat && (options.sourceKind ?? 'workspace-file') === 'workspace-file') {
      for (const occurrence of resolved.pendingAt) {
        if (!reader.declaredInputs.has(occurrence.name)) fail('unresolved-variable', place(occurrence) ?? at, `\${input:${occurrence.name}} has no matching entry in "inputs"; add { "type": "promptString", "id": "${occurrence.name}" }.`, 'warning');
      }
    }
    return resolved.value;
  };
  /** A string field: undefined when absent; reports wrong types. */
  const stringField = (key: string, at: Node | undefined): string | undefined => {
    if (!at) return undefined;
    if (at.type !== 'string') {
      fail('invalid-field', at, `"${key}" must be a string, not ${describeType(at)}.`);
      return undefined;
    }
    return resolveAt(at);
  };
  /** `"oauth": { "clientId", "clientSecret"?, "scope"? }`: a client registered out of band. */
  const oauthField = (at: Node | undefined): ServerConfig['oauth'] => {
    if (!at) return undefined;
    const member = (key: string) => at.type === 'object' ? at.children?.find((child) => child.children?.[0]?.value === key)?.children?.[1] : undefined;
    const clientId = at.type === 'object' ? stringField('oauth.clientId', member('clientId')) : undefined;
    if (!clientId) {
      fail('invalid-field', at, '"oauth" must be an object with a "clientId" string (and optionally "clientSecret" and "scope").');
      return undefined;
    }
    const clientSecret = stringField('oauth.clientSecret', member('clientSecret'));
    const scope = stringField('oauth.scope', member('scope'));
    return { clientId, ...(clientSecret ? { clientSecret } : {}), ...(scope ? { scope } : {}) };
  };
  /** A map of names to strings (env, headers); numbers and booleans are written as text. */
  const stringMap = (key: 'env' | 'headers', at: Node | undefined): Record<string, string> | undefined => {
    if (!at) return undefined;
    if (at.type !== 'object') {
      fail('invalid-field', at, `"${key}" must be an object mapping names to string values, not ${describeType(at)}.`);
      return undefined;
    }
    const map: Record<string, string> = {};
    for (const pair of at.children ?? []) {
      const [k, v] = pair.children ?? [];
      if (k?.type !== 'string' || !v) continue;
      const itemName = String(k.value);
      if (key === 'headers' && !HEADER_NAME.test(itemName)) {
        fail('invalid-field', k, `"${itemName}" is not a valid HTTP header name.`);
        continue;
      }
      if (v.type === 'null') {
        fail('invalid-field', v, `${key === 'env' ? 'Environment variable' : 'Header'} "${itemName}" is null; it is ignored (give it a string value or remove it).`, 'warning');
        continue;
      }
      if (v.type === 'number' || v.type === 'boolean') {
        setOwn(map, itemName, String(v.value));
        continue;
      }
      if (v.type !== 'string') {
        fail('invalid-field', v, `The value of "${itemName}" in "${key}" must be a string, not ${describeType(v)}.`);
        continue;
      }
      const value = resolveAt(v);
      if (key === 'headers' && /[\r\n\0]/.test(value)) {
        fail('invalid-field', v, `The value of header "${itemName}" contains a line break or NUL, which HTTP does not allow.`);
        continue;
      }
      setOwn(map, itemName, value);
    }
    return map;
  };
  const baseDir = options.workspaceFolder ?? (options.file !== undefined ? dirname(options.file) : undefined);
  const absolute = (path: string) => (baseDir !== undefined && path && !path.includes('${') && !isAbsolute(path) ? resolvePath(baseDir, path) : path);

  const server: ServerConfig = { name, type, source };
  if (type === 'stdio') {
    const commandNode = field('command');
    const command = stringField('command', commandNode);
    if (!commandNode) fail('missing-command', keyNode, `Server "${name}" is a stdio server and needs a "command".`);
    else if (command !== undefined && !command.trim()) fail('missing-command', commandNode, `The "command" of server "${name}" is empty.`);
    if (command !== undefined) server.command = command;

    const argsNode = field('args');
    if (argsNode) {
      if (argsNode.type !== 'array') fail('invalid-field', argsNode, `"args" must be an array of strings, not ${describeType(argsNode)}.`);
      else {
        const args: string[] = [];
        for (const item of argsNode.children ?? []) {
          if (item.type === 'string') args.push(resolveAt(item));
          else fail('invalid-field', item, `Each of "args" must be a string, not ${describeType(item)}${item.type === 'number' ? ' (quote it)' : ''}.`);
        }
        server.args = args;
      }
    }
    let env = stringMap('env', field('env'));
    const envFileNode = field('envFile');
    const envFile = stringField('envFile', envFileNode);
    if (envFile !== undefined && envFileNode) {
      const path = absolute(envFile);
      server.envFile = path;
      if (options.readEnvFiles !== false && !path.includes('${')) {
        const values = readEnvFile(reader, path, envFileNode, fail);
        if (values) {
          const merged: Record<string, string> = {};
          for (const [k, v] of Object.entries(values)) setOwn(merged, k, v);
          for (const [k, v] of Object.entries(env ?? {})) setOwn(merged, k, v);
          env = merged;
        }
      }
    }
    if (env) server.env = env;
    const cwd = stringField('cwd', field('cwd'));
    if (cwd !== undefined) server.cwd = absolute(cwd);
  } else {
    const url = stringField('url', urlNode);
    if (!urlNode) fail('missing-url', keyNode, `Server "${name}" is an ${type} server and needs a "url".`);
    else if (url !== undefined && !url.trim()) fail('missing-url', urlNode, `The "url" of server "${name}" is empty.`);
    else if (url !== undefined && !url.includes('${')) {
      let parsed: URL | undefined;
      try {
        parsed = new URL(url);
      } catch {
        parsed = undefined;
      }
      // The message is shown in Problems: credentials in the text the user wrote are not repeated.
      const shown = redactMessage(url);
      if (!parsed) fail('invalid-url', urlNode, `"${shown.length > 80 ? `${shown.slice(0, 80)}…` : shown}" is not a valid URL; use an http:// or https:// URL.`);
      else if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') fail('invalid-url', urlNode, `"${parsed.protocol}" URLs are not supported; use an http:// or https:// URL.`);
    }
    if (url !== undefined) server.url = url;
    const headers = stringMap('headers', field('headers'));
    if (headers) server.headers = headers;
    const oauth = oauthField(field('oauth'));
    if (oauth) server.oauth = oauth;
  }
  if (pending.length) server.pendingInputs = pending;
  if (inputValues.length) server.inputValues = inputValues;
  return failed ? undefined : server;
}

function readEnvFile(reader: Reader, path: string, at: Node, fail: (code: ConfigErrorCode, at: Node | Range | undefined, message: string, severity?: ConfigError['severity']) => void): Record<string, string> | undefined {
  let text: string;
  try {
    text = (reader.options.readFile ?? ((file: string) => readFileSync(file, 'utf8')))(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    fail('unreadable-file', at, code === 'ENOENT' || code === 'ENOTDIR' ? `The envFile "${path}" does not exist.` : `Cannot read the envFile "${path}"${code ? ` (${code})` : ''}.`);
    return undefined;
  }
  if (typeof text !== 'string') return undefined;
  const parsed = parseEnvFile(text);
  for (const problem of parsed.problems) {
    reader.errors.push({ code: 'invalid-field', severity: 'warning', file: path, range: problem.range, message: `${problem.message} (line ignored)` });
  }
  return parsed.values;
}

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
  if (parseErrors.length > MAX_PARSE_ERRORS) report(reader, 'invalid-json', lines.rangeAt(parseErrors[MAX_PARSE_ERRORS].offset, 0), `…and ${parseErrors.length - MAX_PARSE_ERRORS} more JSON errors.`);
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
    report(reader, 'invalid-json', reader.lines!.rangeAt(0, 0), `Internal error while reading this file: ${error instanceof Error ? error.message : String(error)}.`);
    return { ...empty(), errors: reader.errors };
  }
}

/** Turns a plain JS value (a setting) into the node shape the reader walks; no offsets. */
function nodeFromValue(value: unknown, depth = 0): Node {
  const base = { offset: 0, length: 0 } as Node;
  if (typeof value === 'string') return { ...base, type: 'string', value };
  if (typeof value === 'number' || typeof value === 'boolean') return { ...base, type: value === value ? (typeof value as 'number' | 'boolean') : 'null', value };
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
  const reader: Reader = { options: { ...options, sourceKind: options.sourceKind ?? 'setting' }, errors: [], vsCodeFormat: true, declaredInputs: new Set(), where: 'mcpSessions.servers: ' };
  try {
    const root: Node = { type: 'object', offset: 0, length: 0, children: [{ type: 'property', offset: 0, length: 0, children: [{ type: 'string', value: 'servers', offset: 0, length: 0 }, nodeFromValue(value)] }] };
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
    const servers = rootKey ? findNodeAtLocation(root, [rootKey]) : fieldOf(root, 'servers') ?? fieldOf(root, 'mcpServers');
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
