// The secrets canary suite. A distinct canary enters by every way a secret can reach the
// inspector — a credential query parameter, URL userinfo, a configured header, env, an envFile
// (read with the config, and read only when the server is spawned), an `${input:…}` value, a
// client's Authorization header through the tap, and servers that echo them in an error body, an
// SSE event, stderr, stdout and their instructions — and every path is run: success, wrong path
// (404), dead port, DNS failure, TLS failure, a non-MCP endpoint, timeout, a refused handshake,
// the session check, the tap (HTTP and stdio), the OpenTelemetry export and analyze of a HAR holding the
// tokens. Every output byte
// is kept (CLI stdout and stderr, --json, --sarif, --trace JSONL, the model, HAR export, the tap's
// output and trace file) and searched for the canaries.

import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseMcpJson } from '../../../src/core/config';
import type { ServerConfig } from '../../../src/core/config/types';
import type { InspectedConnection } from '../../../src/core/connection/types';
import { modelToJson } from '../../../src/core/model';
import { traceToHar } from '../../../src/core/trace/harExport';
import { startEchoCredentials } from '../../fixtures/faults/echoCredentials';
import { startHandshakeHang } from '../../fixtures/faults/handshakeHang';
import { startSessionsLost } from '../../fixtures/faults/sessionsLost';
import { runCli, type CliRun } from '../../fixtures/support/cli';
import { startOtlpReceiver } from '../../fixtures/support/otlpReceiver';
import { openSession, post, rpc, sessionHeaders } from '../../fixtures/support/rawClient';
import { Cleanups, engine, waitUntil } from '../../fixtures/support/ruleHarness';
import { freePort, waitFor } from '../../fixtures/support/servers';

const CLI = resolve('dist/cli.js');
const LEAKY = resolve('out/test/fixtures/servers/leakyStdio.js');

/** One canary per way in; each holds "Cnry", which nothing else the tests print does. */
const CANARY = {
  query: 'sk-Cnry-query-7Qx1',
  userinfo: 'pw-Cnry-userinfo-8Wz2',
  header: 'key-Cnry-header-9Er3',
  bearer: 'tok-Cnry-bearer-1Ty4',
  env: 'env-Cnry-2Ui5x',
  envFile: 'file-Cnry-3Op6x',
  input: 'in-Cnry-4As7x',
};
const USER = 'canary-user';
/** The userinfo as it travels: Basic base64("user:password"). */
const BASIC = Buffer.from(`${USER}:${CANARY.userinfo}`).toString('base64');

/** Fails with the place and the text around the first canary found. */
function assertClean(where: string, text: string): void {
  const at = text.search(/cnry/i);
  const basicAt = text.indexOf(BASIC);
  const found = at >= 0 ? at : basicAt;
  assert.ok(found < 0, `${where} leaks a secret: …${text.slice(Math.max(0, found - 120), found + 80)}…`);
}

/** `base` with the userinfo and query canaries. */
function credentialed(base: string): string {
  const url = new URL(base);
  url.username = USER;
  url.password = CANARY.userinfo;
  url.searchParams.set('api_key', CANARY.query);
  return url.href;
}

const HEADER_ARGS = ['--header', `X-Api-Key: ${CANARY.header}`];

interface Outcome {
  where: string;
  text: string;
  run?: CliRun;
}

/** Runs CLI invocations a few at a time (the machine is shared); each outcome holds stdout, stderr and its --trace file. */
async function runAll(dir: string, runs: Array<{ where: string; args: string[]; stopAfterMs?: number; trace?: boolean }>): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < runs.length) {
      const index = next++;
      const { where, args, stopAfterMs, trace } = runs[index];
      const traceFile = join(dir, `run-${index}.jsonl`);
      const run = await runCli([...args, ...(trace ? ['--trace', traceFile] : [])], stopAfterMs ?? 30_000, stopAfterMs ? 'SIGINT' : 'SIGKILL');
      const traced = trace && existsSync(traceFile) ? readFileSync(traceFile, 'utf8') : '';
      outcomes[index] = { where, text: `${run.stdout}\n${run.stderr}\n${traced}`, run };
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return outcomes;
}

/** A web server that is not MCP and reflects the request URL in its page, as many do. */
async function startHtmlSite(): Promise<{ url: string; stop(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(`<html><body>Welcome! You asked for ${request.url} with ${request.headers.authorization ?? 'no authorization'}</body></html>`);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/mcp`, stop: () => new Promise((done) => server.close(() => done())) };
}

/** Everything an in-process connection produced: trace, spill file, HAR export, model. */
function connectionOutputs(where: string, conn: InspectedConnection, spill: string): Outcome[] {
  const events = conn.trace.events();
  return [
    { where: `${where}: trace`, text: JSON.stringify(events) },
    { where: `${where}: JSONL spill`, text: existsSync(spill) ? readFileSync(spill, 'utf8') : '' },
    { where: `${where}: HAR export`, text: JSON.stringify(traceToHar(events, '0')) },
    { where: `${where}: model`, text: JSON.stringify(modelToJson(conn.model)) + JSON.stringify(conn.findings()) },
  ];
}

describe('secrets canary: no secret on any path', function () {
  this.timeout(120_000);
  const cleanups = new Cleanups();
  after(() => cleanups.run());
  const dir = mkdtempSync(join(tmpdir(), 'mcpsi-canary-'));

  it('HTTP (query, userinfo, header; servers echoing them in an SSE event and an error body): every CLI path and output', async () => {
    const echo = cleanups.add(await startEchoCredentials(), (f) => f.stop());
    const refusing = cleanups.add(await startEchoCredentials({ mode: 'refuse' }), (f) => f.stop());
    const hang = cleanups.add(await startHandshakeHang(), (f) => f.stop());
    const site = cleanups.add(await startHtmlSite(), (s) => s.stop());
    const deadPort = await freePort();
    const targets = {
      success: credentialed(echo.url),
      refused: credentialed(refusing.url),
      wrongPath: credentialed(echo.url.replace('/mcp', '/wrongpath')),
      deadPort: credentialed(`http://127.0.0.1:${deadPort}/mcp`),
      dns: credentialed('http://mcp-server.canary-test.invalid/mcp'),
      tls: credentialed(echo.url.replace('http:', 'https:')),
      nonMcp: credentialed(site.url),
      timeout: credentialed(hang.url),
    };
    const runs: Array<{ where: string; args: string[]; stopAfterMs?: number; trace?: boolean }> = [];
    for (const [path, url] of Object.entries(targets)) {
      const timeout = path === 'timeout' ? ['--timeout', '1500ms'] : ['--timeout', '5s'];
      runs.push({ where: `status ${path}`, args: ['status', url, ...HEADER_ARGS, ...timeout], trace: true });
      runs.push({ where: `status --json ${path}`, args: ['status', url, '--json', ...HEADER_ARGS, ...timeout] });
      runs.push({ where: `check --json --verbose ${path}`, args: ['check', url, '--json', '--verbose', ...HEADER_ARGS, ...timeout] });
    }
    for (const path of ['success', 'refused'] as const) {
      runs.push({ where: `check --sarif ${path}`, args: ['check', targets[path], '--sarif', ...HEADER_ARGS] });
      runs.push({ where: `check --verbose ${path}`, args: ['check', targets[path], '--verbose', '--no-color', ...HEADER_ARGS] });
      runs.push({ where: `watch --json ${path}`, args: ['watch', targets[path], '--json', ...HEADER_ARGS], stopAfterMs: 4000, trace: true });
      runs.push({ where: `watch ${path}`, args: ['watch', targets[path], '--no-color', ...HEADER_ARGS], stopAfterMs: 4000 });
    }
    // A configured Authorization header instead (it wins over the URL's userinfo, as with curl).
    const bearer = ['--header', `Authorization: Bearer ${CANARY.bearer}`];
    for (const path of ['success', 'refused'] as const) {
      runs.push({
        where: `watch --json ${path} (bearer)`,
        args: ['watch', targets[path], '--json', ...HEADER_ARGS, ...bearer],
        stopAfterMs: 4000,
        trace: true,
      });
      runs.push({ where: `check --json --verbose ${path} (bearer)`, args: ['check', targets[path], '--json', '--verbose', ...HEADER_ARGS, ...bearer] });
    }
    const outcomes = await runAll(dir, runs);

    // The paths really ran: the secrets went on the wire (userinfo as Basic) and came back echoed.
    const byWhere = new Map(outcomes.map((outcome) => [outcome.where, outcome]));
    const received = echo.logs.join('\n');
    for (const secret of [CANARY.query, CANARY.header, CANARY.userinfo, CANARY.bearer])
      assert.ok(received.includes(secret), `the server received ${secret}: ${received.slice(0, 300)}`);
    assert.match(byWhere.get('status success')?.text ?? '', /handshake\s+ready/);
    assert.match(byWhere.get('watch --json success')?.text ?? '', /received[^\n]*<redacted>/, 'the echo in an SSE event reached the trace, redacted');
    assert.match(byWhere.get('status refused')?.text ?? '', /401/);
    assert.match(byWhere.get('status wrongPath')?.text ?? '', /404/);
    assert.match(byWhere.get('status deadPort')?.text ?? '', /refused/);
    assert.match(byWhere.get('status timeout')?.text ?? '', /no answer to the handshake/);
    for (const path of Object.keys(targets))
      assert.equal(byWhere.get(`status ${path}`)?.run?.code === 2, path !== 'success', `status ${path} exit code: ${byWhere.get(`status ${path}`)?.text}`);
    if (process.env.SHOW_CANARY_OUTPUT) for (const outcome of outcomes) process.stderr.write(`\n==== ${outcome.where}\n${outcome.text.slice(0, 1500)}\n`);
    for (const outcome of outcomes) assertClean(`mcp-session-inspector ${outcome.where}`, outcome.text);

    // analyze of the traces these runs wrote.
    const traced = outcomes.map((_, index) => join(dir, `run-${index}.jsonl`)).filter((file) => existsSync(file));
    const analyzed = await Promise.all(traced.slice(0, 4).map((file) => runCli(['analyze', file, '--json'])));
    for (const run of analyzed) assertClean('analyze --json of a CLI trace', run.stdout + run.stderr);
  });

  it('stdio (env, envFile read with the config and at spawn, an input): success, exit before the handshake, timeout; engine and CLI', async () => {
    const envFile = join(dir, 'server.env');
    writeFileSync(envFile, `# the server's secret\nSERVICE_SECRET="${CANARY.envFile}"\n`);
    const mcpJson = join(dir, 'mcp.json');
    const server = (mode: string) => ({
      type: 'stdio',
      command: process.execPath,
      args: [LEAKY, ...(mode ? [mode] : []), '${input:tok}'],
      env: { API_TOKEN: CANARY.env },
      envFile,
    });
    const text = JSON.stringify({
      inputs: [{ type: 'promptString', id: 'tok', password: true }],
      servers: { serve: server(''), exits: server('--exit'), hangs: server('--hang') },
    });
    writeFileSync(mcpJson, text);
    const parse = (readEnvFiles: boolean) =>
      parseMcpJson(text, { file: mcpJson, workspaceFolder: dir, env: process.env, inputs: { tok: CANARY.input }, readEnvFiles }).servers;
    const atConfig = parse(true);
    const atSpawn = parse(false);
    assert.ok(
      atSpawn.every((config) => !JSON.stringify(config.env).includes(CANARY.envFile)),
      'without reading, the envFile is read only at spawn',
    );

    const outcomes: Outcome[] = [];
    const connect = async (where: string, config: ServerConfig) => {
      const spill = join(dir, `${where.replace(/\W+/g, '-')}.jsonl`);
      const conn = engine(cleanups, config, { traceSpillFile: spill, requestTimeoutMs: config.name === 'hangs' ? 2000 : 15_000 });
      await conn.connect();
      if (config.name === 'serve') {
        assert.equal(conn.model.handshake.state, 'ready', conn.model.handshake.reason);
        await waitUntil(() => conn.trace.events().some((event) => event.kind === 'stderr' && /starting with/.test(event.line)), 5000, 'the stderr line');
      } else {
        assert.equal(conn.model.handshake.state, 'failed');
        if (config.name === 'exits')
          await waitUntil(() => conn.trace.events().some((event) => event.kind === 'stderr' && /fatal/.test(event.line)), 5000, 'the fatal line');
      }
      await conn.dispose();
      outcomes.push(...connectionOutputs(where, conn, spill));
    };
    await Promise.all([
      ...atConfig.map((config) => connect(`${config.name} (envFile read with the config)`, config)),
      ...atSpawn.map((config) => connect(`${config.name} (envFile read at spawn)`, config)),
    ]);
    const runs = ['serve', 'exits', 'hangs'].map((name) => ({
      where: `status --config ${name}`,
      args: ['status', name, '--config', mcpJson, '--json', '--timeout', name === 'hangs' ? '2s' : '15s'],
      trace: true,
    }));
    outcomes.push(...(await runAll(dir, runs)));
    assert.ok(
      outcomes.some((outcome) => outcome.text.includes('Logged in with')),
      'the instructions echoing the secrets were seen',
    );
    for (const outcome of outcomes) assertClean(outcome.where, outcome.text);
  });

  it('HTTP with an ${input:…} header value: success and refused handshake through the engine (trace, HAR export, model)', async () => {
    const echo = cleanups.add(await startEchoCredentials(), (f) => f.stop());
    const refusing = cleanups.add(await startEchoCredentials({ mode: 'refuse' }), (f) => f.stop());
    const text = JSON.stringify({
      inputs: [{ type: 'promptString', id: 'key', password: true }],
      servers: {
        ok: { type: 'http', url: credentialed(echo.url), headers: { 'X-Api-Key': '${input:key}' } },
        refused: { type: 'http', url: credentialed(refusing.url), headers: { 'X-Api-Key': '${input:key}' } },
      },
    });
    const outcomes: Outcome[] = [];
    await Promise.all(
      parseMcpJson(text, { inputs: { key: CANARY.input } }).servers.map(async (config) => {
        const spill = join(dir, `input-${config.name}.jsonl`);
        const conn = engine(cleanups, config, { traceSpillFile: spill });
        await conn.connect();
        if (config.name === 'ok')
          await waitUntil(() => conn.trace.events().some((event) => event.kind === 'sse-event' && /received/.test(event.data ?? '')), 5000, 'the echo');
        else assert.equal(conn.model.handshake.state, 'failed');
        await conn.checkHealth();
        await conn.dispose();
        outcomes.push(...connectionOutputs(`input header, ${config.name}`, conn, spill));
      }),
    );
    assert.ok(echo.logs.join('\n').includes(CANARY.input), 'the input value went on the wire');
    for (const outcome of outcomes) assertClean(outcome.where, outcome.text);
  });

  it('tap: HTTP (clients with a Bearer token, or none so the URL userinfo is sent) and stdio (env): its output and trace', async () => {
    const echo = cleanups.add(await startEchoCredentials(), (f) => f.stop());
    const refusing = cleanups.add(await startEchoCredentials({ mode: 'refuse' }), (f) => f.stop());
    const deadPort = await freePort();
    const tapThrough = async (where: string, target: string): Promise<Outcome[]> => {
      const trace = join(dir, `tap-${where}.jsonl`);
      const child = spawn(process.execPath, [CLI, 'tap', target, '--json', '--trace', trace], { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise((done) => child.once('exit', done));
      try {
        await waitFor(() => output.includes('"listening"'), 10_000, 'the tap to listen');
        const listening = JSON.parse(output.split('\n').find((line) => line.includes('"listening"')) as string) as { url: string };
        const url = listening.url.replace('<redacted>', CANARY.query);
        const clientHeaders: Array<Record<string, string>> = [
          { Authorization: `Bearer ${CANARY.bearer}`, 'X-Api-Key': CANARY.header },
          { 'X-Api-Key': CANARY.header },
        ];
        for (const headers of clientHeaders) {
          const conn = engine(cleanups, { name: 'client', type: 'http', url, headers, source: { kind: 'cli' } }, { requestTimeoutMs: 3000 });
          await conn.connect();
          if (where === 'success')
            await waitUntil(
              () => conn.trace.events().some((event) => event.kind === 'sse-event' && /received/.test(event.data ?? '')),
              5000,
              'the echo through the tap',
            );
          await conn.dispose();
        }
        child.kill('SIGINT');
        await exited;
        return [
          { where: `tap ${where}: stdout and stderr`, text: output },
          { where: `tap ${where}: trace file`, text: existsSync(trace) ? readFileSync(trace, 'utf8') : '' },
        ];
      } finally {
        child.kill('SIGKILL');
      }
    };
    const stdioTrace = join(dir, 'tap-stdio.jsonl');
    // Two Node processes start before the handshake (the tap, then the server): a loaded machine needs more than 5 s.
    const stdioTap = async (): Promise<Outcome[]> => {
      const conn = engine(
        cleanups,
        {
          name: 'stdio-client',
          type: 'stdio',
          command: process.execPath,
          args: [CLI, 'tap', '--trace', stdioTrace, '--', process.execPath, LEAKY],
          env: { API_TOKEN: CANARY.env },
          source: { kind: 'cli' },
        },
        { requestTimeoutMs: 20_000 },
      );
      await conn.connect();
      assert.equal(conn.model.handshake.state, 'ready', conn.model.handshake.reason);
      await conn.dispose();
      // The tap's stdout is the server's protocol stream and its stderr carries the server's own
      // stderr, both passed through unchanged; what the tap itself writes is its trace and its own lines.
      const ownLines = conn.trace
        .events()
        .flatMap((event) => (event.kind === 'stderr' && event.line.includes('[mcp-session-inspector tap]') ? [event.line] : []));
      return [
        { where: 'tap stdio: trace file', text: readFileSync(stdioTrace, 'utf8') },
        { where: 'tap stdio: its own lines', text: ownLines.join('\n') },
      ];
    };
    const outcomes = (
      await Promise.all([
        tapThrough('success', credentialed(echo.url)),
        tapThrough('refused', credentialed(refusing.url)),
        tapThrough('dead-port', credentialed(`http://127.0.0.1:${deadPort}/mcp`)),
        stdioTap(),
      ])
    ).flat();
    const received = echo.logs.join('\n');
    for (const secret of [CANARY.bearer, CANARY.userinfo, CANARY.query]) assert.ok(received.includes(secret), `the server received ${secret} through the tap`);
    assert.ok(readFileSync(stdioTrace, 'utf8').includes('Logged in with'), 'the stdio tap recorded the server echoing its env');
    for (const outcome of outcomes) assertClean(outcome.where, outcome.text);
  });

  it('OpenTelemetry export: what watch and tap send to a collector carries no secret', async () => {
    const fixture = cleanups.add(await startSessionsLost(), (f) => f.stop());
    const receiver = cleanups.add(await startOtlpReceiver(), (r) => r.close());
    const url = `${fixture.url}?api_key=${CANARY.query}`;
    const headerFlags = ['--header', `Authorization: Bearer ${CANARY.bearer}`, ...HEADER_ARGS];
    const watched = await runCli(['watch', url, ...headerFlags, '--otlp', receiver.url], 4000, 'SIGINT');
    assertClean('watch --otlp output', watched.stdout + watched.stderr);

    const tap = spawn(process.execPath, [CLI, 'tap', url, '--json', '--otlp', receiver.url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    tap.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    tap.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((done) => tap.once('exit', done));
    try {
      await waitFor(() => output.includes('"listening"'), 10_000, 'the tap to listen');
      const listening = JSON.parse(output.split('\n').find((line) => line.includes('"listening"')) as string) as { url: string };
      const tapUrl = listening.url.replace('<redacted>', CANARY.query);
      const secretHeaders = { authorization: `Bearer ${CANARY.bearer}`, 'x-api-key': CANARY.header };
      const { sessionId } = await openSession(tapUrl, secretHeaders);
      assert.ok(sessionId);
      await post(tapUrl, rpc('tools/call', { name: 'echo', arguments: { text: `key ${CANARY.header}` } }), sessionHeaders(sessionId, secretHeaders));
    } finally {
      tap.kill('SIGINT');
      await exited;
    }
    await waitUntil(() => receiver.spans().some((span) => span.name === 'tools/call echo'), 10_000, 'the tap’s spans');
    assert.ok(
      receiver.spans().some((span) => span.name === 'initialize'),
      'watch exported too',
    );
    assertClean('the OTLP requests', receiver.raw.join('\n'));
    assertClean('tap --otlp output', output);
  });

  it('analyze of a HAR holding the tokens (Authorization, a query token, echoed in an error body and an SSE event)', async () => {
    const har = join(dir, 'browser.har');
    const url = `http://127.0.0.1:9/mcp?api_key=${CANARY.query}`;
    const echoed = `token ${CANARY.bearer} key ${CANARY.header} query ${CANARY.query}`;
    const requestHeaders = [
      { name: 'Authorization', value: `Bearer ${CANARY.bearer}` },
      { name: 'X-Api-Key', value: CANARY.header },
      { name: 'Content-Type', value: 'application/json' },
      { name: 'Accept', value: 'application/json, text/event-stream' },
    ];
    const initialize = JSON.stringify({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'browser', version: '1' } },
    });
    const entry = (at: number, status: number, mimeType: string, text: string, extra: Array<{ name: string; value: string }> = []) => ({
      startedDateTime: new Date(Date.UTC(2026, 0, 1, 0, 0, at)).toISOString(),
      time: 20,
      request: { method: 'POST', url, headers: requestHeaders, postData: { mimeType: 'application/json', text: initialize } },
      response: { status, statusText: '', headers: [{ name: 'Content-Type', value: mimeType }, ...extra], content: { mimeType, text } },
      timings: { send: 1, wait: 10, receive: 9 },
    });
    writeFileSync(
      har,
      JSON.stringify({
        log: {
          version: '1.2',
          creator: { name: 'browser', version: '1' },
          entries: [
            entry(0, 401, 'application/json', JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32001, message: `Unauthorized: ${echoed}` } })),
            entry(
              1,
              200,
              'text/event-stream',
              `event: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', id: 0, result: { protocolVersion: '2025-06-18', capabilities: {}, serverInfo: { name: 'echo', version: '1' }, instructions: `Logged in with ${echoed}` } })}\n\n`,
              [{ name: 'Mcp-Session-Id', value: 'abc' }],
            ),
          ],
        },
      }),
    );
    const runs = await Promise.all(
      [
        ['analyze', har, '--json'],
        ['analyze', har, '--sarif'],
        ['analyze', har, '--no-color'],
      ].map((args) => runCli(args)),
    );
    assert.match(runs[0].stdout, /"mcpEntries": 2/);
    runs.forEach((run, index) => assertClean(`analyze of the HAR (${index})`, `${run.stdout}\n${run.stderr}`));
  });
});
