// Reads `.vscode/mcp.json` in VS Code's own format (and the `mcpServers` format of Claude Desktop
// and Cursor) with jsonc-parser, keeping the range of every server key so diagnostics can point
// at it. Never throws: every problem becomes a ranged ConfigError.

import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { ConfigError, ConfigResult, ConfigSource, InputDefinition, Range, ServerConfig, ServerType } from './types';
import { resolveVariables, type VariableContext } from './variables';

export interface ParseOptions extends VariableContext {
  file?: string;
  /** `servers` (VS Code) or `mcpServers` (Claude Desktop, Cursor). */
  rootKey?: 'servers' | 'mcpServers';
  sourceKind?: ConfigSource['kind'];
  clientName?: string;
}

/** Converts a text offset to a zero-based line/character position. */
export function positionAt(text: string, offset: number): Range['start'] {
  let line = 0;
  let lineStart = 0;
  const end = Math.min(Math.max(0, offset), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: end - lineStart };
}

function rangeOf(text: string, offset: number, length: number): Range {
  return { start: positionAt(text, offset), end: positionAt(text, offset + Math.max(length, 0)) };
}

function nodeRange(text: string, node: Node | undefined): Range {
  return node ? rangeOf(text, node.offset, node.length) : rangeOf(text, 0, 0);
}

/** The property node (`"key": value`) of an object node. */
function propertyOf(object: Node, key: string): Node | undefined {
  return object.children?.find((property) => property.children?.[0]?.value === key);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isStringMap(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((item) => typeof item === 'string');
}

const KNOWN_TYPES: Record<string, ServerType> = { stdio: 'stdio', http: 'http', sse: 'sse', streamableHttp: 'http', 'streamable-http': 'http' };

/** Parses mcp.json text into servers, inputs and ranged errors. */
export function parseMcpJson(text: string, options: ParseOptions = {}): ConfigResult {
  const errors: ConfigError[] = [];
  const servers: ServerConfig[] = [];
  const inputs: InputDefinition[] = [];
  const file = options.file;
  const parseErrors: ParseError[] = [];
  let root: Node | undefined;
  try {
    root = parseTree(text, parseErrors, { allowTrailingComma: true, disallowComments: false });
  } catch {
    root = undefined;
  }
  for (const error of parseErrors.slice(0, 20)) {
    errors.push({ code: 'invalid-json', severity: 'error', file, range: rangeOf(text, error.offset, error.length), message: `Invalid JSON: ${printParseErrorCode(error.error)}.` });
  }
  if (!root) {
    if (!parseErrors.length && text.trim()) errors.push({ code: 'invalid-json', severity: 'error', file, range: rangeOf(text, 0, 0), message: 'Invalid JSON.' });
    return { servers, errors, inputs };
  }
  if (root.type !== 'object') {
    errors.push({ code: 'not-an-object', severity: 'error', file, range: nodeRange(text, root), message: 'mcp.json must contain an object with a "servers" property.' });
    return { servers, errors, inputs };
  }

  const inputsNode = findNodeAtLocation(root, ['inputs']);
  if (inputsNode?.type === 'array') {
    for (const item of inputsNode.children ?? []) {
      const value = safeValue(item);
      if (value && typeof value === 'object' && typeof (value as InputDefinition).id === 'string') {
        const input = value as InputDefinition;
        inputs.push({ id: input.id, type: String(input.type ?? 'promptString'), description: typeof input.description === 'string' ? input.description : undefined, password: input.password === true, default: typeof input.default === 'string' ? input.default : undefined });
      } else {
        errors.push({ code: 'invalid-field', severity: 'warning', file, range: nodeRange(text, item), message: 'Each input needs an "id".' });
      }
    }
  }

  const rootKey = options.rootKey ?? 'servers';
  const serversProperty = propertyOf(root, rootKey) ?? (rootKey === 'servers' ? propertyOf(root, 'mcpServers') : undefined);
  const serversNode = serversProperty?.children?.[1];
  if (!serversNode) return { servers, errors, inputs };
  if (serversNode.type !== 'object') {
    errors.push({ code: 'invalid-field', severity: 'error', file, range: nodeRange(text, serversNode), message: `"${rootKey}" must be an object mapping server names to definitions.` });
    return { servers, errors, inputs };
  }
  const seen = new Set<string>();
  for (const property of serversNode.children ?? []) {
    const keyNode = property.children?.[0];
    const valueNode = property.children?.[1];
    if (!keyNode || typeof keyNode.value !== 'string') continue;
    const name = keyNode.value;
    const keyRange = nodeRange(text, keyNode);
    if (seen.has(name)) {
      errors.push({ code: 'duplicate-server', severity: 'warning', file, range: keyRange, server: name, message: `Server "${name}" is defined twice; the last definition wins.` });
    }
    seen.add(name);
    const source: ConfigSource = { kind: options.sourceKind ?? 'workspace-file', file, range: keyRange, workspaceFolder: options.workspaceFolder, clientName: options.clientName };
    const server = readServer(text, name, valueNode, source, options, errors);
    if (server) {
      const existing = servers.findIndex((candidate) => candidate.name === name);
      if (existing >= 0) servers.splice(existing, 1);
      servers.push(server);
    }
  }
  return { servers, errors, inputs };
}

function safeValue(node: Node): unknown {
  try {
    return getNodeValue(node);
  } catch {
    return undefined;
  }
}

function readServer(text: string, name: string, node: Node | undefined, source: ConfigSource, options: ParseOptions, errors: ConfigError[]): ServerConfig | undefined {
  const file = source.file;
  const fail = (code: ConfigError['code'], at: Node | undefined, message: string, severity: ConfigError['severity'] = 'error') => {
    errors.push({ code, severity, file, range: at ? nodeRange(text, at) : source.range, server: name, message });
  };
  if (!node || node.type !== 'object') {
    fail('invalid-field', node, `Server "${name}" must be an object.`);
    return undefined;
  }
  const field = (key: string) => propertyOf(node, key)?.children?.[1];
  const value = (key: string) => {
    const child = field(key);
    return child ? safeValue(child) : undefined;
  };
  const rawType = value('type');
  let type: ServerType | undefined;
  if (rawType === undefined) type = value('command') !== undefined ? 'stdio' : value('url') !== undefined ? 'http' : undefined;
  else if (typeof rawType === 'string' && Object.hasOwn(KNOWN_TYPES, rawType)) type = KNOWN_TYPES[rawType];
  if (!type) {
    if (rawType === undefined) fail('missing-command', undefined, `Server "${name}" needs a "command" (stdio) or a "url" (http, sse).`);
    else fail('unknown-type', field('type'), `Unknown server type ${JSON.stringify(rawType)}; use "stdio", "http" or "sse".`);
    return undefined;
  }

  const pending = new Set<string>();
  const resolveAt = (raw: string, at: Node | undefined): string => {
    const { value: resolved, unresolved, pendingInputs } = resolveVariables(raw, options);
    for (const input of pendingInputs) pending.add(input);
    for (const variable of unresolved) fail('unresolved-variable', at, `Cannot resolve \${${variable}} in server "${name}".`, 'warning');
    return resolved;
  };
  const server: ServerConfig = { name, type, source };

  if (type === 'stdio') {
    const command = value('command');
    if (typeof command !== 'string' || !command.trim()) {
      fail('missing-command', field('command') ?? undefined, `Server "${name}" is a stdio server and needs a "command".`);
      return undefined;
    }
    server.command = resolveAt(command, field('command'));
    const args = value('args');
    if (args !== undefined) {
      if (!isStringArray(args)) fail('invalid-field', field('args'), '"args" must be an array of strings.');
      else server.args = args.map((arg, index) => resolveAt(arg, field('args')?.children?.[index]));
    }
    const env = value('env');
    if (env !== undefined) {
      if (!isStringMap(env)) fail('invalid-field', field('env'), '"env" must map names to string values.');
      else server.env = Object.fromEntries(Object.entries(env).map(([key, item]) => [key, resolveAt(item, field('env'))]));
    }
    for (const key of ['envFile', 'cwd'] as const) {
      const item = value(key);
      if (item === undefined) continue;
      if (typeof item !== 'string') fail('invalid-field', field(key), `"${key}" must be a string.`);
      else server[key] = resolveAt(item, field(key));
    }
  } else {
    const url = value('url');
    if (typeof url !== 'string' || !url.trim()) {
      fail('missing-url', field('url') ?? undefined, `Server "${name}" is an ${type} server and needs a "url".`);
      return undefined;
    }
    const resolved = resolveAt(url, field('url'));
    if (!/\$\{/.test(resolved)) {
      let parsed: URL | undefined;
      try {
        parsed = new URL(resolved);
      } catch {
        parsed = undefined;
      }
      if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
        fail('invalid-url', field('url'), `"${url}" is not an http(s) URL.`);
        return undefined;
      }
    }
    server.url = resolved;
    const headers = value('headers');
    if (headers !== undefined) {
      if (!isStringMap(headers)) fail('invalid-field', field('headers'), '"headers" must map names to string values.');
      else server.headers = Object.fromEntries(Object.entries(headers).map(([key, item]) => [key, resolveAt(item, field('headers'))]));
    }
  }
  if (pending.size) server.pendingInputs = [...pending];
  return server;
}

/** The range of a server's key in mcp.json text, for diagnostics on servers found elsewhere. */
export function findServerRange(text: string, name: string): Range | undefined {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const servers = root && (findNodeAtLocation(root, ['servers']) ?? findNodeAtLocation(root, ['mcpServers']));
  const property = servers && propertyOf(servers, name);
  return property?.children?.[0] ? nodeRange(text, property.children[0]) : undefined;
}
