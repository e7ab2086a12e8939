// Where servers come from in VS Code: the ServerCatalog reads `.vscode/mcp.json` of every workspace
// folder, the `mcpSessions.servers` setting and (opted in) other clients' configs; this adapter
// watches them, enforces workspace trust and stdio approvals, prompts for `${input:…}` values, and
// hands the result to the engine's ConnectionSet and the `(tapped)` entries to whoever re-attaches taps.

import * as vscode from 'vscode';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { decideConnect, shouldAutoConnect, type PolicyInput } from '../../core/config/connectPolicy';
import { ServerCatalog, TappedEntries, type CatalogRead, type SettingValue } from '../../core/config';
import type { ConfigError, InputDefinition, ServerConfig } from '../../core/config/types';
import type { ConnectionSet } from '../../core/connections';
import type { Logger } from '../common/log';
import { ServerLogTails } from './serverLogs';
import { readSettings, SETTINGS_SECTION } from '../common/settings';

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
  private readonly catalog = new ServerCatalog();
  private readonly logTails: ServerLogTails;
  /** The `(tapped)` entries a tap added, announced after each read: they are the tap's, never connected by the inspector. */
  readonly tappedEntries = new TappedEntries();
  private readonly policyChanged = new vscode.EventEmitter<void>();
  /** Trust was granted or approvals changed: what blockedReason() says may differ now. */
  readonly onDidChangePolicy = this.policyChanged.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly inspector: () => ConnectionSet,
    private readonly log: Logger,
  ) {
    this.logTails = new ServerLogTails(inspector);
    const watcher = vscode.workspace.createFileSystemWatcher('**/.vscode/mcp.json');
    this.disposables.push(
      this.logTails,
      this.tappedEntries,
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
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => folder.uri.fsPath);
    const settings = readSettings();
    const read = this.catalog.read({
      folders,
      ...(settings.importOtherClients ? { otherClients: { home: homedir(), platform: process.platform, appData: process.env.APPDATA } } : {}),
      settings: this.settingValues(),
      env: process.env,
      inputs: Object.fromEntries(this.inputValues),
    });
    this.noteKeptFiles(read);
    this.showConfigErrors(read.errors);
    await this.promptForInputs(read);
    this.configs = read.servers;
    const tapped = read.tapped;
    this.log.info(
      `configuration: ${this.configs.length} server(s)${tapped.length ? ` and ${tapped.length} tapped entr${tapped.length === 1 ? 'y' : 'ies'}` : ''}${read.errors.length ? `, ${read.errors.length} problem(s) in mcp.json` : ''}`,
    );
    await this.inspector().apply(this.configs, { shouldConnect: (config) => this.shouldAutoConnect(config) });
    // A tap re-attached in an untrusted workspace would forward to a server from a workspace file.
    const reattachable = tapped.filter((config) => vscode.workspace.isTrusted || config.source.kind !== 'workspace-file');
    this.tappedEntries.update(reattachable, this.configs);
    this.logTails.apply(settings.serverLogs);
  }

  /** A folder's mcp.json mid-save or not parsing keeps its last valid servers; it is read again soon. */
  private noteKeptFiles(read: CatalogRead): void {
    for (const kept of read.kept) {
      if (kept.reason === 'invalid-json')
        this.log.info(`${kept.file} does not parse; keeping the ${kept.servers} server(s) of its last valid version until it does`);
    }
    if (read.recheckAfterMs !== undefined) {
      clearTimeout(this.recheckTimer);
      this.recheckTimer = setTimeout(() => this.scheduleRefresh(), read.recheckAfterMs);
    }
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
  private settingValues(): SettingValue[] {
    const inspected = vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect<unknown>('servers');
    const values: SettingValue[] = [{ value: inspected?.globalValue ?? {} }];
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file');
    const workspaceFile = vscode.workspace.workspaceFile;
    if (inspected?.workspaceValue !== undefined) {
      const file = workspaceFile
        ? workspaceFile.scheme === 'file'
          ? workspaceFile.fsPath
          : undefined
        : folders[0] && join(folders[0].uri.fsPath, '.vscode', 'settings.json');
      const workspaceFolder = workspaceFile ? undefined : folders[0]?.uri.fsPath;
      values.push({ value: inspected.workspaceValue, workspaceFile: { ...(file ? { file } : {}), ...(workspaceFolder ? { workspaceFolder } : {}) } });
    }
    // In a multi-root workspace each folder's own settings.json may add servers too.
    if (workspaceFile) {
      for (const folder of folders) {
        const value = vscode.workspace.getConfiguration(SETTINGS_SECTION, folder.uri).inspect<unknown>('servers')?.workspaceFolderValue;
        if (value !== undefined)
          values.push({ value, workspaceFile: { file: join(folder.uri.fsPath, '.vscode', 'settings.json'), workspaceFolder: folder.uri.fsPath } });
      }
    }
    return values;
  }

  /** Why a server is not connected by itself, in words for the Servers view; undefined when nothing blocks it. */
  blockedReason(config: ServerConfig): string | undefined {
    const decision = decideConnect(config, this.policyInput());
    if (decision.action === 'approve') return 'needs approval to start';
    if (decision.action === 'refuse') return decision.reason === 'untrusted-workspace' ? 'workspace not trusted' : 'needs input values';
    return undefined;
  }

  private policyInput(): PolicyInput {
    return {
      workspaceTrusted: vscode.workspace.isTrusted,
      approvedCommands: this.context.globalState.get<string[]>(APPROVALS_KEY, []),
      autoConnect: readSettings().autoConnect,
    };
  }

  /** Whether a server may be connected at all right now (trust, approvals), asking once for stdio. */
  async mayConnect(config: ServerConfig, interactive: boolean): Promise<boolean> {
    const input = this.policyInput();
    const decision = decideConnect(config, input);
    if (decision.action === 'connect') return true;
    if (decision.action === 'refuse') {
      if (!interactive) return false;
      if (decision.reason === 'untrusted-workspace') {
        void vscode.window
          .showWarningMessage(
            `"${config.name}" comes from a workspace file and this workspace is not trusted, so MCP Sessions will not connect to it.`,
            'Manage Workspace Trust',
          )
          .then((choice) => choice && vscode.commands.executeCommand('workbench.trust.manage'));
      } else {
        void vscode.window.showWarningMessage(
          `"${config.name}" needs values for ${(config.pendingInputs ?? []).map((id) => `\${input:${id}}`).join(', ')} before it can connect.`,
        );
      }
      return false;
    }
    if (!interactive) return false;
    const choice = await vscode.window.showWarningMessage(
      `Allow MCP Sessions to start the server "${config.name}" (${config.source.kind === 'other-client' ? `from ${config.source.clientName}'s configuration` : "from this workspace's mcp.json"})?`,
      {
        modal: true,
        detail: `It will run:\n${decision.commandLine}\n\nOnly allow commands you trust. You can revoke this with "MCP Sessions: Reset Server Approvals".`,
      },
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
      const diagnostic = new vscode.Diagnostic(
        toRange(error.range),
        error.message,
        error.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
      );
      diagnostic.source = 'MCP Sessions';
      diagnostic.code = error.code;
      byFile.set(error.file, [...(byFile.get(error.file) ?? []), diagnostic]);
    }
    for (const [file, diagnostics] of byFile) this.configErrors.set(vscode.Uri.file(file), diagnostics);
  }

  /** Asks once per session for each `${input:…}` a server needs (password inputs masked). */
  private async promptForInputs(result: CatalogRead): Promise<void> {
    const definitions = new Map<string, InputDefinition>(result.inputs.map((input) => [input.id, input]));
    let supplied = false;
    for (const id of result.pendingInputs) {
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
