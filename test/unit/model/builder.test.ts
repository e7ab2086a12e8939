import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ModelBuilder, PREVIOUS_SESSIONS_KEPT, type ConnectionModel, type ModelSource } from '../../../src/core/model';
import { issuedSession, endedSession } from '../../../src/core/model/sessions';
import { Exchanges } from '../../../src/core/protocol/exchanges';
import { TapHub } from '../../../src/core/tap/tapHub';
import { clientModelBuilder } from '../../../src/core/tap/clientModel';
import type { TraceEvent } from '../../../src/core/trace/events';

// Traces recorded from real runs (test/fixtures/traces): the CLI's `status` against
// @modelcontextprotocol/server-everything over Streamable HTTP and stdio, and `tap` in front of it
// with the CLI (two runs) and an SDK client that re-initialized after the server restarted.
const trace = (name: string): TraceEvent[] =>
  readFileSync(`test/fixtures/traces/${name}.jsonl`, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as TraceEvent);

const SESSION = '3b34cfa4-97bd-4e30-808d-a6dd78f5b66a';

/** Feeds `events` to a builder, each HTTP response with its request (as the tap hub does). */
function replay(builder: ModelBuilder, events: readonly TraceEvent[]): ConnectionModel {
  const exchanges = new Exchanges();
  for (const event of events) {
    exchanges.observe(event);
    builder.apply(event, event.kind === 'http-response' ? exchanges.get(event.exchange) : undefined);
  }
  return builder.snapshot();
}

function builderFor(source: ModelSource, transport: 'http' | 'stdio'): ModelBuilder {
  if (source === 'client') return clientModelBuilder({ name: 'everything', transport }, transport === 'stdio' ? 'stdio' : 'unknown');
  return new ModelBuilder('connection', {
    server: { name: 'everything', transport },
    transport: { kind: transport === 'stdio' ? 'stdio' : 'unknown', chosenBy: 'configured' },
    session: { stateful: false, noneReason: 'not-connected' },
  });
}

/** The events before the CLI ended the session (its DELETE), while it was connected. */
const connected = (events: TraceEvent[]) =>
  events.slice(
    0,
    events.findIndex((event) => event.kind === 'http-request' && event.method === 'DELETE'),
  );

describe('model builder: the model a user sees, from recorded traces', () => {
  it('Streamable HTTP, from the traffic alone: initialize settles the handshake, the session is the one issued, health from the answers', () => {
    const events = trace('everything-http-status');
    const model = replay(builderFor('client', 'http'), connected(events));
    assert.equal(model.transport.kind, 'streamable-http');
    assert.equal(model.era, 'session');
    assert.equal(model.handshake.state, 'ready');
    assert.equal(model.handshake.method, 'initialize', 'the refused server/discover probe before it does not count');
    assert.equal(model.protocolVersion, '2025-11-25');
    assert.equal(model.handshake.serverInfo?.name, 'mcp-servers/everything');
    assert.equal(model.session.id, SESSION);
    assert.equal(model.session.stateful, true);
    assert.equal(model.health.state, 'healthy');
    const get = model.streams.find((stream) => stream.kind === 'get');
    assert.equal(get?.state, 'open', 'the standalone GET stream is open while connected');
  });

  it('Streamable HTTP: the DELETE at the end ends the session, which joins the earlier ones', () => {
    const model = replay(builderFor('client', 'http'), trace('everything-http-status'));
    assert.equal(model.session.id, undefined);
    assert.equal(model.session.ended?.id, SESSION);
    assert.equal(model.session.ended?.reason, 'deleted');
    assert.deepEqual(model.session.previous, [SESSION]);
    assert.equal(model.handshake.state, 'closed');
    const get = model.streams.find((stream) => stream.kind === 'get');
    assert.equal(get?.state, 'closed');
    assert.equal(get?.reason, 'ended by the server', 'the server closed it when the session was deleted');
  });

  it('the inspector’s own connection: one entry per long-lived stream, a few POST streams; its handshake and session come first-hand, not from the echo in its trace', () => {
    const events = trace('everything-http-status');
    const builder = builderFor('connection', 'http');
    builder.connecting(events[0].t);
    builder.negotiating({ kind: 'streamable-http', chosenBy: 'probed' });
    const model = replay(builder, connected(events));
    assert.equal(model.handshake.state, 'negotiating', 'session-issued and handshake-complete events are its own record, not inputs');
    assert.equal(model.session.id, undefined);
    assert.deepEqual(
      model.streams.map((stream) => [stream.id, stream.kind, stream.state]),
      [
        ['get#2', 'get', 'open'],
        ['post-response#1', 'post-response', 'closed'],
        ['post-response#3', 'post-response', 'closed'],
      ],
    );
    assert.equal(model.streams.find((stream) => stream.id === 'post-response#1')?.events, 2);

    builder.handshakeReady({ era: 'session', protocolVersion: '2025-11-25', method: 'initialize' }, events[20].t);
    builder.sessionIssued(SESSION, events[20].t);
    builder.disconnected();
    builder.sessionEnded('deleted', events[36].t);
    const closed = builder.snapshot();
    assert.equal(closed.handshake.state, 'closed');
    assert.equal(closed.health.state, 'unknown');
    assert.equal(closed.session.ended?.reason, 'deleted');
    assert.deepEqual(closed.session.previous, [SESSION]);
    assert.ok(closed.streams.every((stream) => stream.state === 'closed'));
  });

  it('a dropped GET stream: the connection shows it reconnecting and degrades a healthy model', () => {
    const builder = builderFor('connection', 'http');
    builder.connecting('2026-12-05T05:00:00.000Z');
    builder.negotiating({ kind: 'streamable-http', chosenBy: 'probed' });
    builder.handshakeReady({ era: 'session', method: 'initialize' }, '2026-12-05T05:00:00.100Z');
    const base = { seq: 0, server: 'everything', t: '2026-12-05T05:00:01.000Z' };
    builder.apply({ ...base, kind: 'lifecycle', name: 'stream-open', stream: 'get#2', streamKind: 'get', detail: { exchange: 2 } });
    builder.apply({ ...base, kind: 'sse-event', exchange: 2, stream: 'get#2', streamKind: 'get', id: 'e1', data: '{}' });
    builder.apply({
      ...base,
      kind: 'lifecycle',
      name: 'stream-close',
      stream: 'get#2',
      streamKind: 'get',
      detail: { exchange: 2, byClient: false, reason: 'connection reset' },
    });
    const model = builder.snapshot();
    assert.equal(model.streams[0].state, 'reconnecting');
    assert.equal(model.streams[0].lastEventId, 'e1');
    assert.equal(model.streams[0].reason, 'dropped: connection reset');
    assert.equal(model.health.state, 'degraded');
    assert.equal(model.health.reason, 'get stream dropped');
  });

  it('stdio: the process start names the pid; its exit closes a tapped client’s handshake, and the connection’s only for its own process', () => {
    const events = trace('everything-stdio-status');
    const exit = events.find((event) => event.kind === 'lifecycle' && event.name === 'process-exit');
    const pid = exit?.kind === 'lifecycle' ? exit.pid : undefined;
    assert.ok(pid);

    const client = replay(builderFor('client', 'stdio'), events);
    assert.equal(client.transport.kind, 'stdio');
    assert.equal(client.transport.pid, pid);
    assert.equal(client.handshake.state, 'closed');
    assert.equal(client.handshake.reason, 'the server process exited (0)');
    assert.equal(client.health.state, 'down');

    const connection = builderFor('connection', 'stdio');
    connection.connecting(events[0].t);
    connection.handshakeReady({ era: 'session', method: 'initialize' }, events[0].t);
    replay(
      connection,
      events.filter((event) => !(event.kind === 'lifecycle' && event.name === 'process-exit')),
    );
    assert.equal(connection.snapshot().transport.pid, pid);
    connection.apply({ ...(exit as TraceEvent), pid: pid + 1 } as TraceEvent);
    assert.equal(connection.snapshot().health.state, 'healthy', 'an earlier process of the connection is no news');
    connection.apply(exit as TraceEvent);
    const model = connection.snapshot();
    assert.equal(model.health.state, 'down');
    assert.equal(model.health.reason, `server process ${pid} exited (code 0)`);
    assert.equal(model.handshake.state, 'closed');
  });

  it('the tap: a client that re-initializes after the server restarted shows the new session, the lost one among the previous', async () => {
    const hub = new TapHub({ server: { name: 'everything', transport: 'http' }, tickMs: 0 });
    for (const event of trace('tap-server-restart')) hub.replay(event);
    await hub.settled();
    const clients = hub.clients();
    assert.deepEqual(
      clients.map((client) => client.label),
      ['client'],
    );
    const { model, clientInfo } = clients[0];
    assert.deepEqual(clientInfo, { name: 'restart-demo', version: '1.0.0' });
    assert.equal(model.session.id, 'f6ff2402-8273-44b3-811c-c791b731ac97');
    assert.deepEqual(model.session.previous, ['0ffd8c16-b512-4970-9da9-0fba7cd1a356']);
    assert.equal(model.handshake.state, 'ready');
    assert.equal(model.health.state, 'healthy', 'the new session works');
    await hub.dispose();
  });

  it('the tap: two runs of the CLI are two clients, each with its session ended by its DELETE', async () => {
    const hub = new TapHub({ server: { name: 'everything', transport: 'http' }, tickMs: 0 });
    for (const event of trace('tap-two-clients')) hub.replay(event);
    await hub.settled();
    const clients = hub.clients();
    assert.deepEqual(
      clients.map((client) => client.label),
      ['cli', 'cli #2'],
    );
    assert.deepEqual(
      clients.map((client) => client.model.session.ended?.id),
      ['ca9608af-cbe6-48d2-8f99-c9055bc67fa2', '0fcbca28-4ac9-4994-9890-dc95e6f19a1a'],
    );
    for (const { model } of clients) {
      assert.equal(model.session.ended?.reason, 'deleted');
      assert.equal(model.handshake.state, 'closed');
      assert.equal(model.handshake.reason, 'the client ended its session (DELETE)');
      assert.equal(model.transport.kind, 'streamable-http');
    }
    await hub.dispose();
  });

  it('keeps at most PREVIOUS_SESSIONS_KEPT earlier session ids, newest first, each once', () => {
    let session = { stateful: false } as ConnectionModel['session'];
    for (let i = 0; i < PREVIOUS_SESSIONS_KEPT + 3; i++) {
      session = issuedSession(session, `s${i}`, 't');
      if (i % 2) session = endedSession(session, `s${i}`, 'closed', 't');
    }
    assert.equal(session.previous?.length, PREVIOUS_SESSIONS_KEPT);
    assert.deepEqual(session.previous, ['s7', 's6', 's5', 's4', 's3'], 'replaced and ended sessions alike, never twice');
    assert.equal(session.id, undefined);
    assert.equal(session.ended?.id, 's7');
  });
});
