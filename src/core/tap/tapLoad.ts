// What an HTTP tap holds right now — connections both ways and the bytes in their buffers — for the
// leak and backpressure checks.

import type { Agent as HttpAgent, IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

/** What the tap holds right now: connections both ways and the bytes in their buffers. */
export interface TapLoad {
  /** Connections from clients. */
  clientConnections: number;
  /** Connections to the server carrying a request now. */
  upstreamBusy: number;
  /** Idle keep-alive connections to the server. */
  upstreamIdle: number;
  /** Bytes waiting in the tap's socket and stream buffers (both ways): backpressure keeps it small. */
  bufferedBytes: number;
}

/** Connections and buffered bytes right now (leak and backpressure checks). */
export function measureLoad(clientSockets: ReadonlySet<Socket>, relaying: ReadonlySet<IncomingMessage>, agent: HttpAgent): TapLoad {
  let bufferedBytes = 0;
  for (const socket of clientSockets) bufferedBytes += socket.writableLength + socket.readableLength;
  for (const message of relaying) bufferedBytes += message.readableLength;
  const count = (pool: NodeJS.ReadOnlyDict<Socket[]>) => {
    let sockets = 0;
    for (const list of Object.values(pool)) {
      for (const socket of list ?? []) {
        sockets++;
        bufferedBytes += socket.writableLength + socket.readableLength;
      }
    }
    return sockets;
  };
  const upstreamBusy = count(agent.sockets as NodeJS.ReadOnlyDict<Socket[]>);
  const upstreamIdle = count(agent.freeSockets as NodeJS.ReadOnlyDict<Socket[]>);
  return { clientConnections: clientSockets.size, upstreamBusy, upstreamIdle, bufferedBytes };
}
