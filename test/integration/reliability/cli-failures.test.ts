// The CLI against endpoints that are not (working) MCP servers: exit 2, one clear line on
// stderr, within the timeout — for every command that connects.

import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { startGarbageHttp, type GarbageMode } from '../../fixtures/faults/garbageHttp';
import { runCli } from '../../fixtures/support/cli';
import { Cleanups } from '../../fixtures/support/ruleHarness';
import { freePort } from '../../fixtures/support/servers';

const cli = (args: string[]) => runCli(args);

describe('reliability: CLI failures are one line and exit 2', function () {
  this.timeout(120_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  const modes: Array<[GarbageMode, RegExp]> = [
    ['html', /not an MCP|no MCP server|text\/html/i],
    ['redirect-loop', /redirect/i],
    ['endless-headers', /header/i],
    ['never-ends', /within|timed out|time/i],
  ];
  for (const [mode, reason] of modes) {
    it(`${mode}: status, watch and check give up with the reason, within the timeout`, async () => {
      const fixture = cleanups.add(await startGarbageHttp({ mode }), (f) => f.stop());
      for (const command of ['status', 'watch', 'check']) {
        const { code, stderr, ms } = await cli([command, fixture.url, '--timeout', '2s']);
        assert.equal(code, 2, `${command} ${mode}: exit ${code}, stderr ${stderr}`);
        const lines = stderr.trim().split('\n');
        assert.equal(lines.length, 1, `${command} ${mode}: ${stderr}`);
        assert.match(lines[0], /^mcp-session-inspector: /);
        if (command !== 'check') assert.match(lines[0], reason, `${command} ${mode}`);
        assert.ok(ms < 2000 * 6, `${command} ${mode} took ${ms} ms`);
      }
    });
  }

  it('a refused port: every connecting command, and analyze of a missing file', async () => {
    const port = await freePort();
    for (const args of [
      ['status', `http://127.0.0.1:${port}/mcp`],
      ['watch', `http://127.0.0.1:${port}/mcp`],
      ['check', `http://127.0.0.1:${port}/mcp`],
      ['analyze', '/nonexistent/trace.har'],
    ]) {
      const { code, stderr } = await cli([...args, '--timeout', '2s']);
      assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
      assert.equal(stderr.trim().split('\n').length, 1, stderr);
    }
  });

  it('a reader that stops early (`… | head`): the CLI ends quietly with its own exit code, no EPIPE stack', async () => {
    const child = spawn(process.execPath, [resolve('dist/cli.js'), '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    // The pipe's read end is closed before the help text is written, as `head` closes it after its lines.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    assert.equal(stderr, '');
    assert.equal(code, 0);
  });
});
