// `--junit FILE` beside --json and --sarif: the built CLI writes JUnit XML that a strict XML parser
// reads, one testcase per check (check) or per rule (analyze), failures carrying the finding's
// message, and no secret the user passed or the file held.

import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as sax from 'sax';
import { allRules } from '../../../src/core/rules/registry';
import { runCli } from '../../fixtures/support/cli';
import { startEverything, type RunningServer } from '../../fixtures/support/servers';

interface JunitCase {
  name: string;
  classname: string;
  failure?: { type: string; message: string; text: string };
  skipped: boolean;
  out: string;
}

/** Parses with sax in strict mode (any malformed XML throws) and returns the testcases. */
function parseJunit(xml: string): { suites: number; cases: JunitCase[] } {
  const parser = sax.parser(true);
  const cases: JunitCase[] = [];
  let suites = 0;
  let current: JunitCase | undefined;
  let textOf: 'failure' | 'out' | undefined;
  parser.onerror = (error) => {
    throw error;
  };
  parser.onopentag = (tag) => {
    const attribute = (name: string) => String(tag.attributes[name] ?? '');
    if (tag.name === 'testsuite') suites++;
    if (tag.name === 'testcase') cases.push((current = { name: attribute('name'), classname: attribute('classname'), skipped: false, out: '' }));
    if (tag.name === 'failure' && current) {
      current.failure = { type: attribute('type'), message: attribute('message'), text: '' };
      textOf = 'failure';
    }
    if (tag.name === 'skipped' && current) current.skipped = true;
    if (tag.name === 'system-out') textOf = 'out';
  };
  parser.ontext = (text) => {
    if (!current || !textOf) return;
    if (textOf === 'failure' && current.failure) current.failure.text += text;
    if (textOf === 'out') current.out += text;
  };
  parser.onclosetag = (name) => {
    if (name === 'failure' || name === 'system-out') textOf = undefined;
  };
  parser.write(xml).close();
  return { suites, cases };
}

describe('--junit FILE', function () {
  this.timeout(60_000);
  let folder: string;
  let server: RunningServer | undefined;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'mcpsi-junit-'));
  });
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    rmSync(folder, { recursive: true, force: true });
  });

  it('analyze: one testcase per rule; the lost session fails unknown-session with its message, the 400 is a warning in the output', async () => {
    const report = join(folder, 'analyze.xml');
    const run = await runCli(['analyze', 'test/fixtures/logs/vscode-400-trace.log', '--junit', report]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /unknown-session/, 'the usual output is still printed');
    const { suites, cases } = parseJunit(readFileSync(report, 'utf8'));
    assert.equal(suites, 1);
    assert.deepEqual(
      cases.map((test) => test.classname),
      allRules.map((rule) => `analyze.${rule.id}`),
    );
    const unknown = cases.find((test) => test.classname === 'analyze.unknown-session');
    assert.equal(unknown?.failure?.type, 'error');
    assert.match(unknown?.failure?.message ?? '', /targeted session [0-9a-f-]{36}, which the server does not know \(400\)/);
    assert.match(unknown?.failure?.text ?? '', /vscode-400-trace\.log:\d+: POST \/mcp/);
    const status = cases.find((test) => test.classname === 'analyze.unknown-session-status');
    assert.equal(status?.failure, undefined);
    assert.match(status?.out ?? '', /^warning: The server answered an unknown session with 400/);
    assert.equal(cases.filter((test) => test.failure).length, 1);
  });

  it('analyze: secrets in the file never reach the report, and awkward text stays well-formed XML', async () => {
    const log = join(folder, 'mcpServer.secret.log');
    const lines = readFileSync('test/fixtures/logs/vscode-400-info.log', 'utf8')
      .replace('Bad Request: No valid session ID provided', 'Bad Request: No valid session ID provided <&> \\u0001 for Bearer sk-PLANTEDSECRET0123456789')
      .replace(/http:\/\/127\.0\.0\.1:3001\/mcp/g, 'http://127.0.0.1:3001/mcp?api_key=PLANTEDQUERY42');
    writeFileSync(log, lines);
    const report = join(folder, 'secret.xml');
    const run = await runCli(['analyze', log, '--junit', report]);
    assert.equal(run.code, 1, run.stderr);
    const xml = readFileSync(report, 'utf8');
    assert.doesNotMatch(xml, /PLANTEDSECRET|PLANTEDQUERY/);
    const unknown = parseJunit(xml).cases.find((test) => test.classname === 'analyze.unknown-session');
    assert.match(unknown?.failure?.text ?? '', /<&>/, 'markup characters survive, escaped');
  });

  it('check: one testcase per check, warnings in the output, skipped checks skipped, the header secret absent', async () => {
    server = await startEverything('streamableHttp');
    const report = join(folder, 'check.xml');
    const run = await runCli(['check', server.url, '--header', 'Authorization: Bearer sk-PLANTEDHEADER0123456789', '--junit', report]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const xml = readFileSync(report, 'utf8');
    assert.doesNotMatch(xml, /PLANTEDHEADER/);
    const { cases } = parseJunit(xml);
    const byId = new Map(cases.map((test) => [test.name.split(':')[0], test]));
    assert.ok(byId.has('transport') && byId.has('session-issued'), [...byId.keys()].join(', '));
    assert.equal(cases.filter((test) => test.failure).length, 0);
    assert.match(byId.get('unknown-session')?.out ?? '', /^warn: .*No valid session ID provided/s);
    assert.equal(byId.get('legacy-endpoint')?.skipped, true);
  });

  it('a report file that cannot be written is a usage error naming it', async () => {
    const run = await runCli(['analyze', 'test/fixtures/logs/vscode-healthy-trace.log', '--junit', join(folder, 'missing', 'dir', 'x.xml')]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /cannot write .*x\.xml: ENOENT/);
  });
});
