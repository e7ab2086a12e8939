// Desktop entry: runs the extension-host suite in a downloaded VS Code with @vscode/test-electron
// (`node out/test/extension/runTest.js`). Here, where VS Code cannot be downloaded, the same
// suite runs inside code-server through test/extension/harness/run-in-code-server.mjs.

import { runTests } from '@vscode/test-electron';
import { resolve } from 'node:path';

async function main(): Promise<void> {
  const root = resolve(__dirname, '../../..');
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: resolve(root, 'out/test/extension/suite/index.js'),
    launchArgs: [process.env.MCPSI_TEST_WORKSPACE ?? resolve(root, 'demo'), '--disable-workspace-trust'],
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
