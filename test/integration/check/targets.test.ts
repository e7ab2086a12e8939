// The session check against the SDK's example servers, a 2026-07-28 server and every fault
// fixture: the check that must catch each fault does, with the right rule; healthy servers get
// no failure. (server-everything is in sessionCheck.test.ts.)

import * as assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { runSessionCheck, type CheckStatus, type SessionCheckReport } from '../../../src/core/check';
import { startAffinityNginx } from '../../fixtures/faults/affinityNginx';
import { startBufferingNginx } from '../../fixtures/faults/bufferingNginx';
import { startCorsHidden } from '../../fixtures/faults/corsHidden';
import { startFailingResume } from '../../fixtures/faults/failingResume';
import { startOAuthProtected } from '../../fixtures/faults/oauthProtected';
import { startHandshakeHang } from '../../fixtures/faults/handshakeHang';
import { startHeadersIgnored } from '../../fixtures/faults/headersIgnored';
import { startReplacesGetStream } from '../../fixtures/faults/replacesGetStream';
import { startSharedSessionId } from '../../fixtures/faults/sharedSessionId';
import { startWaitsForInitialized } from '../../fixtures/faults/waitsForInitialized';
import { startIdleExpiry } from '../../fixtures/faults/idleExpiry';
import { startLegacySseMisroute } from '../../fixtures/faults/legacySseMisroute';
import { startNoEventIds } from '../../fixtures/faults/noEventIds';
import { startNotInitialized } from '../../fixtures/faults/notInitialized';
import { startOldProtocol } from '../../fixtures/faults/oldProtocol';
import { startOriginRejected } from '../../fixtures/faults/originRejected';
import { startPythonLegacySse } from '../../fixtures/faults/pythonLegacySse';
import { startSessionsLost } from '../../fixtures/faults/sessionsLost';
import { startStreamDrop } from '../../fixtures/faults/streamDrop';
import { requireNginx } from '../../fixtures/support/nginx';
import { startNodeServer, startSdkExample } from '../../fixtures/support/servers';

type Expected = Record<string, CheckStatus | [CheckStatus, string]>;

interface Target {
  name: string;
  start: () => Promise<{ url: string; stop(): Promise<void> }>;
  /** The checks that matter for this target: status, or [status, rule]. */
  expect: Expected;
  /** Healthy targets: every check is listed, and none may fail. */
  complete?: boolean;
  nginx?: boolean;
}

const SKIPPED_SESSION_CHECKS = {
  'missing-session-header': 'skip',
  'unknown-session': 'skip',
  'delete-session': 'skip',
  'get-stream': 'skip',
  'second-get-stream': 'skip',
  resumability: 'skip',
  'sse-priming': 'skip',
  'session-affinity': 'skip',
} as const;
// Without --allow-mutating no tool is called; these servers send nothing on an idle GET stream to time.
const NO_BUFFERING_TIMING = { buffering: 'skip' } as const;
const NO_OAUTH = { 'oauth-metadata': 'skip', 'oauth-pkce': 'skip', 'oauth-registration': 'skip', 'oauth-audience': 'skip' } as const;
const NO_LEGACY = { 'legacy-endpoint': 'skip', 'legacy-unknown-session': 'skip', 'cors-preflight': 'skip', 'cors-expose': 'skip' } as const;
const NO_STATELESS_ERA = {
  'stateless-headers': 'skip',
  'stateless-get-delete': 'skip',
  'stateless-initialize': 'skip',
  'unsupported-version': 'skip',
} as const;

const TARGETS: Target[] = [
  {
    name: 'SDK example: stateful Streamable HTTP (simpleStreamableHttp)',
    start: () => startSdkExample('simpleStreamableHttp'),
    complete: true,
    expect: {
      ...NO_BUFFERING_TIMING,
      ...NO_OAUTH,
      transport: 'pass',
      'session-issued': 'pass',
      'missing-session-header': 'pass',
      'unknown-session': 'pass',
      'delete-session': 'pass',
      'get-stream': 'pass',
      'second-get-stream': 'pass',
      resumability: 'pass',
      'sse-priming': ['warn', 'stream-not-resumable'],
      'origin-validation': ['warn', 'origin-not-validated'],
      'host-validation': 'pass',
      'protocol-version-header': 'pass',
      'request-before-initialized': 'pass',
      'session-affinity': 'pass',
      ...NO_LEGACY,
      ...NO_STATELESS_ERA,
    },
  },
  {
    name: 'SDK example: stateless (simpleStatelessStreamableHttp)',
    start: () => startSdkExample('simpleStatelessStreamableHttp'),
    complete: true,
    expect: {
      ...NO_BUFFERING_TIMING,
      ...NO_OAUTH,
      transport: 'pass',
      'session-issued': ['pass', 'stateless-server'],
      ...SKIPPED_SESSION_CHECKS,
      'origin-validation': 'warn',
      'host-validation': 'pass',
      'protocol-version-header': 'pass',
      'request-before-initialized': 'pass',
      ...NO_LEGACY,
      ...NO_STATELESS_ERA,
    },
  },
  {
    name: 'SDK example: JSON responses (jsonResponseStreamableHttp)',
    start: () => startSdkExample('jsonResponseStreamableHttp'),
    complete: true,
    // The example routes only POST by session: DELETE gets the router's 404.
    expect: {
      ...NO_BUFFERING_TIMING,
      ...NO_OAUTH,
      transport: 'pass',
      'session-issued': 'pass',
      'missing-session-header': 'pass',
      'unknown-session': 'pass',
      'delete-session': 'warn',
      'get-stream': 'pass',
      'second-get-stream': 'skip',
      resumability: 'skip',
      'sse-priming': 'skip',
      'origin-validation': 'warn',
      'host-validation': 'pass',
      'protocol-version-header': 'pass',
      'request-before-initialized': 'pass',
      'session-affinity': 'pass',
      ...NO_LEGACY,
      ...NO_STATELESS_ERA,
    },
  },
  {
    name: 'SDK example: legacy HTTP+SSE (simpleSseServer)',
    start: () => startSdkExample('simpleSseServer', '/mcp'),
    complete: true,
    expect: {
      ...NO_BUFFERING_TIMING,
      ...NO_OAUTH,
      transport: ['warn', 'legacy-transport'],
      'session-issued': 'skip',
      ...SKIPPED_SESSION_CHECKS,
      'cors-preflight': 'skip',
      'cors-expose': 'skip',
      'origin-validation': 'skip',
      'host-validation': 'skip',
      'protocol-version-header': 'skip',
      'request-before-initialized': 'skip',
      'legacy-endpoint': 'pass',
      'legacy-unknown-session': 'pass',
      ...NO_STATELESS_ERA,
    },
  },
  {
    name: 'a 2026-07-28 server (v2 SDK, stateless era)',
    start: () => startNodeServer(resolve('out/test/fixtures/servers/stateless2026.js')),
    complete: true,
    // It speaks both eras: the session era statelessly (no Mcp-Session-Id), and 2026-07-28.
    expect: {
      ...NO_BUFFERING_TIMING,
      ...NO_OAUTH,
      transport: 'pass',
      'session-issued': ['pass', 'stateless-server'],
      ...SKIPPED_SESSION_CHECKS,
      'origin-validation': 'warn',
      'host-validation': 'warn',
      'protocol-version-header': 'pass',
      'request-before-initialized': 'pass',
      ...NO_LEGACY,
      'stateless-headers': 'pass',
      'stateless-get-delete': 'pass',
      'stateless-initialize': 'pass',
      'unsupported-version': 'pass',
    },
  },
  // Sessions lost on restart need a restart to show: the live rules catch it (unknown-session).
  {
    name: 'fault sessionsLost (without a restart nothing is wrong yet)',
    start: () => startSessionsLost(),
    expect: { 'unknown-session': 'pass', 'delete-session': 'pass', resumability: ['warn', 'stream-not-resumable'] },
  },
  {
    name: 'fault idleExpiry: the idle GET stream is ended by the server',
    start: () => startIdleExpiry(),
    expect: { 'get-stream': ['warn', 'stream-dropped'] },
  },
  {
    name: 'fault notInitialized: an unknown session is answered "Server not initialized"',
    start: () => startNotInitialized(),
    expect: { 'unknown-session': ['fail', 'unknown-session-status'], 'delete-session': 'fail' },
  },
  {
    name: 'fault affinityNginx: two instances behind round-robin nginx',
    start: () => startAffinityNginx(),
    nginx: true,
    expect: { 'session-affinity': ['fail', 'session-affinity'] },
  },
  {
    name: 'fault legacySseMisroute: hand-written session tracking',
    start: () => startLegacySseMisroute(),
    expect: { transport: ['warn', 'legacy-transport'], 'legacy-endpoint': 'pass', 'legacy-unknown-session': ['warn', 'unknown-session-status'] },
  },
  {
    name: 'fault corsHidden: Mcp-Session-Id not exposed, preflight too narrow',
    start: () => startCorsHidden(),
    expect: { 'cors-expose': ['fail', 'cors-session-header-hidden'], 'cors-preflight': ['warn', 'cors-preflight-blocks-headers'] },
  },
  {
    name: 'fault originRejected: the Host the client sends is refused',
    start: () => startOriginRejected(),
    expect: { transport: ['fail', 'origin-rejected'] },
  },
  {
    name: 'fault oldProtocol: the negotiated version is refused by the HTTP layer',
    start: () => startOldProtocol(),
    expect: { 'protocol-version-header': ['fail', 'protocol-version-unsupported'] },
  },
  { name: 'fault streamDrop: the GET stream is cut', start: () => startStreamDrop(), expect: { 'get-stream': ['warn', 'stream-dropped'] } },
  { name: 'fault noEventIds: events carry no ids', start: () => startNoEventIds(), expect: { resumability: ['warn', 'stream-not-resumable'] } },
  { name: 'fault failingResume: Last-Event-ID replay fails', start: () => startFailingResume(), expect: { resumability: ['fail', 'stream-resume-failed'] } },
  {
    name: 'fault bufferingNginx: the stream is held back by a buffering proxy',
    start: () => startBufferingNginx(),
    nginx: true,
    expect: { 'get-stream': ['fail', 'stream-buffered'] },
  },
  {
    name: 'fault pythonLegacySse: the Python SDK’s legacy wire format',
    start: () => startPythonLegacySse(),
    expect: { transport: ['warn', 'legacy-transport'], 'legacy-endpoint': 'pass', 'legacy-unknown-session': 'pass' },
  },
  { name: 'fault handshakeHang: initialize is never answered', start: () => startHandshakeHang(), expect: { transport: ['fail', 'handshake-timeout'] } },
  {
    name: 'fault sharedSessionId: every client gets the same session id',
    start: () => startSharedSessionId(),
    expect: { 'session-issued': ['fail', 'session-cross-talk'] },
  },
  {
    name: 'fault waitsForInitialized: a request before notifications/initialized is held forever',
    start: () => startWaitsForInitialized(),
    expect: { 'request-before-initialized': ['fail', 'request-before-initialized'], 'unknown-session': 'pass' },
  },
  {
    name: 'replacesGetStream: a second GET stream replaces the first (no 409) — also a pass',
    start: () => startReplacesGetStream(),
    expect: { 'second-get-stream': 'pass', 'get-stream': 'pass' },
  },
  {
    name: 'fault headersIgnored: a 2026-07-28 server serves requests whose Mcp-Method/Mcp-Name disagree with the body',
    start: () => startHeadersIgnored(),
    expect: { 'stateless-headers': ['warn', 'header-mismatch-accepted'], 'stateless-get-delete': 'pass', 'unsupported-version': 'pass' },
  },
  {
    name: 'fault oauthProtected: OAuth in front of the session server; tokens for any resource accepted',
    start: () => startOAuthProtected(),
    expect: {
      transport: ['fail', 'auth-required'],
      'oauth-metadata': 'pass',
      'oauth-pkce': 'pass',
      'oauth-registration': 'pass',
      'oauth-audience': 'fail',
      'session-issued': 'skip',
    },
  },
];

function describeReport(report: SessionCheckReport): string {
  return report.checks.map((check) => `${check.id}=${check.status}${check.rule ? `(${check.rule})` : ''}: ${check.message.slice(0, 100)}`).join('\n  ');
}

describe('session check against SDK examples and every fault fixture', function () {
  this.timeout(60_000);
  for (const target of TARGETS) {
    it(target.name, async function () {
      if (target.nginx) requireNginx();
      const server = await target.start();
      try {
        const report = await runSessionCheck(server.url, { timeoutMs: 3000 });
        const byId = new Map(report.checks.map((check) => [check.id, check]));
        for (const [id, want] of Object.entries(target.expect)) {
          const [status, rule] = Array.isArray(want) ? want : [want, undefined];
          const check = byId.get(id);
          assert.equal(check?.status, status, `${id}:\n  ${describeReport(report)}`);
          if (rule) assert.equal(check?.rule, rule, `${id} rule`);
        }
        if (target.complete) {
          assert.deepEqual([...byId.keys()].sort(), Object.keys(target.expect).sort(), 'every check has an expectation');
          assert.ok(!report.checks.some((check) => check.status === 'fail'), `a healthy server failed:\n  ${describeReport(report)}`);
        }
        for (const check of report.checks) {
          assert.ok(check.message.length > 10, `${check.id} explains itself`);
          if (check.status !== 'skip') assert.ok(check.sent.length > 0 || check.id === 'transport', `${check.id} shows what it sent`);
        }
      } finally {
        await server.stop();
      }
    });
  }
});
