// A tapped client's handshake, read from its messages: the inspector did not make it, so the
// `initialize` (or `server/discover`) exchange and `notifications/initialized` are all there is.

import type { MessageTraceEvent } from '../trace/events';
import type { ConnectionModel } from './types';

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

type HandshakeFields = Pick<ConnectionModel, 'era' | 'protocolVersion' | 'handshake' | 'session'>;

export class TrafficHandshake {
  /** The client's own name and version from `initialize` (e.g. "Visual Studio Code"). */
  clientInfo?: { name: string; version?: string };
  private initializeId?: string | number;
  private discoverId?: string | number;

  /** Applies one message of the client's traffic to `model`. */
  apply(event: MessageTraceEvent, model: HandshakeFields): void {
    if (event.kind === 'message-out') this.sent(event, model);
    else this.received(event, model);
  }

  private sent({ method, id, message, t }: MessageTraceEvent, model: HandshakeFields): void {
    if (method === 'initialize') {
      this.initializeId = id;
      const info = record(record(record(message)?.params)?.clientInfo);
      if (typeof info?.name === 'string') this.clientInfo = { name: info.name, ...(typeof info.version === 'string' ? { version: info.version } : {}) };
      model.era = 'session';
      model.handshake = { state: 'negotiating', method: 'initialize', startedAt: t };
    } else if (method === 'server/discover') {
      this.discoverId = id;
      if (model.handshake.state === 'idle') model.handshake = { state: 'negotiating', method: 'server/discover', startedAt: t };
    } else if (method === 'notifications/initialized' && model.handshake.method === 'initialize') {
      model.handshake = { ...model.handshake, state: 'ready', completedAt: model.handshake.completedAt ?? t };
    }
  }

  private received({ method, id, message, t }: MessageTraceEvent, model: HandshakeFields): void {
    if (method !== undefined || id === undefined) return;
    const body = record(message);
    const result = record(body?.result);
    const error = record(body?.error);
    if (id === this.initializeId && model.handshake.method === 'initialize') {
      if (error) {
        model.handshake = { ...model.handshake, state: 'failed', reason: typeof error.message === 'string' ? error.message : 'initialize failed' };
        return;
      }
      const serverInfo = record(result?.serverInfo);
      if (typeof result?.protocolVersion === 'string') model.protocolVersion = result.protocolVersion;
      model.handshake = {
        ...model.handshake,
        completedAt: t,
        ...(typeof result?.protocolVersion === 'string' ? { protocolVersion: result.protocolVersion } : {}),
        ...(serverInfo && typeof serverInfo.name === 'string' ? { serverInfo: { name: serverInfo.name, version: String(serverInfo.version ?? '') } } : {}),
        ...(record(result?.capabilities) ? { capabilities: record(result?.capabilities) } : {}),
      };
    } else if (id === this.discoverId && result && model.handshake.method === 'server/discover') {
      model.era = 'stateless';
      model.session = { stateful: false, noneReason: 'stateless-era' };
      model.handshake = { ...model.handshake, state: 'ready', completedAt: t };
    }
  }
}
