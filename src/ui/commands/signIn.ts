// "Sign In": OAuth sign-in to a server that asks for one.

import type { Command } from './command';
import { signInServer } from './connectFlow';
import { Commands } from './ids';

export const signIn: Command = {
  id: Commands.signIn,
  async run(context, argument) {
    const connection = await context.picker.pick(argument, 'Sign in to which server?', (c) => c.model.auth !== undefined && c.model.auth.state !== 'signed-in');
    if (connection) await signInServer(context, connection);
  },
};
