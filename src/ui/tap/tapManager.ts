// Taps in VS Code: "Tap Server…" starts an HTTP tap inside the extension host, or prepares a stdio
// tap (the CLI runs in front of the server's command), and offers a `<name> (tapped)` entry in
// mcp.json so VS Code's own MCP client goes through it. Tapped clients are shown under their
// server and their findings go to the Problems panel. Stopping a tap removes the entry it added
// and the trace it kept. After a reload, taps whose entries are still in mcp.json are re-attached.

import * as vscode from 'vscode';
import { basename, isAbsolute, join } from 'node:path';
import { removeServerEdits } from '../../core/config';
import type { ServerConfig } from '../../core/config/types';
import type { ConnectionModel } from '../../core/model';
import type { HttpTap } from '../../core/tap/httpTap';
import type { TapHub, TappedClient } from '../../core/tap/tapHub';
import type { TraceFileFollower } from '../../core/tap/traceFollower';
import {
  originalNameOf,
  rawServerEntry,
  tappedEntryEdits,
  tappedHttpEntry,
  tappedNameOf,
  tappedStdioEntry,
  traceFileOfEntry,
} from '../../core/config/tappedEntries';
import { KnownSecrets } from '../../core/trace/knownSecrets';
import { redactUrl } from '../../core/trace/redact';
import { Emitter } from '../../core/util/emitter';
import { Disposable, toDisposable } from '../common/lifecycle';
import type { Logger } from '../common/log';
import { readSettings, traceBufferBytes } from '../common/settings';
import type { TimelineSource } from '../traffic/timelinePanel';
import { editMcpJson, readText } from './mcpJsonFile';

/** The timeline of a tap is named after its server, so it never collides with the server's own. */
export function tapTimelineName(server: string): string {
  return `${server} (tapped clients)`;
}

/** One running tap of a configured server. */
export interface ActiveTap {
  /** The tapped server's name (as configured). */
  server: string;
  kind: 'http' | 'stdio';
  hub: TapHub;
  /** HTTP: the URL clients use instead of the server's (credentials in its query redacted: for display). */
  url?: string;
  /** HTTP: the tap's origin, e.g. http://127.0.0.1:43123. */
  origin?: string;
  /** stdio: the trace the CLI tap writes and the extension follows. */
  traceFile?: string;
  /** The mcp.json holding the `(tapped)` entry, once added. */
  entryFile?: vscode.Uri;
}

interface TapResources {
  tap: ActiveTap;
  http?: HttpTap;
  follower?: TraceFileFollower;
  subscription: { dispose(): void };
}

export interface StartOptions {
  /** Add the `(tapped)` entry without asking (tests, and the notification's button). */
  addToMcpJson?: boolean;
  /** Listen on this port (re-attaching a tap whose entry names it). */
  port?: number;
  /** Follow this trace (re-attaching a stdio tap whose entry names it). */
  traceFile?: string;
}

export class TapManager extends Disposable {
  private readonly active = new Map<string, TapResources>();
  private readonly changed = new Emitter<string>('tap manager');
  private readonly starting = new Map<string, Promise<ActiveTap | undefined>>();

  /** Fired with a server name when its tap starts, stops or sees new traffic (coalesced by the hub). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Logger,
  ) {
    super();
    this._register(toDisposable(() => this.closeAll()));
  }

  taps(): ActiveTap[] {
    return [...this.active.values()].map((resources) => resources.tap);
  }

  tapFor(server: string): ActiveTap | undefined {
    return this.active.get(server)?.tap;
  }

  /** Whether a timeline name is that of a running tap (see tapTimelineName). */
  isTapTimeline(name: string): boolean {
    return this.taps().some((tap) => tapTimelineName(tap.server) === name);
  }

  /** The traffic of every client a tap of `server` carried, for the timeline. */
  timelineSource(server: string): TimelineSource | undefined {
    const tap = this.active.get(server)?.tap;
    if (!tap) return undefined;
    const hub = tap.hub;
    const model = (): ConnectionModel => ({
      server: hub.server,
      era: 'unknown',
      transport: { kind: tap.kind === 'stdio' ? 'stdio' : 'unknown', chosenBy: 'configured', ...(tap.url ? { url: tap.url } : {}) },
      handshake: { state: 'ready' },
      session: { stateful: false },
      streams: [],
      health: { state: 'unknown' },
      findings: hub.findings(),
    });
    return {
      name: tapTimelineName(server),
      trace: hub.trace,
      get model() {
        return model();
      },
      findingHistory: () => hub.history(),
      onDidChange: (listener) => hub.onDidChange(() => listener(model())),
    };
  }

  clientsOf(server: string): TappedClient[] {
    return this.active.get(server)?.tap.hub.clients() ?? [];
  }

  /** Starts a tap of `config` (idempotent: an existing tap is returned). */
  async start(config: ServerConfig, options: StartOptions = {}): Promise<ActiveTap | undefined> {
    const existing = this.active.get(config.name);
    if (existing) return existing.tap;
    const pending = this.starting.get(config.name);
    if (pending) return pending;
    const started = this.open(config, options).finally(() => this.starting.delete(config.name));
    this.starting.set(config.name, started);
    return started;
  }

  private async open(config: ServerConfig, options: StartOptions): Promise<ActiveTap | undefined> {
    const settings = readSettings();
    const traceLimits = { traceCapacity: settings.traceBufferSize, traceBytes: traceBufferBytes(settings) };
    let resources: TapResources;
    if (config.type === 'stdio') {
      const { TapHub: HubClass } = require('../../core/tap/tapHub') as typeof import('../../core/tap/tapHub');
      const { TraceFileFollower: Follower } = require('../../core/tap/traceFollower') as typeof import('../../core/tap/traceFollower');
      const traceFile = options.traceFile ?? (await this.traceFileFor(config.name));
      const hub = new HubClass({
        server: { name: config.name, transport: 'stdio', ...(config.command ? { command: config.command } : {}) },
        transport: 'stdio',
        ...traceLimits,
      });
      const follower = new Follower(traceFile, hub);
      resources = {
        tap: { server: config.name, kind: 'stdio', hub, traceFile },
        follower,
        subscription: hub.onDidChange(() => this.changed.fire(config.name)),
      };
    } else {
      if (!config.url) throw new Error(`"${config.name}" has no URL to tap.`);
      const { HttpTap: TapClass } = require('../../core/tap/httpTap') as typeof import('../../core/tap/httpTap');
      const secrets = KnownSecrets.of(config).values;
      const http = await TapClass.start({
        target: config.url,
        name: config.name,
        port: options.port ?? 0,
        secrets,
        ...traceLimits,
      });
      const url = redactUrl(http.url, secrets);
      resources = {
        tap: { server: config.name, kind: 'http', hub: http.hub, url, origin: http.origin },
        http,
        subscription: http.hub.onDidChange(() => this.changed.fire(config.name)),
      };
      this.log.info(`tap of ${config.name} listening on ${url}`);
    }
    this.active.set(config.name, resources);
    this.updateContext();
    this.changed.fire(config.name);
    if (options.addToMcpJson) await this.addEntry(config, resources.tap);
    return resources.tap;
  }

  /** Palette entries that need a running tap are hidden while there is none (package.json `when`). */
  private updateContext(): void {
    void vscode.commands.executeCommand('setContext', 'mcpSessions.hasTaps', this.active.size > 0);
  }

  /** Where a stdio tap of `server` writes its trace (extension storage, one file per server). */
  private async traceFileFor(server: string): Promise<string> {
    const folder = vscode.Uri.joinPath(this.context.globalStorageUri, 'taps');
    await vscode.workspace.fs.createDirectory(folder);
    return join(folder.fsPath, `${server.replace(/[^\w.-]+/g, '_')}.jsonl`);
  }

  /**
   * The mcp.json the `(tapped)` entry goes to: the original's file, else the first folder's. A
   * server from the workspace's settings.json (also a workspace file, for trust) is not in an
   * mcp.json: its entry goes to the folder's mcp.json, never into the settings.
   */
  private entryFileOf(config: ServerConfig): vscode.Uri | undefined {
    if (config.source.kind === 'workspace-file' && config.source.file && basename(config.source.file) === 'mcp.json')
      return vscode.Uri.file(config.source.file);
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder && vscode.Uri.joinPath(folder.uri, '.vscode', 'mcp.json');
  }

  /** The original entry as the user wrote it (variables unresolved), so no resolved secret is copied. */
  private async rawEntryOf(config: ServerConfig): Promise<Record<string, unknown>> {
    if (config.source.file) {
      // An unreadable source falls back to the setting or the loaded config (no file is written from it).
      const text = await readText(vscode.Uri.file(config.source.file)).catch(() => undefined);
      const raw = text === undefined ? undefined : rawServerEntry(text, config.name, config.source.kind === 'other-client' ? 'mcpServers' : 'servers');
      if (raw) return raw;
    }
    const fromSetting = readSettings().servers[config.name];
    if (typeof fromSetting === 'object' && fromSetting !== null) return fromSetting as Record<string, unknown>;
    return config.type === 'stdio' ? { type: 'stdio', command: config.command, args: config.args ?? [] } : { type: config.type, url: config.url };
  }

  /** Writes (or rewrites) `<name> (tapped)` into mcp.json. */
  async addEntry(config: ServerConfig, tap: ActiveTap): Promise<vscode.Uri | undefined> {
    const file = this.entryFileOf(config);
    if (!file) {
      void vscode.window.showWarningMessage('Open a folder first: the tapped entry goes into its .vscode/mcp.json.');
      return undefined;
    }
    const raw = await this.rawEntryOf(config);
    // Literal header/env values (Claude Desktop configs hold API keys) become password inputs.
    const pointAtTap = (entry: Record<string, unknown>) =>
      tap.kind === 'http'
        ? tappedHttpEntry(entry, tap.origin as string)
        : tappedStdioEntry(entry, {
            nodePath: process.execPath,
            cliPath: vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'cli.js').fsPath,
            traceFile: tap.traceFile as string,
            name: config.name,
          });
    await editMcpJson(file, (text) => tappedEntryEdits(text, config.name, raw, pointAtTap));
    tap.entryFile = file;
    this.log.info(`added "${tappedNameOf(config.name)}" to ${file.fsPath}`);
    this.changed.fire(config.name);
    return file;
  }

  /** Stops the tap of `server`, removes the entry it added and the trace it kept. */
  async stop(server: string): Promise<void> {
    const resources = this.active.get(server);
    if (!resources) return;
    this.active.delete(server);
    this.updateContext();
    resources.subscription.dispose();
    resources.follower?.dispose();
    await resources.http?.close();
    await resources.tap.hub.dispose();
    const file = resources.tap.entryFile;
    const warn = (error: unknown) => this.log.warn(`could not remove the tapped entry of ${server}: ${error instanceof Error ? error.message : String(error)}`);
    if (file && (await readText(file).catch(warn))?.includes(JSON.stringify(tappedNameOf(server)))) {
      await editMcpJson(file, (text) => removeServerEdits(text, tappedNameOf(server))).catch(warn);
    }
    if (resources.tap.traceFile) await vscode.workspace.fs.delete(vscode.Uri.file(resources.tap.traceFile)).then(undefined, () => undefined);
    this.log.info(`tap of ${server} stopped`);
    this.changed.fire(server);
  }

  /**
   * Re-attaches taps whose `(tapped)` entries are in the configuration (after a reload): an HTTP
   * tap listens again on the port its entry names; a stdio tap's trace file is followed again.
   */
  async reattach(tapped: readonly ServerConfig[], originals: readonly ServerConfig[]): Promise<void> {
    for (const entry of tapped) {
      const original = originals.find((config) => config.name === originalNameOf(entry.name));
      if (!original || this.active.has(original.name) || this.starting.has(original.name)) continue;
      try {
        if (entry.type === 'stdio') {
          const traceFile = traceFileOfEntry(entry.args);
          if (!traceFile || !isAbsolute(traceFile)) continue;
          const tap = await this.start(original, { traceFile });
          if (tap) tap.entryFile = entry.source.file ? vscode.Uri.file(entry.source.file) : undefined;
        } else if (entry.url) {
          const port = Number(new URL(entry.url).port);
          if (!port) continue;
          const tap = await this.start(original, { port });
          if (tap) tap.entryFile = entry.source.file ? vscode.Uri.file(entry.source.file) : undefined;
        }
      } catch (error) {
        this.log.warn(`could not re-attach the tap of ${original.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  /** The extension is going away: close every tap (the entries they added stay for the next session). */
  private closeAll(): void {
    for (const resources of this.active.values()) {
      resources.subscription.dispose();
      resources.follower?.dispose();
      void resources.http?.close();
    }
    this.active.clear();
    this.changed.dispose();
  }
}
