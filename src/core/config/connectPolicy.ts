// Who may be started or connected, decided in one pure function (the extension supplies trust,
// approvals and the auto-connect setting): servers from workspace files never run in an
// untrusted workspace, and stdio commands someone else wrote run only once the user approved
// that exact command line.

import { commandLineOf } from './identity';
import type { ServerConfig } from './types';

export type AutoConnect = 'trustedHttp' | 'always' | 'never';

export interface PolicyInput {
  workspaceTrusted: boolean;
  /** Command lines the user approved (remembered across sessions, revocable). */
  approvedCommands: readonly string[];
  autoConnect: AutoConnect;
}

export type ConnectDecision =
  | { action: 'connect' }
  /** Needs the user's one-time approval of this command line first. */
  | { action: 'approve'; commandLine: string }
  | { action: 'refuse'; reason: 'untrusted-workspace' | 'pending-inputs' };

/** stdio commands written by someone else (workspace files, other clients' configs). */
export function needsApproval(config: ServerConfig): boolean {
  return config.type === 'stdio' && (config.source.kind === 'workspace-file' || config.source.kind === 'other-client');
}

/** What a connect the user asked for may do. */
export function decideConnect(config: ServerConfig, input: PolicyInput): ConnectDecision {
  if (config.source.kind === 'workspace-file' && !input.workspaceTrusted) return { action: 'refuse', reason: 'untrusted-workspace' };
  if (config.pendingInputs?.length) return { action: 'refuse', reason: 'pending-inputs' };
  if (!needsApproval(config)) return { action: 'connect' };
  const commandLine = commandLineOf(config);
  return input.approvedCommands.includes(commandLine) ? { action: 'connect' } : { action: 'approve', commandLine };
}

/** Whether a server connects by itself (on startup and on config changes). */
export function shouldAutoConnect(config: ServerConfig, input: PolicyInput): boolean {
  if (input.autoConnect === 'never') return false;
  if (config.type === 'stdio' && input.autoConnect !== 'always') return false;
  return decideConnect(config, input).action === 'connect';
}
