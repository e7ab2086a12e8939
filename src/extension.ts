// Extension entry point: wiring only. Everything that imports `vscode` lives in src/ui; the engine
// (and with it the MCP SDK) is required lazily, the first time the server list is read.

import * as vscode from 'vscode';
import type { InspectedConnection } from './core/connection/types';
import type { ConnectionSet } from './core/connections';
import { Emitter } from './core/util/emitter';
import { Commands, SERVERS_VIEW } from './ui/commandIds';
import { analyzeTraceFile } from './ui/analyzeTraceFile';
import { registerCommands } from './ui/commands';
import { FindingDiagnostics } from './ui/findingDiagnostics';
import { createLogger } from './ui/log';
import { ServerRegistry } from './ui/serverRegistry';
import { ServerTreeProvider, type TreeNode } from './ui/serverTree';
import { engineOptions, readSettings, SETTINGS_SECTION } from './ui/settings';
import { secretAuthStorage } from './ui/authStorage';
import { ExtensionOtelExport } from './ui/otelExport';
import { SessionStatusBar } from './ui/statusBar';
import { SessionCheckPanels } from './ui/doctor/sessionCheckPanel';
import { TimelinePanels } from './ui/timeline/timelinePanel';
import { TRACE_SCHEME, TraceDocumentProvider } from './ui/traceDocument';
import { registerTapCommands } from './ui/tap/tapCommands';
import { TapManager, tapTimelineName } from './ui/tap/tapManager';

/** What the extension exports (used by the extension-host tests). */
export interface InspectorApi {
  servers(): InspectedConnection[];
  /** The Servers view's top-level items as rendered (for the UI tests). */
  serverItems(): vscode.TreeItem[];
  /** Open traffic timelines and what each webview shows (for the UI tests). */
  timelines(): ReturnType<TimelinePanels['states']>;
  /** Open session-check reports (for the UI tests). */
  sessionChecks(): ReturnType<SessionCheckPanels['states']>;
  /** How long activate() took, and whether the engine (with the MCP SDK) was loaded by then (for `npm run bench`). */
  activation: { activationMs: number; sdkLoadedAtActivation: boolean };
  /** Running taps and the clients each has seen (for the UI tests). */
  taps(): Array<{ server: string; kind: 'http' | 'stdio'; url?: string; clients: Array<{ label: string; sessionId?: string; handshake: string; findings: string[] }> }>;
  /** Refreshes the Servers view has fired so far (for the UI-under-load benchmark). */
  treeRefreshCount(): number;
}

export function activate(context: vscode.ExtensionContext): InspectorApi {
  const activationStarted = performance.now();
  const channel = vscode.window.createOutputChannel('MCP Sessions', { log: true });
  context.subscriptions.push(channel);
  const log = createLogger(channel, 'extension');
  Emitter.onListenerError = (error, component) => log.error(`a listener of ${component} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  const version = String((context.extension.packageJSON as { version?: string }).version ?? '0.0.0');

  let inspector: ConnectionSet | undefined;
  // Tokens and client registrations of OAuth-protected servers, per server URL.
  const authStorage = secretAuthStorage(context.secrets);
  const connections = (): InspectedConnection[] => inspector?.all() ?? [];
  // The registry (created below, before the tree view asks for items) says why a server is blocked.
  const taps = new TapManager(context, createLogger(channel, 'tap'));
  const tree = new ServerTreeProvider(connections, (config) => registry.blockedReason(config), taps);
  const statusBar = new SessionStatusBar(connections);
  const traces = new TraceDocumentProvider((name) => inspector?.get(name));
  const diagnostics = new FindingDiagnostics(context.extensionUri);
  const timelines = new TimelinePanels(context.extensionUri);
  const sessionChecks = new SessionCheckPanels(context.extensionUri, diagnostics, connections, createLogger(channel, 'check'));
  const otel = new ExtensionOtelExport(createLogger(channel, 'otel'), version);
  const tapHubs = () => taps.taps().map((tap) => tap.hub);
  const getInspector = (): ConnectionSet => {
    if (!inspector) {
      const { ConnectionSet: ConnectionSetClass } = require('./core/connections') as typeof import('./core/connections');
      const created = new ConnectionSetClass({ ...engineOptions(readSettings(), version), authStorage });
      inspector = created;
      otel.syncConnections(created.all());
      created.onDidChangeServers(() => {
        otel.syncConnections(created.all());
        for (const open of timelines.states()) if (!created.get(open.server) && !taps.taps().some((tap) => tapTimelineName(tap.server) === open.server)) timelines.close(open.server);
        tree.serversChanged();
        statusBar.update();
      });
      const lastState = new Map<string, string>();
      // Problems are republished at most every 100 ms (a chatty server changes its model hundreds
      // of times a second, and each publication is a round-trip to the workbench).
      const diagnosticsDue = new Set<string>();
      let diagnosticsTimer: NodeJS.Timeout | undefined;
      context.subscriptions.push({ dispose: () => clearTimeout(diagnosticsTimer) });
      created.onDidChangeModel((connection) => {
        tree.serverChanged(connection.name);
        statusBar.update();
        diagnosticsDue.add(connection.name);
        diagnosticsTimer ??= setTimeout(() => {
          diagnosticsTimer = undefined;
          const all = created.all();
          for (const name of diagnosticsDue) {
            const due = created.get(name);
            if (due) diagnostics.update(due, all);
          }
          diagnosticsDue.clear();
        }, 100);
        const model = connection.model;
        const state = `${model.handshake.state}|${model.session.id ?? ''}|${model.health.state}`;
        if (lastState.get(connection.name) !== state) {
          lastState.set(connection.name, state);
          log.info(`${connection.name}: ${model.handshake.state}${model.handshake.reason ? ` (${model.handshake.reason})` : ''}, session ${model.session.id ?? 'none'}, health ${model.health.state}`);
        }
      });
      context.subscriptions.push({ dispose: () => void created.dispose() });
    }
    return inspector;
  };
  const registry = new ServerRegistry(context, getInspector, createLogger(channel, 'config'));
  const treeView = vscode.window.createTreeView<TreeNode>(SERVERS_VIEW, { treeDataProvider: tree, showCollapseAll: true });

  context.subscriptions.push(
    tree,
    treeView,
    statusBar,
    traces,
    diagnostics,
    timelines,
    sessionChecks,
    registry,
    taps,
    registry.onDidChangePolicy(() => tree.serversChanged()),
    registry.tappedEntries.onDidChange(({ tapped, originals }) => void taps.reattach(tapped, originals).catch((error: unknown) => log.error(`re-attaching taps failed: ${String(error)}`))),
    otel,
    taps.onDidChange((server) => {
      otel.syncTaps(tapHubs());
      tree.serverChanged(server);
      const connection = inspector?.get(server);
      if (connection) diagnostics.setTapFindings(connection, taps.tapFor(server)?.hub.findings() ?? [], connections());
    }),
    ...registerTapCommands(taps, connections, timelines, log),
    vscode.workspace.registerTextDocumentContentProvider(TRACE_SCHEME, traces),
    // Any file: analysed traces and logs carry findings too (the provider answers only for its own diagnostics).
    vscode.languages.registerCodeActionsProvider([{ scheme: 'file' }, { scheme: TRACE_SCHEME }], diagnostics, {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
    treeView.onDidChangeSelection((event) => {
      const node = event.selection[0];
      if (node) statusBar.focus(node.name);
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SETTINGS_SECTION)) inspector?.setOptions({ ...engineOptions(readSettings(), version), authStorage });
      if (event.affectsConfiguration(`${SETTINGS_SECTION}.otlp`)) void otel.reconfigure(connections(), tapHubs());
    }),
    vscode.commands.registerCommand(Commands.analyzeFile, (argument?: unknown) => analyzeTraceFile(diagnostics, log, argument)),
    ...registerCommands({ context, connections, registry, tree, treeView: treeView as vscode.TreeView<unknown>, statusBar, traces, timelines, sessionChecks, log, showLog: () => channel.show(true), tappedSessionId: (server, client) => taps.clientsOf(server).find((tapped) => tapped.label === client)?.model.session.id }),
  );
  // Reading the configuration is cheap; connecting happens in the background after activation.
  setTimeout(() => void registry.refresh().catch((error: unknown) => log.error(`reading the configuration failed: ${String(error)}`)), 0);
  const activation = { activationMs: Math.round((performance.now() - activationStarted) * 100) / 100, sdkLoadedAtActivation: inspector !== undefined };
  log.info(`MCP Session Inspector activated in ${activation.activationMs} ms`);
  return { servers: connections, serverItems: () => tree.getChildren().map((node) => tree.getTreeItem(node)), timelines: () => timelines.states(), sessionChecks: () => sessionChecks.states(), activation, treeRefreshCount: () => tree.refreshCount, taps: () => tapSummaries(taps) };
}

/** What the UI tests read of the taps: plain data, no live objects. */
function tapSummaries(taps: TapManager): ReturnType<InspectorApi['taps']> {
  return taps.taps().map((tap) => ({
    server: tap.server,
    kind: tap.kind,
    ...(tap.url ? { url: tap.url } : {}),
    clients: tap.hub.clients().map((client) => ({ label: client.label, ...(client.model.session.id ? { sessionId: client.model.session.id } : {}), handshake: client.model.handshake.state, findings: client.model.findings.map((finding) => finding.rule) })),
  }));
}

export function deactivate(): void {}
