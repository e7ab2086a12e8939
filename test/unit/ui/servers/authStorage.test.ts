// The extension's sign-in storage reads SecretStorage once per key, not before every request, and
// never serves a value that changed: its own writes, and a change made in another window (which
// VS Code reports through onDidChange), are what the next read sees. The SecretStorage here holds
// its values in memory and reports changes as VS Code's does; the in-host suite's OAuth checks run
// the same code against the real one.

import * as assert from 'node:assert/strict';
import { Emitter } from '../../../../src/core/util/emitter';
import { secretAuthStorage } from '../../../../src/ui/servers/authStorage';

class WindowSecrets {
  readonly values = new Map<string, string>();
  reads = 0;
  failNextRead = false;
  private readonly changed = new Emitter<{ key: string }>('secrets');
  readonly onDidChange = this.changed.event;

  async get(key: string): Promise<string | undefined> {
    this.reads++;
    if (this.failNextRead) {
      this.failNextRead = false;
      throw new Error('keychain locked');
    }
    return this.values.get(key);
  }

  async store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    this.changed.fire({ key });
  }

  async delete(key: string): Promise<void> {
    this.values.delete(key);
    this.changed.fire({ key });
  }

  /** What another window's sign-in or refresh does: the shared store changes, and this window is told. */
  changeElsewhere(key: string, value: string): void {
    this.values.set(key, value);
    this.changed.fire({ key });
  }
}

describe('extension sign-in storage (SecretStorage)', () => {
  it('reads a key once for any number of requests', async () => {
    const secrets = new WindowSecrets();
    secrets.values.set('k', 'tokens-1');
    const storage = secretAuthStorage(secrets);
    for (let i = 0; i < 50; i++) assert.equal(await storage.get('k'), 'tokens-1');
    assert.equal(secrets.reads, 1);
  });

  it('serves its own writes and deletes without reading them back wrong', async () => {
    const secrets = new WindowSecrets();
    const storage = secretAuthStorage(secrets);
    assert.equal(await storage.get('k'), undefined);
    await storage.set('k', 'tokens-2');
    assert.equal(await storage.get('k'), 'tokens-2');
    await storage.delete('k');
    assert.equal(await storage.get('k'), undefined);
    assert.equal(secrets.values.has('k'), false);
  });

  it('reads again after another window changed the value', async () => {
    const secrets = new WindowSecrets();
    secrets.values.set('k', 'old');
    const storage = secretAuthStorage(secrets);
    assert.equal(await storage.get('k'), 'old');
    secrets.changeElsewhere('k', 'rotated');
    assert.equal(await storage.get('k'), 'rotated');
    assert.equal(secrets.reads, 2);
  });

  it('does not keep a failed read: the next request tries again', async () => {
    const secrets = new WindowSecrets();
    secrets.values.set('k', 'tokens');
    const storage = secretAuthStorage(secrets);
    secrets.failNextRead = true;
    await assert.rejects(storage.get('k'), /keychain locked/);
    assert.equal(await storage.get('k'), 'tokens');
  });

  it('stops listening and forgets what it kept when disposed', async () => {
    const secrets = new WindowSecrets();
    secrets.values.set('k', 'tokens');
    const storage = secretAuthStorage(secrets);
    await storage.get('k');
    storage.dispose();
    await storage.get('k');
    assert.equal(secrets.reads, 2);
  });
});
