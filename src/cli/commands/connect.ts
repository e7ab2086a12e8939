// Shared by `status` and `watch`: resolve the target, build engine options from flags, connect.

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ServerCatalog } from '../../core/config';
import type { ServerConfig } from '../../core/config/types';
import { createConnection, defaultEngineOptions } from '../../core/connection';
import type { EngineOptions, InspectedConnection } from '../../core/connection/types';
import { FileAuthStorage } from '../../core/auth/storage';
import { durationFlag, flag, hasFlag, resolveTarget, UsageError, type ParsedArgs } from '../args';
import type { CliIO } from './context';

/** Reads an mcp.json for `--config`; config errors become one usage line. */
async function loadConfigFile(path: string): Promise<ServerConfig[]> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const read = new ServerCatalog().read({ files: [{ file, workspaceFolder: resolve(file, '..', '..'), text }], env: process.env });
  const fatal = read.errors.find((error) => error.severity === 'error' && !error.server);
  if (fatal) {
    const where = fatal.range ? `${path}:${fatal.range.start.line + 1}:${fatal.range.start.character + 1}` : path;
    throw new UsageError(`${where}: ${fatal.message}`);
  }
  // A `(tapped)` entry is a server like any other to the command line.
  return [...read.servers, ...read.tapped];
}

/** Engine options from `--timeout`, `--ping-interval`, `--trace FILE`. */
export function engineOptionsFrom(args: ParsedArgs, overrides: Partial<EngineOptions> = {}): EngineOptions {
  return {
    ...defaultEngineOptions,
    requestTimeoutMs: durationFlag(args, 'timeout', 10_000),
    pingIntervalMs: durationFlag(args, 'ping-interval', defaultEngineOptions.pingIntervalMs),
    ...(flag(args, 'trace') ? { traceSpillFile: resolve(flag(args, 'trace') as string) } : {}),
    // Tokens stay in memory unless the user names a file for them.
    ...(flag(args, 'token-cache') ? { authStorage: new FileAuthStorage(resolve(flag(args, 'token-cache') as string)) } : {}),
    ...overrides,
  };
}

/**
 * Resolves the target and connects; the returned connection's model says whether it worked.
 * With `--sign-in`, a server that asks for OAuth gets the loopback sign-in: the URL to open goes
 * to stderr, the browser comes back to a listener on 127.0.0.1, then the connection is made again.
 */
export async function connectTarget(
  args: ParsedArgs,
  io: CliIO,
  overrides: Partial<EngineOptions> = {},
  beforeConnect?: (connection: InspectedConnection) => void,
): Promise<InspectedConnection> {
  const config = await resolveTarget(args, { loadConfigFile });
  const connection = createConnection(config, engineOptionsFrom(args, overrides));
  beforeConnect?.(connection);
  await connection.connect();
  if (hasFlag(args, 'sign-in') && connection.model.auth?.state === 'needs-sign-in') {
    await connection
      .signIn(async (url) => {
        io.stderr.write(`mcp-session-inspector: ${config.name} requires sign-in. Open this URL in a browser:\n  ${url.href}\n`);
      })
      .catch((error: unknown) => io.stderr.write(`mcp-session-inspector: sign-in failed: ${error instanceof Error ? error.message : String(error)}\n`));
  }
  return connection;
}

/** Resolves once `predicate` holds for the model, or after `timeoutMs`. */
export function waitForModel(connection: InspectedConnection, predicate: () => boolean, timeoutMs: number): Promise<void> {
  if (predicate()) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(finish, timeoutMs);
    const subscription = connection.onDidChange(() => {
      if (predicate()) finish();
    });
    function finish() {
      clearTimeout(timer);
      subscription.dispose();
      done();
    }
  });
}
