// "Reset Server Approvals": stdio servers from workspace files are asked about again.

import * as vscode from 'vscode';
import type { Command } from './command';
import { Commands } from './ids';

export const resetApprovals: Command = {
  id: Commands.resetApprovals,
  async run(context) {
    await context.registry.resetApprovals();
    void vscode.window.showInformationMessage('MCP Sessions will ask again before starting stdio servers from workspace files.');
  },
};
