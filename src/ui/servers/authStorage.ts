// Sign-in state (tokens, client registrations, discovery) in VS Code's SecretStorage, one entry
// per server URL: encrypted by the OS keychain, never in settings or workspace state.
//
// Each value is read once and kept. The SDK asks for the access token before every request, and
// every SecretStorage.get is a round trip out of the extension host (and a decryption). A change
// made anywhere, in this window or another, fires onDidChange and drops the kept value.

import type * as vscode from 'vscode';
import type { AuthStorage } from '../../core/auth/storage';

type Secrets = Pick<vscode.SecretStorage, 'get' | 'store' | 'delete' | 'onDidChange'>;

export function secretAuthStorage(secrets: Secrets): AuthStorage & vscode.Disposable {
  const kept = new Map<string, Promise<string | undefined>>();
  const changes = secrets.onDidChange(({ key }) => kept.delete(key));
  return {
    get(key) {
      const known = kept.get(key);
      if (known) return known;
      const read = Promise.resolve(secrets.get(key));
      kept.set(key, read);
      // A failed read is not kept: the next request tries again.
      read.catch(() => {
        if (kept.get(key) === read) kept.delete(key);
      });
      return read;
    },
    async set(key, value) {
      kept.delete(key);
      await secrets.store(key, value);
      kept.set(key, Promise.resolve(value));
    },
    async delete(key) {
      kept.delete(key);
      await secrets.delete(key);
      kept.set(key, Promise.resolve(undefined));
    },
    dispose() {
      changes.dispose();
      kept.clear();
    },
  };
}
