import * as assert from 'node:assert/strict';
import { KnownSecrets, withUrlCredentials } from '../../../src/core/trace/knownSecrets';
import { isSmallAndPlain } from '../../../src/core/trace/plainMessage';
import { redactMessage, REDACTED } from '../../../src/core/trace/redact';

describe('known secrets', () => {
  it('turns URL userinfo into a Basic Authorization header and a URL fetch accepts', () => {
    const { url, headers } = withUrlCredentials('http://user:pw-LEAK%209@127.0.0.1:3000/mcp?token=t', { Accept: 'x' });
    assert.equal(url.href, 'http://127.0.0.1:3000/mcp?token=t');
    assert.equal(headers.Authorization, `Basic ${Buffer.from('user:pw-LEAK 9').toString('base64')}`);
    assert.equal(headers.Accept, 'x');
    assert.doesNotThrow(() => new Request(url, { headers }));
  });

  it('keeps an Authorization header the user configured over the URL userinfo', () => {
    const { headers } = withUrlCredentials('http://user:pw@h.test/mcp', { authorization: 'Bearer mine' });
    assert.deepEqual(headers, { authorization: 'Bearer mine' });
  });

  it('leaves a URL without userinfo and its headers as they are', () => {
    const { url, headers } = withUrlCredentials('https://h.test/mcp', { 'X-Api-Key': 'k' });
    assert.equal(url.href, 'https://h.test/mcp');
    assert.deepEqual(headers, { 'X-Api-Key': 'k' });
  });

  it('knows a URL password (plain and encoded), its Basic token and credential query values, not the user name', () => {
    const known = KnownSecrets.of({ url: 'http://alice:pw%2FLEAK-9@h.test/mcp?token=sk-LEAK-777&page=2' });
    const basic = Buffer.from('alice:pw/LEAK-9').toString('base64');
    for (const text of ['pw/LEAK-9', 'pw%2FLEAK-9', basic, 'sk-LEAK-777']) assert.equal(known.text(`a ${text} b`), `a ${REDACTED} b`, text);
    assert.equal(known.text('alice and page 2'), 'alice and page 2');
  });

  it('knows configured header values and the token inside an Authorization value', () => {
    const known = KnownSecrets.of({ headers: { Authorization: 'Bearer tok-LEAK-1', 'X-Custom': 'custom-LEAK-2' } });
    assert.equal(known.text('echo tok-LEAK-1 and custom-LEAK-2'), `echo ${REDACTED} and ${REDACTED}`);
  });

  it('knows secret-looking env values, input values, and not harmless env values', () => {
    const known = KnownSecrets.of({ env: { API_KEY: 'k-9999', MODE: 'production', PORT: '3000', DB: 'postgres://u:p@h/db' }, inputValues: ['input-LEAK-3'] });
    assert.deepEqual([...known.values].sort(), ['input-LEAK-3', 'k-9999', 'postgres%3A%2F%2Fu%3Ap%40h%2Fdb', 'postgres://u:p@h/db'].sort());
  });

  it('learns tokens from Authorization headers seen in traffic, Bearer and Basic', () => {
    const known = new KnownSecrets();
    known.learnFromHeaders(new Headers({ Authorization: 'Bearer learned-LEAK-4', Accept: 'text/event-stream' }));
    known.learnFromHeaders({ 'proxy-authorization': `Basic ${Buffer.from('bob:basic-LEAK-5').toString('base64')}`, 'x-api-key': 'key-LEAK-6' });
    const out = known.text('{"error":"bad token learned-LEAK-4, basic-LEAK-5, key-LEAK-6"}');
    assert.ok(!/LEAK/.test(out), out);
    assert.ok(!known.values.includes('text/event-stream'));
  });

  it('grows the same values array, so holders see secrets added later (an OAuth token after connecting)', () => {
    const known = new KnownSecrets(['first-LEAK']);
    const held = known.values;
    known.add('access-token-LEAK-7');
    assert.equal(held, known.values);
    assert.ok(held.includes('access-token-LEAK-7'));
    assert.equal(known.text('Authorization failed for access-token-LEAK-7'), `Authorization failed for ${REDACTED}`);
  });

  it('a message judged plain before a secret was learned is judged anew after', () => {
    const known = new KnownSecrets(['first-LEAK']);
    const message = { jsonrpc: '2.0', id: 1, result: { text: 'later-LEAK-8' } };
    assert.equal(isSmallAndPlain(message, 65_536, known.values), true);
    known.add('later-LEAK-8');
    assert.equal(isSmallAndPlain(message, 65_536, known.values), false);
  });

  it('redacts a secret in its JSON-escaped spelling', () => {
    const known = new KnownSecrets(['quote"LEAK\\8']);
    const body = JSON.stringify({ echo: 'quote"LEAK\\8' });
    assert.ok(!known.text(body).includes('LEAK'), known.text(body));
  });

  it('ignores values too short to redact safely', () => {
    const known = new KnownSecrets(['abc', '']);
    assert.deepEqual(known.values, []);
  });

  it('keeps at most a bounded number of learned values, never dropping configured ones', () => {
    const known = new KnownSecrets(['configured-LEAK']);
    for (let i = 0; i < 1100; i++) known.learnHeader('authorization', `tok${String(i).padStart(5, '0')}`);
    assert.ok(known.values.length <= 1025, String(known.values.length));
    assert.ok(known.values.includes('configured-LEAK'));
    assert.ok(known.values.includes('tok01099'));
  });

  it('redacts error messages: known values, userinfo and credential query values of quoted URLs', () => {
    const known = KnownSecrets.of({ url: 'http://user:pw-LEAK-9@127.0.0.1:1/mcp?api_key=sk-LEAK-1' });
    const message = known.message('no MCP server at http://user:pw-LEAK-9@127.0.0.1:1/mcp?api_key=sk-LEAK-1: HTTP 404 (echo pw-LEAK-9)');
    assert.ok(!message.includes('LEAK'), message);
    assert.equal(redactMessage('fetch http://x:y@h.test/p?token=abcd&q=1 failed'), `fetch http://${REDACTED}@h.test/p?token=${REDACTED}&q=1 failed`);
  });
});
