// The SDK v2 client a connection drives, and what it knows once the handshake completed.

import { Client } from '@modelcontextprotocol/client';
import type { HandshakeOutcome } from '../model';
import type { KnownSecrets } from '../trace/knownSecrets';
import type { EngineOptions } from './types';

export function newClient(options: EngineOptions): Client {
  return new Client(options.clientInfo, {
    capabilities: {},
    versionNegotiation: { mode: 'auto', probe: { timeoutMs: Math.min(options.requestTimeoutMs, 10_000) } },
    // Listening for tool-list changes (without refetching) is what makes the v2 client open the
    // 2026-07-28 `subscriptions/listen` stream, so that stream is observed like the GET stream.
    listChanged: { tools: { autoRefresh: false, onChanged: () => undefined } },
  });
}

/** The era, version and server the client settled on; what the server says about itself is redacted (it may echo a credential). */
export function handshakeOutcome(client: Client, secrets: KnownSecrets): HandshakeOutcome {
  const era = client.getProtocolEra() === 'modern' ? 'stateless' : 'session';
  const protocolVersion = client.getNegotiatedProtocolVersion();
  const serverInfo = secrets.value(client.getServerVersion());
  const instructions = secrets.value(client.getInstructions());
  return {
    era,
    protocolVersion,
    method: era === 'stateless' ? 'server/discover' : 'initialize',
    ...(serverInfo ? { serverInfo: { name: serverInfo.name, version: serverInfo.version, ...(serverInfo.title ? { title: serverInfo.title } : {}) } } : {}),
    capabilities: secrets.value((client.getServerCapabilities() ?? {}) as Record<string, unknown>),
    ...(instructions ? { instructions } : {}),
  };
}
