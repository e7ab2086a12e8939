// The servers of an mcp.json's `servers` (or `mcpServers`) object: one definition at a time, its
// transport decided from `type` (or inferred from `command` / `url`), its fields read and checked.
// A definition with an error is left out (it would not work as written); warnings keep it.

import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve as resolvePath } from 'node:path';
import type { Node } from 'jsonc-parser';
import { redactMessage } from '../trace/redact';
import { parseEnvFile, setOwn } from './envFile';
import { parseInputs } from './mcpJsonInputs';
import { describeType, empty, fieldOf, rangeOfNode, report, type Reader } from './mcpJsonReader';
import { ServerFields, type Fail } from './serverFields';
import type { ConfigResult, ConfigSource, ServerConfig, ServerType } from './types';

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

/** Reads a document's root object (already parsed) into servers and inputs. */
export function readRoot(reader: Reader, root: Node): ConfigResult {
  const result = empty();
  const rootKey = reader.options.rootKey ?? 'servers';
  if (reader.vsCodeFormat) result.inputs = parseInputs(reader, fieldOf(root, 'inputs'));
  let serversNode = fieldOf(root, rootKey);
  if (!serversNode && rootKey === 'servers') {
    serversNode = fieldOf(root, 'mcpServers');
    const key = serversNode && (root.children ?? []).find((pair) => pair.children?.[1] === serversNode)?.children?.[0];
    if (key)
      report(
        reader,
        'invalid-field',
        key,
        'VS Code reads servers from "servers"; "mcpServers" is the Claude Desktop / Cursor format. Rename it to "servers".',
        'warning',
      );
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
      report(
        reader,
        'duplicate-server',
        keyNode,
        `Server "${name}" is defined again${line ? ` on line ${line}` : ''}; that later definition is used and this one is ignored.`,
        'warning',
        name,
      );
    }
    const server = readServer(reader, name, keyNode, pair.children?.[1]);
    if (server && winner === pair) result.servers.push(server);
  }
  return result;
}

/** Reads one server definition; undefined when it has an error (it would not work as written). */
function readServer(reader: Reader, name: string, keyNode: Node, node: Node | undefined): ServerConfig | undefined {
  const fields = new ServerFields(reader, name, keyNode);
  if (!name.trim()) fields.fail('invalid-field', keyNode, 'A server name cannot be empty.');
  if (!node || node.type !== 'object') {
    fields.fail('not-an-object', node, `Server "${name}" must be an object${node ? `, not ${describeType(node)}` : ''}.`);
    return undefined;
  }
  const urlNode = fieldOf(node, 'url') ?? (reader.vsCodeFormat ? undefined : (fieldOf(node, 'serverUrl') ?? fieldOf(node, 'httpUrl')));
  const type = typeOf(reader, fields, node, urlNode);
  if (!type) return undefined;
  const server: ServerConfig = { name, type, source: sourceOf(reader, keyNode) };
  if (type === 'stdio') readStdioFields(reader, fields, node, server);
  else readRemoteFields(fields, node, urlNode, server);
  if (fields.pending.length) server.pendingInputs = fields.pending;
  if (fields.inputValues.length) server.inputValues = fields.inputValues;
  return fields.failed ? undefined : server;
}

/** The transport: `type` (or another client's `transport`), else inferred from `command` or a URL; undefined (reported) when unknown. */
function typeOf(reader: Reader, fields: ServerFields, node: Node, urlNode: Node | undefined): ServerType | undefined {
  const typeNode = fieldOf(node, 'type') ?? (reader.vsCodeFormat ? undefined : fieldOf(node, 'transport'));
  if (typeNode) {
    const raw = typeNode.type === 'string' ? String(typeNode.value) : undefined;
    if (raw !== undefined && CANONICAL_TYPES.has(raw)) return raw as ServerType;
    if (raw !== undefined && Object.prototype.hasOwnProperty.call(TYPE_ALIASES, raw)) {
      const type = TYPE_ALIASES[raw];
      if (reader.vsCodeFormat)
        fields.fail(
          'unknown-type',
          typeNode,
          `VS Code's mcp.json spells this type "${type}"; "${raw}" is read as "${type}" here but VS Code may reject it.`,
          'warning',
        );
      return type;
    }
    fields.fail(
      'unknown-type',
      typeNode,
      `Unknown server type ${raw !== undefined ? JSON.stringify(raw.length > 60 ? `${raw.slice(0, 60)}…` : raw) : describeType(typeNode)}; use "stdio", "http" or "sse".`,
    );
    return undefined;
  }
  if (fieldOf(node, 'command')) return 'stdio';
  if (urlNode) return 'http';
  fields.fail('missing-command', fields.keyNode, `Server "${fields.name}" needs a "command" (a stdio server) or a "url" (an http or sse server).`);
  return undefined;
}

function sourceOf(reader: Reader, keyNode: Node): ConfigSource {
  const { options } = reader;
  const source: ConfigSource = { kind: options.sourceKind ?? 'workspace-file' };
  if (options.file !== undefined) source.file = options.file;
  const keyRange = rangeOfNode(reader, keyNode);
  if (keyRange) source.range = keyRange;
  if (options.workspaceFolder !== undefined) source.workspaceFolder = options.workspaceFolder;
  if (options.clientName !== undefined) source.clientName = options.clientName;
  return source;
}

/** command, args, env (merged over its envFile's values), cwd; relative paths from the workspace folder (else the file's). */
function readStdioFields(reader: Reader, fields: ServerFields, node: Node, server: ServerConfig): void {
  const { options } = reader;
  const { name, keyNode, fail } = fields;
  const field = (key: string) => fieldOf(node, key);
  const baseDir = options.workspaceFolder ?? (options.file !== undefined ? dirname(options.file) : undefined);
  const absolute = (path: string) => (baseDir !== undefined && path && !path.includes('${') && !isAbsolute(path) ? resolvePath(baseDir, path) : path);
  const commandNode = field('command');
  const command = fields.string('command', commandNode);
  if (!commandNode) fail('missing-command', keyNode, `Server "${name}" is a stdio server and needs a "command".`);
  else if (command !== undefined && !command.trim()) fail('missing-command', commandNode, `The "command" of server "${name}" is empty.`);
  if (command !== undefined) server.command = command;

  const argsNode = field('args');
  if (argsNode) {
    if (argsNode.type !== 'array') fail('invalid-field', argsNode, `"args" must be an array of strings, not ${describeType(argsNode)}.`);
    else {
      const args: string[] = [];
      for (const item of argsNode.children ?? []) {
        if (item.type === 'string') args.push(fields.resolveAt(item));
        else fail('invalid-field', item, `Each of "args" must be a string, not ${describeType(item)}${item.type === 'number' ? ' (quote it)' : ''}.`);
      }
      server.args = args;
    }
  }
  let env = fields.stringMap('env', field('env'));
  const envFileNode = field('envFile');
  const envFile = fields.string('envFile', envFileNode);
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
  const cwd = fields.string('cwd', field('cwd'));
  if (cwd !== undefined) server.cwd = absolute(cwd);
}

/** url (checked: http or https), headers, oauth. */
function readRemoteFields(fields: ServerFields, node: Node, urlNode: Node | undefined, server: ServerConfig): void {
  const { name, keyNode, fail } = fields;
  const url = fields.string('url', urlNode);
  if (!urlNode) fail('missing-url', keyNode, `Server "${name}" is an ${server.type} server and needs a "url".`);
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
    else if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      fail('invalid-url', urlNode, `"${parsed.protocol}" URLs are not supported; use an http:// or https:// URL.`);
  }
  if (url !== undefined) server.url = url;
  const headers = fields.stringMap('headers', fieldOf(node, 'headers'));
  if (headers) server.headers = headers;
  const oauth = fields.oauth(fieldOf(node, 'oauth'));
  if (oauth) server.oauth = oauth;
}

function readEnvFile(reader: Reader, path: string, at: Node, fail: Fail): Record<string, string> | undefined {
  let text: string;
  try {
    text = (reader.options.readFile ?? ((file: string) => readFileSync(file, 'utf8')))(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    fail(
      'unreadable-file',
      at,
      code === 'ENOENT' || code === 'ENOTDIR' ? `The envFile "${path}" does not exist.` : `Cannot read the envFile "${path}"${code ? ` (${code})` : ''}.`,
    );
    return undefined;
  }
  if (typeof text !== 'string') return undefined;
  const parsed = parseEnvFile(text);
  for (const problem of parsed.problems) {
    reader.errors.push({ code: 'invalid-field', severity: 'warning', file: path, range: problem.range, message: `${problem.message} (line ignored)` });
  }
  return parsed.values;
}
