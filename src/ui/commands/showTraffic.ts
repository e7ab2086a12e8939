// "Show Traffic": the server's timeline, scrolled to one exchange when a sequence number is given.

import type { Command } from './command';
import { Commands } from './ids';

export const showTraffic: Command = {
  id: Commands.showTraffic,
  async run(context, argument, seq) {
    const connection = await context.picker.pick(argument, 'Show the traffic of which server?');
    if (!connection) return;
    context.timelines.show(connection, typeof seq === 'number' ? seq : undefined);
  },
};
