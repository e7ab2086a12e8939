// Combines the results of several sources (workspace files, other clients, the setting) into one
// list. Names are the identity users see, so a name defined twice is a conflict: the later source
// wins and a `duplicate-server` warning says which definition is ignored.

import type { ConfigError, ConfigResult, ConfigSource, InputDefinition, ServerConfig } from './types';

/** Where a definition lives, in words ("/w/.vscode/mcp.json line 4", "the mcpSessions.servers setting"). */
export function describeSource(source: ConfigSource): string {
  if (source.kind === 'setting') return 'the mcpSessions.servers setting';
  if (source.kind === 'cli') return 'the command line';
  const where = source.file ? `${source.file}${source.range ? ` line ${source.range.start.line + 1}` : ''}` : 'an unknown file';
  return source.kind === 'other-client' && source.clientName ? `${source.clientName}'s ${where}` : where;
}

/**
 * Combines sources in order. A later server with the same name replaces an earlier one (callers
 * list sources from least to most preferred); it keeps the earlier one's place in the list.
 * The warning points at the ignored definition when it lives in a file, else at the winner.
 * Inputs are combined by id (first declaration wins); errors are kept as they are.
 */
export function mergeSources(results: readonly ConfigResult[]): ConfigResult {
  const byName = new Map<string, ServerConfig>();
  const errors: ConfigError[] = [];
  const inputs = new Map<string, InputDefinition>();
  const duplicates: ConfigError[] = [];
  for (const result of results) {
    for (const server of result.servers ?? []) {
      const previous = byName.get(server.name);
      if (previous) duplicates.push(duplicateWarning(previous, server));
      byName.set(server.name, server);
    }
    errors.push(...(result.errors ?? []));
    for (const input of result.inputs ?? []) if (!inputs.has(input.id)) inputs.set(input.id, input);
  }
  return { servers: [...byName.values()], errors: [...errors, ...duplicates], inputs: [...inputs.values()] };
}

function duplicateWarning(ignored: ServerConfig, used: ServerConfig): ConfigError {
  const atIgnored = ignored.source.file !== undefined;
  const at = atIgnored ? ignored.source : used.source;
  return {
    code: 'duplicate-server',
    severity: 'warning',
    server: used.name,
    ...(at.file !== undefined ? { file: at.file } : {}),
    ...(at.range ? { range: at.range } : {}),
    message: atIgnored
      ? `Server "${used.name}" is also defined in ${describeSource(used.source)}; that definition is used and this one is ignored.`
      : `Server "${used.name}" is also defined in ${describeSource(ignored.source)}; this definition is used and that one is ignored.`,
  };
}
