// The nodes of the Servers view: one per configured server, and detail nodes under it.

import type { Finding, StreamInfo } from '../../core/model';
import type { TappedClient } from '../../core/tap/tapHub';

export type ServerNode = { kind: 'server'; name: string };
/** Detail nodes describe the server's own connection, or (with `client`) one tapped client of it. */
export type DetailNode = { name: string; client?: string } & (
  | { kind: 'session' }
  | { kind: 'handshake' }
  | { kind: 'streams' }
  | { kind: 'stream'; stream: StreamInfo }
  | { kind: 'transport' }
  | { kind: 'auth' }
  | { kind: 'problems' }
  | { kind: 'problem'; finding: Finding }
  | { kind: 'traffic' }
  | { kind: 'info'; label: string; description?: string; tooltip?: string }
  | { kind: 'taps' }
  | { kind: 'tapClient' }
);
export type TreeNode = ServerNode | DetailNode;

/** What the tree reads of the taps (see ui/tap/tapManager.ts). */
export interface TapView {
  tapFor(server: string): { kind: 'http' | 'stdio'; url?: string; traceFile?: string } | undefined;
  clientsOf(server: string): TappedClient[];
}
