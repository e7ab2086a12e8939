import * as assert from 'node:assert/strict';
import { ClientDirectory, productOf } from '../../../src/core/tap/clientDirectory';
import { programName } from '../../../src/core/tap/peerProcess';

describe('tap: telling clients apart', () => {
  const directory = () => {
    const created: string[] = [];
    return { created, directory: new ClientDirectory((label) => created.push(label)) };
  };

  it('names clients by product and origin', () => {
    assert.equal(productOf('node'), 'node');
    assert.equal(productOf('code-server/1.139.1'), 'code-server');
    assert.equal(productOf('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36'), 'Chrome');
    assert.equal(productOf('Mozilla/5.0 (X11) AppleWebKit/537.36 Code/1.100.0 Chrome/130 Electron/33 Safari/537.36'), 'VS Code');
    assert.equal(productOf(undefined), 'client');
    const { directory: d } = directory();
    assert.equal(
      d.identify({ userAgent: 'Mozilla/5.0 Chrome/1 Safari/1', origin: 'http://localhost:5173', rpcMethod: 'initialize' }),
      'Chrome @ localhost:5173',
    );
  });

  it('a session names its client; requests without one go to the client of that kind', () => {
    const { directory: d, created } = directory();
    const a = d.identify({ userAgent: 'app/1', rpcMethod: 'initialize' });
    d.sessionIssued(a, 's1');
    assert.equal(d.identify({ userAgent: 'app/1', sessionId: 's1', rpcMethod: 'tools/list' }), a);
    assert.equal(d.identify({ userAgent: 'app/1' }), a, 'a GET without a session (legacy) is the same client');
    assert.deepEqual(created, ['app']);
  });

  it('a second initialize while the first session lives is a second client; after the first session ends it is the first client again', () => {
    const { directory: d } = directory();
    const a = d.identify({ userAgent: 'app/1', rpcMethod: 'initialize' });
    d.sessionIssued(a, 's1');
    const b = d.identify({ userAgent: 'app/1', rpcMethod: 'initialize' });
    d.sessionIssued(b, 's2');
    assert.notEqual(a, b);
    assert.equal(b, 'app #2');
    d.sessionEnded(a, 's1');
    assert.equal(d.identify({ userAgent: 'app/1', rpcMethod: 'initialize' }), a);
  });

  it('another kind of client using a session is not its owner (so cross-talk is visible)', () => {
    const { directory: d } = directory();
    const a = d.identify({ userAgent: 'first/1', rpcMethod: 'initialize' });
    d.sessionIssued(a, 's1');
    const stranger = d.identify({ userAgent: 'second/1', sessionId: 's1', rpcMethod: 'tools/list' });
    assert.notEqual(stranger, a);
    assert.equal(stranger, 'second');
  });

  it('an id the tap never saw issued is adopted by the client that sends it', () => {
    const { directory: d } = directory();
    const a = d.identify({ userAgent: 'late/1', sessionId: 'old', rpcMethod: 'tools/list' });
    assert.equal(d.identify({ userAgent: 'late/1', sessionId: 'old' }), a);
  });

  it('one program is one client, whatever library each request comes from: a probe, OAuth discovery, then initialize', () => {
    const directory = new ClientDirectory(() => undefined);
    const peer = { pid: 4242, name: 'mcp-remote' };
    const probe = directory.identify({ userAgent: 'undici', peer });
    const discovery = directory.identify({ userAgent: 'node', peer });
    const start = directory.identify({ userAgent: 'undici', rpcMethod: 'initialize', peer });
    assert.equal(probe, 'mcp-remote');
    assert.deepEqual([discovery, start], [probe, probe]);
    // Another program with the same library is another client.
    assert.equal(directory.identify({ userAgent: 'undici', peer: { pid: 5151, name: 'mcp-remote' } }), 'mcp-remote #2');
    // An application's own User-Agent names it, even when the process is known.
    assert.equal(directory.identify({ userAgent: 'Claude/1.2', peer: { pid: 6161, name: 'electron' } }), 'Claude');
  });

  it('names a program by the package or script it runs', () => {
    assert.equal(programName(['node', '/x/node_modules/mcp-remote/dist/proxy.js', 'https://h/mcp']), 'mcp-remote');
    assert.equal(
      programName(['/usr/bin/node', '--enable-source-maps', '/x/node_modules/@modelcontextprotocol/inspector/clients/cli/build/index.js']),
      '@modelcontextprotocol/inspector',
    );
    assert.equal(programName(['python3', 'client.py']), 'client.py');
    assert.equal(programName(['/opt/app/my-client']), 'my-client');
  });
});
