// The engine (ConnectionSet, and with it the MCP SDK) in VS Code: required the first time something
// asks for it, never at activation. Its server-set and model changes are fanned out to the UI
// through the events below; each state change of a server is logged once.

import * as vscode from 'vscode';
import type { AuthStorage } from '../../core/auth/storage';
import type { InspectedConnection } from '../../core/connection/types';
import type { ConnectionSet } from '../../core/connections';
import { Emitter, type Event } from '../../core/util/emitter';
import { Disposable, toDisposable } from '../common/lifecycle';
import type { Logger } from '../common/log';
import { engineOptions, readSettings, SETTINGS_SECTION } from '../common/settings';

/** What the UI reads of the engine without creating it. */
export interface EngineView {
  connections(): InspectedConnection[];
  connection(name: string): InspectedConnection | undefined;
  /** The engine was created: `connections()` may now be non-empty. */
  readonly onDidCreate: Event<ConnectionSet>;
  /** Servers were added, removed or replaced. */
  readonly onDidChangeServers: Event<ConnectionSet>;
  /** One server's model changed (hundreds of times a second for a chatty server). */
  readonly onDidChangeModel: Event<InspectedConnection>;
}

export class EngineHost extends Disposable implements EngineView {
  private engine?: ConnectionSet;
  /** The last logged handshake/session/health state per server. */
  private readonly loggedState = new Map<string, string>();
  // Core emitters: a listener that throws is reported to the log (Emitter.onListenerError) and never stops the others.
  private readonly created = this._register(new Emitter<ConnectionSet>('engine host (created)'));
  private readonly serversChanged = this._register(new Emitter<ConnectionSet>('engine host (servers)'));
  private readonly modelChanged = this._register(new Emitter<InspectedConnection>('engine host (models)'));

  readonly onDidCreate = this.created.event;
  readonly onDidChangeServers = this.serversChanged.event;
  readonly onDidChangeModel = this.modelChanged.event;

  constructor(
    private readonly version: string,
    /** Tokens and client registrations of OAuth-protected servers, per server URL. */
    private readonly authStorage: AuthStorage,
    private readonly log: Logger,
  ) {
    super();
    this._register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(SETTINGS_SECTION)) this.engine?.setOptions(this.options());
      }),
    );
  }

  /** The engine if something has asked for it already (activation must not create it). */
  get current(): ConnectionSet | undefined {
    return this.engine;
  }

  connections(): InspectedConnection[] {
    return this.engine?.all() ?? [];
  }

  connection(name: string): InspectedConnection | undefined {
    return this.engine?.get(name);
  }

  /** The engine, created (and the SDK loaded) on first use. */
  get(): ConnectionSet {
    if (this.engine) return this.engine;
    const { ConnectionSet } = require('../../core/connections') as typeof import('../../core/connections');
    const engine = new ConnectionSet(this.options());
    this.engine = engine;
    engine.onDidChangeServers(() => this.serversChanged.fire(engine));
    engine.onDidChangeModel((connection) => {
      this.modelChanged.fire(connection);
      this.logState(connection);
    });
    this._register(toDisposable(() => void engine.dispose()));
    this.created.fire(engine);
    return engine;
  }

  private options() {
    return { ...engineOptions(readSettings(), this.version), authStorage: this.authStorage };
  }

  /** Logs a server's handshake, session and health when one of them changed since the last line. */
  private logState(connection: InspectedConnection): void {
    const model = connection.model;
    const state = `${model.handshake.state}|${model.session.id ?? ''}|${model.health.state}`;
    if (this.loggedState.get(connection.name) === state) return;
    this.loggedState.set(connection.name, state);
    this.log.info(
      `${connection.name}: ${model.handshake.state}${model.handshake.reason ? ` (${model.handshake.reason})` : ''}, session ${model.session.id ?? 'none'}, health ${model.health.state}`,
    );
  }
}
