import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createConnection, defaultEngineOptions } from '../../../src/core/connection';
import { TapHub } from '../../../src/core/tap/tapHub';
import { TraceFileFollower } from '../../../src/core/tap/traceFollower';
import { waitFor } from '../../fixtures/support/servers';

const CLI = resolve('dist/cli.js');
const EVERYTHING = resolve('node_modules/@modelcontextprotocol/server-everything/dist/index.js');

function traceFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'stdio-tap-')), 'trace.jsonl');
}

describe('stdio tap', function () {
  this.timeout(60_000);

  it('a real SDK client talks to server-everything (stdio) through `tap -- CMD`: the trace holds both directions and stderr, and a follower shows the client ready', async () => {
    const file = traceFile();
    const connection = createConnection(
      {
        name: 'everything (tapped)',
        type: 'stdio',
        command: process.execPath,
        args: [CLI, 'tap', '--trace', file, '--name', 'everything', '--', process.execPath, EVERYTHING, 'stdio'],
        env: { API_TOKEN: 'stdio-SECRET-4242', PATH: process.env.PATH ?? '' },
        source: { kind: 'cli' },
      },
      { ...defaultEngineOptions, pingIntervalMs: 0, requestTimeoutMs: 15_000 },
    );
    try {
      await connection.connect();
      assert.equal(connection.model.handshake.state, 'ready', connection.model.handshake.reason);
      assert.equal(connection.model.handshake.serverInfo?.name, 'mcp-servers/everything');
      await connection.checkHealth();
      assert.equal(connection.model.health.state, 'healthy');
      const hub = new TapHub({ server: { name: 'everything', transport: 'stdio' }, transport: 'stdio', tickMs: 0 });
      const follower = new TraceFileFollower(file, hub);
      try {
        await waitFor(() => hub.clients().some((client) => client.model.handshake.state === 'ready'), 10_000, 'the followed client to be ready');
        const client = hub.clients().find((candidate) => candidate.model.handshake.state === 'ready');
        assert.match(client?.label ?? '', /^stdio pid \d+$/);
        assert.equal(client?.model.transport.kind, 'stdio');
        assert.equal(client?.model.session.noneReason, 'stdio');
        assert.equal(client?.clientInfo?.name, 'mcp-session-inspector');
        assert.equal(client?.model.handshake.serverInfo?.name, 'mcp-servers/everything');
        assert.equal(follower.skipped, 0);
      } finally {
        follower.dispose();
        await hub.dispose();
      }
    } finally {
      await connection.dispose();
    }
    await waitFor(() => readFileSync(file, 'utf8').includes('"process-exit"'), 10_000, 'the tap to record the exit');
    const events = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { kind: string; method?: string; name?: string });
    assert.ok(events.some((event) => event.kind === 'message-out' && event.method === 'initialize'));
    assert.ok(events.some((event) => event.kind === 'message-out' && event.method === 'ping'));
    assert.ok(events.some((event) => event.kind === 'message-in' && event.method === undefined));
    assert.ok(events.some((event) => event.kind === 'lifecycle' && event.name === 'process-start'));
    assert.ok(!readFileSync(file, 'utf8').includes('stdio-SECRET-4242'), 'env secrets never reach the trace');
  });

  it('relays bytes unchanged both ways, records non-JSON stdout as noise, and exits with the server’s code', async () => {
    const file = traceFile();
    const script =
      "process.stdin.on('data', d => process.stdout.write(d)); process.stdin.on('end', () => { process.stdout.write('not json\\n'); process.stderr.write('bye\\n'); process.exit(7); });";
    const child = spawn(process.execPath, [CLI, 'tap', '--trace', file, '--', process.execPath, '-e', script], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const input = '{"jsonrpc":"2.0","id":1,"method":"ping"}\n{"jsonrpc":"2.0","method":"notifications/x","params":{"ü":"✓"}}\n';
    child.stdin.end(input);
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    assert.equal(code, 7);
    assert.equal(stdout, `${input}not json\n`);
    assert.match(stderr, /^bye$/m);
    const events = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { kind: string; source?: string; line?: string; method?: string });
    assert.ok(events.some((event) => event.kind === 'stderr' && event.source === 'stdout-garbage' && event.line === 'not json'));
    assert.ok(events.some((event) => event.kind === 'stderr' && event.source === 'stderr' && event.line === 'bye'));
    assert.equal(events.filter((event) => event.kind === 'message-out').length, 2);
  });

  it('a command that does not exist: one clear line on stderr, exit 1, no hang', async () => {
    const file = traceFile();
    const child = spawn(process.execPath, [CLI, 'tap', '--trace', file, '--', 'definitely-not-a-command-mcpsi'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    assert.equal(code, 1);
    assert.match(stderr, /cannot start the server: command not found: definitely-not-a-command-mcpsi/);
    assert.ok(existsSync(file));
  });
});
