// "Disconnect": closes a connected server's connection.

import type { Command } from './command';
import { Commands } from './ids';

export const disconnect: Command = {
  id: Commands.disconnect,
  async run(context, argument) {
    const connection = await context.picker.pick(argument, 'Disconnect which server?', (c) => c.model.handshake.state === 'ready');
    if (connection) await connection.disconnect();
  },
};
