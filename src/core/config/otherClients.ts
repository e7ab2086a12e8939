// Other MCP clients' configuration files (Claude Desktop, Cursor), read in their `mcpServers`
// format when the user opts in (`mcpSessions.importOtherClients`).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMcpJson } from './mcpJson';
import type { ConfigResult } from './types';

export interface OtherClientFile {
  clientName: string;
  file: string;
}

/** Where Claude Desktop and Cursor keep their server lists, for this platform and these folders. */
export function otherClientConfigPaths(options: { home: string; platform: NodeJS.Platform; appData?: string; folders?: readonly string[] }): OtherClientFile[] {
  const { home, platform } = options;
  const claudeDir =
    platform === 'darwin' ? join(home, 'Library', 'Application Support', 'Claude') : platform === 'win32' ? join(options.appData ?? join(home, 'AppData', 'Roaming'), 'Claude') : join(home, '.config', 'Claude');
  return [
    { clientName: 'Claude Desktop', file: join(claudeDir, 'claude_desktop_config.json') },
    { clientName: 'Cursor', file: join(home, '.cursor', 'mcp.json') },
    ...(options.folders ?? []).map((folder) => ({ clientName: 'Cursor', file: join(folder, '.cursor', 'mcp.json') })),
  ];
}

/** Reads the files that exist; server names get the client's name appended to stay distinct. */
export function loadOtherClientConfigs(files: readonly OtherClientFile[], env: Record<string, string | undefined>): ConfigResult[] {
  const results: ConfigResult[] = [];
  for (const { clientName, file } of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const result = parseMcpJson(text, { file, rootKey: 'mcpServers', sourceKind: 'other-client', clientName, env });
    for (const server of result.servers) server.name = `${server.name} (${clientName})`;
    results.push(result);
  }
  return results;
}
