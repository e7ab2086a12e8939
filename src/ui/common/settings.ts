// The extension's settings, read in one typed place (mirrors package.json `contributes.configuration`).

import * as vscode from 'vscode';
import { defaultEngineOptions } from '../../core/connection/defaults';
import type { EngineOptions } from '../../core/connection/types';
import { DEFAULT_TRACE_BYTES } from '../../core/trace/eventBytes';

const MIB = 1024 * 1024;

export const SETTINGS_SECTION = 'mcpSessions';

export interface Settings {
  servers: Record<string, unknown>;
  autoConnect: 'trustedHttp' | 'always' | 'never';
  pingIntervalSeconds: number;
  requestTimeoutSeconds: number;
  traceBufferSize: number;
  /** Most memory the trace of one server keeps, MiB by estimate (`mcpSessions.traceBufferMegabytes`). */
  traceBufferMegabytes: number;
  importOtherClients: boolean;
  /** Server name → log file path to tail (`mcpSessions.serverLogs`). */
  serverLogs: Record<string, string>;
  /** Run Session Check may call a streaming tool (`mcpSessions.sessionCheck.allowMutating`, the CLI's --allow-mutating). */
  sessionCheckAllowMutating: boolean;
}

export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  return {
    servers: config.get<Record<string, unknown>>('servers') ?? {},
    autoConnect: config.get<Settings['autoConnect']>('autoConnect') ?? 'trustedHttp',
    pingIntervalSeconds: Math.max(0, config.get<number>('pingInterval') ?? 15),
    requestTimeoutSeconds: Math.max(1, config.get<number>('requestTimeout') ?? 30),
    traceBufferSize: Math.max(100, config.get<number>('traceBufferSize') ?? 10_000),
    traceBufferMegabytes: Math.max(1, config.get<number>('traceBufferMegabytes') ?? DEFAULT_TRACE_BYTES / MIB),
    importOtherClients: config.get<boolean>('importOtherClients') ?? false,
    serverLogs: Object.fromEntries(
      Object.entries(config.get<Record<string, unknown>>('serverLogs') ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    ),
    // Machine scope in package.json: only the user's own settings can turn on tool calls.
    sessionCheckAllowMutating: config.get<boolean>('sessionCheck.allowMutating') === true,
  };
}

/** The byte bound of one server's trace, from `mcpSessions.traceBufferMegabytes`. */
export function traceBufferBytes(settings: Settings): number {
  return settings.traceBufferMegabytes * MIB;
}

export function engineOptions(settings: Settings, version: string): EngineOptions {
  return {
    ...defaultEngineOptions,
    pingIntervalMs: settings.pingIntervalSeconds * 1000,
    requestTimeoutMs: settings.requestTimeoutSeconds * 1000,
    traceBufferSize: settings.traceBufferSize,
    traceBufferBytes: traceBufferBytes(settings),
    clientInfo: { name: 'mcp-session-inspector', version },
  };
}
