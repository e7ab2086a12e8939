// Other MCP clients' configuration files (Claude Desktop, Cursor), read in their `mcpServers`
// format when the user opts in (`mcpSessions.importOtherClients`). Transport is inferred
// (`command` → stdio, `url` → http) when `type` is absent, as those clients do.

import { readFileSync } from 'node:fs';
import { posix, win32 } from 'node:path';
import { parseMcpJson, type ParseOptions } from './mcpJson';
import type { ConfigResult } from './types';

export interface OtherClientFile {
  clientName: string;
  file: string;
  /** The workspace folder a project-level file belongs to (for `${workspaceFolder}`). */
  workspaceFolder?: string;
}

export interface OtherClientPathOptions {
  home: string;
  platform: NodeJS.Platform;
  /** %APPDATA% on Windows; defaults to `<home>\AppData\Roaming`. */
  appData?: string;
  /** $XDG_CONFIG_HOME on Linux (Electron apps keep their data there); defaults to `<home>/.config`. */
  xdgConfigHome?: string;
  /** Workspace folders, for project-level `.cursor/mcp.json` files. */
  folders?: readonly string[];
}

/** Where Claude Desktop and Cursor keep their server lists, for this platform and these folders. */
export function otherClientConfigPaths(options: OtherClientPathOptions): OtherClientFile[] {
  const { home, platform } = options;
  // Join with the target platform's rules, so paths for another platform can be computed (tests).
  const joinFor = platform === 'win32' ? win32.join : posix.join;
  const claudeDir =
    platform === 'darwin'
      ? joinFor(home, 'Library', 'Application Support', 'Claude')
      : platform === 'win32'
        ? joinFor(options.appData ?? joinFor(home, 'AppData', 'Roaming'), 'Claude')
        : joinFor(options.xdgConfigHome || joinFor(home, '.config'), 'Claude');
  return [
    { clientName: 'Claude Desktop', file: joinFor(claudeDir, 'claude_desktop_config.json') },
    { clientName: 'Cursor', file: joinFor(home, '.cursor', 'mcp.json') },
    ...(options.folders ?? []).map((folder) => ({ clientName: 'Cursor', file: joinFor(folder, '.cursor', 'mcp.json'), workspaceFolder: folder })),
  ];
}

export interface OtherClientParseOptions extends Omit<ParseOptions, 'rootKey' | 'sourceKind' | 'clientName'> {
  clientName: string;
}

/** Parses an `mcpServers` file of another client; servers keep their own names. */
export function parseOtherClientConfig(text: string, options: OtherClientParseOptions): ConfigResult {
  return parseMcpJson(text, {
    // Claude Desktop passes strings through untouched; Cursor substitutes ${env:…}, ${userHome}, ${workspaceFolder}.
    variables: options.clientName !== 'Claude Desktop',
    ...options,
    rootKey: 'mcpServers',
    sourceKind: 'other-client',
  });
}

/**
 * Reads the files that exist (a missing file is skipped silently, an unreadable one is an
 * `unreadable-file` error); server names get the client's name appended to stay distinct.
 */
export function loadOtherClientConfigs(
  files: readonly OtherClientFile[],
  env: Record<string, string | undefined>,
  options: Omit<OtherClientParseOptions, 'clientName' | 'file' | 'env'> = {},
): ConfigResult[] {
  const results: ConfigResult[] = [];
  for (const { clientName, file, workspaceFolder } of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      results.push({
        servers: [],
        inputs: [],
        errors: [
          { code: 'unreadable-file', severity: 'warning', file, message: `Cannot read ${clientName}'s configuration ${file}${code ? ` (${code})` : ''}.` },
        ],
      });
      continue;
    }
    const result = parseOtherClientConfig(text, { ...options, file, clientName, env, ...(workspaceFolder !== undefined ? { workspaceFolder } : {}) });
    const rename = (name: string) => `${name} (${clientName})`;
    for (const server of result.servers) server.name = rename(server.name);
    for (const error of result.errors) if (error.server !== undefined) error.server = rename(error.server);
    results.push(result);
  }
  return results;
}
