// The set of connections, one per configured server: applies config changes (add, remove, reconnect
// what changed) and tells listeners when the set of servers or any model changes.

import { serverKey } from './config';
import type { ServerConfig } from './config/types';
import { createConnection, defaultEngineOptions } from './connection';
import type { EngineOptions, InspectedConnection } from './connection/types';
import { Emitter, type Disposable } from './util/emitter';

export interface ApplyOptions {
  /** Decides whether a server may connect now (trust, approvals, auto-connect policy). */
  shouldConnect(config: ServerConfig): boolean;
}

export class ConnectionSet {
  private readonly connections = new Map<string, { connection: InspectedConnection; key: string; subscription: Disposable }>();
  private readonly serversChanged = new Emitter<void>('connection set (servers)');
  private readonly modelChanged = new Emitter<InspectedConnection>('connection set (models)');

  /** The set of servers changed (added, removed, replaced). */
  readonly onDidChangeServers = this.serversChanged.event;
  /** One server's model changed. */
  readonly onDidChangeModel = this.modelChanged.event;

  constructor(private options: EngineOptions = defaultEngineOptions) {}

  all(): InspectedConnection[] {
    return [...this.connections.values()].map((entry) => entry.connection);
  }

  get(name: string): InspectedConnection | undefined {
    return this.connections.get(name)?.connection;
  }

  /** Takes the new configuration: new servers appear, removed ones disconnect, changed ones reconnect. */
  async apply(configs: readonly ServerConfig[], policy: ApplyOptions): Promise<void> {
    const wanted = new Map(configs.map((config) => [config.name, config]));
    const removals: Promise<void>[] = [];
    let changed = false;
    for (const [name, entry] of this.connections) {
      const next = wanted.get(name);
      if (next && serverKey(next) === entry.key) continue;
      this.connections.delete(name);
      entry.subscription.dispose();
      removals.push(entry.connection.dispose());
      changed = true;
    }
    for (const config of configs) {
      if (this.connections.has(config.name)) continue;
      const connection = createConnection(config, this.options);
      const subscription = connection.onDidChange(() => this.modelChanged.fire(connection));
      this.connections.set(config.name, { connection, key: serverKey(config), subscription });
      changed = true;
      if (policy.shouldConnect(config)) void connection.connect();
    }
    if (changed) this.serversChanged.fire();
    await Promise.all(removals);
  }

  /** New options apply to connections created from now on (e.g. after a settings change). */
  setOptions(options: EngineOptions): void {
    this.options = options;
  }

  async dispose(): Promise<void> {
    const entries = [...this.connections.values()];
    this.connections.clear();
    for (const entry of entries) entry.subscription.dispose();
    await Promise.all(entries.map((entry) => entry.connection.dispose()));
    this.serversChanged.dispose();
    this.modelChanged.dispose();
  }
}
