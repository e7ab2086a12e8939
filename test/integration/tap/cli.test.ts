import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { startSessionServer } from '../../fixtures/support/sessionServer';
import { openSession, post, rpc, sessionHeaders } from '../../fixtures/support/rawClient';
import { runCli } from '../../fixtures/support/cli';
import { waitFor } from '../../fixtures/support/servers';

const CLI = resolve('dist/cli.js');
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the CLI's JSON, read loosely
type JsonLine = Record<string, any>;

describe('CLI tap', function () {
  this.timeout(60_000);

  it('`tap URL --json` announces its URL, reports clients, sessions and findings live, and exits 1 on error findings after Ctrl-C', async () => {
    const server = await startSessionServer({ unknownSession: 'not-found-404' });
    const child = spawn(process.execPath, [CLI, 'tap', server.url, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const lines = () =>
      stdout
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as JsonLine);
    try {
      await waitFor(() => lines().some((line) => line.type === 'listening'), 10_000, 'the tap to listen');
      const url = lines().find((line) => line.type === 'listening')?.url as string;
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
      const { sessionId } = await openSession(url, { 'user-agent': 'cli-test/1.0' });
      await waitFor(() => lines().some((line) => line.type === 'session' && line.sessionId === sessionId), 5000, 'the session line');
      await server.restart();
      assert.equal((await post(url, rpc('tools/list'), { ...sessionHeaders(sessionId as string), 'user-agent': 'cli-test/1.0' })).status, 404);
      await waitFor(() => lines().some((line) => line.type === 'finding' && line.finding.rule === 'unknown-session'), 5000, 'the finding line');
      child.kill('SIGINT');
      const code = await new Promise<number | null>((done) => child.on('exit', done));
      assert.equal(code, 1);
      const summary = lines().find((line) => line.type === 'summary');
      assert.equal(summary?.clients[0].label, 'cli-test');
      assert.ok(summary?.findings.some((finding: { rule: string }) => finding.rule === 'unknown-session'));
    } finally {
      child.kill('SIGKILL');
      await server.stop();
    }
  });

  it('never prints a credential from the server URL, though it forwards it', async () => {
    const server = await startSessionServer({});
    const child = spawn(process.execPath, [CLI, 'tap', `${server.url}?api_key=CLITAPSECRET42`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await waitFor(() => output.includes('point your client at'), 10_000, 'the tap to listen');
      const url = /point your client at (\S+)/.exec(output)?.[1] as string;
      const { sessionId } = await openSession(url.replace('<redacted>', 'CLITAPSECRET42'));
      assert.ok(sessionId, 'the request went through with the real query');
      child.kill('SIGINT');
      await new Promise((done) => child.on('exit', done));
      assert.ok(!output.includes('CLITAPSECRET42'), output);
    } finally {
      child.kill('SIGKILL');
      await server.stop();
    }
  });

  it('refuses to listen off loopback without --allow-remote: exit 2, one line', async () => {
    const run = await runCli(['tap', 'http://127.0.0.1:9/mcp', '--host', '0.0.0.0'], 10_000);
    assert.equal(run.code, 2);
    assert.equal(run.stderr.trim().split('\n').length, 1);
    assert.match(run.stderr, /loopback only/);
  });

  it('usage mistakes are one line and exit 2', async () => {
    for (const args of [['tap'], ['tap', 'ftp://x/'], ['tap', 'http://127.0.0.1:9/mcp', '--port', 'abc']]) {
      const run = await runCli(args, 10_000);
      assert.equal(run.code, 2, args.join(' '));
      assert.equal(run.stderr.trim().split('\n').length, 1, args.join(' '));
    }
  });
});
