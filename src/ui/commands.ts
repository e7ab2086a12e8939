// Every command of the extension. Each takes an optional server name (from the tree, a quick fix
// or a status-bar pick) and asks with a quick pick when invoked from the palette without one.

import * as vscode from 'vscode';
import { findServerRange } from '../core/config';
import type { InspectedConnection } from '../core/connection/types';
import { Commands, SERVERS_VIEW } from './commandIds';
import { describeServer } from './format';
import type { Logger } from './log';
import type { ServerRegistry } from './serverRegistry';
import type { ServerNode, ServerTreeProvider } from './serverTree';
import type { SessionStatusBar } from './statusBar';
import type { SessionCheckPanels } from './doctor/sessionCheckPanel';
import type { TimelinePanels } from './timeline/timelinePanel';
import { traceUri, type TraceDocumentProvider } from './traceDocument';

export interface CommandDeps {
  context: vscode.ExtensionContext;
  connections: () => readonly InspectedConnection[];
  registry: ServerRegistry;
  tree: ServerTreeProvider;
  treeView: vscode.TreeView<unknown>;
  statusBar: SessionStatusBar;
  traces: TraceDocumentProvider;
  timelines: TimelinePanels;
  sessionChecks: SessionCheckPanels;
  log: Logger;
  showLog: () => void;
  /** The session id a tapped client of a server holds (tree nodes of tapped clients carry `client`). */
  tappedSessionId?: (server: string, client: string) => string | undefined;
}

/** Accepts what the tree, code actions and the palette pass: a node, a name, or nothing. */
export function nameOf(argument: unknown): string | undefined {
  if (typeof argument === 'string') return argument;
  if (argument && typeof argument === 'object' && 'name' in argument && typeof (argument as ServerNode).name === 'string') return (argument as ServerNode).name;
  return undefined;
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { connections, registry } = deps;

  async function pick(argument: unknown, placeHolder: string, filter: (connection: InspectedConnection) => boolean = () => true): Promise<InspectedConnection | undefined> {
    const name = nameOf(argument);
    if (name) return connections().find((connection) => connection.name === name);
    const candidates = connections().filter(filter);
    if (!candidates.length) {
      const choice = await vscode.window.showInformationMessage('No MCP server fits. Servers come from .vscode/mcp.json and the mcpSessions.servers setting.', 'Add Server…');
      if (choice) await vscode.commands.executeCommand(Commands.addServer);
      return undefined;
    }
    if (candidates.length === 1) return candidates[0];
    const picked = await vscode.window.showQuickPick(
      candidates.map((connection) => {
        // Say why a server will not connect (workspace not trusted, needs approval) before it is picked.
        const blocked = connection.model.handshake.state === 'ready' ? undefined : registry.blockedReason(connection.config);
        return { label: connection.name, description: `${describeServer(connection.model)}${blocked ? ` · ${blocked}` : ''}`, connection };
      }),
      { placeHolder, matchOnDescription: true },
    );
    return picked?.connection;
  }

  async function connect(connection: InspectedConnection, reconnect: boolean): Promise<void> {
    if (!(await registry.mayConnect(connection.config, true))) return;
    deps.log.info(`${reconnect ? 'reconnecting' : 'connecting'} ${connection.name}`);
    await (reconnect ? connection.reconnect() : connection.connect());
    const model = connection.model;
    if (model.handshake.state === 'failed' && model.auth?.state === 'needs-sign-in') {
      const choice = await vscode.window.showWarningMessage(`"${connection.name}" requires sign-in.`, 'Sign In');
      if (choice === 'Sign In') await signIn(connection);
      return;
    }
    if (model.handshake.state === 'failed') {
      const choice = await vscode.window.showErrorMessage(`Could not connect to "${connection.name}": ${model.handshake.reason ?? 'unknown reason'}`, 'Show Log', 'Open Configuration');
      if (choice === 'Show Log') deps.showLog();
      if (choice === 'Open Configuration') await vscode.commands.executeCommand(Commands.openConfiguration, connection.name);
    }
  }

  /** The browser opens the authorization server's page; it comes back to a loopback listener. */
  async function signIn(connection: InspectedConnection): Promise<void> {
    if (!(await registry.mayConnect(connection.config, true))) return;
    deps.log.info(`signing in to ${connection.name}`);
    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Signing in to "${connection.name}": finish in the browser…` },
        () =>
          connection.signIn(async (url) => {
            const opened = await vscode.env.openExternal(vscode.Uri.parse(url.href, true));
            if (!opened) throw new Error('the browser could not be opened');
          }),
      );
      deps.log.info(`signed in to ${connection.name}`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      deps.log.warn(`sign-in to ${connection.name} failed: ${reason}`);
      void vscode.window.showErrorMessage(`Sign-in to "${connection.name}" failed: ${reason}`);
    }
  }

  const handlers: Record<string, (...args: unknown[]) => unknown> = {
    [Commands.signIn]: async (argument) => {
      const connection = await pick(argument, 'Sign in to which server?', (c) => c.model.auth !== undefined && c.model.auth.state !== 'signed-in');
      if (connection) await signIn(connection);
    },
    [Commands.signOut]: async (argument) => {
      const connection = await pick(argument, 'Forget the sign-in of which server?', (c) => c.model.auth !== undefined);
      if (!connection) return;
      await connection.signOut();
      deps.log.info(`forgot the sign-in of ${connection.name}`);
      vscode.window.setStatusBarMessage(`$(lock) Signed out of "${connection.name}"`, 3000);
    },
    [Commands.connect]: async (argument) => {
      const connection = await pick(argument, 'Connect to which server?', (c) => c.model.handshake.state !== 'ready');
      if (connection) await connect(connection, false);
    },
    [Commands.reconnect]: async (argument) => {
      const connection = await pick(argument, 'Reconnect which server?');
      if (connection) await connect(connection, true);
    },
    [Commands.disconnect]: async (argument) => {
      const connection = await pick(argument, 'Disconnect which server?', (c) => c.model.handshake.state === 'ready');
      if (connection) await connection.disconnect();
    },
    [Commands.reconnectAll]: async () => {
      await Promise.all(
        connections().map(async (connection) => {
          if (await registry.mayConnect(connection.config, false)) await connection.reconnect();
        }),
      );
    },
    [Commands.copySessionId]: async (argument, explicitId) => {
      // A tapped client's node (from the tree) carries its client label: copy that client's session.
      const client = (argument as { client?: unknown } | undefined)?.client;
      const tapped = typeof client === 'string' ? deps.tappedSessionId?.(nameOf(argument) ?? '', client) : undefined;
      const connection = tapped ? undefined : await pick(argument, 'Copy the session id of which server?', (c) => Boolean(c.model.session.id));
      const id = typeof explicitId === 'string' ? explicitId : tapped ?? connection?.model.session.id;
      if (!id) {
        if (connection) void vscode.window.showInformationMessage(`"${connection.name}" has no session id (${connection.model.session.noneReason?.replace(/-/g, ' ') ?? 'not connected'}).`);
        return;
      }
      await vscode.env.clipboard.writeText(id);
      vscode.window.setStatusBarMessage(`$(copy) Copied session id ${id}`, 3000);
      return id;
    },
    [Commands.showTraffic]: async (argument, seq) => {
      const connection = await pick(argument, 'Show the traffic of which server?');
      if (!connection) return;
      deps.timelines.show(connection, typeof seq === 'number' ? seq : undefined);
    },
    [Commands.openTraceDocument]: async (argument, seq) => {
      const connection = await pick(argument, 'Open the trace of which server?');
      if (!connection) return;
      deps.traces.refresh(connection.name);
      const document = await vscode.workspace.openTextDocument(traceUri(connection.name));
      const editor = await vscode.window.showTextDocument(document, { preview: true });
      const line = typeof seq === 'number' ? deps.traces.lineOf(connection.name, seq) : document.lineCount - 1;
      if (line !== undefined) {
        const range = new vscode.Range(line, 0, line, 0);
        editor.selection = new vscode.Selection(range.start, range.start);
        editor.revealRange(range, vscode.TextEditorRevealType.InCenter);
      }
    },
    [Commands.exportTrace]: async (argument) => {
      const connection = await pick(argument, 'Export the trace of which server?');
      if (!connection) return;
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const http = connection.config.type !== 'stdio';
      const target = await vscode.window.showSaveDialog({
        title: `Export the trace of "${connection.name}"`,
        saveLabel: 'Export',
        defaultUri: folder && vscode.Uri.joinPath(folder, `${connection.name}-${stamp}.jsonl`),
        filters: http ? { 'Trace (JSON Lines)': ['jsonl'], 'HAR 1.2 (HTTP traffic, for browser devtools)': ['har'] } : { 'Trace (JSON Lines)': ['jsonl'] },
      });
      if (!target) return;
      // Events are redacted before they are stored, so neither format holds header or env secrets.
      const events = connection.trace.events();
      const asHar = target.path.toLowerCase().endsWith('.har');
      let text: string;
      if (asHar) {
        const { traceToHar } = require('../core/trace/harExport') as typeof import('../core/trace/harExport');
        text = JSON.stringify(traceToHar(events, String((deps.context.extension.packageJSON as { version?: string }).version ?? '0.0.0')), null, 1);
      } else {
        text = events.map((event) => JSON.stringify(event)).join('\n') + '\n';
      }
      await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
      deps.log.info(`exported ${events.length} trace event(s) of ${connection.name} to ${target.fsPath}${asHar ? ' as HAR' : ''}`);
      const choice = await vscode.window.showInformationMessage(`Exported ${events.length} trace event(s) of "${connection.name}"${asHar ? ' as HAR' : ''}. "Analyze Trace or Log File…" reads it back.`, 'Open File', 'Analyze');
      if (choice === 'Open File') await vscode.window.showTextDocument(target);
      if (choice === 'Analyze') await vscode.commands.executeCommand(Commands.analyzeFile, target);
    },
    [Commands.runSessionCheck]: async (argument) => {
      const connection = await pick(argument, 'Check which server?', (c) => c.config.type !== 'stdio');
      if (connection) await deps.sessionChecks.run(connection);
    },
    [Commands.openConfiguration]: async (argument) => {
      const name = nameOf(argument);
      const connection = name ? connections().find((c) => c.name === name) : undefined;
      const firstFolder = vscode.workspace.workspaceFolders?.[0];
      const file = connection?.config.source.file ?? (firstFolder && vscode.Uri.joinPath(firstFolder.uri, '.vscode', 'mcp.json').fsPath);
      if (connection?.config.source.kind === 'setting' || !file) {
        await vscode.commands.executeCommand('workbench.action.openSettings', 'mcpSessions.servers');
        return;
      }
      const uri = vscode.Uri.file(file);
      try {
        await vscode.workspace.fs.stat(uri);
      } catch {
        await vscode.workspace.fs.writeFile(uri, Buffer.from('{\n  "servers": {}\n}\n'));
      }
      const document = await vscode.workspace.openTextDocument(uri);
      const editor = await vscode.window.showTextDocument(document);
      const range = connection && findServerRange(document.getText(), connection.name);
      if (range) {
        const start = new vscode.Position(range.start.line, range.start.character);
        editor.selection = new vscode.Selection(start, new vscode.Position(range.end.line, range.end.character));
        editor.revealRange(new vscode.Range(start, start), vscode.TextEditorRevealType.InCenter);
      }
    },
    [Commands.addServer]: async () => {
      const { addServerFlow } = require('./addServer') as typeof import('./addServer');
      await addServerFlow();
    },
    [Commands.focusServer]: async (argument) => {
      const connection = await pick(argument, 'Focus which server?');
      if (!connection) return;
      deps.statusBar.focus(connection.name);
      const action = nameOf(argument)
        ? undefined
        : await vscode.window.showQuickPick(
            [
              { label: '$(debug-restart) Reconnect', command: Commands.reconnect },
              { label: '$(copy) Copy Session ID', command: Commands.copySessionId },
              { label: '$(pulse) Show Traffic', command: Commands.showTraffic },
              { label: '$(list-tree) Reveal in Servers view', command: 'reveal' },
            ],
            { placeHolder: `${connection.name}: ${describeServer(connection.model)}` },
          );
      if (!action) return;
      if (action.command === 'reveal') {
        await vscode.commands.executeCommand(`${SERVERS_VIEW}.focus`);
        await deps.treeView.reveal(deps.tree.nodeFor(connection.name), { select: true, focus: true, expand: true });
      } else await vscode.commands.executeCommand(action.command, connection.name);
    },
    [Commands.showLog]: () => deps.showLog(),
    [Commands.resetApprovals]: async () => {
      await registry.resetApprovals();
      void vscode.window.showInformationMessage('MCP Sessions will ask again before starting stdio servers from workspace files.');
    },
  };
  return Object.entries(handlers).map(([id, handler]) => vscode.commands.registerCommand(id, handler));
}
