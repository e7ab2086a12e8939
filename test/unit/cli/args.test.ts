import * as assert from 'node:assert/strict';
import { durationFlag, parseArgs, resolveTarget, UsageError } from '../../../src/cli/args';

const noConfig = { loadConfigFile: async () => [] };

describe('CLI arguments', () => {
  it('reads a URL target with transport and headers', async () => {
    const args = parseArgs(['http://127.0.0.1:3001/mcp', '--transport', 'sse', '--header', 'Authorization: Bearer x', '--json']);
    const config = await resolveTarget(args, noConfig);
    assert.equal(config.type, 'sse');
    assert.equal(config.url, 'http://127.0.0.1:3001/mcp');
    assert.deepEqual(config.headers, { Authorization: 'Bearer x' });
    assert.ok(args.flags.has('json'));
  });

  it('reads a stdio target after --, keeping the server own flags', async () => {
    const args = parseArgs(['--stdio', '--', 'node', 'server.js', '--help', '--port=3']);
    const config = await resolveTarget(args, noConfig);
    assert.equal(config.type, 'stdio');
    assert.equal(config.command, 'node');
    assert.deepEqual(config.args, ['server.js', '--help', '--port=3']);
  });

  it('finds a named server in a config file', async () => {
    const args = parseArgs(['everything', '--config', 'mcp.json']);
    const config = await resolveTarget(args, {
      loadConfigFile: async () => [{ name: 'everything', type: 'http', url: 'http://h/mcp', source: { kind: 'workspace-file' } }],
    });
    assert.equal(config.url, 'http://h/mcp');
  });

  it('explains usage mistakes in one line', async () => {
    await assert.rejects(resolveTarget(parseArgs([]), noConfig), UsageError);
    await assert.rejects(resolveTarget(parseArgs(['not a url']), noConfig), /not a URL/);
    await assert.rejects(resolveTarget(parseArgs(['ftp://h/x']), noConfig), /not an http/);
    await assert.rejects(resolveTarget(parseArgs(['http://h', '--transport', 'grpc']), noConfig), /auto, http or sse/);
    await assert.rejects(resolveTarget(parseArgs(['x', '--config', 'f.json']), noConfig), /no server named 'x'/);
    assert.throws(() => parseArgs(['--timeout']), /needs a value/);
  });

  it('parses durations with units', () => {
    assert.equal(durationFlag(parseArgs(['--timeout', '5s']), 'timeout', 1), 5000);
    assert.equal(durationFlag(parseArgs(['--timeout=250']), 'timeout', 1), 250);
    assert.equal(durationFlag(parseArgs([]), 'timeout', 7), 7);
    assert.throws(() => durationFlag(parseArgs(['--timeout', 'soon']), 'timeout', 1), UsageError);
  });
});
