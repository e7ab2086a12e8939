// Every command of the extension, registered in one place (ids in ids.ts match package.json).

import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import { addServer } from './addServer';
import { analyzeFile } from './analyzeFile';
import type { Command, CommandContext, CommandServices } from './command';
import { connect } from './connect';
import { copySessionId } from './copySessionId';
import { disconnect } from './disconnect';
import { exportTrace } from './exportTrace';
import { focusServer } from './focusServer';
import { openConfiguration } from './openConfiguration';
import { openTraceDocument } from './openTraceDocument';
import { reconnect } from './reconnect';
import { reconnectAll } from './reconnectAll';
import { resetApprovals } from './resetApprovals';
import { runSessionCheck } from './runSessionCheck';
import { ServerPicker } from './serverPicker';
import { showLog } from './showLog';
import { showTapTraffic } from './showTapTraffic';
import { showTraffic } from './showTraffic';
import { signIn } from './signIn';
import { signOut } from './signOut';
import { stopTap } from './stopTap';
import { tapServer } from './tapServer';

export const ALL_COMMANDS: readonly Command[] = [
  signIn,
  signOut,
  connect,
  reconnect,
  disconnect,
  reconnectAll,
  copySessionId,
  showTraffic,
  openTraceDocument,
  exportTrace,
  runSessionCheck,
  openConfiguration,
  addServer,
  focusServer,
  showLog,
  resetApprovals,
  analyzeFile,
  tapServer,
  stopTap,
  showTapTraffic,
];

export class CommandRegistry extends Disposable {
  constructor(services: CommandServices) {
    super();
    const context: CommandContext = { ...services, picker: new ServerPicker(services.engine, services.registry, services.taps) };
    for (const command of ALL_COMMANDS) this._register(vscode.commands.registerCommand(command.id, (...args: unknown[]) => command.run(context, ...args)));
  }
}
