// The config layer: MCP server definitions from mcp.json files, settings and other clients.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMcpJson, type ParseOptions } from './mcpJson';
import type { ConfigResult, ServerConfig } from './types';

export { findServerRange, parseMcpJson, positionAt } from './mcpJson';
export type { ParseOptions } from './mcpJson';
export { resolveVariables } from './variables';

/** Reads `<folder>/.vscode/mcp.json`; a missing file is no servers and no error. */
export function loadWorkspaceConfig(folder: string, options: Omit<ParseOptions, 'file' | 'workspaceFolder'> = {}): ConfigResult {
  const file = join(folder, '.vscode', 'mcp.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { servers: [], errors: [], inputs: [] };
    return { servers: [], inputs: [], errors: [{ code: 'unreadable-file', severity: 'error', file, message: `Cannot read ${file}: ${code ?? String(error)}.` }] };
  }
  return parseMcpJson(text, { ...options, file, workspaceFolder: folder });
}

/** Servers from the `mcpSessions.servers` setting (same schema as mcp.json's `servers`). */
export function serversFromSetting(value: unknown, options: Omit<ParseOptions, 'file'> = {}): ConfigResult {
  if (value === undefined || value === null) return { servers: [], errors: [], inputs: [] };
  return parseMcpJson(JSON.stringify({ servers: value }), { ...options, sourceKind: 'setting' });
}

/** Combines sources in order; a later server with the same name replaces an earlier one. */
export function mergeSources(results: readonly ConfigResult[]): ConfigResult {
  const byName = new Map<string, ServerConfig>();
  const merged: ConfigResult = { servers: [], errors: [], inputs: [] };
  for (const result of results) {
    for (const server of result.servers) byName.set(server.name, server);
    merged.errors.push(...result.errors);
    merged.inputs.push(...result.inputs);
  }
  merged.servers = [...byName.values()];
  return merged;
}

/** Identity of what a server connects to: changes mean reconnect; stdio approvals are keyed by it. */
export function serverKey(config: ServerConfig): string {
  return config.type === 'stdio'
    ? JSON.stringify(['stdio', config.command, config.args ?? [], config.cwd ?? '', config.env ?? {}, config.envFile ?? ''])
    : JSON.stringify([config.type, config.url, config.headers ?? {}]);
}

/** The command line a user approves before a stdio server is spawned (no env values). */
export function commandLineOf(config: ServerConfig): string {
  return [config.command ?? '', ...(config.args ?? [])].map((part) => (/\s/.test(part) ? JSON.stringify(part) : part)).join(' ');
}
export { addServerToMcpJson } from './writer';
export { loadOtherClientConfigs, otherClientConfigPaths } from './otherClients';
