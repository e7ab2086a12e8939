import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../../fixtures/support/cli';
import { startNginx, type RunningNginx } from '../../fixtures/support/nginx';
import { openSession, post, rpc, sessionHeaders } from '../../fixtures/support/rawClient';
import { freePort, startNodeServer, type RunningServer } from '../../fixtures/support/servers';

const INSTANCE = resolve('out/test/fixtures/servers/otelInstance.js');

interface AnalyzedFinding {
  rule: string;
  severity: string;
  message: string;
  sessionId?: string;
  evidence: Array<{ summary: string; instance?: string; spanId?: string; traceId?: string; line?: number }>;
}

async function analyzeJson(file: string): Promise<{ code: number | null; findings: AnalyzedFinding[]; instances: string[]; format: string }> {
  const run = await runCli(['analyze', file, '--json'], 30_000);
  assert.equal(run.stderr, '', run.stderr);
  const result = JSON.parse(run.stdout) as { findings: AnalyzedFinding[]; instances: string[]; format: string };
  return { code: run.code, ...result };
}

/** Sends `count` tools/list requests on a session and returns their HTTP statuses. */
async function requests(url: string, sessionId: string, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) statuses.push((await post(url, rpc('tools/list'), sessionHeaders(sessionId))).status);
  return statuses;
}

describe('analyze: OTLP JSON trace exports of a fleet', function () {
  this.timeout(90_000);
  let dir: string;
  const running: Array<RunningServer | RunningNginx> = [];
  const instance = async (name: string, file: string, extra: string[] = [], port?: number) => {
    const server = await startNodeServer(INSTANCE, ['--instance', name, '--file', file, ...extra], '/mcp', port);
    running.push(server);
    return server;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mcp-otel-fleet-'));
  });
  afterEach(async () => {
    for (const part of running.splice(0).reverse()) await part.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('two replicas behind round-robin nginx: session-affinity names both instances, the session and the spans', async () => {
    const [fileA, fileB] = [join(dir, 'a.jsonl'), join(dir, 'b.jsonl')];
    const a = await instance('replica-a', fileA);
    const b = await instance('replica-b', fileB);
    const nginx = await startNginx({ upstreams: [`127.0.0.1:${a.port}`, `127.0.0.1:${b.port}`], buffering: false });
    running.push(nginx);
    const url = `http://127.0.0.1:${nginx.port}/mcp`;
    const { sessionId } = await openSession(url);
    assert.ok(sessionId);
    const statuses = await requests(url, sessionId, 4);
    assert.ok(statuses.includes(404), `round robin sent the session to the other replica: ${statuses.join(',')}`);
    const combined = join(dir, 'fleet.jsonl');
    writeFileSync(combined, readFileSync(fileA, 'utf8') + readFileSync(fileB, 'utf8'));

    const result = await analyzeJson(combined);
    assert.equal(result.format, 'otlp');
    assert.deepEqual(result.instances, ['replica-a', 'replica-b']);
    const affinity = result.findings.find((finding) => finding.rule === 'session-affinity');
    assert.ok(affinity, JSON.stringify(result.findings));
    assert.match(affinity.message, /replica-a/);
    assert.match(affinity.message, /replica-b/);
    assert.match(affinity.message, new RegExp(sessionId));
    assert.equal(affinity.sessionId, sessionId);
    assert.deepEqual(new Set(affinity.evidence.map((evidence) => evidence.instance)), new Set(['replica-a', 'replica-b']));
    for (const evidence of affinity.evidence) {
      assert.match(evidence.spanId ?? '', /^[0-9a-f]{16}$/);
      assert.match(evidence.traceId ?? '', /^[0-9a-f]{32}$/);
      assert.ok(evidence.line && evidence.line >= 1);
    }
    assert.equal(result.code, 1, 'an error finding exits 1');
    assert.ok(!result.findings.some((finding) => finding.rule === 'unknown-session'), 'no restart happened');

    // The same spans as one OTLP-JSON document (a tracing backend's download) read the same.
    const documents = readFileSync(combined, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { resourceSpans: unknown[] });
    const single = join(dir, 'download.json');
    writeFileSync(single, JSON.stringify({ resourceSpans: documents.flatMap((document) => document.resourceSpans) }, null, 2));
    const download = await analyzeJson(single);
    assert.deepEqual(
      download.findings.map((finding) => finding.rule),
      result.findings.map((finding) => finding.rule),
    );

    // Text output lists the instances and the spans to look up.
    const text = await runCli(['analyze', combined, '--no-color'], 30_000);
    assert.match(text.stdout, /MCP spans from 2 instance\(s\) \(replica-a, replica-b\)/);
    assert.match(text.stdout, /session-affinity/);
    assert.match(text.stdout, /replica-b, span [0-9a-f]{16} trace [0-9a-f]{32}/);
  });

  it('a replica that restarts: unknown-session, cause instance restarted, naming it', async () => {
    const file = join(dir, 'spans.jsonl');
    const port = await freePort();
    const first = await instance('replica-a', file, [], port);
    const { sessionId } = await openSession(first.url);
    assert.ok(sessionId);
    assert.deepEqual(await requests(first.url, sessionId, 1), [200]);
    await first.stop();
    const second = await instance('replica-a', file, [], port);
    assert.deepEqual(await requests(second.url, sessionId, 1), [404]);

    const result = await analyzeJson(file);
    const lost = result.findings.find((finding) => finding.rule === 'unknown-session');
    assert.ok(lost, JSON.stringify(result.findings));
    assert.match(lost.message, /Instance restarted: replica-a/);
    assert.equal(lost.sessionId, sessionId);
    assert.ok(!result.findings.some((finding) => finding.rule === 'session-affinity'), 'one instance, no affinity problem');
  });

  it('sessions that die after the same idle time: stream-idle-timeout with that time', async () => {
    const file = join(dir, 'spans.jsonl');
    const server = await instance('replica-a', file, ['--idle-ms', '1000']);
    const sessions = [(await openSession(server.url)).sessionId, (await openSession(server.url)).sessionId] as string[];
    await new Promise((done) => setTimeout(done, 2000));
    for (const session of sessions) assert.deepEqual(await requests(server.url, session, 1), [404]);

    const result = await analyzeJson(file);
    const idle = result.findings.find((finding) => finding.rule === 'stream-idle-timeout');
    assert.ok(idle, JSON.stringify(result.findings));
    assert.match(idle.message, /after about \d+(\.\d)? s idle/);
    for (const session of sessions) assert.match(idle.message, new RegExp(session));
    assert.ok(!result.findings.some((finding) => finding.rule === 'unknown-session' || finding.rule === 'session-affinity'), JSON.stringify(result.findings));
  });

  it('a healthy single instance exports spans and raises no alarm', async () => {
    const file = join(dir, 'spans.jsonl');
    const server = await instance('replica-a', file);
    for (let round = 0; round < 2; round++) {
      const { sessionId } = await openSession(server.url);
      assert.ok(sessionId);
      assert.deepEqual(await requests(server.url, sessionId, 3), [200, 200, 200]);
      assert.equal((await fetch(server.url, { method: 'DELETE', headers: sessionHeaders(sessionId) })).status, 200);
    }
    const result = await analyzeJson(file);
    assert.deepEqual(result.instances, ['replica-a']);
    assert.deepEqual(result.findings, []);
    assert.equal(result.code, 0);
  });
});
