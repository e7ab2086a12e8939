// The config layer: MCP server definitions from mcp.json files, the mcpSessions.servers setting
// and other clients' files, with variables resolved and every problem a ranged ConfigError.
// Nothing here throws on bad input, and nothing here logs (env and header values are secrets).

export { loadWorkspaceConfig, readWorkspaceConfig, ServerCatalog, serversFromSetting, workspaceConfigPath } from './catalog';
export type { CatalogFile, CatalogRead, CatalogSources, KeptFile, OtherClientsLocation, SettingValue, WorkspaceConfigRead } from './catalog';
export { parseEnvFile } from './envFile';
export type { EnvFileProblem, EnvFileResult } from './envFile';
export { commandLineOf, serverKey } from './identity';
export { findServerRange, parseMcpJson, positionAt } from './mcpJson';
export type { ParseOptions } from './mcpJson';
export { describeSource, mergeSources } from './merge';
export { loadOtherClientConfigs, otherClientConfigPaths, parseOtherClientConfig } from './otherClients';
export type { OtherClientFile, OtherClientParseOptions, OtherClientPathOptions } from './otherClients';
export { LineIndex } from './text';
export { resolveVariables } from './variables';
export { SettledConfigFiles } from './settledFile';
export type { SettledRead } from './settledFile';
export type { InputValues, Resolved, VariableContext, VariableOccurrence } from './variables';
export { addServerEdits, addServerToMcpJson, detectFormatting, editBetween, hasServer, removeServerEdits } from './writer';
export type { InputEntry, WriteOptions, WriteResult } from './writer';
export { isTappedName, originalNameOf, removeTappedEntryEdits, TappedEntries, tappedEntryEdits, tappedNameOf } from './tappedEntries';
export type { TappedEntriesChange } from './tappedEntries';
