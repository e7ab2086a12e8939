// Which servers exist: every source of server definitions read in one place — each workspace
// folder's `.vscode/mcp.json`, mcp.json files named outright (the CLI's `--config`), other
// clients' configs, and the `mcpSessions.servers` setting by where it is set — merged, with the
// `(tapped)` entries a tap added split off. The VS Code registry and the CLI both read through it;
// watching files and reading settings stay with them. Never throws: problems are ranged errors.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMcpJson, parseServersValue, type ParseOptions } from './mcpJson';
import { mergeSources } from './merge';
import { loadOtherClientConfigs, otherClientConfigPaths } from './otherClients';
import { SettledConfigFiles } from './settledFile';
import { isTappedName } from './tappedEntries';
import type { ConfigError, ConfigResult, InputDefinition, ServerConfig } from './types';
import type { InputValues } from './variables';

/** An mcp.json named outright; `text` when the caller read it already (a missing file is then its own error to report). */
export interface CatalogFile {
  file: string;
  workspaceFolder?: string;
  text?: string;
}

/**
 * One value of the `mcpSessions.servers` setting. `workspaceFile`: the value was set in a
 * workspace's settings.json (or .code-workspace file), so whoever wrote the workspace wrote it and
 * it counts as a workspace file (never connected in an untrusted workspace, stdio only approved).
 */
export interface SettingValue {
  value: unknown;
  workspaceFile?: { file?: string; workspaceFolder?: string };
}

/** Where other clients keep their configs (their files under `folders` are read too). */
export interface OtherClientsLocation {
  home: string;
  platform: NodeJS.Platform;
  appData?: string;
  xdgConfigHome?: string;
}

export interface CatalogSources {
  /** Workspace folders: each one's `.vscode/mcp.json` (a missing file is no servers). */
  folders?: readonly string[];
  files?: readonly CatalogFile[];
  /** Read other clients' configs (the user opted in); absent: not read. */
  otherClients?: OtherClientsLocation;
  /** The setting's values, least preferred first (the user's own, then the workspace's). */
  settings?: readonly SettingValue[];
  /** For `${env:…}` (the caller passes process.env deliberately). */
  env?: Readonly<Record<string, string | undefined>>;
  /** `${input:…}` values the user supplied. */
  inputs?: InputValues;
}

/** A folder's mcp.json whose last valid servers stand in for what it holds now (mid-save, or it does not parse). */
export interface KeptFile {
  file: string;
  servers: number;
  reason: 'empty' | 'invalid-json';
}

export interface CatalogRead {
  /** The servers the inspector connects, `(tapped)` entries left out. */
  servers: ServerConfig[];
  /** The `(tapped)` entries a tap added: the tap's, never connected by the inspector. */
  tapped: ServerConfig[];
  errors: ConfigError[];
  inputs: InputDefinition[];
  /** The `${input:…}` ids servers and tapped entries still need, in the order they appear. */
  pendingInputs: string[];
  kept: KeptFile[];
  /** Read again after this long: a folder's file may be mid-save. */
  recheckAfterMs?: number;
}

/** Reads the sources; remembers each folder file's last valid version between reads. */
export class ServerCatalog {
  private readonly workspaceFiles = new SettledConfigFiles();

  read(sources: CatalogSources, now = Date.now()): CatalogRead {
    const results: ConfigResult[] = [];
    const kept: KeptFile[] = [];
    let recheckAfterMs: number | undefined;
    const options = { env: sources.env ?? {}, inputs: sources.inputs ?? {} };
    for (const folder of sources.folders ?? []) {
      const file = workspaceConfigPath(folder);
      const read = readWorkspaceConfig(folder, options);
      if (read.missing) {
        this.workspaceFiles.forget(file);
        results.push(read.result);
        continue;
      }
      const settled = this.workspaceFiles.settle(file, read.result, read.empty, now);
      if (settled.kept) kept.push({ file, ...settled.kept });
      if (settled.recheckAfterMs !== undefined) recheckAfterMs = Math.min(recheckAfterMs ?? Infinity, settled.recheckAfterMs);
      results.push(settled.result);
    }
    for (const named of sources.files ?? []) results.push(readNamedFile(named, options));
    if (sources.otherClients) {
      const files = otherClientConfigPaths({ ...sources.otherClients, folders: sources.folders ?? [] });
      results.push(...loadOtherClientConfigs(files, options.env));
    }
    for (const setting of sources.settings ?? []) results.push(serversOfSetting(setting, options));
    const merged = mergeSources(results);
    return {
      servers: merged.servers.filter((config) => !isTappedName(config.name)),
      tapped: merged.servers.filter((config) => isTappedName(config.name)),
      errors: merged.errors,
      inputs: merged.inputs,
      pendingInputs: [...new Set(merged.servers.flatMap((server) => server.pendingInputs ?? []))],
      kept,
      ...(recheckAfterMs !== undefined ? { recheckAfterMs } : {}),
    };
  }
}

/** Path of a folder's VS Code MCP configuration. */
export function workspaceConfigPath(folder: string): string {
  return join(folder, '.vscode', 'mcp.json');
}

type ReadOptions = { env: Readonly<Record<string, string | undefined>>; inputs: InputValues };

/** What one read of a folder's mcp.json found. */
export interface WorkspaceConfigRead {
  result: ConfigResult;
  /** The file exists and holds only whitespace (as it does for a moment while it is saved). */
  empty: boolean;
  missing: boolean;
}

/**
 * Reads `<folder>/.vscode/mcp.json`. A missing file is no servers and no error; a file that
 * exists but cannot be read is an `unreadable-file` error.
 */
export function readWorkspaceConfig(folder: string, options: Omit<ParseOptions, 'file' | 'workspaceFolder'> = {}): WorkspaceConfigRead {
  const file = workspaceConfigPath(folder);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { result: { servers: [], errors: [], inputs: [] }, empty: false, missing: true };
    return { result: unreadable(file, code), empty: false, missing: false };
  }
  return { result: parseMcpJson(withoutBom(text), { ...options, file, workspaceFolder: folder }), empty: text.trim() === '', missing: false };
}

/** The servers of `<folder>/.vscode/mcp.json` (see readWorkspaceConfig). */
export function loadWorkspaceConfig(folder: string, options: Omit<ParseOptions, 'file' | 'workspaceFolder'> = {}): ConfigResult {
  return readWorkspaceConfig(folder, options).result;
}

/** Servers from the `mcpSessions.servers` setting (same schema as mcp.json's `servers`; errors have no range). */
export function serversFromSetting(value: unknown, options: Omit<ParseOptions, 'file' | 'rootKey'> = {}): ConfigResult {
  return parseServersValue(value, { ...options, sourceKind: 'setting' });
}

function readNamedFile(named: CatalogFile, options: ReadOptions): ConfigResult {
  let text = named.text;
  if (text === undefined) {
    try {
      text = readFileSync(named.file, 'utf8');
    } catch (error) {
      return unreadable(named.file, (error as NodeJS.ErrnoException).code);
    }
  }
  return parseMcpJson(text, { ...options, file: named.file, ...(named.workspaceFolder !== undefined ? { workspaceFolder: named.workspaceFolder } : {}) });
}

/** A UTF-8 byte order mark is not JSON; VS Code drops it from the document, so positions exclude it. */
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function unreadable(file: string, code: string | undefined): ConfigResult {
  return {
    servers: [],
    inputs: [],
    errors: [
      {
        code: 'unreadable-file',
        severity: 'error',
        file,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        message: `Cannot read ${file}${code ? ` (${code})` : ''}.`,
      },
    ],
  };
}

function serversOfSetting(setting: SettingValue, options: ReadOptions): ConfigResult {
  const result = serversFromSetting(setting.value, options);
  const where = setting.workspaceFile;
  if (!where) return result;
  return {
    ...result,
    servers: result.servers.map((server) => ({
      ...server,
      source: {
        kind: 'workspace-file',
        ...(where.file ? { file: where.file } : {}),
        ...(where.workspaceFolder ? { workspaceFolder: where.workspaceFolder } : {}),
      },
    })),
  };
}
