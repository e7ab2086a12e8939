// Every command the user can see is registered, and the ids live in one module that matches package.json.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../../../src/ui/commands/ids';
import { api, EXTENSION_ID } from './helpers';

interface Contributes {
  commands: Array<{ command: string; title: string; category?: string; icon?: string }>;
  menus: Record<string, Array<{ command: string }>>;
}

describe('ui: commands', () => {
  it('registers every declared command, each with the MCP Sessions category', async () => {
    await api();
    const contributes = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: Contributes }).contributes;
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(
      contributes.commands.filter((c) => !registered.has(c.command)).map((c) => c.command),
      [],
      'declared but not registered',
    );
    assert.deepEqual(
      contributes.commands.filter((c) => c.category !== 'MCP Sessions').map((c) => c.command),
      [],
      'missing category',
    );
  });

  it('declares exactly the ids of the constants module', () => {
    const contributes = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: Contributes }).contributes;
    assert.deepEqual(contributes.commands.map((c) => c.command).sort(), Object.values(Commands).sort());
  });

  it('gives every command shown in a view menu a codicon', () => {
    const contributes = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: Contributes }).contributes;
    const inMenus = new Set([...(contributes.menus['view/title'] ?? []), ...(contributes.menus['view/item/context'] ?? [])].map((m) => m.command));
    assert.deepEqual(
      contributes.commands.filter((c) => inMenus.has(c.command) && !c.icon?.startsWith('$(')).map((c) => c.command),
      [],
    );
  });
});
