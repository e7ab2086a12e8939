// The virtual module scripts/run-extension-tests.mjs generates when it bundles the runner
// extension: requires every test/extension/suite/**/*.test.ts, in path order.
declare module 'mcpsi:extension-tests' {
  export function loadTests(): void;
}
