// The HTTP tap under abuse, in front of a real server (the v1 SDK's stateful Streamable HTTP
// server): a client that stops reading an SSE stream the server keeps filling, 500 concurrent
// clients, clients and a server that reset mid-body, slow-header clients, request targets naming
// another server (the tap is no open proxy). In each case nothing crashes (the integration hooks
// fail on any uncaught error), no socket is left open afterwards, and a healthy client's requests
// keep succeeding while it happens.

import * as assert from 'node:assert/strict';
import { createServer, request as httpRequest, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { HttpTap } from '../../../src/core/tap/httpTap';
import { notifyStandalone } from '../../fixtures/support/faultKit';
import { initializeRequest, openSession, post, PROTOCOL_VERSION, rpc, sessionHeaders } from '../../fixtures/support/rawClient';
import { waitFor } from '../../fixtures/support/servers';
import { startSessionServer, type SessionServer, type SessionServerOptions } from '../../fixtures/support/sessionServer';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Open TCP handles of this process (the tap, the in-process server and every client live here). */
function tcpHandles(): number {
  return process.getActiveResourcesInfo().filter((name) => name === 'TCPSocketWrap').length;
}

/** A well-behaved client pinging its own session through the tap until stopped. */
class HealthyClient {
  successes = 0;
  readonly failures: string[] = [];
  private running = true;
  private loop?: Promise<void>;

  static async start(url: string): Promise<HealthyClient> {
    const client = new HealthyClient();
    const { sessionId } = await openSession(url);
    assert.ok(sessionId, 'the healthy client has a session');
    client.loop = (async () => {
      while (client.running) {
        try {
          // Generous: the tap, the server and every abusive client share this one process's event loop.
          const answer = await post(url, rpc('ping'), sessionHeaders(sessionId), 30_000);
          if (answer.status === 200 && answer.messages.some((message) => 'result' in message)) client.successes++;
          else client.failures.push(`status ${answer.status}: ${answer.text.slice(0, 200)}`);
        } catch (error) {
          client.failures.push(String((error as Error).cause ?? error));
        }
        await sleep(20);
      }
    })();
    return client;
  }

  /** Waits for `more` further successes (the abuse is going on meanwhile). */
  async succeedsAgain(more = 3, what = 'the healthy client to keep succeeding'): Promise<void> {
    const target = this.successes + more;
    await waitFor(() => this.successes >= target || this.failures.length > 0, 30_000, what);
    assert.deepEqual(this.failures, [], 'the healthy client had no failure');
  }

  /** Ends the loop; the caller asserts on `failures` once everything is torn down. */
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}

/** One test's server, tap and healthy client, torn down with a check that no socket stayed open. */
async function withTap(
  serverOptions: SessionServerOptions,
  tapOptions: { headersTimeoutMs?: number },
  body: (setup: { server: SessionServer; tap: HttpTap; healthy: HealthyClient }) => Promise<void>,
): Promise<void> {
  const handlesBefore = tcpHandles();
  const server = await startSessionServer({ name: 'abuse', ...serverOptions });
  const tap = await HttpTap.start({ target: server.url, tickMs: 0, ...tapOptions });
  let healthy: HealthyClient | undefined;
  try {
    healthy = await HealthyClient.start(tap.url);
    await healthy.succeedsAgain(2);
    const baseline = tap.load();
    await body({ server, tap, healthy });
    await healthy.succeedsAgain(3, 'the healthy client to succeed after the abuse');
    // Every abusive connection is gone, both ways; the healthy client's keep-alive one may stay.
    await waitFor(
      () => tap.load().clientConnections <= baseline.clientConnections && tap.load().upstreamBusy <= 1,
      20_000,
      `the abusive connections to close (now ${JSON.stringify(tap.load())}, before ${JSON.stringify(baseline)})`,
    );
  } finally {
    await healthy?.stop();
    await tap.close();
    await server.stop();
  }
  assert.deepEqual(healthy?.failures, [], 'the healthy client had no failure');
  await waitFor(() => tcpHandles() <= handlesBefore, 20_000, `every TCP handle to close (${tcpHandles()} open, ${handlesBefore} before)`);
}

/** A raw request on its own socket: resolves with the status, or the error that ended it. */
function rawPost(port: number, body: string): Promise<{ status: number; session?: string } | { error: string }> {
  return new Promise((resolve) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: '/mcp',
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        response.resume();
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            ...(typeof response.headers['mcp-session-id'] === 'string' ? { session: response.headers['mcp-session-id'] } : {}),
          }),
        );
        response.on('error', (error) => resolve({ error: error.message }));
      },
    );
    request.on('error', (error) => resolve({ error: error.message }));
    request.end(body);
  });
}

function rawSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

describe('tap under abuse', function () {
  this.timeout(120_000);

  it('a client that stops reading an SSE stream the server keeps filling: the tap holds back (backpressure), its buffers stay bounded', async () => {
    await withTap({}, {}, async ({ server, tap, healthy }) => {
      const { sessionId } = await openSession(tap.url);
      assert.ok(sessionId);
      const stalled = await rawSocket(tap.port);
      stalled.on('error', () => undefined);
      const headers = new Promise<void>((resolve) => stalled.once('data', () => resolve()));
      stalled.write(
        `GET /mcp HTTP/1.1\r\nHost: 127.0.0.1:${tap.port}\r\nAccept: text/event-stream\r\nMcp-Session-Id: ${sessionId}\r\nMcp-Protocol-Version: ${PROTOCOL_VERSION}\r\n\r\n`,
      );
      await headers;
      stalled.pause();
      const entry = server.sessions.get(sessionId);
      assert.ok(entry, 'the session on the server');
      // 48 MiB of notifications for a client that reads none of them.
      const pad = 'x'.repeat(64 * 1024);
      const offered = 768 * pad.length;
      for (let n = 0; n < 768; n++) void notifyStandalone(entry.server, { n, pad }).catch(() => undefined);
      // Until the flow stops (no more events pass the tap), the tap's buffers are sampled.
      const relayed = () => tap.hub.trace.events().filter((event) => event.kind === 'sse-event' && event.stream?.startsWith('get#')).length;
      let most = 0;
      let last = -1;
      let unchanged = 0;
      await waitFor(
        () => {
          most = Math.max(most, tap.load().bufferedBytes);
          const now = relayed();
          unchanged = now === last && now > 0 ? unchanged + 1 : 0;
          last = now;
          return unchanged >= 20;
        },
        60_000,
        'the stream to stop flowing',
      );
      await healthy.succeedsAgain(3, 'the healthy client to keep succeeding while the stream is stuck');
      most = Math.max(most, tap.load().bufferedBytes);
      // The kernel's socket buffers take a few MiB on each hop; every other event waits at the server.
      assert.ok(relayed() < 768 / 2, `${relayed()} of 768 events passed the tap: it held the rest back at the server`);
      assert.ok(most < 1024 * 1024, `the tap buffered at most ${most} bytes (of ${offered} offered)`);
      stalled.destroy();
    });
  });

  it('a request target naming another server (//host/…, absolute-form, unparsable): refused with 400, never forwarded, the tap keeps serving', async () => {
    let reached = 0;
    const other = createServer((_req, res) => {
      reached++;
      res.end('other server');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const elsewhere = `127.0.0.1:${(other.address() as AddressInfo).port}`;
    try {
      await withTap({}, {}, async ({ tap, healthy }) => {
        for (const target of [`//${elsewhere}/steal`, `http://${elsewhere}/steal`, 'http://[/mcp']) {
          const socket = await rawSocket(tap.port);
          const answer = new Promise<string>((resolve) => {
            let text = '';
            socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
            socket.on('close', () => resolve(text));
            socket.on('error', () => resolve(text));
          });
          socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${tap.port}\r\nConnection: close\r\n\r\n`);
          const text = await answer;
          assert.match(text, /^HTTP\/1\.1 400 /, `${target}: refused (${text.split('\r\n')[0]})`);
          assert.match(text, /forwards only to http:\/\/127\.0\.0\.1:\d+\/mcp/, `${target}: the answer names the server the tap fronts`);
        }
        await healthy.succeedsAgain(2);
      });
      assert.equal(reached, 0, 'nothing reached the other server');
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });

  it('500 concurrent clients: every one is answered, nothing is left open', async () => {
    await withTap({}, {}, async ({ tap, healthy }) => {
      const body = JSON.stringify(initializeRequest());
      const answers = await Promise.all(Array.from({ length: 500 }, () => rawPost(tap.port, body)));
      const failed = answers.filter((answer) => !('status' in answer) || answer.status !== 200);
      assert.deepEqual(failed, [], 'every client is answered 200');
      const sessions = new Set(answers.map((answer) => ('session' in answer ? answer.session : undefined)));
      assert.equal(sessions.size, 500, 'each client got its own session');
      await healthy.succeedsAgain(2);
    });
  });

  it('clients that reset mid-body (request and response) and a server that resets mid-body: nothing crashes, nothing leaks', async () => {
    // The server resets its answer to the next POST of this session (not the healthy client's).
    let resetSession: string | undefined;
    const serverOptions: SessionServerOptions = {
      onResponse: (request, response, sessionId) => {
        if (!resetSession || request.method !== 'POST' || sessionId !== resetSession) return;
        resetSession = undefined;
        // The server sends its headers and half of its first chunk, then resets the connection.
        const write = response.write.bind(response) as (chunk: string | Uint8Array) => boolean;
        response.write = ((chunk: string | Uint8Array) => {
          const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
          write(text.slice(0, Math.floor(text.length / 2)));
          response.socket?.resetAndDestroy();
          return false;
        }) as ServerResponse['write'];
      },
    };
    await withTap(serverOptions, {}, async ({ tap, healthy }) => {
      const { sessionId } = await openSession(tap.url);
      assert.ok(sessionId);
      for (let round = 0; round < 20; round++) {
        // A client resets halfway through its request body.
        const half = await rawSocket(tap.port);
        half.on('error', () => undefined);
        half.write(
          `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 200000\r\n\r\n${'{"jsonrpc":"2.0",'.padEnd(100_000, ' ')}`,
        );
        await sleep(5);
        half.resetAndDestroy();
        // A client resets once its SSE stream has begun.
        const reader = await rawSocket(tap.port);
        reader.on('error', () => undefined);
        const begun = new Promise<void>((resolve) => reader.once('data', () => resolve()));
        reader.write(
          `GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nMcp-Session-Id: ${sessionId}\r\nMcp-Protocol-Version: ${PROTOCOL_VERSION}\r\n\r\n`,
        );
        await begun;
        reader.resetAndDestroy();
        // The server resets its answer to this one.
        resetSession = sessionId;
        const cut = await post(tap.url, rpc('ping'), sessionHeaders(sessionId)).then(
          (answer) => ({ status: answer.status, complete: answer.messages.some((message) => 'result' in message) }),
          (error: Error) => ({ error: String(error.cause ?? error) }),
        );
        assert.ok('error' in cut || cut.status === 502 || !cut.complete, `the cut answer reached the client as cut: ${JSON.stringify(cut)}`);
      }
      await healthy.succeedsAgain(3);
      assert.ok(
        tap.hub.trace
          .events()
          .some((event) => event.kind === 'lifecycle' && event.name === 'stream-close' && (event.detail as { byClient?: boolean }).byClient === true),
        'the tap recorded a client closing its stream',
      );
    });
  });

  it('slow headers (slowloris): the slow clients are closed at the headers timeout, the others are served meanwhile', async () => {
    await withTap({}, { headersTimeoutMs: 1000 }, async ({ tap, healthy }) => {
      const slow = await Promise.all(Array.from({ length: 100 }, () => rawSocket(tap.port)));
      const closed = slow.map((socket) => new Promise<void>((resolve) => socket.once('close', () => resolve())));
      for (const socket of slow) {
        socket.on('error', () => undefined);
        socket.on('data', () => undefined);
        socket.write('GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      }
      // One more header byte every 100 ms, never the blank line that ends them.
      const drip = setInterval(() => {
        for (const socket of slow) if (!socket.destroyed) socket.write('X');
      }, 100);
      try {
        await healthy.succeedsAgain(5, 'the healthy client to be served while the slow clients hold their connections');
        await Promise.all(closed);
      } finally {
        clearInterval(drip);
      }
      for (const socket of slow) socket.destroy();
    });
  });
});
