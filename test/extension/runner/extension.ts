// A tiny extension installed beside the product in code-server: when the test run asks for it
// (MCPSI_TEST_RESULTS names a results file), it runs the extension-host suite inside the
// extension host and writes the results there for the outer runner to read.

import { writeFileSync } from 'node:fs';
import { run, type SuiteResult } from '../suite/index';

export function activate(): void {
  const resultsFile = process.env.MCPSI_TEST_RESULTS;
  if (!resultsFile) return;
  const write = (result: SuiteResult | { error: string }) => writeFileSync(resultsFile, JSON.stringify(result, null, 2));
  run((result) => write(result)).catch((error: unknown) => write({ error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error) }));
}

export function deactivate(): void {}
