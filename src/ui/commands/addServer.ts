// "Add Server…": the quick-input flow of ../servers/addServer.ts, required on first use.

import type { Command } from './command';
import { Commands } from './ids';

export const addServer: Command = {
  id: Commands.addServer,
  async run() {
    const { addServerFlow } = require('../servers/addServer') as typeof import('../servers/addServer');
    await addServerFlow();
  },
};
