// What the exporter observes, from the objects that already exist: the inspector's own connection
// and a tap hub. Types only: importing this loads nothing of OpenTelemetry.

import type { InspectedConnection } from '../connection/types';
import type { TapHub } from '../tap/tapHub';
import type { ObservedSource } from './export';

export function connectionSource(connection: InspectedConnection): ObservedSource {
  return {
    server: connection.model.server,
    onDidAppend: connection.trace.onDidAppend,
    onDidChangeFindings: connection.onDidChange,
    findings: () => connection.model.findings,
  };
}

export function tapHubSource(hub: TapHub): ObservedSource {
  return { server: hub.server, onDidAppend: hub.trace.onDidAppend, onDidChangeFindings: hub.onDidChange, findings: () => hub.findings() };
}
