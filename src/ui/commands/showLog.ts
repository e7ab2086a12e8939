// "Show Log": the MCP Sessions output channel.

import type { Command } from './command';
import { Commands } from './ids';

export const showLog: Command = {
  id: Commands.showLog,
  run: (context) => context.showLog(),
};
