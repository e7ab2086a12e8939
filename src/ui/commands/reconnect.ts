// "Reconnect": a fresh connection (and handshake) to a server.

import type { Command } from './command';
import { connectServer } from './connectFlow';
import { Commands } from './ids';

export const reconnect: Command = {
  id: Commands.reconnect,
  async run(context, argument) {
    const connection = await context.picker.pick(argument, 'Reconnect which server?');
    if (connection) await connectServer(context, connection, true);
  },
};
