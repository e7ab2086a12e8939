// "Stop Tap…": stops a tap, removes the `(tapped)` entry it added and the trace it kept.

import type { Command } from './command';
import { Commands } from './ids';

export const stopTap: Command = {
  id: Commands.stopTap,
  async run(context, argument) {
    const name = await context.picker.pickTapped(argument, 'Stop which tap?');
    if (name) await context.taps.stop(name);
  },
};
