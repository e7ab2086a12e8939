// "Connect": connects a server that is not connected.

import type { Command } from './command';
import { connectServer } from './connectFlow';
import { Commands } from './ids';

export const connect: Command = {
  id: Commands.connect,
  async run(context, argument) {
    const connection = await context.picker.pick(argument, 'Connect to which server?', (c) => c.model.handshake.state !== 'ready');
    if (connection) await connectServer(context, connection, false);
  },
};
