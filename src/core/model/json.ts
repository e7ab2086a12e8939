// The stable JSON document of docs/architecture.md ("Contracts"): what `status --json` prints and what the
// extension copies. Field names here are a public contract: add fields, never rename them.

import type { ConnectionModel, Finding, HealthState, StreamInfo } from './types';

export interface FindingJson {
  rule: string;
  severity: Finding['severity'];
  message: string;
  sessionId?: string;
  client?: string;
  evidence: Finding['evidence'];
  fix?: string;
  clearedAt?: string;
}

export interface StatusJson {
  server: { name: string; transport: string; url?: string; command?: string };
  era: ConnectionModel['era'];
  protocolVersion: string | null;
  transport: { kind: string; chosenBy: string; reason?: string; endpoint?: string; pid?: number };
  handshake: {
    state: ConnectionModel['handshake']['state'];
    reason?: string;
    method?: string;
    serverInfo?: ConnectionModel['handshake']['serverInfo'];
    capabilities?: Record<string, unknown>;
  };
  session: {
    id: string | null;
    stateful: boolean;
    noneReason?: string;
    issuedAt?: string;
    ended?: ConnectionModel['session']['ended'];
  };
  streams: Array<{
    kind: StreamInfo['kind'];
    state: StreamInfo['state'];
    lastEventId?: string;
    events: number;
    reconnects: number;
    reason?: string;
  }>;
  health: HealthState;
  healthDetail: { rttMs?: number; reason?: string; lastCheckAt?: string };
  findings: FindingJson[];
  /** Present for OAuth-protected servers; never a token. */
  auth?: ConnectionModel['auth'];
}

/** Converts a finding to its JSON form (drops internal fields such as `key`). */
export function findingToJson(finding: Finding): FindingJson {
  return {
    rule: finding.rule,
    severity: finding.severity,
    message: finding.message,
    ...(finding.sessionId ? { sessionId: finding.sessionId } : {}),
    ...(finding.client ? { client: finding.client } : {}),
    evidence: finding.evidence,
    ...(finding.fix ? { fix: finding.fix } : {}),
    ...(finding.clearedAt ? { clearedAt: finding.clearedAt } : {}),
  };
}

/** Converts a live model to the documented JSON document. */
export function modelToJson(model: ConnectionModel): StatusJson {
  const { handshake, session, transport, health } = model;
  return {
    server: {
      name: model.server.name,
      transport: model.server.transport,
      ...(model.server.url ? { url: model.server.url } : {}),
      ...(model.server.command ? { command: model.server.command } : {}),
    },
    era: model.era,
    protocolVersion: model.protocolVersion ?? handshake.protocolVersion ?? null,
    transport: {
      kind: transport.kind,
      chosenBy: transport.chosenBy,
      ...(transport.reason ? { reason: transport.reason } : {}),
      ...(transport.endpoint ? { endpoint: transport.endpoint } : {}),
      ...(transport.pid ? { pid: transport.pid } : {}),
    },
    handshake: {
      state: handshake.state,
      ...(handshake.reason ? { reason: handshake.reason } : {}),
      ...(handshake.method ? { method: handshake.method } : {}),
      ...(handshake.serverInfo ? { serverInfo: handshake.serverInfo } : {}),
      ...(handshake.capabilities ? { capabilities: handshake.capabilities } : {}),
    },
    session: {
      id: session.id ?? null,
      stateful: session.stateful,
      ...(session.noneReason ? { noneReason: session.noneReason } : {}),
      ...(session.issuedAt ? { issuedAt: session.issuedAt } : {}),
      ...(session.ended ? { ended: session.ended } : {}),
    },
    streams: model.streams.map((stream) => ({
      kind: stream.kind,
      state: stream.state,
      ...(stream.lastEventId ? { lastEventId: stream.lastEventId } : {}),
      events: stream.events,
      reconnects: stream.reconnects,
      ...(stream.reason ? { reason: stream.reason } : {}),
    })),
    // Before the first liveness probe the handshake outcome is the best health we know.
    health: health.state !== 'unknown' ? health.state : handshake.state === 'ready' ? 'healthy' : 'down',
    healthDetail: {
      ...(health.rttMs !== undefined ? { rttMs: health.rttMs } : {}),
      ...(health.reason ? { reason: health.reason } : {}),
      ...(health.lastCheckAt ? { lastCheckAt: health.lastCheckAt } : {}),
    },
    findings: model.findings.map(findingToJson),
    ...(model.auth ? { auth: { ...model.auth } } : {}),
  };
}
