// Command-line parsing shared by every CLI command: flags, and the target (URL, --stdio command,
// or a server name from an mcp.json), turned into the same ServerConfig the extension uses.

import { writeFile } from 'node:fs/promises';
import type { ServerConfig } from '../core/config/types';

/** A usage mistake: printed as one line on stderr, exit code 2. */
export class UsageError extends Error {}

export interface ParsedArgs {
  /** Positional arguments before `--`. */
  positionals: string[];
  /** Flags by name (without dashes); repeated flags keep every value. */
  flags: Map<string, string[]>;
  /** Everything after `--`. */
  rest: string[];
}

/** Flags that take no value. */
const BOOLEAN_FLAGS = new Set(['json', 'sarif', 'stdio', 'help', 'no-color', 'allow-mutating', 'verbose', 'allow-remote', 'sign-in']);

/** Splits argv into positionals, flags (`--k v`, `--k=v`, booleans) and the part after `--`. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string[]>();
  const add = (name: string, value: string) => flags.set(name, [...(flags.get(name) ?? []), value]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') return { positionals, flags, rest: argv.slice(i + 1) };
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq === -1 ? undefined : eq);
      if (eq !== -1) add(name, arg.slice(eq + 1));
      else if (BOOLEAN_FLAGS.has(name)) add(name, 'true');
      else {
        const value = argv[i + 1];
        if (value === undefined || value === '--') throw new UsageError(`--${name} needs a value`);
        add(name, value);
        i++;
      }
    } else if (arg === '-h') add('help', 'true');
    else positionals.push(arg);
  }
  return { positionals, flags, rest: [] };
}

export function flag(args: ParsedArgs, name: string): string | undefined {
  const values = args.flags.get(name);
  return values?.[values.length - 1];
}

export function hasFlag(args: ParsedArgs, name: string): boolean {
  return args.flags.has(name);
}

/** Reads a duration flag given in ms (`5000`) or with a unit (`5s`, `500ms`, `2m`). */
export function durationFlag(args: ParsedArgs, name: string, defaultMs: number): number {
  const raw = flag(args, name);
  if (raw === undefined) return defaultMs;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(raw.trim());
  if (!match) throw new UsageError(`--${name} takes a duration such as 5000, 5s or 2m, not '${raw}'`);
  const value = Number(match[1]);
  const unit = match[2] ?? 'ms';
  return Math.round(unit === 'm' ? value * 60_000 : unit === 's' ? value * 1000 : value);
}

/** Parses repeated `--header "Name: value"` flags. */
export function headerFlags(args: ParsedArgs): Record<string, string> | undefined {
  const values = args.flags.get('header');
  if (!values) return undefined;
  const headers: Record<string, string> = {};
  for (const value of values) {
    const colon = value.indexOf(':');
    if (colon <= 0) throw new UsageError(`--header takes 'Name: value', not '${value}'`);
    headers[value.slice(0, colon).trim()] = value.slice(colon + 1).trim();
  }
  return headers;
}

export interface TargetLoaders {
  /** Reads servers from an mcp.json (VS Code format) file; throws UsageError when it cannot. */
  loadConfigFile(path: string): Promise<ServerConfig[]>;
}

/**
 * Resolves the command's target: a URL (`--transport auto|http|sse`, `--header K:V`),
 * `--stdio -- CMD ARGS…`, or a server name with `--config path/to/mcp.json`.
 */
export async function resolveTarget(args: ParsedArgs, loaders: TargetLoaders): Promise<ServerConfig> {
  const headers = headerFlags(args);
  if (hasFlag(args, 'stdio')) {
    const [command, ...commandArgs] = args.rest;
    if (!command) throw new UsageError('--stdio needs the server command after --, e.g. --stdio -- npx my-server');
    return {
      name: flag(args, 'name') ?? command.split(/[\\/]/).pop() ?? command,
      type: 'stdio',
      command,
      args: commandArgs,
      source: { kind: 'cli' },
    };
  }
  const target = args.positionals[0];
  if (!target) throw new UsageError('missing target: a URL, --stdio -- CMD ARGS…, or a server name with --config FILE');
  const configFile = flag(args, 'config');
  if (configFile) {
    const servers = await loaders.loadConfigFile(configFile);
    const server = servers.find((candidate) => candidate.name === target);
    if (!server) {
      const names = servers.map((candidate) => candidate.name).join(', ') || 'none';
      throw new UsageError(`no server named '${target}' in ${configFile} (servers: ${names})`);
    }
    return headers ? { ...server, headers: { ...server.headers, ...headers } } : server;
  }
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new UsageError(`'${target}' is not a URL; to use a server from mcp.json add --config FILE`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`'${target}' is not an http(s) URL`);
  }
  const transport = flag(args, 'transport') ?? 'auto';
  if (!['auto', 'http', 'sse'].includes(transport)) {
    throw new UsageError(`--transport takes auto, http or sse, not '${transport}'`);
  }
  return {
    name: flag(args, 'name') ?? url.host,
    type: transport === 'sse' ? 'sse' : 'http',
    url: url.toString(),
    ...(headers ? { headers } : {}),
    source: { kind: 'cli' },
  };
}

/** Writes a report (`--junit FILE`); a file that cannot be written is a usage error naming it. */
export async function writeReportFile(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text);
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
