// The virtual module test/extension/harness/run-in-code-server.mjs generates when it bundles the runner
// extension: requires every test/extension/suite/**/*.test.ts, in path order.
declare module 'mcpsi:extension-tests' {
  export function loadTests(): void;
}
