import * as assert from 'node:assert/strict';
import { traceEventProblem } from '../../../src/core/analyze/jsonl';

describe('analyze: a JSONL line that is not a usable trace event is skipped with a reason, never a crash', () => {
  const t = '2026-11-29T12:00:00.000Z';
  it('requires what the rules read of requests and responses', () => {
    assert.equal(traceEventProblem({ kind: 'http-request', t, exchange: 1, headers: {} }), 'http-request without method or url');
    assert.equal(traceEventProblem({ kind: 'http-request', t, exchange: 1, headers: {}, method: 'POST', url: 7 }), 'http-request without method or url');
    assert.equal(traceEventProblem({ kind: 'http-response', t, exchange: 1, headers: {} }), 'http-response without status');
    assert.equal(traceEventProblem({ kind: 'http-request', t, exchange: 1, headers: {}, method: 'POST', url: 'http://x/mcp' }), undefined);
    assert.equal(traceEventProblem({ kind: 'http-response', t, exchange: 1, headers: {}, status: 200 }), undefined);
  });
});
