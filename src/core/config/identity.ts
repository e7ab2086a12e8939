// Identity of a server definition. `serverKey` decides "changed server → reconnect";
// `commandLineOf` is what a user approves before a stdio server is spawned. Env and header values
// are secrets: they only ever enter a key as a digest.

import { createHash } from 'node:crypto';
import type { ServerConfig } from './types';

function digest(map: Readonly<Record<string, string>> | undefined): string {
  const entries = Object.entries(map ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (!entries.length) return '';
  return createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 16);
}

/**
 * Identity of what a server connects to (not its name): equal keys mean "same server, keep the
 * connection". stdio: command, args, cwd, envFile and a digest of env; http/sse: type, URL and a
 * digest of headers. Secret values never appear in the key.
 */
export function serverKey(config: ServerConfig): string {
  return config.type === 'stdio'
    ? JSON.stringify(['stdio', config.command ?? '', config.args ?? [], config.cwd ?? '', config.envFile ?? '', digest(config.env)])
    : JSON.stringify([config.type, config.url ?? '', digest(config.headers)]);
}

/** The command line a user approves before a stdio server is spawned (no env values). */
export function commandLineOf(config: ServerConfig): string {
  return [config.command ?? '', ...(config.args ?? [])].map((part) => (part === '' || /[\s"'\\]/.test(part) ? JSON.stringify(part) : part)).join(' ');
}
