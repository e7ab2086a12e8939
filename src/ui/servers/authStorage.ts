// Sign-in state (tokens, client registrations, discovery) in VS Code's SecretStorage, one entry
// per server URL: encrypted by the OS keychain, never in settings or workspace state.

import type * as vscode from 'vscode';
import type { AuthStorage } from '../../core/auth/storage';

export function secretAuthStorage(secrets: vscode.SecretStorage): AuthStorage {
  return {
    get: async (key) => secrets.get(key),
    set: async (key, value) => secrets.store(key, value),
    delete: async (key) => secrets.delete(key),
  };
}
