// Shared helpers for the UI tests: the extension's test API and polling without fixed sleeps.

import * as vscode from 'vscode';

export const EXTENSION_ID = 'mcp-session-inspector.mcp-session-inspector';

/** The subset of the extension's exported API these tests use (see src/extension.ts InspectorApi). */
export interface UiTestApi {
  servers(): Array<{ name: string; model: { handshake: { state: string }; session: { id?: string }; findings: Array<{ rule: string }> } }>;
  /** The Servers view's top-level items, as VS Code would render them. */
  serverItems(): vscode.TreeItem[];
}

export async function api(): Promise<UiTestApi> {
  const extension = vscode.extensions.getExtension<UiTestApi>(EXTENSION_ID) as vscode.Extension<UiTestApi>;
  return extension.activate();
}

export async function waitFor<T>(probe: () => T | undefined | false, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}
