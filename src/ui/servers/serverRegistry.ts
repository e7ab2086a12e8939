// Where servers come from in VS Code: `.vscode/mcp.json` of every workspace folder plus the
// `mcpSessions.servers` setting. Watches both, enforces workspace trust and stdio approvals,
// prompts for `${input:…}` values, and hands the result to the engine's Inspector.

import * as vscode from 'vscode';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { decideConnect, shouldAutoConnect, type PolicyInput } from '../../core/config/connectPolicy';
import { loadOtherClientConfigs, mergeSources, otherClientConfigPaths, readWorkspaceConfig, serversFromSetting, SettledConfigFiles, workspaceConfigPath } from '../../core/config';
import type { ConfigError, ConfigResult, InputDefinition, ServerConfig } from '../../core/config/types';
import type { Inspector } from '../../core/inspector';
import type { Logger } from '../shared/log';
import { isTappedName } from '../../core/tap/tappedEntry';
import { ServerLogTails } from './serverLogs';
import { readSettings, SETTINGS_SECTION } from '../shared/settings';

const APPROVALS_KEY = 'mcpSessions.approvedCommands';

function toRange(range: ConfigError['range']): vscode.Range {
  return range ? new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character) : new vscode.Range(0, 0, 0, 0);
}

export class ServerRegistry implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly configErrors = vscode.languages.createDiagnosticCollection('mcp-sessions-config');
  private readonly inputValues = new Map<string, string>();
  private readonly promptedInputs = new Set<string>();
  private configs: ServerConfig[] = [];
  private refreshTimer?: NodeJS.Timeout;
  private recheckTimer?: NodeJS.Timeout;
  private readonly workspaceFiles = new SettledConfigFiles();
  private readonly logTails: ServerLogTails;
  /** Receives the `(tapped)` entries a tap added: they are the tap's, never connected by the inspector. */
  onTappedEntries?: (tapped: readonly ServerConfig[], originals: readonly ServerConfig[]) => void | Promise<void>;
  private readonly policyChanged = new vscode.EventEmitter<void>();
  /** Trust was granted or approvals changed: what blockedReason() says may differ now. */
  readonly onDidChangePolicy = this.policyChanged.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly inspector: () => Inspector,
    private readonly log: Logger,
  ) {
    this.logTails = new ServerLogTails(inspector);
    const watcher = vscode.workspace.createFileSystemWatcher('**/.vscode/mcp.json');
    this.disposables.push(
      this.logTails,
      this.configErrors,
      this.policyChanged,
      watcher,
      watcher.onDidChange(() => this.scheduleRefresh()),
      watcher.onDidCreate(() => this.scheduleRefresh()),
      watcher.onDidDelete(() => this.scheduleRefresh()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.scheduleRefresh()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.policyChanged.fire();
        void this.connectNowAllowed().catch((error: unknown) => this.log.error(`connecting after trust was granted failed: ${String(error)}`));
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(SETTINGS_SECTION)) this.scheduleRefresh();
      }),
    );
  }

  /** Servers currently configured (resolved). */
  servers(): readonly ServerConfig[] {
    return this.configs;
  }

  /** Re-reads every source and applies it; changes are debounced so a save storm is one refresh. */
  scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refresh(), 150);
  }

  async refresh(): Promise<void> {
    const results: ConfigResult[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      results.push(this.readWorkspaceFile(folder.uri.fsPath));
    }
    const settings = readSettings();
    if (settings.importOtherClients) {
      const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => folder.uri.fsPath);
      results.push(...loadOtherClientConfigs(otherClientConfigPaths({ home: homedir(), platform: process.platform, appData: process.env.APPDATA, folders }), process.env));
    }
    results.push(...this.serversFromSettings());
    const merged = mergeSources(results);
    this.showConfigErrors(merged.errors);
    await this.promptForInputs(merged);
    this.configs = merged.servers.filter((config) => !isTappedName(config.name));
    const tapped = merged.servers.filter((config) => isTappedName(config.name));
    this.log.info(`configuration: ${this.configs.length} server(s)${tapped.length ? ` and ${tapped.length} tapped entr${tapped.length === 1 ? 'y' : 'ies'}` : ''}${merged.errors.length ? `, ${merged.errors.length} problem(s) in mcp.json` : ''}`);
    await this.inspector().apply(this.configs, { shouldConnect: (config) => this.shouldAutoConnect(config) });
    // A tap re-attached in an untrusted workspace would forward to a server from a workspace file.
    const reattachable = tapped.filter((config) => vscode.workspace.isTrusted || config.source.kind !== 'workspace-file');
    await this.onTappedEntries?.(reattachable, this.configs);
    this.logTails.apply(settings.serverLogs);
  }

  /** A folder's mcp.json, its last valid servers kept while it is mid-save or does not parse. */
  private readWorkspaceFile(folder: string): ConfigResult {
    const file = workspaceConfigPath(folder);
    const read = readWorkspaceConfig(folder, { env: process.env, inputs: Object.fromEntries(this.inputValues) });
    if (read.missing) {
      this.workspaceFiles.forget(file);
      return read.result;
    }
    const settled = this.workspaceFiles.settle(file, read.result, read.empty, Date.now());
    if (settled.kept?.reason === 'invalid-json') this.log.info(`${file} does not parse; keeping the ${settled.kept.servers} server(s) of its last valid version until it does`);
    if (settled.recheckAfterMs !== undefined) {
      clearTimeout(this.recheckTimer);
      this.recheckTimer = setTimeout(() => this.scheduleRefresh(), settled.recheckAfterMs);
    }
    return settled.result;
  }

  /**
   * Trust was granted: the servers held back so far keep their connection objects (their config
   * did not change), so apply() alone would leave them idle; connect those the policy now allows.
   */
  private async connectNowAllowed(): Promise<void> {
    await this.refresh();
    for (const connection of this.inspector().all()) {
      if (connection.model.handshake.state === 'idle' && this.shouldAutoConnect(connection.config)) void connection.connect();
    }
  }

  /**
   * `mcpSessions.servers` by where it is set. The user's own value is a setting; a value from a
   * workspace's settings.json (or .code-workspace file) was written by whoever wrote the workspace,
   * so it counts as a workspace file: never connected in an untrusted workspace, stdio only approved.
   */
  private serversFromSettings(): ConfigResult[] {
    const options = { env: process.env, inputs: Object.fromEntries(this.inputValues) };
    const inspected = vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect<unknown>('servers');
    const results = [serversFromSetting(inspected?.globalValue ?? {}, options)];
    const fromWorkspaceFile = (value: unknown, file: string | undefined, workspaceFolder?: string): ConfigResult => {
      const result = serversFromSetting(value, options);
      return { ...result, servers: result.servers.map((server) => ({ ...server, source: { kind: 'workspace-file', ...(file ? { file } : {}), ...(workspaceFolder ? { workspaceFolder } : {}) } })) };
    };
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file');
    const workspaceFile = vscode.workspace.workspaceFile;
    if (inspected?.workspaceValue !== undefined) {
      const file = workspaceFile ? (workspaceFile.scheme === 'file' ? workspaceFile.fsPath : undefined) : folders[0] && join(folders[0].uri.fsPath, '.vscode', 'settings.json');
      results.push(fromWorkspaceFile(inspected.workspaceValue, file, workspaceFile ? undefined : folders[0]?.uri.fsPath));
    }
    // In a multi-root workspace each folder's own settings.json may add servers too.
    if (workspaceFile) {
      for (const folder of folders) {
        const value = vscode.workspace.getConfiguration(SETTINGS_SECTION, folder.uri).inspect<unknown>('servers')?.workspaceFolderValue;
        if (value !== undefined) results.push(fromWorkspaceFile(value, join(folder.uri.fsPath, '.vscode', 'settings.json'), folder.uri.fsPath));
      }
    }
    return results;
  }

  /** Why a server is not connected by itself, in words for the Servers view; undefined when nothing blocks it. */
  blockedReason(config: ServerConfig): string | undefined {
    const decision = decideConnect(config, this.policyInput());
    if (decision.action === 'approve') return 'needs approval to start';
    if (decision.action === 'refuse') return decision.reason === 'untrusted-workspace' ? 'workspace not trusted' : 'needs input values';
    return undefined;
  }

  private policyInput(): PolicyInput {
    return { workspaceTrusted: vscode.workspace.isTrusted, approvedCommands: this.context.globalState.get<string[]>(APPROVALS_KEY, []), autoConnect: readSettings().autoConnect };
  }

  /** Whether a server may be connected at all right now (trust, approvals), asking once for stdio. */
  async mayConnect(config: ServerConfig, interactive: boolean): Promise<boolean> {
    const input = this.policyInput();
    const decision = decideConnect(config, input);
    if (decision.action === 'connect') return true;
    if (decision.action === 'refuse') {
      if (!interactive) return false;
      if (decision.reason === 'untrusted-workspace') {
        void vscode.window.showWarningMessage(`"${config.name}" comes from a workspace file and this workspace is not trusted, so MCP Sessions will not connect to it.`, 'Manage Workspace Trust').then((choice) => choice && vscode.commands.executeCommand('workbench.trust.manage'));
      } else {
        void vscode.window.showWarningMessage(`"${config.name}" needs values for ${(config.pendingInputs ?? []).map((id) => `\${input:${id}}`).join(', ')} before it can connect.`);
      }
      return false;
    }
    if (!interactive) return false;
    const choice = await vscode.window.showWarningMessage(
      `Allow MCP Sessions to start the server "${config.name}" (${config.source.kind === 'other-client' ? `from ${config.source.clientName}'s configuration` : "from this workspace's mcp.json"})?`,
      { modal: true, detail: `It will run:\n${decision.commandLine}\n\nOnly allow commands you trust. You can revoke this with "MCP Sessions: Reset Server Approvals".` },
      'Allow and Connect',
    );
    if (choice !== 'Allow and Connect') return false;
    await this.context.globalState.update(APPROVALS_KEY, [...input.approvedCommands, decision.commandLine]);
    this.policyChanged.fire();
    return true;
  }

  async resetApprovals(): Promise<void> {
    await this.context.globalState.update(APPROVALS_KEY, []);
    this.policyChanged.fire();
  }

  private shouldAutoConnect(config: ServerConfig): boolean {
    return shouldAutoConnect(config, this.policyInput());
  }

  private showConfigErrors(errors: readonly ConfigError[]): void {
    this.configErrors.clear();
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const error of errors) {
      if (!error.file) continue;
      const diagnostic = new vscode.Diagnostic(toRange(error.range), error.message, error.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
      diagnostic.source = 'MCP Sessions';
      diagnostic.code = error.code;
      byFile.set(error.file, [...(byFile.get(error.file) ?? []), diagnostic]);
    }
    for (const [file, diagnostics] of byFile) this.configErrors.set(vscode.Uri.file(file), diagnostics);
  }

  /** Asks once per session for each `${input:…}` a server needs (password inputs masked). */
  private async promptForInputs(result: ConfigResult): Promise<void> {
    const needed = new Set(result.servers.flatMap((server) => server.pendingInputs ?? []));
    const definitions = new Map<string, InputDefinition>(result.inputs.map((input) => [input.id, input]));
    let supplied = false;
    for (const id of needed) {
      if (this.promptedInputs.has(id)) continue;
      this.promptedInputs.add(id);
      const definition = definitions.get(id);
      const value = await vscode.window.showInputBox({
        title: 'MCP Sessions',
        prompt: definition?.description ?? `Value for \${input:${id}} in mcp.json`,
        password: definition?.password ?? false,
        value: definition?.default,
        ignoreFocusOut: true,
      });
      if (value !== undefined) {
        this.inputValues.set(id, value);
        supplied = true;
      }
    }
    if (supplied) this.scheduleRefresh();
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    clearTimeout(this.recheckTimer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}
