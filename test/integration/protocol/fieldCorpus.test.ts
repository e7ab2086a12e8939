// The field corpus against live servers: each entry that names a real server that answers that
// way (SDK v1 and v2 transports, server-everything, the fault fixtures built on them) is sent to
// it by a recording client whose traffic runs through every rule. The server must still answer
// as the entry says (so the corpus stays true), the classifier must give the entry's verdict, and
// the rules the entry's findings.

import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { classify, readAnswer } from '../../../src/core/protocol/answers';
import { sessionIdOf } from '../../../src/core/protocol/eras';
import { legacySessionOf } from '../../../src/core/protocol/exchanges';
import { startFailingResume } from '../../fixtures/faults/failingResume';
import { startNotInitialized } from '../../fixtures/faults/notInitialized';
import { startPythonLegacySse } from '../../fixtures/faults/pythonLegacySse';
import { createEchoServer, Listener, readJson } from '../../fixtures/support/faultKit';
import { assertFindings, bodyText, fieldEntries, statelessVariant, type FieldEntry, type FieldExpectation } from '../../fixtures/support/fieldCorpus';
import { Cleanups, RecordingClient, waitForFinding } from '../../fixtures/support/ruleHarness';
import { startEverything, startNodeServer, startSdkExample } from '../../fixtures/support/servers';
import { startSessionServer } from '../../fixtures/support/sessionServer';

const STATELESS_2026 = resolve('out/test/fixtures/servers/stateless2026.js');

interface Live {
  url: string;
  stop(): Promise<unknown>;
}

/** One stateful v1 SDK transport for the whole server (as the simplest examples do): after initialize, a request without the header gets the SDK's own answer. */
async function startSingleTransport(): Promise<Live> {
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID() });
  const server = createEchoServer('single-transport');
  await server.connect(transport);
  const listener = new Listener(async (request, response) =>
    transport.handleRequest(request, response, request.method === 'POST' ? await readJson(request) : undefined),
  );
  const port = await listener.listen(0);
  return { url: `http://127.0.0.1:${port}/mcp`, stop: async () => (await listener.close(), await transport.close()) };
}

interface Plan {
  start(): Promise<Live>;
  legacy?: boolean;
  /** Runs before the entry's exchange; returns the real session id to send instead of the entry's. */
  prepare?(client: RecordingClient, cleanups: Cleanups): Promise<string | undefined>;
}

/** Opens the session's standalone GET stream and keeps it open (so the entry's GET is the second). */
async function holdGetStream(client: RecordingClient, cleanups: Cleanups): Promise<string | undefined> {
  const sessionId = await client.initialize();
  const controller = cleanups.add(new AbortController(), async (c) => c.abort());
  const response = await client.openGetStream(controller.signal);
  assert.equal(response.status, 200, 'the first GET stream opens');
  return sessionId;
}

const PLANS: Record<string, Plan> = {
  'sessionServer-404': { start: () => startSessionServer({ unknownSession: 'not-found-404' }) },
  'sessionServer-400': { start: () => startEverything('streamableHttp') },
  'sessionServer-plain': { start: () => startSessionServer() },
  'sessionServer-second-get': { start: () => startSessionServer(), prepare: holdGetStream },
  'singleTransport-no-header': { start: startSingleTransport, prepare: (client) => client.initialize() },
  notInitialized: { start: () => startNotInitialized() },
  'failingResume-invalid-id': { start: () => startFailingResume({ mode: 'invalid-id' }), prepare: (client) => client.initialize() },
  'failingResume-replay-error': { start: () => startFailingResume({ mode: 'replay-error' }), prepare: (client) => client.initialize() },
  'sdk-sse-compatible': { start: () => startSdkExample('sseAndStreamableHttpCompatibleServer'), legacy: true },
  pythonLegacySse: { start: () => startPythonLegacySse({ pingMs: 0 }), legacy: true },
  everything: { start: () => startEverything('streamableHttp') },
  stateless2026: { start: () => startNodeServer(STATELESS_2026) },
  'stateless2026-reject': { start: () => startNodeServer(STATELESS_2026, ['--legacy-reject']) },
};

/** Sends the entry's request (with `sessionId` in place of the entry's own, when given) and reads the answer. */
async function exchange(
  client: RecordingClient,
  base: string,
  entry: FieldEntry,
  sessionId: string | undefined,
): Promise<{ status: number; contentType: string; text: string }> {
  const headers = { ...entry.request.headers };
  if (sessionId && headers['mcp-session-id']) headers['mcp-session-id'] = sessionId;
  const body = bodyText(entry);
  const response = await client.fetch(new URL(entry.request.url, base).href, {
    method: entry.request.method,
    headers,
    ...(body !== undefined ? { body } : {}),
    signal: AbortSignal.timeout(5000),
  });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
}

function contextOf(entry: FieldEntry, sessionId: string | undefined) {
  const headers = entry.request.headers;
  const body = entry.request.body as { method?: string } | Array<{ method?: string }> | undefined;
  const sent = sessionId && headers['mcp-session-id'] ? sessionId : headers['mcp-session-id'];
  return {
    method: entry.request.method,
    rpcMethod: (Array.isArray(body) ? body[0] : body)?.method,
    sessionId: sessionIdOf(sent, legacySessionOf(entry.request.url, 'http://127.0.0.1'), headers['mcp-protocol-version']),
    protocolVersion: headers['mcp-protocol-version'],
    batch: Array.isArray(body),
  };
}

describe('field corpus: live servers answer as recorded, with the recorded verdict and findings', function () {
  this.timeout(60_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  for (const entry of fieldEntries().filter((candidate) => candidate.live)) {
    const eras: Array<[string, FieldEntry, FieldExpectation]> = [['session era', entry, entry.expect]];
    if (entry.stateless) eras.push(['under a 2026-07-28 header', statelessVariant(entry), entry.stateless]);
    for (const [era, variant, expected] of eras) {
      it(`${entry.name} (${era}) — ${entry.live}`, async () => {
        const plan = PLANS[entry.live as string];
        assert.ok(plan, `no live plan '${entry.live}'`);
        const server = cleanups.add(await plan.start(), (s) => s.stop());
        const client = cleanups.add(new RecordingClient(server.url, { legacy: plan.legacy, client: 'field-client' }), async (c) => c.dispose());
        const sessionId = await plan.prepare?.(client, cleanups);
        const answer = await exchange(client, server.url, variant, sessionId);
        if (variant === entry) {
          // The corpus stays true: the live server answers with the recorded status and text.
          assert.equal(answer.status, entry.response.status, answer.text);
          const recorded = readAnswer(entry.response.body);
          const live = readAnswer(answer.text);
          assert.equal(live.text, recorded.text);
          assert.equal(live.code, recorded.code);
        }
        const verdict = classify({ status: answer.status, headers: { 'content-type': answer.contentType }, body: answer.text }, contextOf(variant, sessionId));
        assert.equal(verdict?.kind ?? null, expected.verdict, `${answer.status} ${answer.text}`);
        for (const rule of expected.findings) await waitForFinding(client, rule);
        // Silent rules are judged once the exchange has settled.
        await new Promise((done) => setTimeout(done, 400));
        assertFindings(client.findings(), expected, entry.name);
      });
    }
  }
});
