// Where sign-in state lives, per server URL: tokens, the client registration and the discovery
// result. The extension backs it with VS Code's SecretStorage, the CLI with memory or a 0600 file.

import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

/** A small string store (the shape of VS Code's SecretStorage). */
export interface AuthStorage {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** The storage key of one server's sign-in state. */
export function authStorageKey(serverUrl: string): string {
  return `mcpSessions.oauth:${serverUrl}`;
}

/** Keeps everything in memory: gone when the process ends (the CLI's default). */
export class MemoryAuthStorage implements AuthStorage {
  private readonly values = new Map<string, string>();

  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }

  async set(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }

  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }
}

/** A JSON file readable by its owner only (mode 0600), for `--token-cache FILE`. */
export class FileAuthStorage implements AuthStorage {
  constructor(private readonly file: string) {}

  private read(): Record<string, string> {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    try {
      const parsed = JSON.parse(text) as unknown;
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, string>) : {};
    } catch {
      // A damaged cache is treated as empty: signing in again rewrites it.
      return {};
    }
  }

  private write(values: Record<string, string>): void {
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(values, null, 2)}\n`, { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, this.file);
  }

  async get(key: string): Promise<string | undefined> {
    const value = this.read()[key];
    return typeof value === 'string' ? value : undefined;
  }

  async set(key: string, value: string): Promise<void> {
    this.write({ ...this.read(), [key]: value });
  }

  async delete(key: string): Promise<void> {
    const values = this.read();
    if (!(key in values)) return;
    delete values[key];
    this.write(values);
  }
}
