// `analyze` offline: the engine's own JSONL trace, a HAR recorded by Chromium (Playwright) of a
// browser page using a real MCP server, and a plain server log — findings point into the file.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { analyzeFile } from '../../../src/core/analyze/analyzeFile';
import { traceToHar } from '../../../src/core/trace/harExport';
import { startCorsHidden } from '../../fixtures/faults/corsHidden';
import { startPythonLegacySse } from '../../fixtures/faults/pythonLegacySse';
import { startSessionsLost } from '../../fixtures/faults/sessionsLost';
import { INSTALL_TEST_PACKAGES } from '../../fixtures/support/nginx';
import { Cleanups, engine, httpConfig, waitForFinding } from '../../fixtures/support/ruleHarness';

const CLI = resolve('dist/cli.js');
const CHROMIUM = '/usr/bin/chromium';

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('analyze (offline traces and logs)', function () {
  this.timeout(90_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());
  const dir = mkdtempSync(join(tmpdir(), 'mcpsi-analyze-'));

  it('the engine’s own JSONL trace: unknown-session on the line of the 404', async () => {
    const fixture = cleanups.add(await startSessionsLost(), (f) => f.stop());
    const tracePath = join(dir, 'engine.jsonl');
    const conn = engine(cleanups, httpConfig(fixture.url), { traceSpillFile: tracePath });
    await conn.connect();
    await fixture.restart();
    await conn.checkHealth();
    await waitForFinding(conn, 'unknown-session');
    await conn.dispose();

    const { code, stdout } = cli('analyze', tracePath, '--json');
    assert.equal(code, 1, 'error findings → exit 1');
    const doc = JSON.parse(stdout);
    assert.equal(doc.format, 'jsonl');
    const finding = doc.findings.find((f: { rule: string }) => f.rule === 'unknown-session');
    assert.ok(finding, stdout);
    const evidence = finding.evidence.find((e: { line?: number }) => e.line);
    const line = JSON.parse(readFileSync(tracePath, 'utf8').split('\n')[evidence.line - 1]);
    assert.equal(line.kind, 'http-response');
    assert.equal(line.status, 404);
    assert.equal(evidence.file, tracePath);
  });

  it('a HAR exported from the engine’s trace reads back with the same finding on the 404 entry', async () => {
    const fixture = cleanups.add(await startSessionsLost(), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url));
    await conn.connect();
    await fixture.restart();
    await conn.checkHealth();
    await waitForFinding(conn, 'unknown-session');
    const har = traceToHar(conn.trace.events(), '0.0.0-test');
    const harPath = join(dir, 'export.har');
    writeFileSync(harPath, JSON.stringify(har, null, 1));
    const result = await analyzeFile(harPath);
    const evidence = result.findings.find((f) => f.rule === 'unknown-session')?.evidence.find((e) => e.entryIndex !== undefined);
    assert.ok(evidence, JSON.stringify(result.findings.map((f) => f.rule)));
    const entry = har.log.entries[evidence.entryIndex as number];
    assert.equal(entry.response.status, 404);
    assert.match(entry.request.postData?.text ?? '', /"ping"/);
    assert.equal(readFileSync(harPath, 'utf8').split('\n')[(evidence.line as number) - 1].trim(), '{', 'the line is where the entry starts');
  });

  it('a HAR recorded by Chromium: findings name the right entry index', async function () {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed (${CHROMIUM}); install it with: ${INSTALL_TEST_PACKAGES}`);
    const fixture = cleanups.add(await startCorsHidden({ allowHeaders: 'Content-Type, Accept, Mcp-Session-Id, Mcp-Protocol-Version' }), (f) => f.stop());
    const page: Server = createServer((_request, response) => response.end('<!doctype html><title>web MCP client</title><p>client</p>'));
    await new Promise<void>((done) => page.listen(0, '127.0.0.1', done));
    cleanups.add(page, (server) => new Promise<void>((done) => server.close(() => done())));
    const pageUrl = `http://localhost:${(page.address() as { port: number }).port}/`;
    const harPath = join(dir, 'browser.har');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const context = await browser.newContext({ recordHar: { path: harPath, content: 'embed' } });
      const tab = await context.newPage();
      await tab.goto(pageUrl);
      // A browser MCP client: CORS hides Mcp-Session-Id, so it cannot send it back.
      const seen = await tab.evaluate(async (url) => {
        const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
        const post = (body: unknown, extra: Record<string, string> = {}) =>
          fetch(url, { method: 'POST', headers: { ...headers, ...extra }, body: JSON.stringify(body) });
        const init = await post({
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'web', version: '1' } },
        });
        await init.text();
        const session = init.headers.get('mcp-session-id');
        const list = await post({ jsonrpc: '2.0', id: 2, method: 'tools/list' }, session ? { 'mcp-session-id': session } : {});
        await list.text();
        return { session, listStatus: list.status };
      }, fixture.url);
      assert.equal(seen.session, null, 'the browser cannot read the hidden header');
      assert.equal(seen.listStatus, 400);
      await context.close();
    } finally {
      await browser.close();
    }

    const har = JSON.parse(readFileSync(harPath, 'utf8')) as { log: { entries: Array<{ request: { method: string; postData?: { text?: string } } }> } };
    const result = await analyzeFile(harPath);
    assert.equal(result.format, 'har');
    assert.equal(result.entries, har.log.entries.length);
    const entryOf = (rule: string) => result.findings.find((f) => f.rule === rule)?.evidence.find((e) => e.entryIndex !== undefined)?.entryIndex;
    const hidden = entryOf('cors-session-header-hidden');
    assert.ok(hidden !== undefined, JSON.stringify(result.findings.map((f) => f.rule)));
    assert.match(har.log.entries[hidden].request.postData?.text ?? '', /"initialize"/);
    const missing = entryOf('session-header-missing');
    assert.ok(missing !== undefined, JSON.stringify(result.findings.map((f) => f.rule)));
    assert.match(har.log.entries[missing].request.postData?.text ?? '', /"tools\/list"/);

    const { code, stdout } = cli('analyze', harPath, '--no-color');
    assert.equal(code, 1);
    assert.match(stdout, new RegExp(`entry ${missing}, line \\d+(:\\d+)?: POST /mcp \\(tools/list #2\\) → 400`));
    const sarif = JSON.parse(cli('analyze', harPath, '--sarif').stdout);
    const located = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'session-header-missing');
    assert.equal(located.locations[0].physicalLocation.artifactLocation.uri, harPath);
    // Playwright writes the HAR on one line: the entry is found by line and column.
    const region = located.locations[0].physicalLocation.region;
    const text = readFileSync(harPath, 'utf8').split('\n')[region.startLine - 1];
    assert.ok(text.slice((region.startColumn ?? 1) - 1).startsWith(JSON.stringify(har.log.entries[missing]).slice(0, 200)), 'the region starts at that entry');
  });

  it('a plain server log: the Python SDK’s "Could not find session" line, on its line number', async () => {
    const fixture = cleanups.add(await startPythonLegacySse(), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url, 'sse'));
    await conn.connect();
    await fixture.restart();
    await conn.checkHealth();
    const logPath = join(dir, 'server.log');
    writeFileSync(logPath, `${fixture.logs.join('\n')}\n`);
    const expected = fixture.logs.findIndex((line) => line.includes('Could not find session')) + 1;
    assert.ok(expected > 0, fixture.logs.join('\n'));
    const result = await analyzeFile(logPath);
    assert.equal(result.format, 'log');
    const finding = result.findings.find((f) => f.rule === 'unknown-session');
    assert.equal(finding?.evidence.find((e) => e.line)?.line, expected, JSON.stringify(finding));
  });

  it('bad input: a missing file, garbage lines and a broken HAR get one clear line', () => {
    const missing = cli('analyze', join(dir, 'nope.jsonl'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.jsonl: no such file/);
    assert.equal(missing.stderr.trim().split('\n').length, 1);

    const mixed = join(dir, 'mixed.jsonl');
    writeFileSync(
      mixed,
      [JSON.stringify({ kind: 'lifecycle', t: new Date().toISOString(), server: 's', name: 'connect-start' }), 'not json', '{"kind":"bogus","t":"x"}', ''].join(
        '\n',
      ),
    );
    const read = cli('analyze', mixed, '--json');
    assert.equal(read.code, 0);
    const doc = JSON.parse(read.stdout);
    assert.deepEqual(doc.problems, [
      { line: 2, message: 'not valid JSON' },
      { line: 3, message: 'unknown event kind "bogus"' },
    ]);

    const broken = join(dir, 'broken.har');
    writeFileSync(broken, '{"log": {"version": "1.2", "entries": [ {"request": ');
    const half = cli('analyze', broken);
    assert.equal(half.code, 0, half.stderr);
    const notHar = join(dir, 'array.har');
    writeFileSync(notHar, '[1, 2, 3]');
    assert.equal(cli('analyze', notHar, '--format', 'har').code, 2);
  });
});
