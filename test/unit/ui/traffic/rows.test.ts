import * as assert from 'node:assert/strict';
import { isExtensionMessage, parseViewState, parseWebviewMessage } from '../../../../media/webview/timeline/messages';
import type { Finding } from '../../../../src/core/model';
import type { TraceEvent } from '../../../../src/core/trace/events';
import { buildRows, RowBuilder, timelineFindings } from '../../../../src/ui/traffic/rows';

const SESSION = '3f2a9c0d1e2f4a5b6c7d8e9f00112233';
let seq = 0;
const at = (ms: number) => new Date(Date.UTC(2026, 10, 23, 5, 0, 0, ms)).toISOString();
const ev = (ms: number, event: Record<string, unknown>) => ({ seq: ++seq, t: at(ms), server: 'srv', client: 'inspector', ...event }) as TraceEvent;

function restartTrace(): TraceEvent[] {
  seq = 0;
  return [
    ev(0, {
      kind: 'http-request',
      exchange: 1,
      method: 'POST',
      url: 'http://h/mcp',
      headers: {},
      body: '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{}}',
    }),
    ev(0, { kind: 'message-out', id: 0, method: 'initialize', message: { jsonrpc: '2.0', id: 0, method: 'initialize' } }),
    ev(12, {
      kind: 'http-response',
      exchange: 1,
      status: 200,
      headers: { 'mcp-session-id': SESSION, 'content-type': 'application/json' },
      durationMs: 12,
      body: '{"jsonrpc":"2.0","id":0,"result":{}}',
    }),
    ev(13, { kind: 'message-in', id: 0, message: { jsonrpc: '2.0', id: 0, result: {} } }),
    ev(20, { kind: 'sse-event', exchange: 2, stream: 'get#2', streamKind: 'get', id: '7', data: '{"jsonrpc":"2.0","method":"notifications/message"}' }),
    ev(21, { kind: 'sse-event', exchange: 2, stream: 'get#2', streamKind: 'get', comment: 'keep-alive' }),
    ev(5000, {
      kind: 'http-request',
      exchange: 3,
      method: 'POST',
      url: 'http://h/mcp',
      headers: { 'mcp-session-id': SESSION },
      body: '{"jsonrpc":"2.0","id":1,"method":"ping"}',
    }),
    ev(5004, {
      kind: 'http-response',
      exchange: 3,
      status: 404,
      headers: {},
      durationMs: 4,
      body: '{"jsonrpc":"2.0","error":{"code":-32001,"message":"Session not found"},"id":null}',
    }),
    ev(5005, { kind: 'lifecycle', name: 'session-ended', detail: { id: SESSION, reason: 'unknown-to-server' } }),
    ev(5006, { kind: 'stderr', line: 'Starting…', source: 'stdout-garbage' }),
  ];
}

describe('traffic timeline rows', () => {
  it('pairs HTTP answers and JSON-RPC responses with their requests, with latency', () => {
    const rows = buildRows(restartTrace());
    const initialize = rows[0];
    assert.equal(initialize.lane, 'client');
    assert.equal(initialize.label, 'POST');
    assert.match(initialize.text, /\/mcp \(initialize #0\)/);
    assert.equal(initialize.meta, '→ 200 · 12 ms', 'the request row shows its answer');
    assert.equal(rows[1].meta, '→ 13 ms', 'the JSON-RPC request row shows its latency');
    assert.equal(rows[3].lane, 'server');
    assert.match(rows[3].meta ?? '', /initialize · 13 ms/);
  });

  it('marks session boundaries: issued, unknown to the server, ended', () => {
    const rows = buildRows(restartTrace());
    assert.equal(rows[2].sep, 'session-issued');
    assert.match(rows[2].text, new RegExp(`session ${SESSION} issued`));
    const unknown = rows.find((row) => row.sep === 'session-unknown');
    assert.ok(unknown, 'the 404 is a separator');
    assert.match(unknown.text, /unknown to the server: .*Session not found/);
    assert.equal(rows[6].tone, 'warning', 'the request that met a 404 is marked');
    assert.equal(rows.find((row) => row.sep === 'session-ended')?.tone, 'warning');
  });

  it('shows SSE ids, keep-alives dimmed, and stdout noise as a warning', () => {
    const rows = buildRows(restartTrace());
    assert.match(rows[4].text, /^id 7 · /);
    assert.equal(rows[5].tone, 'dim');
    assert.equal(rows.at(-1)?.label, 'stdout');
    assert.equal(rows.at(-1)?.tone, 'warning');
  });

  it('pins findings to the rows of their evidence', () => {
    const finding: Finding = {
      rule: 'unknown-session',
      severity: 'error',
      message: 'm',
      server: 'srv',
      evidence: [{ summary: 'POST /mcp → 404', seq: 8 }, { summary: 'issued' }],
      at: at(0),
      key: 'k',
    };
    assert.deepEqual(timelineFindings([finding]), [
      { key: 'k', rule: 'unknown-session', severity: 'error', message: 'm', seqs: [8], evidence: ['POST /mcp → 404', 'issued'] },
    ]);
  });

  it('keeps a finding that cleared, saying when', () => {
    const finding: Finding = {
      rule: 'unknown-session',
      severity: 'error',
      message: 'm',
      server: 'srv',
      evidence: [{ summary: 'POST /mcp → 404', seq: 8 }],
      at: at(0),
      clearedAt: '2026-01-01T10:00:05.250Z',
      key: 'k',
    };
    assert.equal(timelineFindings([finding])[0].message, 'm (cleared at 10:00:05.250)');
  });

  it('builds 100,000 rows with bounded pairing state', () => {
    const builder = new RowBuilder();
    let built = 0;
    for (let i = 0; i < 50_000; i++) {
      builder.add({ seq: i * 2 + 1, t: at(i), server: 's', kind: 'message-out', id: i, method: 'ping', message: {} } as TraceEvent);
      const { updates } = builder.add({ seq: i * 2 + 2, t: at(i + 1), server: 's', kind: 'message-in', id: i, message: {} } as TraceEvent);
      built += 2;
      if (i === 49_999) assert.equal(updates.length, 1);
    }
    assert.equal(built, 100_000);
  });
});

describe('timeline messages', () => {
  it('accepts only well-formed webview messages', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'requestDetails', seq: 4 }), { type: 'requestDetails', seq: 4 });
    assert.deepEqual(parseWebviewMessage({ type: 'openJsonl', extra: 1 }), { type: 'openJsonl' });
    for (const bad of [
      null,
      'ready',
      { type: 'requestDetails', seq: -1 },
      { type: 'requestDetails', seq: '4' },
      { type: 'openRule', rule: '../../etc/passwd' },
      { type: 'openRule', rule: 'x'.repeat(80) },
      { type: 'rendered', rows: 1 },
      { type: 'runCommand', command: 'rm' },
    ]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it('checks extension messages and restores view state defensively', () => {
    assert.equal(isExtensionMessage({ type: 'reveal', seq: 3 }), true);
    assert.equal(isExtensionMessage({ type: 'reveal' }), false);
    assert.deepEqual(parseViewState({ server: 's', filter: 'x'.repeat(500), hidden: ['sse', 'bogus'], paused: true }), {
      server: 's',
      filter: 'x'.repeat(200),
      hidden: ['sse'],
      paused: true,
    });
    assert.equal(parseViewState({ filter: 'no server' }), undefined);
  });
});
