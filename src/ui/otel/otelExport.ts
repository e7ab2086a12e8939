// OpenTelemetry export from VS Code (`mcpSessions.otlp.endpoint`, machine scope, off by default):
// every connection and every tap is observed while the setting holds an endpoint. The exporter is
// required the first time something is exported, never at activation.

import * as vscode from 'vscode';
import type { InspectedConnection } from '../../core/connection/types';
import type { OtelExport } from '../../core/otel/export';
import { OtelSettingsError, otelSettings, type OtelSettings } from '../../core/otel/settings';
import { connectionSource, tapHubSource } from '../../core/otel/sources';
import type { TapHub } from '../../core/tap/tapHub';
import type { Disposable as Observation } from '../../core/util/emitter';
import type { EngineView } from '../servers/engineHost';
import { Disposable, toDisposable } from '../common/lifecycle';
import type { Logger } from '../common/log';
import { SETTINGS_SECTION } from '../common/settings';
import type { TapManager } from '../tap/tapManager';

/** The setting's value, checked; undefined when export is off. */
function readOtelSettings(log: Logger): OtelSettings | undefined {
  const endpoint = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string>('otlp.endpoint')?.trim();
  if (!endpoint) return undefined;
  try {
    // The extension host's environment is not the user's shell: only the setting turns export on.
    return otelSettings({ otlp: endpoint }, {});
  } catch (error) {
    if (error instanceof OtelSettingsError) log.warn(`mcpSessions.otlp.endpoint: ${error.message.replace('--otlp', 'the setting')}`);
    return undefined;
  }
}

export class ExtensionOtelExport extends Disposable {
  private settings: OtelSettings | undefined;
  private exporter?: Promise<OtelExport | undefined>;
  private readonly observedConnections = new Map<object, Promise<Observation | undefined>>();
  private readonly observedTaps = new Map<object, Promise<Observation | undefined>>();

  constructor(
    private readonly log: Logger,
    private readonly version: string,
    engine: EngineView,
    taps: TapManager,
  ) {
    super();
    this.settings = readOtelSettings(log);
    const hubs = () => taps.taps().map((tap) => tap.hub);
    this._register(toDisposable(() => void this.stop()));
    this._register(engine.onDidCreate((created) => this.syncConnections(created.all())));
    this._register(engine.onDidChangeServers((changed) => this.syncConnections(changed.all())));
    this._register(taps.onDidChange(() => this.syncTaps(hubs())));
    this._register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${SETTINGS_SECTION}.otlp`)) void this.reconfigure(engine.connections(), hubs());
      }),
    );
  }

  /** Observes the connections not yet observed; stops observing those that are gone. */
  syncConnections(connections: readonly InspectedConnection[]): void {
    this.sync(this.observedConnections, connections, connectionSource);
  }

  /** Observes a tap's hub (or forgets a stopped one). */
  syncTaps(hubs: readonly TapHub[]): void {
    this.sync(this.observedTaps, hubs, tapHubSource);
  }

  private sync<T extends object>(
    observed: Map<object, Promise<Observation | undefined>>,
    current: readonly T[],
    source: (item: T) => ReturnType<typeof connectionSource>,
  ): void {
    if (!this.settings) return;
    const wanted = new Set<object>(current);
    for (const [key, observation] of observed) {
      if (!wanted.has(key)) {
        observed.delete(key);
        void observation.then((disposable) => disposable?.dispose());
      }
    }
    for (const item of current) {
      if (observed.has(item)) continue;
      observed.set(
        item,
        this.start().then((exporter) => exporter?.observe(source(item))),
      );
    }
  }

  private start(): Promise<OtelExport | undefined> {
    const settings = this.settings;
    if (!settings) return Promise.resolve(undefined);
    this.exporter ??= (async () => {
      try {
        const { OtelExport: Export } = require('../../core/otel/export') as typeof import('../../core/otel/export');
        const exporter = await Export.start({ ...settings, serviceVersion: this.version });
        this.log.info(`exporting OpenTelemetry to ${new URL(settings.endpoint ?? '').host}`);
        return exporter;
      } catch (error) {
        this.log.error(`OpenTelemetry export could not start: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      }
    })();
    return this.exporter;
  }

  /** The setting changed: stop, and start again with the new endpoint when there is one. */
  async reconfigure(connections: readonly InspectedConnection[], hubs: readonly TapHub[]): Promise<void> {
    await this.stop();
    this.settings = readOtelSettings(this.log);
    this.syncConnections(connections);
    this.syncTaps(hubs);
  }

  private async stop(): Promise<void> {
    const observations = [...this.observedConnections.values(), ...this.observedTaps.values()];
    this.observedConnections.clear();
    this.observedTaps.clear();
    for (const disposable of await Promise.all(observations)) disposable?.dispose();
    const exporter = await this.exporter;
    this.exporter = undefined;
    await exporter?.shutdown();
  }
}
