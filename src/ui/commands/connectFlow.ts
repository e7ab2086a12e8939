// Connecting and signing in, shared by Connect, Reconnect and Sign In: the connection policy is
// asked first; a failure offers the way out (sign in, the log, the configuration).

import * as vscode from 'vscode';
import type { InspectedConnection } from '../../core/connection/types';
import type { CommandContext } from './command';
import { Commands } from './ids';

export async function connectServer(context: CommandContext, connection: InspectedConnection, reconnect: boolean): Promise<void> {
  if (!(await context.registry.mayConnect(connection.config, true))) return;
  context.log.info(`${reconnect ? 'reconnecting' : 'connecting'} ${connection.name}`);
  await (reconnect ? connection.reconnect() : connection.connect());
  const model = connection.model;
  if (model.handshake.state === 'failed' && model.auth?.state === 'needs-sign-in') {
    const choice = await vscode.window.showWarningMessage(`"${connection.name}" requires sign-in.`, 'Sign In');
    if (choice === 'Sign In') await signInServer(context, connection);
    return;
  }
  if (model.handshake.state === 'failed') {
    const choice = await vscode.window.showErrorMessage(
      `Could not connect to "${connection.name}": ${model.handshake.reason ?? 'unknown reason'}`,
      'Show Log',
      'Open Configuration',
    );
    if (choice === 'Show Log') context.showLog();
    if (choice === 'Open Configuration') await vscode.commands.executeCommand(Commands.openConfiguration, connection.name);
  }
}

/** The browser opens the authorization server's page; it comes back to a loopback listener. */
export async function signInServer(context: CommandContext, connection: InspectedConnection): Promise<void> {
  if (!(await context.registry.mayConnect(connection.config, true))) return;
  context.log.info(`signing in to ${connection.name}`);
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Signing in to "${connection.name}": finish in the browser…` },
      () =>
        connection.signIn(async (url) => {
          const opened = await vscode.env.openExternal(vscode.Uri.parse(url.href, true));
          if (!opened) throw new Error('the browser could not be opened');
        }),
    );
    context.log.info(`signed in to ${connection.name}`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    context.log.warn(`sign-in to ${connection.name} failed: ${reason}`);
    void vscode.window.showErrorMessage(`Sign-in to "${connection.name}" failed: ${reason}`);
  }
}
