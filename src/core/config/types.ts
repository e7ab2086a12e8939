// What the config layer hands the engine: resolved server definitions, each remembering where
// it came from (file + range of its key) so diagnostics can point at it, plus ranged errors.

/** A zero-based position and range, like VS Code's (line, character). */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Where a server definition came from. */
export interface ConfigSource {
  kind: 'workspace-file' | 'setting' | 'other-client' | 'cli';
  /** Absolute path of the file (workspace-file, other-client). */
  file?: string;
  /** Range of the server's key (`"name": {`) in `file`. */
  range?: Range;
  /** The workspace folder the file belongs to, for `${workspaceFolder}`. */
  workspaceFolder?: string;
  /** e.g. "Claude Desktop", "Cursor" for other-client sources. */
  clientName?: string;
}

export type ServerType = 'stdio' | 'http' | 'sse';

/** One configured MCP server, variables resolved. */
export interface ServerConfig {
  name: string;
  type: ServerType;
  command?: string;
  args?: string[];
  /** Environment for stdio servers (values are secrets: never log or trace them). */
  env?: Record<string, string>;
  envFile?: string;
  cwd?: string;
  url?: string;
  /** HTTP headers to send (values may be secrets: never log or trace them). */
  headers?: Record<string, string>;
  /** A client registered with the server's authorization server out of band (else dynamic registration). */
  oauth?: { clientId: string; clientSecret?: string; scope?: string };
  source: ConfigSource;
  /** Values of `${input:…}` variables substituted into this server's fields (secrets: never log or trace them). */
  inputValues?: string[];
  /** Names of `${input:…}` variables this server needs that are not yet resolved. */
  pendingInputs?: string[];
}

export type ConfigErrorCode =
  | 'invalid-json'
  | 'not-an-object'
  | 'unknown-type'
  | 'missing-url'
  | 'missing-command'
  | 'invalid-url'
  | 'invalid-field'
  | 'unresolved-variable'
  | 'duplicate-server'
  | 'unreadable-file';

/** A problem in a config file, with the exact range to underline. */
export interface ConfigError {
  code: ConfigErrorCode;
  message: string;
  file?: string;
  range?: Range;
  /** The server the error belongs to, if any. */
  server?: string;
  severity: 'error' | 'warning';
}

/** A `promptString` input from mcp.json `inputs`. */
export interface InputDefinition {
  id: string;
  /** 'promptString' is the one type VS Code defines. */
  type: string;
  description?: string;
  password?: boolean;
  default?: string;
}

export interface ConfigResult {
  servers: ServerConfig[];
  errors: ConfigError[];
  inputs: InputDefinition[];
}
