// The config layer: MCP server definitions from mcp.json files, the mcpSessions.servers setting
// and other clients' files, with variables resolved and every problem a ranged ConfigError.
// Nothing here throws on bad input, and nothing here logs (env and header values are secrets).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMcpJson, parseServersValue, type ParseOptions } from './mcpJson';
import type { ConfigResult } from './types';

export { parseEnvFile } from './envFile';
export type { EnvFileProblem, EnvFileResult } from './envFile';
export { commandLineOf, describeServerConfig, REDACTED, redactServerConfig, redactUrl, serverKey } from './identity';
export { findServerRange, parseMcpJson, positionAt } from './mcpJson';
export type { ParseOptions } from './mcpJson';
export { describeSource, mergeSources } from './merge';
export { loadOtherClientConfigs, otherClientConfigPaths, parseOtherClientConfig } from './otherClients';
export type { OtherClientFile, OtherClientParseOptions, OtherClientPathOptions } from './otherClients';
export { LineIndex } from './text';
export { resolveVariables } from './variables';
export { SettledConfigFiles } from './settledFile';
export type { SettledRead } from './settledFile';
export type { InputValues, Resolved, VariableContext, VariableOccurrence } from './variables';
export { addServerEdits, addServerToMcpJson, detectFormatting, editBetween, hasServer, removeServerEdits } from './writer';
export type { InputEntry, WriteOptions, WriteResult } from './writer';

/** Path of a folder's VS Code MCP configuration. */
export function workspaceConfigPath(folder: string): string {
  return join(folder, '.vscode', 'mcp.json');
}

/** What one read of a folder's mcp.json found. */
export interface WorkspaceConfigRead {
  result: ConfigResult;
  /** The file exists and holds only whitespace (as it does for a moment while it is saved). */
  empty: boolean;
  missing: boolean;
}

/**
 * Reads `<folder>/.vscode/mcp.json`. A missing file is no servers and no error; a file that
 * exists but cannot be read is an `unreadable-file` error.
 */
export function readWorkspaceConfig(folder: string, options: Omit<ParseOptions, 'file' | 'workspaceFolder'> = {}): WorkspaceConfigRead {
  const file = workspaceConfigPath(folder);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { result: { servers: [], errors: [], inputs: [] }, empty: false, missing: true };
    const result: ConfigResult = { servers: [], inputs: [], errors: [{ code: 'unreadable-file', severity: 'error', file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: `Cannot read ${file}${code ? ` (${code})` : ''}.` }] };
    return { result, empty: false, missing: false };
  }
  // A UTF-8 byte order mark is not JSON; VS Code drops it from the document, so positions exclude it.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { result: parseMcpJson(text, { ...options, file, workspaceFolder: folder }), empty: text.trim() === '', missing: false };
}

/** The servers of `<folder>/.vscode/mcp.json` (see readWorkspaceConfig). */
export function loadWorkspaceConfig(folder: string, options: Omit<ParseOptions, 'file' | 'workspaceFolder'> = {}): ConfigResult {
  return readWorkspaceConfig(folder, options).result;
}

/** Servers from the `mcpSessions.servers` setting (same schema as mcp.json's `servers`; errors have no range). */
export function serversFromSetting(value: unknown, options: Omit<ParseOptions, 'file' | 'rootKey'> = {}): ConfigResult {
  return parseServersValue(value, { ...options, sourceKind: 'setting' });
}
