// The answer classifier's context rules that the field corpus does not isolate: a session counts
// only when the request carried one; "Method not found" is never a lost session; the era of the
// request decides what a session-era refusal means; SSE bodies are read like JSON ones.

import assert from 'node:assert/strict';
import { classify, isSessionLost, isUnboundError, readAnswer } from '../../../src/core/protocol/answers';
import { eraOfVersion, sessionIdOf, versionRefusesBatches } from '../../../src/core/protocol/eras';

const json = (code: number, message: string, id: unknown = null) => JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id });

describe('answer classifier', () => {
  it('a 400 "No valid session ID" is an unknown session only when the request carried one', () => {
    const answer = { status: 400, body: json(-32000, 'Bad Request: No valid session ID provided') };
    assert.equal(classify(answer, { method: 'POST', sessionId: 'abc' })?.kind, 'unknown-session');
    assert.equal(classify(answer, { method: 'POST' })?.kind, 'missing-session');
  });

  it('a 404 -32601 "Method not found" is an unknown method, never a lost session; a router 404 is not MCP', () => {
    assert.equal(isSessionLost({ status: 404, body: json(-32601, 'Method not found', 3) }, { method: 'POST', sessionId: 'abc' }), false);
    assert.equal(classify({ status: 404, body: json(-32601, 'Method not found', 3) }, { sessionId: 'abc' })?.kind, 'unknown-method');
    assert.equal(
      isSessionLost({ status: 404, headers: { 'content-type': 'text/html' }, body: '<html>Cannot POST /x</html>' }, { method: 'POST', sessionId: 'abc' }),
      false,
    );
    assert.equal(isSessionLost({ status: 404, body: json(-32001, 'Session not found') }, { method: 'POST', sessionId: 'abc' }), true);
  });

  it('reads the first SSE event of a streamed answer', () => {
    const body =
      'event: message\ndata: {"jsonrpc":"2.0","id":1,"error":{"code":-32020,"message":"Bad Request: the request headers and body disagree: the body names method a but the Mcp-Method header names b"}}\n\n';
    assert.equal(readAnswer(body).code, -32020);
    const verdict = classify(
      { status: 400, headers: { 'content-type': 'text/event-stream' }, body },
      { method: 'POST', rpcMethod: 'a', protocolVersion: '2026-07-28' },
    );
    assert.equal(verdict?.kind, 'header-mismatch');
    assert.equal(verdict?.header, 'Mcp-Method');
  });

  it('the v2 client probe refused by a session-era server is negotiation, not a finding', () => {
    assert.equal(
      classify(
        { status: 400, body: json(-32000, 'Bad Request: Server not initialized') },
        { method: 'POST', rpcMethod: 'server/discover', protocolVersion: '2026-07-28' },
      )?.kind,
      'discover-refused',
    );
  });

  it('the Python SDK placeholder id and a null id name no request', () => {
    assert.equal(isUnboundError('server-error', -32600), true);
    assert.equal(isUnboundError(null, -32000), true);
    assert.equal(isUnboundError('server-error', undefined), false);
    assert.equal(isUnboundError(7, -32600), false);
  });
});

describe('eras', () => {
  it('dates decide the era; a stateless-era request has no session', () => {
    assert.equal(eraOfVersion('2025-11-25'), 'session');
    assert.equal(eraOfVersion('2026-07-28'), 'stateless');
    assert.equal(eraOfVersion('latest'), undefined);
    assert.equal(sessionIdOf('abc', undefined, '2026-07-28'), undefined);
    assert.equal(sessionIdOf('abc', undefined, '2025-06-18'), 'abc');
    assert.equal(sessionIdOf(undefined, 'legacy', undefined), 'legacy');
    assert.equal(versionRefusesBatches('2025-03-26'), false);
    assert.equal(versionRefusesBatches('2025-06-18'), true);
  });
});
