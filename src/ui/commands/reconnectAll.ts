// "Reconnect All": reconnects every server the connection policy allows without asking.

import type { Command } from './command';
import { Commands } from './ids';

export const reconnectAll: Command = {
  id: Commands.reconnectAll,
  async run(context) {
    await Promise.all(
      context.engine.connections().map(async (connection) => {
        if (await context.registry.mayConnect(connection.config, false)) await connection.reconnect();
      }),
    );
  },
};
