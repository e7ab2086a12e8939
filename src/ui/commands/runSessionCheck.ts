// "Run Session Check": probes an HTTP server and shows the report (see ../check).

import type { Command } from './command';
import { Commands } from './ids';

export const runSessionCheck: Command = {
  id: Commands.runSessionCheck,
  async run(context, argument) {
    const connection = await context.picker.pick(argument, 'Check which server?', (c) => c.config.type !== 'stdio');
    if (connection) await context.checks.run(connection);
  },
};
