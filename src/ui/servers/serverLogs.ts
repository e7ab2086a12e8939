// Tails the log files named in `mcpSessions.serverLogs` (server name → path) and feeds each new
// line into that server's trace, where the rules read lines such as "Could not find session".

import * as vscode from 'vscode';
import { resolveVariables } from '../../core/config';
import type { ConnectionSet } from '../../core/connections';
import { FileTailer } from '../../core/trace/fileTailer';
import { Disposable, toDisposable } from '../common/lifecycle';

export class ServerLogTails extends Disposable {
  private readonly tails = new Map<string, FileTailer>();

  constructor(private readonly inspector: () => ConnectionSet | undefined) {
    super();
    this._register(
      toDisposable(() => {
        for (const tail of this.tails.values()) tail.dispose();
        this.tails.clear();
      }),
    );
  }

  /** Starts, keeps or stops tails so they match the setting. */
  apply(serverLogs: Record<string, string>): void {
    const folder = vscode.workspace.workspaceFolders?.find((candidate) => candidate.uri.scheme === 'file')?.uri.fsPath;
    const wanted = new Map<string, string>();
    for (const [server, path] of Object.entries(serverLogs)) {
      wanted.set(`${server}\u0000${resolveVariables(path, { workspaceFolder: folder, env: process.env }).value}`, server);
    }
    for (const [key, tail] of this.tails) {
      if (wanted.has(key)) continue;
      tail.dispose();
      this.tails.delete(key);
    }
    for (const [key, server] of wanted) {
      if (this.tails.has(key)) continue;
      const file = key.split('\u0000')[1];
      this.tails.set(key, new FileTailer(file, (line, lineNumber) => this.inspector()?.get(server)?.recordServerLog(line, file, lineNumber)));
    }
  }
}
