// "Show Tapped Traffic": the timeline of every client a tap of the server carried.

import type { Command } from './command';
import { Commands } from './ids';

export const showTapTraffic: Command = {
  id: Commands.showTapTraffic,
  async run(context, argument) {
    const name = await context.picker.pickTapped(argument, 'Show the tapped traffic of which server?');
    const source = name ? context.taps.timelineSource(name) : undefined;
    if (source) context.timelines.show(source);
  },
};
