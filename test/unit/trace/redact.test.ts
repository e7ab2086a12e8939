import * as assert from 'node:assert/strict';
import { KnownSecrets } from '../../../src/core/trace/knownSecrets';
import { redactHeaders, redactQueryValues, redactText, redactUrl, REDACTED } from '../../../src/core/trace/redact';

describe('redaction', () => {
  it('hides credential headers and known secret values, keeps MCP headers', () => {
    const headers = redactHeaders({ Authorization: 'Bearer abc.def.ghi', 'Mcp-Session-Id': 'sess-1', 'X-Custom': 'contains s3cr3t-value here' }, [
      's3cr3t-value',
    ]);
    assert.equal(headers.authorization, REDACTED);
    assert.equal(headers['mcp-session-id'], 'sess-1');
    assert.equal(headers['x-custom'], `contains ${REDACTED} here`);
  });

  it('accepts fetch Headers', () => {
    const headers = redactHeaders(new Headers({ Cookie: 'a=b', Accept: 'text/event-stream' }));
    assert.deepEqual(headers, { accept: 'text/event-stream', cookie: REDACTED });
  });

  it('removes credentials from URLs but keeps the session id', () => {
    const url = redactUrl('https://user:pw@example.test/messages?session_id=abc&api_key=XYZ123&token=t0k3n');
    assert.ok(!url.includes('pw@') && !url.includes('XYZ123') && !url.includes('t0k3n'));
    assert.ok(url.includes('session_id=abc'));
  });

  it('redacts credential query values inside free text, and never writes a __proto__ header', () => {
    assert.equal(redactQueryValues('POST /mcp?api_key=s3cr3t&session_id=abc → 404'), 'POST /mcp?api_key=<redacted>&session_id=abc → 404');
    assert.equal(redactQueryValues('no query here'), 'no query here');
    const headers = redactHeaders({ __proto__: 'x', Accept: 'a' } as unknown as Record<string, string>);
    assert.equal(Object.getPrototypeOf(headers), Object.prototype);
    assert.deepEqual(Object.keys(headers), ['accept']);
  });

  it('redacts bearer tokens in free text', () => {
    assert.equal(redactText('sent Bearer eyJhbGciOiJIUzI1NiJ9.x.y to server'), `sent Bearer ${REDACTED} to server`);
  });

  it('collects secrets from headers, env and URL, but not harmless env values', () => {
    const { values: secrets } = KnownSecrets.of({
      headers: { Authorization: 'Bearer tok_1234567' },
      env: { API_KEY: 'k-999999', DEBUG: 'true', MODE: 'production', PORT: '3000', DB_URL: 'postgres://u:p@h/db' },
      url: 'https://h.test/mcp?apikey=qqqqqq',
    });
    for (const expected of ['Bearer tok_1234567', 'tok_1234567', 'k-999999', 'postgres://u:p@h/db', 'qqqqqq']) {
      assert.ok(secrets.includes(expected), expected);
    }
    for (const harmless of ['true', 'production', '3000']) assert.ok(!secrets.includes(harmless), harmless);
  });
});
