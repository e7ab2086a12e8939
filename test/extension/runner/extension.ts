// A tiny extension installed beside the product in code-server: when the test run asks for it
// (MCPSI_TEST_RESULTS names a results file), it runs the extension-host suite inside the
// extension host and writes the results there for the outer runner to read, with whether the
// product ended up active (so the outer runner can skip its UI checks at once when it did not).
// It is built only by test/extension/harness/run-in-code-server.mjs, which supplies `mcpsi:extension-tests`.

import { writeFileSync } from 'node:fs';
import { loadTests } from 'mcpsi:extension-tests';
import * as vscode from 'vscode';
import { runSuite, type SuiteResult } from '../suite/index';

type Results = (SuiteResult & { productId: string; productActive: boolean }) | { error: string };

/**
 * Whether the product activated: `isActive` is also true after activate() threw, so this asks
 * whether the commands it declares were registered.
 */
async function productActivated(productId: string): Promise<boolean> {
  const extension = vscode.extensions.getExtension(productId);
  if (!extension?.isActive) return false;
  const declared = ((extension.packageJSON as { contributes?: { commands?: Array<{ command: string }> } }).contributes?.commands ?? []).map((c) => c.command);
  const registered = new Set(await vscode.commands.getCommands(true));
  return declared.length === 0 || declared.some((command) => registered.has(command));
}

export function activate(): void {
  const resultsFile = process.env.MCPSI_TEST_RESULTS;
  if (!resultsFile) return;
  const productId = process.env.MCPSI_PRODUCT_ID ?? 'mcp-session-inspector.mcp-session-inspector';
  const write = (result: Results): void => writeFileSync(resultsFile, JSON.stringify(result, null, 2));
  runSuite({ load: loadTests, grep: process.env.MCPSI_TEST_GREP || undefined }).then(
    async (result) => write({ ...result, productId, productActive: await productActivated(productId) }),
    (error: unknown) => write({ error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error) }),
  );
}

export function deactivate(): void {}
