// "Sign Out": forgets a server's tokens and client registration.

import * as vscode from 'vscode';
import type { Command } from './command';
import { Commands } from './ids';

export const signOut: Command = {
  id: Commands.signOut,
  async run(context, argument) {
    const connection = await context.picker.pick(argument, 'Forget the sign-in of which server?', (c) => c.model.auth !== undefined);
    if (!connection) return;
    await connection.signOut();
    context.log.info(`forgot the sign-in of ${connection.name}`);
    vscode.window.setStatusBarMessage(`$(lock) Signed out of "${connection.name}"`, 3000);
  },
};
