// The `<name> (tapped)` server entry a tap adds to mcp.json so the user's own client (VS Code's
// built-in MCP support, or any client reading the file) goes through the tap. Built from the
// original entry's raw JSON, so `${input:…}`, `${env:…}` and `${workspaceFolder}` stay
// references and no resolved secret is ever written to the file.

import { findNodeAtLocation, getNodeValue, parseTree, type ParseError } from 'jsonc-parser';
import { isSecretName } from '../trace/redact';
import { Emitter, type Disposable } from '../util/emitter';
import type { ServerConfig } from './types';
import { addServerEdits, removeServerEdits, type WriteResult } from './writer';

export const TAPPED_SUFFIX = ' (tapped)';

/** True for an entry a tap added. */
export function isTappedName(name: string): boolean {
  return name.endsWith(TAPPED_SUFFIX) && name.length > TAPPED_SUFFIX.length;
}

export function tappedNameOf(name: string): string {
  return `${name}${TAPPED_SUFFIX}`;
}

export function originalNameOf(tappedName: string): string {
  return isTappedName(tappedName) ? tappedName.slice(0, -TAPPED_SUFFIX.length) : tappedName;
}

/** The server entry exactly as written in an mcp.json text (variables unresolved), or undefined. */
export function rawServerEntry(text: string, name: string, rootKey: 'servers' | 'mcpServers' = 'servers'): Record<string, unknown> | undefined {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, allowEmptyContent: true });
  const node = root && findNodeAtLocation(root, [rootKey, name]);
  // jsonc-parser builds null-prototype objects: a plain copy behaves like any other value.
  const value = node ? (JSON.parse(JSON.stringify(getNodeValue(node))) as unknown) : undefined;
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * An HTTP server's entry pointed at the tap: the URL's origin becomes the tap's, its path and query
 * stay as written (a `${input:…}` token in the query stays a reference); headers and the rest are kept.
 */
export function tappedHttpEntry(raw: Record<string, unknown>, tapOrigin: string): Record<string, unknown> {
  const written = typeof raw.url === 'string' ? raw.url : '';
  const pathAndQuery = written.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
  return { ...raw, url: `${tapOrigin}${pathAndQuery.startsWith('/') || !pathAndQuery ? pathAndQuery || '/' : `/${pathAndQuery}`}` };
}

export interface StdioTapLaunch {
  /** A Node.js executable (the extension host's own; Electron runs as Node with ELECTRON_RUN_AS_NODE). */
  nodePath: string;
  /** The extension's bundled CLI. */
  cliPath: string;
  traceFile: string;
  /** Server name written into the trace. */
  name: string;
}

/** A stdio server's entry run through `mcp-session-inspector tap --trace FILE -- CMD ARGS…`. */
export function tappedStdioEntry(raw: Record<string, unknown>, launch: StdioTapLaunch): Record<string, unknown> {
  const command = typeof raw.command === 'string' ? raw.command : '';
  const args = Array.isArray(raw.args) ? raw.args.filter((arg): arg is string => typeof arg === 'string') : [];
  const env = typeof raw.env === 'object' && raw.env !== null && !Array.isArray(raw.env) ? (raw.env as Record<string, unknown>) : {};
  const { command: _command, args: _args, env: _env, ...rest } = raw;
  return {
    ...rest,
    type: 'stdio',
    command: launch.nodePath,
    args: [launch.cliPath, 'tap', '--trace', launch.traceFile, '--name', launch.name, '--', command, ...args],
    env: { ...env, ELECTRON_RUN_AS_NODE: '1' },
  };
}

/** The trace file a tapped stdio entry writes (its `--trace` argument), if it is one. */
export function traceFileOfEntry(args: readonly string[] | undefined): string | undefined {
  if (!args) return undefined;
  const dashes = args.indexOf('--');
  const own = dashes === -1 ? args : args.slice(0, dashes);
  if (!own.includes('tap')) return undefined;
  const at = own.indexOf('--trace');
  return at !== -1 ? own[at + 1] : undefined;
}

/** A `promptString` input the `(tapped)` entry refers to instead of a literal secret. */
export interface SecretInputDefinition {
  type: 'promptString';
  id: string;
  description: string;
  password: true;
}

/** What may stay around `${…}` references in a value: an auth scheme, spaces. */
const SCHEME_ONLY = /^\s*(?:bearer|basic|token|dpop)?\s*$/i;

/** True when the value holds nothing literal but references (and an auth scheme word). */
function onlyReferences(value: string): boolean {
  const literal = value.replace(/\$\{[^}]*\}/g, '');
  return literal.length < value.length && SCHEME_ONLY.test(literal);
}

function inputIdFor(server: string, field: string, key: string): string {
  const slug = (text: string) => text.replace(/[^\w.-]+/g, '_');
  return `tapped.${slug(server)}.${field}.${slug(key)}`;
}

/**
 * The entry with every literal header, env and credential-query value replaced by an
 * `${input:…}` reference, plus the password inputs that declare them: a workspace mcp.json is
 * committed, and other clients' configs (Claude Desktop's above all) hold literal API keys.
 * VS Code asks for each input once and keeps the answer in its secret storage. Values that are
 * already references (`${input:…}`, `${env:…}`) stay as written.
 */
export function withoutLiteralSecrets(raw: Record<string, unknown>, server: string): { entry: Record<string, unknown>; inputs: SecretInputDefinition[] } {
  const inputs: SecretInputDefinition[] = [];
  const reference = (field: string, key: string, what: string): string => {
    const id = inputIdFor(server, field, key);
    if (!inputs.some((input) => input.id === id)) inputs.push({ type: 'promptString', id, description: `${what} for "${server}" (tapped)`, password: true });
    return `\${input:${id}}`;
  };
  const entry: Record<string, unknown> = { ...raw };
  for (const [field, what] of [
    ['headers', 'Header'],
    ['env', 'Environment variable'],
  ] as const) {
    const values = raw[field];
    if (typeof values !== 'object' || values === null || Array.isArray(values)) continue;
    const safe: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
      const text = typeof value === 'string' ? value : value === null || value === undefined ? '' : JSON.stringify(value);
      safe[key] = text === '' || onlyReferences(text) ? value : reference(field, key, `${what} ${key}`);
    }
    entry[field] = safe;
  }
  if (typeof raw.url === 'string') entry.url = withoutLiteralQuerySecrets(raw.url, (key) => reference('query', key, `URL parameter ${key}`));
  return { entry, inputs };
}

/** The URL with the value of each credential-like query parameter replaced by `reference(name)`. */
function withoutLiteralQuerySecrets(url: string, reference: (name: string) => string): string {
  const query = url.indexOf('?');
  if (query === -1) return url;
  const hash = url.indexOf('#', query);
  const end = hash === -1 ? url.length : hash;
  const params = url
    .slice(query + 1, end)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals === -1) return pair;
      const name = pair.slice(0, equals);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // keep the name as written
      }
      const value = pair.slice(equals + 1);
      return isSecretName(decoded) && value && !onlyReferences(value) ? `${name}=${reference(decoded)}` : pair;
    });
  return `${url.slice(0, query + 1)}${params.join('&')}${url.slice(end)}`;
}

/**
 * The edit adding (or rewriting) `<server> (tapped)` to a workspace mcp.json: `pointAtTap` turns the
 * original's raw entry, its literal secrets already replaced by password inputs, into the tapped one.
 */
export function tappedEntryEdits(
  text: string,
  server: string,
  raw: Record<string, unknown>,
  pointAtTap: (entry: Record<string, unknown>) => Record<string, unknown>,
): WriteResult {
  const { entry, inputs } = withoutLiteralSecrets(raw, server);
  return addServerEdits(text, tappedNameOf(server), pointAtTap(entry), { overwrite: true, inputs });
}

/** The edit removing `<server> (tapped)` from an mcp.json text (nothing else in it changes). */
export function removeTappedEntryEdits(text: string, server: string): WriteResult {
  return removeServerEdits(text, tappedNameOf(server));
}

/** The `(tapped)` entries of one read of the configuration, and the servers they may tap. */
export interface TappedEntriesChange {
  tapped: readonly ServerConfig[];
  originals: readonly ServerConfig[];
}

/**
 * The `(tapped)` entries the configuration holds, announced to whoever re-attaches taps (the tap
 * manager). Announced after every read, not only when they differ: a re-attach that failed (its
 * port was still taken) is tried again at the next read.
 */
export class TappedEntries implements Disposable {
  private readonly changed = new Emitter<TappedEntriesChange>('tapped entries');
  private latest: TappedEntriesChange = { tapped: [], originals: [] };

  /** Fired with the entries of each read. */
  readonly onDidChange = this.changed.event;

  get current(): TappedEntriesChange {
    return this.latest;
  }

  /** The server a `(tapped)` entry taps, among the latest originals. */
  originalOf(entry: ServerConfig): ServerConfig | undefined {
    return this.latest.originals.find((config) => config.name === originalNameOf(entry.name));
  }

  update(tapped: readonly ServerConfig[], originals: readonly ServerConfig[]): void {
    this.latest = { tapped: [...tapped], originals: [...originals] };
    this.changed.fire(this.latest);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
