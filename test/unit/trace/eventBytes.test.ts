import * as assert from 'node:assert/strict';
import { DEFAULT_TRACE_BYTES, EVENT_OVERHEAD_BYTES, estimateEventBytes } from '../../../src/core/trace/eventBytes';
import type { TraceEvent } from '../../../src/core/trace/events';

const base = { seq: 1, t: new Date(0).toISOString(), server: 's', client: 'inspector' };
const message = (kept: unknown): TraceEvent => ({ ...base, kind: 'message-in', message: kept });

describe('estimateEventBytes', () => {
  it('counts a body, a data payload and a line by their length', () => {
    const request = (body?: string): TraceEvent => ({ ...base, kind: 'http-request', exchange: 1, method: 'POST', url: 'http://h/mcp', headers: {}, body });
    assert.equal(estimateEventBytes(request('b'.repeat(60_000))) - estimateEventBytes(request('')), 60_000);
    const sse = (data: string): TraceEvent => ({ ...base, kind: 'sse-event', exchange: 1, stream: 'get#1', streamKind: 'get', data });
    assert.equal(estimateEventBytes(sse('d'.repeat(5000))) - estimateEventBytes(sse('')), 5000);
    const line = (text: string): TraceEvent => ({ ...base, kind: 'stderr', line: text, source: 'stderr' });
    assert.equal(estimateEventBytes(line('e'.repeat(700))) - estimateEventBytes(line('')), 700);
  });

  it('counts the strings and structure of a kept message, however deep, and a message kept as text', () => {
    const small = estimateEventBytes(message({ jsonrpc: '2.0', id: 1, method: 'ping' }));
    assert.ok(small >= EVENT_OVERHEAD_BYTES && small < 512, `a ping is a few hundred bytes, not ${small}`);
    const text = 't'.repeat(60_000);
    const result = { jsonrpc: '2.0', id: 2, result: { content: [{ type: 'text', text }] } };
    assert.ok(estimateEventBytes(message(result)) > 60_000);
    assert.ok(estimateEventBytes(message(JSON.stringify(result))) > 60_000);
  });

  it('counts lifecycle details and headers', () => {
    const lifecycle = (detail: Record<string, unknown>): TraceEvent => ({ ...base, kind: 'lifecycle', name: 'error', detail });
    assert.ok(estimateEventBytes(lifecycle({ message: 'm'.repeat(1000) })) - estimateEventBytes(lifecycle({ message: '' })) >= 1000);
    const response = (headers: Record<string, string>): TraceEvent => ({ ...base, kind: 'http-response', exchange: 1, status: 200, headers, durationMs: 1 });
    assert.ok(estimateEventBytes(response({ 'x-long': 'v'.repeat(2000) })) - estimateEventBytes(response({})) >= 2000);
  });

  it('keeps 10,000 ordinary events far inside the default budget', () => {
    const ping = estimateEventBytes(message({ jsonrpc: '2.0', id: 12345, method: 'ping' }));
    assert.ok(10_000 * ping * 10 < DEFAULT_TRACE_BYTES);
  });
});
