// The extension-host suite's entry: the standard `run()` that @vscode/test-electron calls on a
// desktop, and that the test-runner extension calls inside code-server here. Test files are
// listed statically so the suite can be bundled into the runner extension.

import Mocha from 'mocha';

export interface SuiteResult {
  passes: number;
  failures: number;
  pending: number;
  tests: Array<{ title: string; state: 'passed' | 'failed' | 'pending'; durationMs?: number; error?: string }>;
}

/** Runs every extension-host test; resolves with the results (and rejects on failures, as test-electron expects, unless `collect` is set). */
export async function run(collect?: (result: SuiteResult) => void): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec' });
  mocha.suite.emit('pre-require', globalThis, 'extension-suite', mocha);
  require('./activation.test');
  require('./servers.test');
  const result: SuiteResult = { passes: 0, failures: 0, pending: 0, tests: [] };
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
  if (collect) collect(result);
  else if (result.failures > 0) throw new Error(`${result.failures} extension-host tests failed`);
}
