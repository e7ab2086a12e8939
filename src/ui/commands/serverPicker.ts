// Which server (or tap) a command is for: the one its argument names, else one picked in a quick
// pick. Every command asks through here.

import * as vscode from 'vscode';
import type { InspectedConnection } from '../../core/connection/types';
import type { EngineView } from '../servers/engineHost';
import type { ServerRegistry } from '../servers/serverRegistry';
import type { ServerNode } from '../servers/treeNodes';
import { describeServer } from '../common/format';
import type { TapManager } from '../tap/tapManager';
import { Commands } from './ids';

/** Accepts what the tree, code actions and the palette pass: a node, a name, or nothing. */
export function nameOf(argument: unknown): string | undefined {
  if (typeof argument === 'string') return argument;
  if (argument && typeof argument === 'object' && 'name' in argument && typeof (argument as ServerNode).name === 'string') return (argument as ServerNode).name;
  return undefined;
}

export class ServerPicker {
  constructor(
    private readonly engine: EngineView,
    private readonly registry: ServerRegistry,
    private readonly taps: TapManager,
  ) {}

  /**
   * The server `argument` names, else the only one that fits `filter`, else the user's pick among
   * those that fit; none fits: says where servers come from and offers "Add Server…".
   */
  async pick(
    argument: unknown,
    placeHolder: string,
    filter: (connection: InspectedConnection) => boolean = () => true,
  ): Promise<InspectedConnection | undefined> {
    const name = nameOf(argument);
    if (name) return this.engine.connections().find((connection) => connection.name === name);
    const candidates = this.engine.connections().filter(filter);
    if (!candidates.length) {
      const choice = await vscode.window.showInformationMessage(
        'No MCP server fits. Servers come from .vscode/mcp.json and the mcpSessions.servers setting.',
        'Add Server…',
      );
      if (choice) await vscode.commands.executeCommand(Commands.addServer);
      return undefined;
    }
    if (candidates.length === 1) return candidates[0];
    const picked = await vscode.window.showQuickPick(
      candidates.map((connection) => {
        // Say why a server will not connect (workspace not trusted, needs approval) before it is picked.
        const blocked = connection.model.handshake.state === 'ready' ? undefined : this.registry.blockedReason(connection.config);
        return { label: connection.name, description: `${describeServer(connection.model)}${blocked ? ` · ${blocked}` : ''}`, connection };
      }),
      { placeHolder, matchOnDescription: true },
    );
    return picked?.connection;
  }

  /** The server to tap: the one `argument` names, else a pick among all of them (their command or URL shown, tapped ones marked). */
  async pickToTap(argument: unknown): Promise<InspectedConnection | undefined> {
    const connections = this.engine.connections();
    const named = connections.find((candidate) => candidate.name === nameOf(argument));
    if (named) return named;
    const picked = await vscode.window.showQuickPick(
      connections.map((candidate) => ({
        label: candidate.name,
        description: candidate.config.type === 'stdio' ? [candidate.config.command, ...(candidate.config.args ?? [])].join(' ') : candidate.model.server.url,
        detail: this.taps.tapFor(candidate.name) ? '$(eye) tapped' : undefined,
        connection: candidate,
      })),
      { title: 'Tap which server?', placeHolder: 'Its real clients will be inspected through a recording proxy' },
    );
    return picked?.connection;
  }

  /** The server a tap command is for: the one given, else a pick among running taps (none: says so). */
  async pickTapped(argument: unknown, title: string): Promise<string | undefined> {
    const given = nameOf(argument);
    if (given) return given;
    const running = this.taps.taps();
    if (!running.length) {
      void vscode.window.showInformationMessage('No server is tapped. "Tap Server…" starts one.');
      return undefined;
    }
    if (running.length === 1) return running[0].server;
    return (
      await vscode.window.showQuickPick(
        running.map((tap) => ({ label: tap.server, description: tap.url ?? 'stdio' })),
        { title },
      )
    )?.label;
  }
}
