import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { startEverything, waitFor } from '../../fixtures/support/servers';

describe('CLI watch', function () {
  this.timeout(60_000);
  it('prints the model and each exchange as it happens, and ends its session with DELETE on Ctrl-C', async () => {
    const everything = await startEverything('streamableHttp');
    try {
      const child = spawn(process.execPath, [resolve('dist/cli.js'), 'watch', everything.url, '--ping-interval', '1s', '--no-color'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
      await waitFor(() => /handshake\s+ready/.test(output), 20_000, 'the model');
      const session = /session\s+([0-9a-f-]{36})/.exec(output)?.[1];
      assert.ok(session, output);
      assert.match(output, /→ POST http:\/\/127\.0\.0\.1:\d+\/mcp/);
      const before = output.length;
      await waitFor(() => /⇢ ping/.test(output.slice(before)), 10_000, 'a live ping exchange after the model');
      child.kill('SIGINT');
      assert.equal(await exited, 0);
      await waitFor(() => everything.output().includes(`Received session termination request for session ${session}`), 5000, 'the DELETE');
    } finally {
      await everything.stop();
    }
  });
});
