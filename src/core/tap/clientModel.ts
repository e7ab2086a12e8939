// The live model of one tapped client (a real client seen through the tap), built only from its
// traffic by the one model builder, in the same ConnectionModel shape as the inspector's own
// connections so the tree, the status bar and the JSON reuse it.

import { ModelBuilder } from '../model/builder';
import type { ServerRef, TransportKind } from '../model';

/** A builder for a client of a tap on `server`, whose transport may be known up front (stdio). */
export function clientModelBuilder(server: ServerRef, transport: TransportKind | 'unknown'): ModelBuilder {
  return new ModelBuilder('client', {
    server,
    transport: { kind: transport, chosenBy: 'configured', ...(server.url ? { url: server.url } : {}), ...(server.command ? { command: server.command } : {}) },
    session: { stateful: false, ...(transport === 'stdio' ? { noneReason: 'stdio' as const } : {}) },
  });
}
