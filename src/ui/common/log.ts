// The one "MCP Sessions" log channel, with a component tag on every line. Trace events are
// already redacted; configuration values (env, headers) are never logged.

import type * as vscode from 'vscode';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  trace(message: string): void;
  show(): void;
}

export function createLogger(channel: vscode.LogOutputChannel, component: string): Logger {
  return {
    info: (message) => channel.info(`[${component}] ${message}`),
    warn: (message) => channel.warn(`[${component}] ${message}`),
    error: (message) => channel.error(`[${component}] ${message}`),
    trace: (message) => channel.trace(`[${component}] ${message}`),
    show: () => channel.show(true),
  };
}
