// Extension entry point: wiring only (construct, register, dispose). Everything that imports
// `vscode` lives in src/ui; the engine (and with it the MCP SDK) is required lazily by EngineHost,
// the first time the server list is read.

import * as vscode from 'vscode';
import { Emitter } from './core/util/emitter';
import { CheckPanels } from './ui/check/checkPanel';
import { CommandRegistry } from './ui/commands/registry';
import { ExtensionOtelExport } from './ui/otel/otelExport';
import { FindingDiagnostics } from './ui/problems/findingDiagnostics';
import { ProblemsPublisher } from './ui/problems/problemsPublisher';
import { secretAuthStorage } from './ui/servers/authStorage';
import { EngineHost } from './ui/servers/engineHost';
import { ServerRegistry } from './ui/servers/serverRegistry';
import { ServersView } from './ui/servers/serversView';
import { createLogger } from './ui/common/log';
import { TapManager } from './ui/tap/tapManager';
import { createTestApi, type InspectorApi } from './ui/testApi';
import { TimelinePanels } from './ui/traffic/timelinePanel';
import { TraceDocumentProvider } from './ui/traffic/traceDocument';

export type { InspectorApi } from './ui/testApi';

export function activate(context: vscode.ExtensionContext): InspectorApi {
  const activationStarted = performance.now();
  const channel = vscode.window.createOutputChannel('MCP Sessions', { log: true });
  context.subscriptions.push(channel);
  const log = createLogger(channel, 'extension');
  Emitter.onListenerError = (error, component) =>
    log.error(`a listener of ${component} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  const version = String((context.extension.packageJSON as { version?: string }).version ?? '0.0.0');

  const authStorage = secretAuthStorage(context.secrets);
  context.subscriptions.push(authStorage);
  const engine = new EngineHost(version, authStorage, log);
  const taps = new TapManager(context, createLogger(channel, 'tap'));
  const registry = new ServerRegistry(context, () => engine.get(), createLogger(channel, 'config'));
  const reattachTaps = registry.tappedEntries.onDidChange(
    ({ tapped, originals }) => void taps.reattach(tapped, originals).catch((error: unknown) => log.error(`re-attaching taps failed: ${String(error)}`)),
  );
  const servers = new ServersView(engine, registry, taps);
  const traces = new TraceDocumentProvider((name) => engine.connection(name));
  const diagnostics = new FindingDiagnostics(context.extensionUri);
  const problems = new ProblemsPublisher(diagnostics, engine, taps);
  const timelines = new TimelinePanels(context.extensionUri, engine, (name) => taps.isTapTimeline(name));
  const checks = new CheckPanels(context.extensionUri, diagnostics, () => engine.connections(), createLogger(channel, 'check'));
  const otel = new ExtensionOtelExport(createLogger(channel, 'otel'), version, engine, taps);
  const commands = new CommandRegistry({
    version,
    engine,
    registry,
    servers,
    traces,
    timelines,
    checks,
    taps,
    diagnostics,
    log,
    showLog: () => channel.show(true),
  });
  // The engine goes last, after everything that listens to it.
  context.subscriptions.push(servers, traces, problems, diagnostics, timelines, checks, reattachTaps, registry, taps, otel, commands, engine);

  // Reading the configuration is cheap; connecting happens in the background after activation.
  setTimeout(() => void registry.refresh().catch((error: unknown) => log.error(`reading the configuration failed: ${String(error)}`)), 0);
  const activation = { activationMs: Math.round((performance.now() - activationStarted) * 100) / 100, sdkLoadedAtActivation: engine.current !== undefined };
  log.info(`MCP Session Inspector activated in ${activation.activationMs} ms`);
  return createTestApi({ engine, tree: servers.tree, timelines, checks, taps, activation });
}

export function deactivate(): void {}
