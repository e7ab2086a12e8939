// Secrets never leave redacted form: known secrets planted in headers, env, the URL query and
// message bodies appear in no trace, JSONL spill, HAR export, CLI JSON/SARIF or analyze output.

import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runDoctor } from '../../../src/core/doctor';
import { traceToHar } from '../../../src/core/trace/harExport';
import { startSessionsLost } from '../../fixtures/faults/sessionsLost';
import { runCli } from '../../fixtures/support/cli';
import { startOtlpReceiver } from '../../fixtures/support/otlpReceiver';
import { openSession, post, rpc, sessionHeaders } from '../../fixtures/support/rawClient';
import { Cleanups, engine, waitUntil } from '../../fixtures/support/ruleHarness';

const NOISY = resolve('out/test/fixtures/servers/noisyStdio.js');
const SECRETS = {
  bearer: 'sk-live-AUTHSECRET1234567890',
  apiKey: 'APIKEYSECRET4567890',
  query: 'QUERYSECRET7890123',
  env: 'ENVSECRET0001234',
};

function assertClean(where: string, text: string): void {
  for (const [kind, secret] of Object.entries(SECRETS)) assert.ok(!text.includes(secret), `${where} leaks the ${kind} secret`);
}

const cli = (args: string[]) => runCli(args, 4000, 'SIGINT');

describe('security: secrets stay redacted everywhere', function () {
  this.timeout(90_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());
  const dir = mkdtempSync(join(tmpdir(), 'mcpsi-secrets-'));

  it('HTTP: Authorization, an API-key header, a token in the URL, and the server echoing them in messages', async () => {
    const fixture = cleanups.add(await startSessionsLost(), (f) => f.stop());
    const url = `${fixture.url}?api_key=${SECRETS.query}`;
    const headers = { Authorization: `Bearer ${SECRETS.bearer}`, 'X-Api-Key': SECRETS.apiKey };
    const spill = join(dir, 'http.jsonl');
    const conn = engine(cleanups, { name: 'secretive', type: 'http', url, headers, source: { kind: 'cli' } }, { traceSpillFile: spill });
    await conn.connect();
    assert.equal(conn.model.handshake.state, 'ready', conn.model.handshake.reason);
    await waitUntil(() => conn.model.streams.some((stream) => stream.kind === 'get' && stream.state === 'open'), 5000, 'the GET stream');
    // The server logs what it received, secrets included (as careless servers do).
    const session = fixture.sessions.get(conn.model.session.id as string);
    await session?.server.server.sendLoggingMessage({ level: 'info', data: `headers: Authorization: Bearer ${SECRETS.bearer}; x-api-key=${SECRETS.apiKey}; url ${url}` });
    await waitUntil(() => conn.trace.events().some((event) => event.kind === 'sse-event' && /headers:/.test(event.data ?? '')), 5000, 'the echo');
    await conn.checkHealth();
    await conn.dispose();

    const trace = JSON.stringify(conn.trace.events());
    assertClean('the trace', trace);
    assert.ok(trace.includes('<redacted>'), 'redaction marks are visible');
    assertClean('the JSONL spill file', readFileSync(spill, 'utf8'));
    assertClean('the HAR export', JSON.stringify(traceToHar(conn.trace.events(), '0')));
    assertClean('the model', JSON.stringify(conn.model));

    const analyzed = await cli(['analyze', spill, '--json']);
    assertClean('analyze --json', analyzed.stdout + analyzed.stderr);
    const headerFlags = ['--header', `Authorization: Bearer ${SECRETS.bearer}`, '--header', `X-Api-Key: ${SECRETS.apiKey}`];
    for (const args of [['status', url, '--json'], ['watch', url, '--json'], ['watch', url], ['check', url, '--sarif'], ['check', url, '--json', '--verbose'], ['check', url, '--verbose']]) {
      const { stdout, stderr } = await cli([...args, ...headerFlags, '--trace', join(dir, 'cli.jsonl')]);
      assertClean(`mcp-session-inspector ${args.join(' ')}`, stdout + stderr);
    }
    assertClean('the CLI --trace file', readFileSync(join(dir, 'cli.jsonl'), 'utf8'));
    const report = await runDoctor(url, { headers, timeoutMs: 3000 });
    assertClean('the doctor report', JSON.stringify(report));
  });

  it('stdio: an env value the server prints on stderr', async () => {
    const spill = join(dir, 'stdio.jsonl');
    const conn = engine(cleanups, { name: 'env', type: 'stdio', command: process.execPath, args: [NOISY], env: { NOISY_API_TOKEN: SECRETS.env }, source: { kind: 'cli' } }, { traceSpillFile: spill });
    await conn.connect();
    await waitUntil(() => conn.trace.events().some((event) => event.kind === 'stderr' && /api token/.test(event.line)), 5000, 'the stderr line');
    await conn.dispose();
    assertClean('the stdio trace', JSON.stringify(conn.trace.events()));
    assertClean('the stdio spill file', readFileSync(spill, 'utf8'));
    assertClean('the model', JSON.stringify(conn.model));
  });

  it('OpenTelemetry export: what watch and tap send to a collector carries no secret', async () => {
    const fixture = cleanups.add(await startSessionsLost(), (f) => f.stop());
    const receiver = cleanups.add(await startOtlpReceiver(), (r) => r.close());
    const url = `${fixture.url}?api_key=${SECRETS.query}`;
    const headerFlags = ['--header', `Authorization: Bearer ${SECRETS.bearer}`, '--header', `X-Api-Key: ${SECRETS.apiKey}`];
    const watched = await cli(['watch', url, ...headerFlags, '--otlp', receiver.url]);
    assertClean('watch --otlp output', watched.stdout + watched.stderr);

    const { spawn } = await import('node:child_process');
    const tap = spawn(process.execPath, [resolve('dist/cli.js'), 'tap', url, '--json', '--otlp', receiver.url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    tap.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    tap.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((done) => tap.once('exit', done));
    try {
      await waitUntil(() => /"listening"/.test(output), 10_000, 'the tap to listen');
      const tapUrl = (JSON.parse(output.split('\n')[0]) as { url: string }).url.replace('%3Credacted%3E', SECRETS.query);
      const secretHeaders = { authorization: `Bearer ${SECRETS.bearer}`, 'x-api-key': SECRETS.apiKey };
      const { sessionId } = await openSession(tapUrl, secretHeaders);
      assert.ok(sessionId);
      await post(tapUrl, rpc('tools/call', { name: 'echo', arguments: { text: `key ${SECRETS.apiKey}` } }), sessionHeaders(sessionId, secretHeaders));
    } finally {
      tap.kill('SIGINT');
      await exited;
    }
    await waitUntil(() => receiver.spans().some((span) => span.name === 'tools/call echo'), 10_000, 'the tap’s spans');
    assert.ok(receiver.spans().some((span) => span.name === 'initialize'), 'watch exported too');
    assertClean('the OTLP requests', receiver.raw.join('\n'));
    assertClean('tap --otlp output', output);
  });
});
