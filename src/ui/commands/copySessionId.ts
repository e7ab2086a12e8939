// "Copy Session ID": of a server, of a tapped client (its tree node), or the id a quick fix names.

import * as vscode from 'vscode';
import type { CommandContext, Command } from './command';
import { Commands } from './ids';
import { nameOf } from './serverPicker';

/** The session id a tapped client of a server holds (tree nodes of tapped clients carry `client`). */
function tappedSessionId(context: CommandContext, server: string, client: string): string | undefined {
  return context.taps.clientsOf(server).find((tapped) => tapped.label === client)?.model.session.id;
}

export const copySessionId: Command = {
  id: Commands.copySessionId,
  async run(context, argument, explicitId) {
    // A tapped client's node (from the tree) carries its client label: copy that client's session.
    const client = (argument as { client?: unknown } | undefined)?.client;
    const tapped = typeof client === 'string' ? tappedSessionId(context, nameOf(argument) ?? '', client) : undefined;
    const connection = tapped ? undefined : await context.picker.pick(argument, 'Copy the session id of which server?', (c) => Boolean(c.model.session.id));
    const id = typeof explicitId === 'string' ? explicitId : (tapped ?? connection?.model.session.id);
    if (!id) {
      if (connection)
        void vscode.window.showInformationMessage(
          `"${connection.name}" has no session id (${connection.model.session.noneReason?.replace(/-/g, ' ') ?? 'not connected'}).`,
        );
      return;
    }
    await vscode.env.clipboard.writeText(id);
    vscode.window.setStatusBarMessage(`$(copy) Copied session id ${id}`, 3000);
    return id;
  },
};
