// Extension entry point: wiring only. Everything that imports `vscode` lives in src/ui.

import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('MCP Sessions', { log: true });
  context.subscriptions.push(log);
  const tree: vscode.TreeDataProvider<never> = { getChildren: () => [], getTreeItem: (item) => item };
  context.subscriptions.push(vscode.window.createTreeView('mcpSessions.servers', { treeDataProvider: tree }));
  // Scaffold: the UI issue replaces these with real commands.
  const declared = (context.extension.packageJSON as { contributes: { commands: Array<{ command: string }> } }).contributes.commands;
  for (const { command } of declared) {
    context.subscriptions.push(
      vscode.commands.registerCommand(command, () => (command === 'mcpSessions.showLog' ? log.show() : undefined)),
    );
  }
  log.info('MCP Session Inspector activated');
}

export function deactivate(): void {}
