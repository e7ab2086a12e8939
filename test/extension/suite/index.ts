// The extension-host suite's entry: the standard `run()` that @vscode/test-electron calls on a
// desktop (VS Code passes `(testsRoot, callback)`; we return a promise instead), and `runSuite()`
// that the test-runner extension calls inside code-server here. Test files are every
// `*.test.js` next to this file (out/test/extension/suite/**); the runner extension, which is one
// bundle, passes a loader generated from test/extension/suite/**/*.test.ts instead. Adding a test
// file is enough; nothing here needs editing.

import Mocha from 'mocha';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface SuiteResult {
  passes: number;
  failures: number;
  pending: number;
  durationMs: number;
  /** Mocha-style summary text ("N passing (Xs)", "N failing", "N pending"). */
  summary: string;
  tests: Array<{ title: string; state: 'passed' | 'failed' | 'pending'; durationMs?: number; error?: string }>;
}

export interface SuiteOptions {
  /** Requires the test files (after mocha's globals exist); defaults to every *.test.js beside this file. */
  load?: () => void;
  /** Only run tests whose full title matches. */
  grep?: string;
}

function testFilesUnder(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...testFilesUnder(path));
    else if (name.endsWith('.test.js')) files.push(path);
  }
  return files;
}

/** Runs every extension-host test and resolves with the results (never rejects on test failures). */
export async function runSuite(options: SuiteOptions = {}): Promise<SuiteResult> {
  // forbidPending: a test never passes by skipping (a pending test fails the run).
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: 30_000,
    reporter: 'spec',
    forbidOnly: true,
    forbidPending: true,
    ...(options.grep ? { grep: options.grep } : {}),
  });
  mocha.suite.emit('pre-require', globalThis, 'extension-suite', mocha);
  if (options.load) options.load();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- mocha loads test files by path
  else for (const file of testFilesUnder(__dirname)) require(file);
  const started = Date.now();
  const result: SuiteResult = { passes: 0, failures: 0, pending: 0, durationMs: 0, summary: '', tests: [] };
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (test) => {
      result.passes++;
      result.tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration });
    });
    runner.on('fail', (test, error: Error) => {
      result.failures++;
      result.tests.push({ title: test.fullTitle(), state: 'failed', error: `${error.message}\n${error.stack ?? ''}`.slice(0, 4000) });
    });
    runner.on('pending', (test) => {
      result.pending++;
      result.tests.push({ title: test.fullTitle(), state: 'pending' });
    });
  });
  result.durationMs = Date.now() - started;
  result.summary = [
    `${result.passes} passing (${Math.round(result.durationMs / 100) / 10}s)`,
    ...(result.failures ? [`${result.failures} failing`] : []),
    ...(result.pending ? [`${result.pending} pending`] : []),
  ].join('\n');
  return result;
}

/** The @vscode/test-electron entry: rejects when any test fails. */
export async function run(): Promise<void> {
  const result = await runSuite();
  if (result.failures > 0 || result.passes === 0) throw new Error(`extension-host suite: ${result.summary.replace(/\n/g, ', ')}`);
}
