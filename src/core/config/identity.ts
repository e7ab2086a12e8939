// Identity and safe descriptions of a server definition. `serverKey` decides "changed server →
// reconnect"; `commandLineOf` is what a user approves before a stdio server is spawned. Env and
// header values are secrets: they only ever enter a key as a digest, and descriptions redact them.

import { createHash } from 'node:crypto';
import { redactUrl } from '../trace/redact';
import type { ServerConfig } from './types';

/** The URL without credentials (userinfo, credential query values). */
export { redactUrl };

export const REDACTED = '<redacted>';

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

function redactMap(map: Readonly<Record<string, string>> | undefined): Record<string, string> | undefined {
  if (!map) return undefined;
  const out: Record<string, string> = {};
  for (const key of Object.keys(map)) Object.defineProperty(out, key, { value: REDACTED, enumerable: true, writable: true, configurable: true });
  return out;
}

/** A copy safe to log or print: env and header values replaced by `<redacted>` (names kept). */
export function redactServerConfig(config: ServerConfig): ServerConfig {
  const copy: ServerConfig = { ...config, source: { ...config.source } };
  if (config.env) copy.env = redactMap(config.env);
  if (config.headers) copy.headers = redactMap(config.headers);
  if (config.url) copy.url = redactUrl(config.url);
  if (config.args) copy.args = [...config.args];
  if (config.pendingInputs) copy.pendingInputs = [...config.pendingInputs];
  delete copy.inputValues;
  return copy;
}

/** One line for logs: `name (stdio): node server.js; env: A, B` — names of secrets only, never values. */
export function describeServerConfig(config: ServerConfig): string {
  const parts = [`${config.name} (${config.type}): ${config.type === 'stdio' ? commandLineOf(config) : redactUrl(config.url ?? '')}`];
  const env = Object.keys(config.env ?? {});
  const headers = Object.keys(config.headers ?? {});
  if (env.length) parts.push(`env: ${env.join(', ')}`);
  if (headers.length) parts.push(`headers: ${headers.join(', ')}`);
  if (config.cwd) parts.push(`cwd: ${config.cwd}`);
  if (config.pendingInputs?.length) parts.push(`waiting for: ${config.pendingInputs.map((id) => `\${input:${id}}`).join(', ')}`);
  return parts.join('; ');
}
