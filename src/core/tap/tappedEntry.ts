// The `<name> (tapped)` server entry a tap adds to mcp.json so the user's own client (VS Code's
// built-in MCP support, or any client reading the file) goes through the tap. Built from the
// original entry's raw JSON, so `${input:…}`, `${env:…}` and `${workspaceFolder}` stay
// references and no resolved secret is ever written to the file.

import { findNodeAtLocation, getNodeValue, parseTree, type ParseError } from 'jsonc-parser';

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
