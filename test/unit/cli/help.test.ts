import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { runCli } from '../../../src/cli/main';
import { version } from '../../../package.json';

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await runCli(argv, { stdout, stderr });
  return { code, stdout: out, stderr: err };
}

describe('CLI --version and help', () => {
  it('--version prints the package version and nothing else', async () => {
    const result = await run(['--version']);
    assert.equal(result.code, 0);
    assert.equal(result.stdout, `${version}\n`);
  });

  it("help <command> prints that command's options, the same as <command> --help", async () => {
    const help = await run(['help', 'check']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^usage: mcp-session-inspector check <url>/);
    assert.match(help.stdout, /--allow-mutating/);
    assert.doesNotMatch(help.stdout, /analyze <file>/);
    const flagHelp = await run(['check', '--help']);
    assert.equal(flagHelp.stdout, help.stdout);
  });

  it('help names every command it knows when asked about one it does not', async () => {
    const result = await run(['help', 'stauts']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /no command 'stauts' \(commands: status, check, analyze, watch, tap\)/);
  });

  it('the overview lists help <command> and --version', async () => {
    const result = await run(['--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /help <command>/);
    assert.match(result.stdout, /--version/);
  });
});
